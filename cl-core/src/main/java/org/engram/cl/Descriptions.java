package org.engram.cl;

/**
 * The one-line description of every setting ({@link Setting}) and hyperparameter ({@link
 * org.engram.cl.method.Hyperparameter}), as compile-time constants: the adapters' annotations
 * (Weka's {@code @OptionMetadata} tooltips) can hold nothing else, so they name these instead of
 * repeating the text. None states a default: each adapter's help prints those.
 */
public final class Descriptions {
  private Descriptions() {}

  /** Hyperparameter.LAMBDA. */
  public static final String LAMBDA =
      "strength of the method's term (c for SI); automatic unless given: chosen per task from the"
          + " new task's data";

  /** Hyperparameter.GAMMA. */
  public static final String GAMMA =
      "online EWC's decay of the accumulated Fisher before each new task is added";

  /** Hyperparameter.TEMPERATURE. */
  public static final String TEMPERATURE =
      "LwF's distillation temperature: higher softens the old model's outputs";

  /** Hyperparameter.FISHER. */
  public static final String FISHER =
      "EWC's Fisher: the true label (empirical), a label drawn from the model (sampled) or the"
          + " expectation over labels (exact)";

  /** Hyperparameter.IMPORTANCE_SAMPLES. */
  public static final String IMPORTANCE_SAMPLES =
      "examples of each task (a uniform sample) the importance is estimated on";

  /** Hyperparameter.DAMPING. */
  public static final String DAMPING =
      "SI's damping ξ: keeps the importance of parameters that barely moved bounded";

  /** Hyperparameter.WARMUP_EPOCHS. */
  public static final String WARMUP_EPOCHS =
      "LwF's warm-up: epochs that train only a new task's own head, trunk frozen (one head per"
          + " task only)";

  /** Setting.HIDDEN. */
  public static final String HIDDEN =
      "hidden layer sizes, comma-separated (none: a softmax regression)";

  /** Setting.EPOCHS. */
  public static final String EPOCHS =
      "passes over each task's data; a stream trains each minibatch this many times";

  /** Setting.SEED. */
  public static final String SEED =
      "seed of every random choice: initialisation, shuffling, sampling";

  /** Setting.HEAD_MODE. */
  public static final String HEAD_MODE =
      // the per-task case first: Weka shows this as the tooltip of its perTaskHeads flag, where
      // it must say what on (True) means
      "one output layer per task (task-incremental; the task must be known when predicting)"
          + " instead of one shared by all tasks (domain- and class-incremental)";

  /** Setting.REPLAY_SIZE. */
  public static final String REPLAY_SIZE =
      "examples kept from earlier tasks and replayed with every minibatch (0: none; keeps raw"
          + " training data)";

  /** Setting.CALIBRATE. */
  public static final String CALIBRATE =
      "search λ per task on the new task's data even when λ is given (starting from it); an"
          + " automatic λ is always searched";

  /** Setting.CALIBRATE_P. */
  public static final String CALIBRATE_P =
      "the share of fine-tuning's gain on the new task (its validation loss) a searched λ may give"
          + " up, in (0, 1)";

  /** Setting.CALIBRATE_TRIALS. */
  public static final String CALIBRATE_TRIALS =
      "most trial trainings the λ search runs per task, the fine-tuning reference included (≥ 2):"
          + " more trials reach λ further from the data-derived start at more cost (each trial"
          + " trains on half of the task, or on up to 1,000 of its rows when half is fewer)";

  /** Setting.KEEP_OPTIMISER_STATE. */
  public static final String KEEP_OPTIMISER_STATE =
      "keep the optimiser's step scale (Adam's second moment) from one task to the next, its"
          + " momentum cleared, instead of a fresh optimiser per task (Adam only: SGD has no step"
          + " scale)";

  /** Setting.BATCH_SIZE. */
  public static final String BATCH_SIZE = "examples per optimisation step";

  /** Setting.LEARNING_RATE. */
  public static final String LEARNING_RATE = "the optimiser's step size";

  /** Setting.OPTIMISER. */
  public static final String OPTIMISER = "adam (Kingma and Ba 2015) or sgd (with momentum)";

  /** Setting.MOMENTUM. */
  public static final String MOMENTUM =
      "SGD's momentum, in [0, 1) (Adam has none: refused with it)";
}
