package org.engram.cl;

/**
 * The learner's own settings (everything but the method's hyperparameters, which {@link
 * org.engram.cl.method.Hyperparameter} describes), with the one set of defaults every adapter
 * starts from: {@link LearnerConfig#builder()} holds these values, and each adapter exposes each
 * setting under its toolkit's name (a test per adapter checks that none is missing).
 *
 * <p>Defaults suit the tabular data sets Tribuo and Weka users bring (hundreds to tens of thousands
 * of rows). The bench deliberately differs: it follows the published protocol it is compared with
 * (Hsu et al. 2018: hidden 400,400, 4 epochs, batch 128), and says so in its help.
 */
public enum Setting {
  /** Hidden layer sizes. */
  HIDDEN("hidden", "100,100", "hidden layer sizes, comma-separated (none: a softmax regression)"),
  /** Epochs per task. */
  EPOCHS(
      "epochs",
      "10",
      "passes over each task's data; a stream trains each minibatch this many times"),
  /** Minibatch size. */
  BATCH_SIZE("batchSize", "32", "examples per optimisation step"),
  /** Step size. */
  LEARNING_RATE("learningRate", "0.001", "the optimiser's step size"),
  /** Optimiser. */
  OPTIMISER("optimiser", "adam", "adam (Kingma and Ba 2015) or sgd (with momentum)"),
  /** SGD's momentum. */
  MOMENTUM("momentum", "0.9", "SGD's momentum, in [0, 1) (Adam ignores it)"),
  /** Seed. */
  SEED("seed", "1", "seed of every random choice: initialisation, shuffling, sampling"),
  /** One output head per task, or one shared head. */
  HEAD_MODE(
      "headMode",
      "shared",
      "one output layer shared by all tasks, or one per task (task-incremental; the task must"
          + " be known when predicting)"),
  /** Experience replay's memory. */
  REPLAY_SIZE(
      "replaySize",
      "0",
      "examples kept from earlier tasks and replayed with every minibatch (0: none; keeps raw"
          + " training data)"),
  /** λ search even when λ is given. */
  CALIBRATE(
      "calibrate",
      "false",
      "search λ per task on the new task's data even when λ is given (starting from it); an"
          + " automatic λ is always searched"),
  /** The search's accepted loss of plasticity. */
  CALIBRATE_P(
      "calibrateP",
      "0.1",
      "the share of fine-tuning's gain on the new task (its validation loss) a searched λ may give"
          + " up, in (0, 1)"),
  /** The λ search's budget: its cost against how far from its start it can reach. */
  CALIBRATE_TRIALS(
      "calibrateTrials",
      "3",
      "most trial trainings the λ search runs per task, the fine-tuning reference included (≥ 2):"
          + " more trials reach λ further from the data-derived start at more cost (each trial"
          + " trains on half of the task, or on up to 1,000 of its rows when half is fewer)"),
  /** Optimiser state across tasks. */
  KEEP_OPTIMISER_STATE(
      "keepOptimiserState",
      "false",
      "keep the optimiser's step scale (Adam's second moment) from one task to the next, its"
          + " momentum cleared, instead of a fresh optimiser per task");

  private final String key;
  private final String defaultValue;
  private final String description;

  Setting(String key, String defaultValue, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  /**
   * @return the canonical name (camelCase); adapters may use their toolkit's name for it
   */
  public String key() {
    return key;
  }

  /**
   * @return the default, as text
   */
  public String defaultValue() {
    return defaultValue;
  }

  /**
   * @return one line of documentation
   */
  public String description() {
    return description;
  }
}
