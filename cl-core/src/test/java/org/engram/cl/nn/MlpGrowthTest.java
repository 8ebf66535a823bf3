package org.engram.cl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.engram.cl.util.Rng;
import org.junit.jupiter.api.Test;

class MlpGrowthTest {

  @Test
  void addingUnitsKeepsExistingLogitsExactly() {
    Mlp m = GradientCheckTest.net(Activation.RELU, 21);
    Workspace ws = GradientCheckTest.input(m, 22);
    int rows = GradientCheckTest.ROWS;
    m.forwardTrunk(ws, rows);
    float[] head0 = m.forwardHead(ws, 0, rows).clone();
    float[] head1 = m.forwardHead(ws, 1, rows).clone();
    float[] before = m.params().clone();

    IndexMap map = m.ensureClasses(0, new int[] {9, 8, 0}, new Rng(1));

    assertEquals(before.length, map.oldSize());
    assertEquals(m.parameterCount(), map.newSize());
    assertArrayEquals(new int[] {0, 1, 2, 8, 9}, m.headClasses(0));
    float[] moved = map.remap(before);
    m.forwardTrunk(ws, rows);
    float[] grown = m.forwardHead(ws, 0, rows);
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < 3; j++) {
        assertEquals(head0[r * 3 + j], grown[r * 5 + j], 0f, "old unit's logit changed");
      }
    }
    assertArrayEquals(
        java.util.Arrays.copyOf(head1, rows * 2),
        java.util.Arrays.copyOf(m.forwardHead(ws, 1, rows), rows * 2),
        0f);
    float[] now = m.params();
    for (int i = 0; i < now.length; i++) {
      if (moved[i] != 0f) {
        assertEquals(moved[i], now[i], 0f, "old parameter not where the map says, index " + i);
      }
    }
    assertNull(m.ensureClasses(0, new int[] {1, 8}, new Rng(2)), "no growth, no map");
  }

  /** lacks decides whether a streamed update must keep a full copy to undo a growth. */
  @Test
  void lacksSaysExactlyWhenEnsureClassesWouldGrow() {
    Mlp m = GradientCheckTest.net(Activation.RELU, 23);
    int[] have = m.headClasses(0);
    assertFalse(m.lacks(0, have), "a head with every class lacks nothing");
    assertFalse(m.lacks(0, new int[] {have[have.length - 1], have[0]}), "any subset, any order");
    assertTrue(m.lacks(0, new int[] {have[0], 42}), "a class the head has no unit for");
    assertTrue(m.lacks(7, new int[] {have[0]}), "a head that does not exist yet");
    assertNull(m.ensureClasses(0, have, new Rng(4)));
    assertNotNull(m.ensureClasses(0, new int[] {42}, new Rng(4)));
    assertFalse(m.lacks(0, new int[] {42}), "grown");
  }

  @Test
  void sameSeedSameWeights() {
    Mlp a = new Mlp(8, new int[] {5}, Activation.RELU, Initialisation.HE, new Rng(3));
    Mlp b = new Mlp(8, new int[] {5}, Activation.RELU, Initialisation.HE, new Rng(3));
    assertArrayEquals(a.params(), b.params(), 0f);
  }
}
