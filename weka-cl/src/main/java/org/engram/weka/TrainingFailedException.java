package org.engram.weka;

/**
 * Training could not go on (it diverged, or the method cannot learn on this route): the model is as
 * it was before the call. It carries no stack trace, so Weka's command line prints it as one line;
 * the message names the task, the rows, the options involved and what to change.
 */
public final class TrainingFailedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what failed and what to change
   */
  public TrainingFailedException(String message) {
    super(message);
  }

  /**
   * @return this, without recording a stack trace
   */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
