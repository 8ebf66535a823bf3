package org.engram.cl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScenariosTest {
  static final TaskData DIGITS = Digits.load();

  @Test
  void digitsAreTheUciTestSet() {
    assertEquals(1797, DIGITS.size());
    assertEquals(64, DIGITS.featureCount());
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, DIGITS.classes());
    for (float v : DIGITS.features()) {
      assertTrue(v >= 0 && v <= 1);
    }
  }

  @Test
  void stratifiedSplitKeepsEveryRowOnce() {
    TaskData[] s = DIGITS.split(0.7, 1);
    assertEquals(DIGITS.size(), s[0].size() + s[1].size());
    for (int c = 0; c < 10; c++) {
      int all = DIGITS.filterClasses(c).size();
      assertEquals(Math.round(all * 0.7), s[0].filterClasses(c).size());
    }
  }

  /**
   * A class pair with no rows (a stray label makes the class count 201 and asks for 100 pairs) is
   * named as the bench counts tasks, from 1, with the classes the data does have.
   */
  @Test
  void aTaskWithoutRowsIsNamedFromOneWithTheClassesTheDataHas() {
    int[] y = new int[12];
    for (int r = 0; r < 11; r++) {
      y[r] = r % 10;
    }
    y[11] = 200;
    TaskData train = new TaskData(new float[12], 1, y);
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () ->
                Scenarios.splitByClass(
                    train,
                    train,
                    Scenarios.consecutiveGroups(202, 101),
                    Scenario.CLASS_INCREMENTAL));
    assertEquals(
        "task 6 of 101 (classes [10, 11]) has no training examples: the training data's classes"
            + " are 0-9, 200",
        e.getMessage());
    assertEquals("1, 3-5, 7", Scenarios.ranges(new int[] {1, 3, 4, 5, 7}));
  }

  @Test
  void splitDomainRelabelsByPositionInThePair() {
    TaskData[] s = DIGITS.split(0.7, 1);
    int[][] groups = Scenarios.consecutiveGroups(10, 5);
    List<Task> domain = Scenarios.splitByClass(s[0], s[1], groups, Scenario.DOMAIN_INCREMENTAL);
    List<Task> clazz = Scenarios.splitByClass(s[0], s[1], groups, Scenario.CLASS_INCREMENTAL);
    assertEquals(5, domain.size());
    assertArrayEquals(new int[] {0, 1}, domain.get(3).train().classes());
    assertArrayEquals(new int[] {6, 7}, clazz.get(3).train().classes());
    for (int r = 0; r < clazz.get(3).train().size(); r++) {
      assertEquals(clazz.get(3).train().label(r) - 6, domain.get(3).train().label(r));
    }
  }

  @Test
  void permutedKeepsTaskOneAndPermutesTrainAndTestAlike() {
    TaskData[] s = DIGITS.split(0.7, 1);
    List<Task> tasks = Scenarios.permuted(s[0], s[1], 3, 42);
    assertEquals(3, tasks.size());
    assertArrayEquals(s[0].features(), tasks.get(0).train().features());
    assertArrayEquals(s[1].features(), tasks.get(0).test().features());
    for (int t = 1; t < 3; t++) {
      TaskData train = tasks.get(t).train();
      TaskData test = tasks.get(t).test();
      assertArrayEquals(s[0].labels(), train.labels());
      boolean moved = false;
      for (int j = 0; j < 64; j++) {
        // the column j of task t is some original column i, on the training and the test rows alike
        int i = 0;
        while (i < 64 && !(sameColumn(train, j, s[0], i) && sameColumn(test, j, s[1], i))) {
          i++;
        }
        assertTrue(i < 64, "task " + (t + 1) + "'s column " + j + " is no original column");
        moved |= !sameColumn(train, j, s[0], j);
      }
      assertTrue(moved, "task " + (t + 1) + " is not permuted");
    }
    assertNotEquals(
        java.util.Arrays.hashCode(tasks.get(1).train().features()),
        java.util.Arrays.hashCode(tasks.get(2).train().features()),
        "each task its own permutation");
    assertArrayEquals(
        Scenarios.permuted(s[0], s[1], 3, 42).get(2).test().features(),
        tasks.get(2).test().features());
  }

  private static boolean sameColumn(TaskData a, int ja, TaskData b, int jb) {
    for (int r = 0; r < a.size(); r++) {
      if (a.features()[r * 64 + ja] != b.features()[r * 64 + jb]) {
        return false;
      }
    }
    return true;
  }

  @Test
  void theirArgumentsAreChecked() {
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> Scenarios.consecutiveGroups(10, 0));
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> Scenarios.consecutiveGroups(10, 3));
    assertEquals(2, Scenarios.consecutiveGroups(10, 5)[4].length);
    for (double f : new double[] {0, 1, -0.5, Double.NaN}) {
      org.junit.jupiter.api.Assertions.assertThrows(
          IllegalArgumentException.class, () -> DIGITS.split(f, 1), "fraction " + f);
    }
    assertEquals(DIGITS.size(), DIGITS.split(0.01, 1)[0].size() + DIGITS.split(0.01, 1)[1].size());
  }

  @Test
  void taskColumnOrderOfAppearance() {
    TaskData d = DIGITS.subset(new int[] {0, 1, 2, 3, 4, 5});
    TaskData tagged =
        new TaskData(d.features(), 64, d.labels(), null, new int[] {7, 7, 3, 3, 7, 3});
    List<Task> tasks = Scenarios.byTaskColumn(tagged, tagged);
    assertEquals(2, tasks.size());
    assertEquals(3, tasks.get(0).train().size());
    assertEquals(0, tasks.get(0).train().task(0, -1));
    assertEquals(1, tasks.get(1).test().task(2, -1));
  }
}
