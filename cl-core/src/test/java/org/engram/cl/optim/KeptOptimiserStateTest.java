package org.engram.cl.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * An optimiser kept across tasks ({@code keepOptimiserState}) clears its momentum and keeps its
 * step scale: after {@link Optimiser#startTask()}, Adam continues with m = 0, the old v and the old
 * step count t (Kingma and Ba 2015, Algorithm 1, written out here).
 */
class KeptOptimiserStateTest {

  @Test
  void adamClearsTheFirstMomentAndKeepsTheSecondAndTheStepCount() {
    double lr = 0.01;
    double b1 = 0.9;
    double b2 = 0.999;
    double eps = 1e-8;
    Adam adam = new Adam(lr, b1, b2, eps, 1);
    float[] p = {0.5f};
    double theta = 0.5;
    double m = 0;
    double v = 0;
    double[] grads = {0.3, -0.2, 0.7, 0.1};
    int t = 0;
    for (int k = 0; k < grads.length; k++) {
      if (k == 2) {
        adam.startTask();
        m = 0; // momentum cleared; v and t kept
      }
      adam.step(p, new float[] {(float) grads[k]});
      t++;
      m = b1 * m + (1 - b1) * grads[k];
      v = b2 * v + (1 - b2) * grads[k] * grads[k];
      theta -= lr * (m / (1 - Math.pow(b1, t))) / (Math.sqrt(v / (1 - Math.pow(b2, t))) + eps);
      assertEquals(theta, p[0], 1e-6, "step " + (k + 1));
    }
  }

  @Test
  void sgdClearsItsVelocity() {
    Sgd sgd = new Sgd(0.1, 0.9, 1);
    float[] p = {0f};
    sgd.step(p, new float[] {1f}); // v = 1, θ = −0.1
    sgd.startTask();
    sgd.step(p, new float[] {1f}); // v = 1 again, not 1.9
    assertEquals(-0.2f, p[0], 1e-7f);
  }
}
