package org.engram.cl.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AccuracyMatrixTest {

  /** A 3-task matrix worked out by hand. */
  static AccuracyMatrix example() {
    double[][] r = {{0.9, 0.1, 0.2}, {0.6, 0.8, 0.3}, {0.5, 0.7, 0.95}};
    AccuracyMatrix m = new AccuracyMatrix(3);
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        m.set(i, j, r[i][j]);
      }
    }
    m.setBaseline(0, 0.5);
    m.setBaseline(1, 0.2);
    m.setBaseline(2, 0.25);
    return m;
  }

  @Test
  void metricsMatchTheirDefinitions() {
    AccuracyMatrix m = example();
    assertEquals((0.5 + 0.7 + 0.95) / 3, m.acc(), 1e-12);
    assertEquals(((0.5 - 0.9) + (0.7 - 0.8)) / 2, m.bwt(), 1e-12);
    assertEquals(((0.1 - 0.2) + (0.3 - 0.25)) / 2, m.fwt(), 1e-12);
    // Chaudhry: task 0's best before the end is 0.9, task 1's is 0.8.
    assertEquals(((0.9 - 0.5) + (0.8 - 0.7)) / 2, m.forgetting(), 1e-12);
    assertEquals(-m.bwt(), m.forgettingJustAfter(), 1e-12);
    double[] curve = m.averageAccuracyCurve();
    assertEquals(0.9, curve[0], 1e-12);
    assertEquals(0.7, curve[1], 1e-12);
  }

  @Test
  void chaudhryForgettingUsesTheBestEarlierAccuracyNotTheFirst() {
    AccuracyMatrix m = new AccuracyMatrix(3);
    double[][] r = {{0.5, 0, 0}, {0.9, 0.8, 0}, {0.4, 0.8, 0.9}};
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        m.set(i, j, r[i][j]);
      }
    }
    assertEquals((0.5 + 0.0) / 2, m.forgetting(), 1e-12);
    assertEquals((0.1 + 0.0) / 2, m.forgettingJustAfter(), 1e-12);
  }

  @Test
  void missingEntriesAreSkippedAndWrittenAsNull() {
    AccuracyMatrix m = new AccuracyMatrix(2);
    m.set(0, 0, 1.0);
    m.set(1, 0, 0.5);
    m.set(1, 1, 1.0);
    assertTrue(Double.isNaN(m.fwt()));
    String json = m.toJson();
    assertTrue(
        json.contains("\"accuracy_matrix\": [[1.000000, null], [0.500000, 1.000000]]"), json);
    assertTrue(json.contains("\"fwt\": null"), json);
    assertTrue(m.toCsv().startsWith("after_task,on_task_1,on_task_2\n1,1.000000,\n"), m.toCsv());
    assertTrue(m.toTable().contains("ACC 75.0%"), m.toTable());
  }
}
