package org.engram.cl.util;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FiniteTest {

  /**
   * A NaN or an infinity anywhere in the range is found, whatever its lane; one just outside the
   * range is not looked at.
   */
  @Test
  void aNonFiniteValueIsFoundAnywhereInTheRangeAndNowhereElse() {
    assertTrue(Finite.all(new float[0], 0, 0));
    for (int n : new int[] {1, 7, 8, 9, 1000}) {
      float[] p = new float[n + 2];
      Arrays.fill(p, -Float.MAX_VALUE);
      assertTrue(Finite.all(p, 1, n + 1));
      for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
        for (int at : new int[] {1, 1 + n / 2, n}) {
          float[] q = p.clone();
          q[at] = bad;
          assertFalse(Finite.all(q, 1, n + 1), bad + " at " + at + " of " + n);
        }
        float[] outside = p.clone();
        outside[0] = bad;
        outside[n + 1] = bad;
        assertTrue(Finite.all(outside, 1, n + 1), bad + " outside the range of " + n);
      }
    }
  }
}
