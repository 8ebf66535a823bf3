package org.engram.cl.optim;

/** SGD with momentum, PyTorch's form: v ← μ v + g, θ ← θ − η v. */
final class Sgd implements Optimiser {
  private final float lr;
  private final float momentum;
  private final float[] velocity;

  Sgd(double lr, double momentum, int size) {
    this.lr = (float) lr;
    this.momentum = (float) momentum;
    this.velocity = momentum == 0 ? null : new float[size];
  }

  @Override
  public void step(float[] params, float[] grad) {
    if (velocity == null) {
      for (int i = 0; i < params.length; i++) {
        params[i] -= lr * grad[i];
      }
      return;
    }
    for (int i = 0; i < params.length; i++) {
      float v = momentum * velocity[i] + grad[i];
      velocity[i] = v;
      params[i] -= lr * v;
    }
  }
}
