package org.engram.weka;

/**
 * The GUI tooltips of ContinualMLP's options, as compile-time constants because Java annotations
 * ({@code @OptionMetadata}'s description) can hold nothing else: Weka's own options. The core's
 * settings and hyperparameters take theirs from {@link org.engram.cl.Descriptions}. No tooltip
 * states a default: the defaults are in the generated help ({@link Help}).
 */
public final class Tips {
  private Tips() {}

  /** The method. */
  public static final String METHOD =
      "how earlier tasks are protected (the More button describes each method and its paper)";

  /** The task attribute. */
  public static final String TASK_ATTRIBUTE =
      "the attribute that says which task a row belongs to (name, 1-based index, first or last;"
          + " empty: none); never an input of the network";

  /** Input scaling. */
  public static final String NO_SCALING =
      "use numeric attributes as they are instead of standardising them with the first task's"
          + " mean and standard deviation";

  /** Debug output. */
  public static final String DEBUG =
      "write each epoch's mean loss and each task's report to Weka's log";

  /** Capabilities check. */
  public static final String NO_CHECK =
      "skip Weka's check of the data's rows before training; the attribute and class types are"
          + " checked all the same (a string, date or relational one is refused)";

  /** Decimal places. */
  public static final String DECIMAL_PLACES =
      "decimal places of the accuracies and times in the model's description";
}
