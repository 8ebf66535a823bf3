package org.engram.cl.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TaskDataTest {

  /** The accuracy of always guessing the most frequent class, whatever the order of the rows. */
  @Test
  void theMajorityShareIsTheMostFrequentClasssShare() {
    float[] x = new float[5];
    assertEquals(0.6, new TaskData(x, 1, new int[] {7, 3, 7, 1, 7}).majorityShare(), 1e-15);
    assertEquals(0.4, new TaskData(x, 1, new int[] {3, 3, 9, 9, 1}).majorityShare(), 1e-15);
    assertEquals(1, new TaskData(new float[1], 1, new int[] {4}).majorityShare());
    assertEquals(0, new TaskData(new float[0], 1, new int[0]).majorityShare());
  }
}
