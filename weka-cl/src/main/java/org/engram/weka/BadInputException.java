package org.engram.weka;

/**
 * Input ContinualMLP refuses (a bad row, a header that differs, an option that cannot work with the
 * data): a user mistake, so it carries no stack trace. Weka's command line prints an exception it
 * does not expect with {@code printStackTrace()}; for this one that is a single line with the
 * message, which names the row, the attribute or the option and the problem.
 */
public final class BadInputException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what is wrong and where
   */
  public BadInputException(String message) {
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
