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
  HIDDEN("hidden", "100,100", Descriptions.HIDDEN),
  /** Epochs per task. */
  EPOCHS("epochs", "10", Descriptions.EPOCHS),
  /** Minibatch size. */
  BATCH_SIZE("batchSize", "32", Descriptions.BATCH_SIZE),
  /** Step size. */
  LEARNING_RATE("learningRate", "0.001", Descriptions.LEARNING_RATE),
  /** Optimiser. */
  OPTIMISER("optimiser", "adam", Descriptions.OPTIMISER),
  /** SGD's momentum. */
  MOMENTUM("momentum", "0.9", Descriptions.MOMENTUM),
  /** Seed. */
  SEED("seed", "1", Descriptions.SEED),
  /** One output head per task, or one shared head. */
  HEAD_MODE("headMode", "shared", Descriptions.HEAD_MODE),
  /** Experience replay's memory. */
  REPLAY_SIZE("replaySize", "0", Descriptions.REPLAY_SIZE),
  /** λ search even when λ is given. */
  CALIBRATE("calibrate", "false", Descriptions.CALIBRATE),
  /** The search's accepted loss of plasticity. */
  CALIBRATE_P("calibrateP", "0.1", Descriptions.CALIBRATE_P),
  /** The λ search's budget: its cost against how far from its start it can reach. */
  CALIBRATE_TRIALS("calibrateTrials", "3", Descriptions.CALIBRATE_TRIALS),
  /** Optimiser state across tasks. */
  KEEP_OPTIMISER_STATE("keepOptimiserState", "false", Descriptions.KEEP_OPTIMISER_STATE);

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
