package org.engram.cl.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.engram.cl.optim.Optimiser;
import org.engram.cl.optim.OptimiserSpec;
import org.junit.jupiter.api.Test;

class OptimiserAndPenaltyTest {

  @Test
  void adamFollowsAlgorithmOne() {
    Optimiser adam = Optimiser.create(OptimiserSpec.adam(0.1), 2);
    float[] p = {1f, -1f};
    adam.step(p, new float[] {0.5f, -4f});
    // Step 1: m̂ = g, v̂ = g², update = lr · g / (|g| + ε) = ±lr.
    assertArrayEquals(new float[] {0.9f, -0.9f}, p, 1e-6f);
    adam.step(p, new float[] {0.5f, 0f});
    // Step 2, second parameter: m = 0.1·(−4)·0.9 = −0.36, m̂ = −0.36/0.19; v̂ =
    // 0.001·16·0.999/0.001999.
    double m = -0.36 / (1 - 0.81);
    double v = 0.001 * 16 * 0.999 / (1 - 0.998001);
    assertEquals(-0.9 - 0.1 * m / (Math.sqrt(v) + 1e-8), p[1], 1e-5);
    assertEquals(0.8f, p[0], 1e-6f);
  }

  @Test
  void sgdMomentumIsPyTorchStyle() {
    Optimiser sgd = Optimiser.create(OptimiserSpec.sgd(0.1, 0.9), 1);
    float[] p = {0f};
    sgd.step(p, new float[] {1f});
    sgd.step(p, new float[] {1f});
    assertEquals(-0.1f - 0.19f, p[0], 1e-6f);
  }

  @Test
  void quadraticPenaltyValueAndGradientByFiniteDifferences() {
    QuadraticPenalty q = new QuadraticPenalty(Consolidation.perTask(), 0.75);
    q.consolidate(new float[] {1f, 2f, 3f}, new float[] {0.5f, 2f, 0f});
    q.consolidate(new float[] {0f, 1f, 1f}, new float[] {1f, 0f, 3f});
    float[] theta = {1.5f, 1.2f, 2f};
    float[] grad = new float[3];
    double value = q.addTo(theta, grad, 0, theta.length);
    double expected = 0.75 * (0.5 * 0.25 + 2 * 0.64 + 0 + 1 * 2.25 + 0 + 3 * 1);
    assertEquals(expected, value, 1e-5);
    for (int i = 0; i < 3; i++) {
      float[] up = theta.clone();
      float[] down = theta.clone();
      up[i] += 1e-3f;
      down[i] -= 1e-3f;
      double numeric = (q.addTo(up, new float[3], 0, 3) - q.addTo(down, new float[3], 0, 3)) / 2e-3;
      assertEquals(numeric, grad[i], 2e-2, "parameter " + i);
    }
  }

  @Test
  void consolidationRules() {
    float[] p = {0f};
    QuadraticPenalty online = new QuadraticPenalty(Consolidation.online(0.5), 1);
    online.consolidate(p, new float[] {4f});
    online.consolidate(p, new float[] {1f});
    assertEquals(3f, online.importance(0)[0]);
    QuadraticPenalty avg = new QuadraticPenalty(Consolidation.runningAverage(0.25), 1);
    avg.consolidate(p, new float[] {4f});
    avg.consolidate(p, new float[] {0f});
    assertEquals(1f, avg.importance(0)[0]);
    QuadraticPenalty sum = new QuadraticPenalty(Consolidation.sum(), 1);
    sum.consolidate(p, new float[] {4f});
    sum.consolidate(new float[] {7f}, new float[] {1f});
    assertEquals(5f, sum.importance(0)[0]);
    assertEquals(7f, sum.anchor(0)[0], "the anchor is the latest parameters");
    // SI's authors clip the accumulated sum, not each task's contribution.
    QuadraticPenalty clipped = new QuadraticPenalty(Consolidation.clippedSum(), 1);
    float[] three = {0f, 0f, 0f};
    clipped.consolidate(three, new float[] {1f, -1f, 2f});
    assertArrayEquals(new float[] {1f, 0f, 2f}, clipped.importance(0));
    clipped.consolidate(three, new float[] {-2f, 1f, -1f});
    assertArrayEquals(new float[] {0f, 1f, 1f}, clipped.importance(0));
    // Online EWC penalises with γF* (Schwarz et al. 2018, eq. 8), F* = γF*_old + F stored.
    QuadraticPenalty onl = new QuadraticPenalty(Consolidation.online(0.5), 3);
    onl.consolidate(new float[] {0f}, new float[] {4f});
    onl.consolidate(new float[] {1f}, new float[] {2f});
    float[] g = {0f};
    assertEquals(3 * 0.5 * 4 * 2 * 2, onl.addTo(new float[] {3f}, g, 0, 1), 1e-9);
    assertEquals(2 * 3 * 0.5f * 4 * 2, g[0], 1e-6);
    QuadraticPenalty latest = new QuadraticPenalty(Consolidation.latest(), 1);
    latest.consolidate(p, new float[] {4f});
    latest.consolidate(p, new float[] {2f});
    assertEquals(2f, latest.importance(0)[0]);
    assertEquals(1, latest.slots());
  }
}
