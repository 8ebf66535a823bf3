package org.engram.examples;

/**
 * A mistake on the command line (unknown flag, missing or malformed value). {@link Main} prints its
 * message and the usage line on one line and exits with status 2, without a stack trace.
 */
public final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what is wrong, naming the flag
   */
  public UsageException(String message) {
    super(message);
  }
}
