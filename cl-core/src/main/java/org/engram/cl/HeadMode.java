package org.engram.cl;

/**
 * How tasks map to output heads (van de Ven and Tolias 2019, "Three scenarios for continual
 * learning").
 */
public enum HeadMode {
  /**
   * One head shared by every task; it grows a unit for each new class. Domain-incremental (same
   * classes every task) and class-incremental (new classes per task) learning; no task id is needed
   * to predict.
   */
  SHARED,
  /**
   * One head per task id, selected by the task id at training and prediction time (task-incremental
   * learning).
   */
  PER_TASK
}
