package org.engram.cl.optim;

import org.engram.cl.util.Denormals;

/** SGD with momentum, PyTorch's form: v ← μ v + g, θ ← θ − η v. */
final class Sgd extends Optimiser {
  private final float lr;
  private final float momentum;
  private final float[] velocity;

  Sgd(double lr, double momentum, int size) {
    this.lr = (float) lr;
    this.momentum = (float) momentum;
    this.velocity = momentum == 0 ? null : new float[size];
  }

  @Override
  void update(float[] params, float[] grad, int from, int to) {
    if (velocity == null) {
      for (int i = from; i < to; i++) {
        params[i] -= lr * grad[i];
      }
      return;
    }
    for (int i = from; i < to; i++) {
      float v = Denormals.flush(momentum * velocity[i] + grad[i]);
      velocity[i] = v;
      params[i] -= lr * v;
    }
  }
}
