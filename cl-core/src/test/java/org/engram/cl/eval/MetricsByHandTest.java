package org.engram.cl.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The summary metrics on matrices worked out by hand (0-based, T tasks, t = T − 1): ACC = mean_j
 * R[t][j]; BWT = mean_{j<t} (R[t][j] − R[j][j]) (Lopez-Paz and Ranzato 2017); FWT = mean_{j≥1}
 * (R[j−1][j] − b_j), undefined terms skipped; Chaudhry et al. 2018's forgetting, max_{j≤l<t}
 * R[l][j] − R[t][j] (the best accuracy once the task was learned), which may be negative; and the
 * forgetting just after learning, R[j][j] − R[t][j]. And the text forms.
 */
class MetricsByHandTest {
  static final double N = Double.NaN;

  static AccuracyMatrix matrix(double[][] r, double... baseline) {
    AccuracyMatrix m = new AccuracyMatrix(r.length);
    for (int i = 0; i < r.length; i++) {
      for (int j = 0; j < r.length; j++) {
        if (!Double.isNaN(r[i][j])) {
          m.set(i, j, r[i][j]);
        }
      }
    }
    for (int j = 0; j < baseline.length; j++) {
      if (!Double.isNaN(baseline[j])) {
        m.setBaseline(j, baseline[j]);
      }
    }
    return m;
  }

  /**
   * Four tasks. Task 0 peaks after task 1 (0.85), not just after its own training; task 2 scores
   * higher before it is learned (0.95, forward transfer) than just after (0.85) and ends higher
   * still (0.90): negative forgetting, and the pre-training score is not "forgotten". R[0][3] was
   * never measured.
   */
  static final double[][] R4 = {
    {0.80, 0.30, 0.20, N},
    {0.85, 0.90, 0.95, 0.20},
    {0.75, 0.60, 0.85, 0.50},
    {0.50, 0.65, 0.90, 0.95}
  };

  @Test
  void fourTasksByHand() {
    AccuracyMatrix m = matrix(R4, 0.25, 0.20, 0.30, 0.10);
    assertEquals(4, m.tasks());
    assertEquals((0.50 + 0.65 + 0.90 + 0.95) / 4, m.acc(), 1e-12);
    assertEquals(((0.50 - 0.80) + (0.65 - 0.90) + (0.90 - 0.85)) / 3, m.bwt(), 1e-12);
    assertEquals(((0.30 - 0.20) + (0.95 - 0.30) + (0.50 - 0.10)) / 3, m.fwt(), 1e-12);
    // Chaudhry: task 0's best is 0.85 (after task 1), task 1's 0.90, task 2's 0.85 (from l = 2)
    assertEquals(((0.85 - 0.50) + (0.90 - 0.65) + (0.85 - 0.90)) / 3, m.forgetting(), 1e-12);
    assertEquals(
        ((0.80 - 0.50) + (0.90 - 0.65) + (0.85 - 0.90)) / 3, m.forgettingJustAfter(), 1e-12);
    assertEquals(-m.bwt(), m.forgettingJustAfter(), 1e-12, "Avalanche's forgetting is −BWT");
    assertArrayEquals(
        new double[] {0.80, (0.85 + 0.90) / 2, (0.75 + 0.60 + 0.85) / 3, 0.75},
        m.averageAccuracyCurve(),
        1e-12);
  }

  @Test
  void anUndefinedBaselineDropsOnlyItsForwardTransferTerm() {
    AccuracyMatrix m = matrix(R4, 0.25, 0.20, N, 0.10);
    assertEquals(((0.30 - 0.20) + (0.50 - 0.10)) / 2, m.fwt(), 1e-12);
    AccuracyMatrix none = matrix(R4);
    assertTrue(Double.isNaN(none.fwt()), "no baseline at all: FWT undefined");
  }

  @Test
  void oneTaskHasNoTransferAndNoForgetting() {
    AccuracyMatrix m = matrix(new double[][] {{0.7}}, 0.1);
    assertEquals(0.7, m.acc(), 1e-12);
    assertTrue(Double.isNaN(m.bwt()));
    assertTrue(Double.isNaN(m.fwt()));
    assertTrue(Double.isNaN(m.forgetting()));
    assertTrue(Double.isNaN(m.forgettingJustAfter()));
    assertArrayEquals(new double[] {0.7}, m.averageAccuracyCurve());
    assertThrows(IllegalArgumentException.class, () -> new AccuracyMatrix(0));
  }

  @Test
  void aNewMatrixIsUndefinedEverywhereAndValuesIsACopy() {
    AccuracyMatrix m = new AccuracyMatrix(2);
    assertTrue(Double.isNaN(m.get(1, 0)));
    assertTrue(Double.isNaN(m.acc()));
    m.set(1, 0, 0.4);
    double[][] v = m.values();
    assertEquals(0.4, v[1][0]);
    v[1][0] = 0.9;
    v[0] = new double[] {1, 1};
    assertEquals(0.4, m.get(1, 0));
    assertTrue(Double.isNaN(m.get(0, 0)));
    assertEquals(0.4, m.acc(), 1e-12, "the mean skips what was not measured");
  }

  /** Three tasks, R[0][2] never measured. */
  static AccuracyMatrix three() {
    return matrix(new double[][] {{0.8, 0.3, N}, {0.6, 0.9, 0.45}, {0.5, 0.7, 1.0}}, N, 0.2, 0.25);
  }

  @Test
  void tableCsvAndJsonByHand() {
    AccuracyMatrix m = three();
    String table =
        "after\\on      T1      T2      T3\n"
            + "T1          80.0    30.0       -\n"
            + "T2          60.0    90.0    45.0\n"
            + "T3          50.0    70.0   100.0\n"
            + "ACC 73.3%  BWT -25.0%  FWT +15.0%  forgetting 25.0%"
            + System.lineSeparator();
    assertEquals(table, m.toTable());
    assertEquals(
        "after_task,on_task_1,on_task_2,on_task_3\n"
            + "1,0.800000,0.300000,\n"
            + "2,0.600000,0.900000,0.450000\n"
            + "3,0.500000,0.700000,1.000000\n",
        m.toCsv());
    assertEquals(
        "{\"accuracy_matrix\": [[0.800000, 0.300000, null], [0.600000, 0.900000, 0.450000],"
            + " [0.500000, 0.700000, 1.000000]], \"acc\": 0.733333, \"bwt\": -0.250000,"
            + " \"fwt\": 0.150000, \"forgetting\": 0.250000, \"forgetting_just_after\": 0.250000}",
        m.toJson());
    assertEquals("null", AccuracyMatrix.json(Double.POSITIVE_INFINITY));
    assertEquals("null", AccuracyMatrix.json(Double.NEGATIVE_INFINITY));
    assertEquals("null", AccuracyMatrix.json(Double.NaN));
    assertEquals("-0.125000", AccuracyMatrix.json(-0.125));
  }
}
