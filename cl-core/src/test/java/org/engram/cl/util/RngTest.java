package org.engram.cl.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The one source of randomness (initialisation, shuffling, sampling, permutations), by what each
 * draw must be: uniform, in range, a permutation, reproducible from the seed and its state. The
 * bounds are about five standard errors of the number of draws.
 */
class RngTest {

  @Test
  void nextIntIsUniformOnItsRangeAndRefusesAnEmptyOne() {
    Rng r = new Rng(5);
    int bound = 7;
    int n = 70_000;
    int[] count = new int[bound];
    for (int i = 0; i < n; i++) {
      int v = r.nextInt(bound);
      assertTrue(v >= 0 && v < bound, "draw " + v);
      count[v]++;
    }
    double expected = (double) n / bound;
    double sd = Math.sqrt(expected * (1 - 1.0 / bound));
    for (int v = 0; v < bound; v++) {
      assertEquals(expected, count[v], 5 * sd, "value " + v);
    }
    assertEquals(0, r.nextInt(1));
    assertThrows(IllegalArgumentException.class, () -> r.nextInt(0));
    assertThrows(IllegalArgumentException.class, () -> r.nextInt(-3));
  }

  @Test
  void nextDoubleIsUniformOnZeroToOne() {
    Rng r = new Rng(6);
    int n = 100_000;
    double sum = 0;
    double sq = 0;
    for (int i = 0; i < n; i++) {
      double u = r.nextDouble();
      assertTrue(u >= 0 && u < 1);
      sum += u;
      sq += u * u;
    }
    assertEquals(0.5, sum / n, 5 * Math.sqrt(1.0 / 12 / n));
    assertEquals(1.0 / 12, sq / n - (sum / n) * (sum / n), 5 * Math.sqrt(1.0 / 180 / n));
  }

  /** Fisher-Yates: a permutation of the first n entries, each landing anywhere alike. */
  @Test
  void shuffleIsAUniformPermutationOfTheLeadingEntries() {
    Rng r = new Rng(7);
    int n = 5;
    int reps = 50_000;
    int[][] where = new int[n][n];
    for (int rep = 0; rep < reps; rep++) {
      int[] a = {0, 1, 2, 3, 4, 99};
      r.shuffle(a, n);
      assertEquals(99, a[5], "an entry past n moved");
      int[] sorted = java.util.Arrays.copyOf(a, n);
      java.util.Arrays.sort(sorted);
      assertArrayEquals(new int[] {0, 1, 2, 3, 4}, sorted);
      for (int i = 0; i < n; i++) {
        where[a[i]][i]++;
      }
    }
    double expected = (double) reps / n;
    double sd = Math.sqrt(expected * (1 - 1.0 / n));
    for (int v = 0; v < n; v++) {
      for (int i = 0; i < n; i++) {
        assertEquals(expected, where[v][i], 5 * sd, v + " at " + i);
      }
    }
  }

  @Test
  void theSeedAndTheStateReproduceTheStreamAndSplitStartsAnother() {
    Rng a = new Rng(8);
    Rng b = new Rng(8);
    assertEquals(a.nextLong(), b.nextLong());
    long state = a.state();
    long next = a.nextLong();
    Rng c = new Rng(0);
    c.setState(state);
    assertEquals(next, c.nextLong(), "the state resumes the stream");
    Rng child = b.split();
    assertEquals(a.nextLong(), b.nextLong(), "split takes one draw of its parent");
    assertNotEquals(a.nextLong(), child.nextLong(), "the child is another stream");
    assertNotEquals(new Rng(9).nextLong(), new Rng(8).nextLong());
  }
}
