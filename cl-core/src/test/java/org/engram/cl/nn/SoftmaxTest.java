package org.engram.cl.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The softmax functions against formulas written differently from the code's, and at logits large
 * enough that a version without the max subtraction (or with it on the wrong scale) overflows. The
 * gradients are checked by finite differences in {@link GradientCheckTest}; here only values and
 * their invariance to a shift of every logit, which the mathematics guarantees.
 */
class SoftmaxTest {

  /** p_j = 1 / Σ_k exp(z_k − z_j): a form with no max and no division of exponentials. */
  private static double reference(float[] z, int j) {
    double s = 0;
    for (float zk : z) {
      s += Math.exp((double) zk - z[j]);
    }
    return 1 / s;
  }

  @Test
  void probabilitiesAreTheSoftmaxEvenWhereExpOverflows() {
    float[][] rows = {
      {0.5f, -1.25f, 2f, 0f},
      {1000f, 999f, 0f, -1000f}, // exp(1000) overflows a double
      {-1000f, -1001f, -1003f, -1000.5f} // exp(-1000) underflows to 0
    };
    for (float[] z : rows) {
      float[] p = z.clone();
      Softmax.probabilities(p, 0, p.length);
      double sum = 0;
      for (int j = 0; j < z.length; j++) {
        assertEquals(
            reference(z, j), p[j], 1e-6, "unit " + j + " of " + java.util.Arrays.toString(z));
        sum += p[j];
      }
      assertEquals(1, sum, 1e-6);
    }
  }

  @Test
  void probabilitiesWorkOnTheirRowOnly() {
    float[] z = {7f, 1f, 2f, 3f, 9f};
    Softmax.probabilities(z, 1, 3);
    assertEquals(7f, z[0], 0f);
    assertEquals(9f, z[4], 0f);
    float[] row = {1f, 2f, 3f};
    for (int j = 0; j < 3; j++) {
      assertEquals(reference(row, j), z[1 + j], 1e-6);
    }
  }

  @Test
  void crossEntropyIsMinusTheLogOfTheTargetsProbability() {
    float[] z = {0.5f, -1.25f, 2f, 1000f, 999f, -1000f};
    float[] dz = new float[6];
    double loss = Softmax.crossEntropy(z, 3, 0, 2, new int[] {2, 1}, new float[] {1f, 3f}, 4, dz);
    double expected =
        (-Math.log(reference(new float[] {0.5f, -1.25f, 2f}, 2))
                - 3 * Math.log(reference(new float[] {1000f, 999f, -1000f}, 1)))
            / 4;
    assertEquals(expected, loss, 1e-9);
    assertTrue(Double.isFinite(dz[3]) && Double.isFinite(dz[5]));
  }

  /**
   * KL(q ‖ p) with q = softmax(old / T), p = softmax(new / T), times T², at ordinary logits; and
   * the same value and gradient after adding 2,000 to every new and old logit of a row (a shift
   * leaves both softmaxes unchanged), at a temperature above and one below 1.
   */
  @Test
  void distillationIsTemperatureScaledKlAndShiftInvariant() {
    float[] oldZ = {0.3f, -0.7f, 1.1f};
    float[] newZ = {1.0f, 0.2f, -0.4f, 5f}; // stride 4: the fourth unit is not distilled
    for (double t : new double[] {0.5, 2}) {
      float[] q = {(float) (oldZ[0] / t), (float) (oldZ[1] / t), (float) (oldZ[2] / t)};
      float[] p = {(float) (newZ[0] / t), (float) (newZ[1] / t), (float) (newZ[2] / t)};
      double kl = 0;
      for (int j = 0; j < 3; j++) {
        kl += reference(q, j) * Math.log(reference(q, j) / reference(p, j));
      }
      float[] dz = new float[4];
      double loss = Softmax.distillation(newZ, 4, oldZ, 3, 0, 1, t, 2, 0.5, null, dz);
      assertEquals(0.5 * t * t * kl / 2, loss, 1e-6, "T = " + t);
      assertEquals(0f, dz[3], 0f, "an undistilled unit gets no gradient");

      float c = 2000f;
      float[] oldShifted = {oldZ[0] + c, oldZ[1] + c, oldZ[2] + c};
      float[] newShifted = {newZ[0] + c, newZ[1] + c, newZ[2] + c, newZ[3] + c};
      float[] dzShifted = new float[4];
      double shifted =
          Softmax.distillation(newShifted, 4, oldShifted, 3, 0, 1, t, 2, 0.5, null, dzShifted);
      // float logits near 2000 keep about 1e-4 of their fraction: compare at that resolution
      assertEquals(loss, shifted, 1e-3 * Math.max(1, loss), "T = " + t + ", shifted by " + c);
      for (int j = 0; j < 3; j++) {
        assertEquals(dz[j], dzShifted[j], 1e-3, "gradient of unit " + j + ", T = " + t);
      }
    }
  }
}
