package org.engram.examples;

import org.engram.cl.data.TaskData;

/**
 * A labelled train/test pair as the benchmark reads it: features as floats, class ids 0..k−1.
 *
 * @param name where it came from (for the printout)
 * @param train training rows
 * @param test test rows
 * @param note what reading changed that the user should know (printed as a {@code note:}), or null
 */
public record Dataset(String name, TaskData train, TaskData test, String note) {

  /**
   * A data set read as it is.
   *
   * @param name where it came from (for the printout)
   * @param train training rows
   * @param test test rows
   */
  public Dataset(String name, TaskData train, TaskData test) {
    this(name, train, test, null);
  }

  /**
   * @return the number of classes: one more than the largest class id in either part
   */
  public int classCount() {
    int max = -1;
    for (int c : train.classes()) {
      max = Math.max(max, c);
    }
    for (int c : test.classes()) {
      max = Math.max(max, c);
    }
    return max + 1;
  }
}
