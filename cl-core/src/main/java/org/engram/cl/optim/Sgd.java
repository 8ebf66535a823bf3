package org.engram.cl.optim;

import org.engram.cl.linalg.Parallel;
import org.engram.cl.util.Denormals;

/** SGD with momentum, PyTorch's form: v ← μ v + g, θ ← θ − η v. */
final class Sgd implements Optimiser {
  /** Blocks per hand-off to another thread. */
  private static final int GRAIN_BLOCKS = 16;

  private final float lr;
  private final float momentum;
  private final float[] velocity;

  Sgd(double lr, double momentum, int size) {
    this.lr = (float) lr;
    this.momentum = (float) momentum;
    this.velocity = momentum == 0 ? null : new float[size];
  }

  @Override
  public void step(float[] params, float[] grad, BlockTerm term) {
    int n = params.length;
    Parallel.forRange(
        Optimiser.blocks(n),
        GRAIN_BLOCKS,
        (b0, b1) -> {
          for (int b = b0; b < b1; b++) {
            int from = b * BLOCK;
            int to = Math.min(n, from + BLOCK);
            term.add(b, from, to);
            update(params, grad, from, to);
          }
        });
  }

  private void update(float[] params, float[] grad, int from, int to) {
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
