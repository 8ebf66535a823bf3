package org.engram.cl.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.engram.cl.util.Rng;
import org.junit.jupiter.api.Test;

/**
 * Each initialisation's distribution, from its paper, by the moments of many draws: He et al. 2015
 * N(0, 2 / fan_in); Glorot and Bengio 2010 U(−a, a) with a = √(6 / (fan_in + fan_out)), variance a²
 * / 3. The tolerances are about five standard errors of 200,000 draws.
 */
class InitialisationTest {
  private static final int N = 200_000;

  private static double[] moments(Initialisation init, int fanIn, int fanOut) {
    Rng rng = new Rng(11);
    double sum = 0;
    double sq = 0;
    double fourth = 0;
    double max = 0;
    for (int i = 0; i < N; i++) {
      double w = init.sample(rng, fanIn, fanOut);
      sum += w;
      sq += w * w;
      fourth += w * w * w * w;
      max = Math.max(max, Math.abs(w));
    }
    double var = sq / N;
    return new double[] {sum / N, var, fourth / N / (var * var), max};
  }

  @Test
  void heIsNormalWithVarianceTwoOverFanIn() {
    double[] m = moments(Initialisation.HE, 50, 30);
    double var = 2.0 / 50;
    assertEquals(0, m[0], 5 * Math.sqrt(var / N), "mean");
    assertEquals(var, m[1], 5 * var * Math.sqrt(2.0 / N), "variance");
    assertEquals(3, m[2], 0.05, "kurtosis of a normal");
  }

  @Test
  void xavierIsUniformOnPlusMinusRootSixOverFanInPlusFanOut() {
    double a = Math.sqrt(6.0 / (50 + 30));
    double[] m = moments(Initialisation.XAVIER, 50, 30);
    double var = a * a / 3;
    assertEquals(0, m[0], 5 * Math.sqrt(var / N), "mean");
    assertEquals(var, m[1], 5 * var * Math.sqrt(0.8 / N), "variance");
    assertEquals(1.8, m[2], 0.02, "kurtosis of a uniform");
    assertTrue(m[3] <= a && m[3] > 0.999 * a, "largest |w| " + m[3] + " against the bound " + a);
  }
}
