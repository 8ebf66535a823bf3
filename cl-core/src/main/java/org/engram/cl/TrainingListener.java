package org.engram.cl;

/**
 * Progress reports and cancellation for long runs. Adapters connect it to Weka's Stop button, a
 * CLI's Ctrl-C or a log. All methods have do-nothing defaults.
 */
public interface TrainingListener {

  /** A listener that reports nothing and never cancels. */
  TrainingListener NONE = new TrainingListener() {};

  /**
   * A task's training starts.
   *
   * @param taskId the task
   * @param examples examples it trains on per epoch
   * @param epochs epochs
   */
  default void taskStarted(int taskId, int examples, int epochs) {}

  /**
   * An epoch ended.
   *
   * @param taskId the task
   * @param epoch the epoch just finished, from 1
   * @param epochs the number of epochs
   * @param meanLoss the epoch's loss: the mean over its steps of the data loss (cross-entropy and
   *     output terms such as LwF's distillation), plus the parameter penalty's value (EWC, online
   *     EWC, MAS, SI, L2) at its last step, computed there only, from the parameters that step
   *     started from
   */
  default void epochFinished(int taskId, int epoch, int epochs, double meanLoss) {}

  /**
   * A task ended and was consolidated.
   *
   * @param report what it cost
   */
  default void taskFinished(TaskReport report) {}

  /**
   * Polled before every minibatch: returning true stops the run, the learner is left as it was
   * before the task, and {@link java.util.concurrent.CancellationException} is thrown.
   *
   * @return whether to stop
   */
  default boolean isCancelled() {
    return false;
  }
}
