package org.engram.cl.util;

/**
 * An invalid value of one named option: a {@link org.engram.cl.method.Hyperparameter}'s name or a
 * {@link org.engram.cl.Setting}'s key. The adapters catch it to name the option the user typed in
 * their toolkit's words (a Weka field, a Tribuo configuration field, a bench flag).
 */
public final class OptionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String option;

  /**
   * @param option the option's core name (camelCase)
   * @param message the problem, naming the option and the value
   */
  public OptionException(String option, String message) {
    super(message);
    this.option = option;
  }

  /**
   * @return the option's core name: a hyperparameter's {@code name()} or a setting's {@code key()}
   */
  public String option() {
    return option;
  }
}
