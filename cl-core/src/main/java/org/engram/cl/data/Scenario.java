package org.engram.cl.data;

import org.engram.cl.HeadMode;

/** The three continual-learning scenarios (van de Ven and Tolias 2019). */
public enum Scenario {
  /** Task id known when predicting: one head per task. */
  TASK_INCREMENTAL(HeadMode.PER_TASK),
  /** Same output space every task, task id unknown: one shared head, targets relabelled. */
  DOMAIN_INCREMENTAL(HeadMode.SHARED),
  /** New classes per task, task id unknown: one shared head that grows. */
  CLASS_INCREMENTAL(HeadMode.SHARED);

  private final HeadMode headMode;

  Scenario(HeadMode headMode) {
    this.headMode = headMode;
  }

  /**
   * @return the head arrangement the scenario needs
   */
  public HeadMode headMode() {
    return headMode;
  }
}
