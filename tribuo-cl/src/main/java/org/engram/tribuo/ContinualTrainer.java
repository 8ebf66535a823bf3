package org.engram.tribuo;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import org.engram.cl.HeadMode;
import org.engram.cl.LearnerConfig;
import org.engram.cl.Setting;
import org.engram.cl.method.Hyperparameter;
import org.engram.cl.method.Method;
import org.engram.cl.method.MethodSpec;
import org.engram.cl.util.Rng;
import org.tribuo.Dataset;
import org.tribuo.IncrementalTrainer;
import org.tribuo.classification.Label;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.provenance.impl.TrainerProvenanceImpl;

/**
 * Engram's Tribuo trainer: a multi-layer perceptron classifier that learns one task after another,
 * protected against forgetting by a continual-learning method of Engram's core ({@link Method}:
 * EWC, online EWC, MAS, SI, L2, LwF, or the fine-tune and joint bounds). The method is a
 * configuration field like any other; {@link EWCTrainer}, {@link MASTrainer}, {@link SITrainer},
 * {@link LwFTrainer} and {@link FineTuneTrainer} are presets of this class that fix it.
 *
 * <p><b>Configuration.</b> One {@code @Config} field per hyperparameter of the core, named {@link
 * Hyperparameter#name()}, and one per learner {@link Setting}, named {@link #fieldName}; defaults
 * are the core's. {@code lambda} not set is <b>automatic</b>: chosen for each new task from that
 * task's data ({@link ContinualModel#history()} reports the choice and its cost). Nothing is
 * silently ignored: {@link #postConfig()} refuses, naming the field, a value the configured route
 * would not read (a hyperparameter of another method, {@code momentum} with Adam, {@code
 * calibrateP} or {@code calibrateTrials} when no λ search runs, {@code warmupEpochs} or {@code
 * taskKey} with a shared head).
 *
 * <p><b>Training.</b> {@link #train(Dataset)} learns the first task; {@link
 * #incrementalTrain(Dataset, ContinualModel)} learns the next one from a deep copy of the previous
 * model's learner and returns a new immutable {@link ContinualModel}. The previous model is never
 * changed, also when training fails (bad data; {@link org.engram.cl.TrainingDivergedException},
 * whose message names method, λ, optimiser, learning rate and step). A model continues with any
 * trainer whose settings equal the ones it was trained with. The first {@code train} call of a
 * trainer learns with the core learner's own random stream seeded by {@code seed}, continued from
 * task to task inside the model; the n-th call draws its seed from a stream seeded by {@code seed}
 * ({@code train(data, provenance, n)} reproduces it). Orders of features and labels, task ids and
 * why the same experiment gives the same model through Tribuo and through the core: see the {@link
 * org.engram.tribuo package} documentation.
 */
public class ContinualTrainer implements IncrementalTrainer<Label, ContinualModel> {
  private static final Logger logger = Logger.getLogger(ContinualTrainer.class.getName());

  /** Default metadata key holding an example's task id. */
  public static final String DEFAULT_TASK_KEY = "task";

  /** The optimisers a trainer can use. */
  public enum OptimiserType {
    /** Adam (Kingma and Ba 2015), β1 = 0.9, β2 = 0.999, ε = 1e-8. */
    ADAM,
    /** Stochastic gradient descent with momentum ({@code momentum}). */
    SGD
  }

  // Text read by Method.parse (FINE_TUNE, EWC, online-ewc, ...): OLCUT's provenance cannot record
  // an enum whose constants have bodies, as the core's Method's do.
  @Config(
      description =
          "The continual-learning method: FINE_TUNE, JOINT, EWC, ONLINE_EWC, MAS, SI, L2 or LWF"
              + " (EWCTrainer and the other named trainers set it themselves).")
  private String method;

  // The core's hyperparameters, by Hyperparameter.name(). Text read by Hyperparameter.parse ("1e4",
  // "auto"), so that a field not set (null: the core's default) differs from one set to a default.

  @Config(
      description =
          "λ, the strength of the method's term (c for SI), >= 0; not set (or auto): chosen per"
              + " task from the new task's data.")
  private String lambda;

  @Config(description = "Online EWC's decay γ of the accumulated Fisher, in (0, 1].")
  private String gamma;

  @Config(description = "LwF's distillation temperature T, > 0.")
  private String temperature;

  @Config(
      description =
          "EWC's Fisher: EMPIRICAL (true labels), SAMPLED (labels drawn from the model) or EXACT"
              + " (expectation over the model's labels).")
  private String fisher;

  @Config(description = "Examples of each task the importance is estimated on (EWC, MAS), >= 1.")
  private String importanceSamples;

  @Config(description = "SI's damping ξ in Ω = ω / (Δθ² + ξ), > 0.")
  private String damping;

  @Config(
      description =
          "LwF's warm-up: epochs that train only a new task's own head before the whole network"
              + " (headMode PER_TASK), >= 0.")
  private String warmupEpochs;

  // The learner's settings (Setting), with the core's defaults; momentum, calibrateP and
  // calibrateTrials are read on some routes only, so they are text like the hyperparameters.

  @Config(description = "Sizes of the hidden layers (ReLU), first to last; empty: none.")
  private List<Integer> hiddenSizes = TrainerSettings.hidden(Setting.HIDDEN.defaultValue());

  @Config(description = "Epochs over each task's training data, >= 1.")
  private int epochs = Integer.parseInt(Setting.EPOCHS.defaultValue());

  @Config(description = "Examples per optimisation step, >= 1.")
  private int minibatchSize = Integer.parseInt(Setting.BATCH_SIZE.defaultValue());

  @Config(description = "The optimiser's step size, > 0.")
  private double learningRate = Double.parseDouble(Setting.LEARNING_RATE.defaultValue());

  @Config(description = "Optimiser: ADAM or SGD (with momentum).")
  private OptimiserType optimiser = OptimiserType.valueOf(TrainerSettings.upper(Setting.OPTIMISER));

  @Config(description = "SGD's momentum, in [0, 1) (optimiser SGD only).")
  private String momentum;

  @Config(description = "Seed of every random choice: initialisation, shuffling, sampling.")
  private long seed = Long.parseLong(Setting.SEED.defaultValue());

  @Config(
      description =
          "SHARED: one output head for all tasks (domain- and class-incremental learning);"
              + " PER_TASK: one head per task id (task-incremental learning).")
  private HeadMode headMode = HeadMode.valueOf(TrainerSettings.upper(Setting.HEAD_MODE));

  @Config(
      description =
          "Example metadata key holding the task id (an integer >= 0), read with headMode"
              + " PER_TASK.")
  private String taskKey = DEFAULT_TASK_KEY;

  @Config(
      description =
          "Examples kept from earlier tasks and replayed with every minibatch (0: none). Replay"
              + " keeps raw training examples inside the model.")
  private int replaySize = Integer.parseInt(Setting.REPLAY_SIZE.defaultValue());

  @Config(
      description =
          "Search λ per task on the new task's data even when lambda is given (starting from it);"
              + " an automatic λ is always searched.")
  private boolean calibrate = Boolean.parseBoolean(Setting.CALIBRATE.defaultValue());

  @Config(
      description =
          "The share of fine-tuning's gain on the new task (its validation loss) a searched λ may"
              + " give up, in (0, 1).")
  private String calibrateP;

  @Config(
      description =
          "Most trial trainings the λ search runs per task, the fine-tuning reference included,"
              + " an integer >= 2: more trials reach λ further from the data-derived start at more"
              + " cost (each trial trains on half of the task, or on up to 1,000 of its rows when half is fewer).")
  private String calibrateTrials;

  @Config(
      description =
          "Keep the optimiser's step scale (Adam's second moment) from one task to the next, its"
              + " momentum cleared, instead of a fresh optimiser per task.")
  private boolean keepOptimiserState =
      Boolean.parseBoolean(Setting.KEEP_OPTIMISER_STATE.defaultValue());

  @Config(
      description =
          "The model's input features in input order, declared up front (e.g. every pixel, as IDX"
              + " sources drop zero pixels); empty: the first task's features in natural order.")
  private List<String> featureNames = new ArrayList<>();

  private int invocationCount = 0;
  private final Set<String> warned = new HashSet<>();

  /** For OLCUT and the presets, which call {@link #postConfig()} once their fields are set. */
  protected ContinualTrainer() {}

  /**
   * A trainer with the core's defaults for every setting and hyperparameter (λ automatic).
   *
   * @param method the method
   * @throws IllegalArgumentException if the method is null
   */
  public ContinualTrainer(Method method) {
    this.method = method == null ? null : method.name();
    postConfig();
  }

  /**
   * The trainer that trains what a core configuration describes: the same method and values, the
   * same seed, so that its first model equals the core learner's.
   *
   * @param config the core configuration
   * @throws IllegalArgumentException naming what this trainer cannot express (another activation or
   *     initialisation, a class limit, Adam's β or ε, or search settings other than their defaults)
   */
  public ContinualTrainer(LearnerConfig config) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    TrainerSettings.of(config).writeTo(this);
    postConfig();
  }

  /**
   * Sets the settings every preset's constructor takes; the preset calls {@link #postConfig()} once
   * its own fields are set.
   *
   * @param hiddenSizes hidden layer sizes
   * @param epochs epochs per task
   * @param minibatchSize minibatch size
   * @param learningRate learning rate
   * @param optimiser the optimiser
   * @param seed the seed
   * @param headMode shared head or one head per task
   */
  protected ContinualTrainer(
      int[] hiddenSizes,
      int epochs,
      int minibatchSize,
      double learningRate,
      OptimiserType optimiser,
      long seed,
      HeadMode headMode) {
    this.hiddenSizes =
        hiddenSizes == null ? null : new ArrayList<>(Arrays.stream(hiddenSizes).boxed().toList());
    this.epochs = epochs;
    this.minibatchSize = minibatchSize;
    this.learningRate = learningRate;
    this.optimiser = optimiser;
    this.seed = seed;
    this.headMode = headMode;
  }

  /**
   * The configuration field of a learner setting.
   *
   * @param setting a setting of the core
   * @return the name of this trainer's {@code @Config} field for it
   */
  public static String fieldName(Setting setting) {
    return switch (setting) {
      case HIDDEN -> "hiddenSizes";
      case BATCH_SIZE -> "minibatchSize";
      default -> setting.key();
    };
  }

  // ---------------------------------------------------------------- changing the configuration

  /**
   * Applies a change to the configuration and validates the result; if it is refused, every field
   * is put back as it was. The one way the setters below change a trainer.
   *
   * @param change assigns fields
   * @return this trainer
   * @throws IllegalArgumentException naming the invalid field (nothing is changed)
   */
  protected final synchronized ContinualTrainer configure(Runnable change) {
    Map<Field, Object> before = ConfigFields.snapshot(this);
    try {
      change.run();
      postConfig();
    } catch (RuntimeException e) {
      ConfigFields.restore(this, before);
      throw e;
    }
    return this;
  }

  /**
   * @param value SGD's momentum in [0, 1) (the optimiser must be SGD)
   * @return this trainer
   */
  public ContinualTrainer setMomentum(double value) {
    return configure(() -> momentum = String.valueOf(value));
  }

  /**
   * @param key the metadata key of the task id (headMode PER_TASK), not empty
   * @return this trainer
   */
  public ContinualTrainer setTaskKey(String key) {
    return configure(() -> taskKey = key);
  }

  /**
   * Sets the experience-replay memory: raw training examples of past tasks, class-balanced, kept in
   * the model and joined to each minibatch.
   *
   * @param size capacity in examples, &gt;= 0 (0: none)
   * @return this trainer
   */
  public ContinualTrainer setReplaySize(int size) {
    return configure(() -> replaySize = size);
  }

  /**
   * Turns the λ search for a given λ on or off (an automatic λ is always searched): De Lange et al.
   * 2021, a ×10 ladder judged on a validation split of the new task; old tasks' data are never
   * used.
   *
   * @param on whether to search λ even when it is given (off also clears {@code calibrateTrials})
   * @param p accepted relative loss of plasticity, in (0, 1); read only when on
   * @return this trainer
   */
  public ContinualTrainer setCalibration(boolean on, double p) {
    return configure(
        () -> {
          calibrate = on;
          calibrateP = on ? String.valueOf(p) : null;
          calibrateTrials = on ? calibrateTrials : null;
        });
  }

  /**
   * Sets the λ search's budget, its cost against its reach: the most trial trainings per task, the
   * fine-tuning reference included (each trains a copy on half of the task, or on up to 1,000 of
   * its rows when half is fewer; with more, the search can step its ×10 ladder further from where
   * it starts). Read when a search runs: λ automatic, or {@link #setCalibration calibration} on.
   *
   * @param trials at least 2 (the reference and one λ); the core's default is 3
   * @return this trainer
   */
  public ContinualTrainer setCalibrateTrials(int trials) {
    return configure(() -> calibrateTrials = String.valueOf(trials));
  }

  /**
   * Declares the model's inputs up front, in input order, instead of the first task's features
   * (useful when the first task's data does not mention every feature, e.g. IDX images whose zero
   * pixels are dropped, and to fix the input order).
   *
   * @param names the feature names, distinct and non-empty (an empty list restores the default)
   * @return this trainer
   */
  public ContinualTrainer setFeatureNames(List<String> names) {
    return configure(() -> featureNames = names == null ? null : new ArrayList<>(names));
  }

  /**
   * Assigns a hyperparameter's field without validating (presets' constructors, then {@link
   * #postConfig()}).
   *
   * @param p the hyperparameter
   * @param value the value, or null for the core's default
   */
  protected final void assign(Hyperparameter<?> p, Object value) {
    ConfigFields.set(this, ConfigFields.of(p), TrainerSettings.text(p, value));
  }

  // ---------------------------------------------------------------- validation

  /**
   * The method a preset fixes.
   *
   * @return the method, or null for this class (the {@code method} field says)
   */
  protected Method presetMethod() {
    return null;
  }

  /**
   * A hyperparameter a preset accepts for compatibility where its method does not read it; it is
   * then ignored with a warning, logged once.
   *
   * @param p the hyperparameter
   * @return whether to tolerate it
   */
  protected boolean tolerates(Hyperparameter<?> p) {
    return false;
  }

  /** The fields' values, taken at once. */
  private synchronized TrainerSettings settings() {
    return TrainerSettings.read(this, presetMethod(), this::tolerates);
  }

  /**
   * Validates every field and refuses values the configured route would not read. Called by OLCUT
   * after configuration and by the constructors.
   *
   * @throws IllegalArgumentException naming the field
   */
  @Override
  public synchronized void postConfig() {
    for (String ignored : settings().validate()) {
      if (warned.add(ignored)) {
        logger.warning(getClass().getSimpleName() + ": " + ignored + "; it is ignored");
      }
    }
  }

  /**
   * @return the method this trainer applies and its hyperparameters (λ empty: automatic)
   */
  public MethodSpec methodSpec() {
    return settings().methodSpec();
  }

  /**
   * @return the core configuration of the learner this trainer's next first-time {@code train} call
   *     starts (with the seed {@code seed}, as its first call does)
   */
  synchronized LearnerConfig learnerConfig() {
    return settings().learnerConfig(seed);
  }

  /**
   * @return the metadata key of the task id
   */
  public synchronized String getTaskKey() {
    return taskKey;
  }

  /**
   * @return the head mode
   */
  public synchronized HeadMode getHeadMode() {
    return headMode;
  }

  // ---------------------------------------------------------------- training

  @Override
  public ContinualModel train(Dataset<Label> examples) {
    return train(examples, Collections.emptyMap());
  }

  @Override
  public ContinualModel train(Dataset<Label> examples, Map<String, Provenance> runProvenance) {
    return train(examples, runProvenance, INCREMENT_INVOCATION_COUNT);
  }

  /**
   * Learns the first task from scratch. The first call of a trainer learns with the seed {@code
   * seed} itself; the n-th draws its seed from a stream seeded by {@code seed}.
   *
   * @param examples the first task's examples
   * @param runProvenance provenance of this run, recorded in the model
   * @param invocationCount the invocation count to train with, or {@link
   *     #INCREMENT_INVOCATION_COUNT}
   * @return the model after one task
   * @throws IllegalArgumentException on invalid data, naming the example and feature
   * @throws org.engram.cl.TrainingDivergedException if training diverged
   */
  @Override
  public ContinualModel train(
      Dataset<Label> examples, Map<String, Provenance> runProvenance, int invocationCount) {
    if (examples == null) {
      throw new IllegalArgumentException("examples must not be null");
    }
    TaskLearning.Plan plan;
    int n;
    synchronized (this) {
      if (invocationCount != INCREMENT_INVOCATION_COUNT) {
        setInvocationCount(invocationCount);
      }
      n = this.invocationCount;
      long learnerSeed = seed;
      Rng seeds = new Rng(seed);
      for (int i = 0; i < n; i++) {
        learnerSeed = seeds.nextLong();
      }
      plan = plan(learnerSeed);
      this.invocationCount++;
    }
    try {
      return TaskLearning.first(plan, examples, runProvenance);
    } catch (RuntimeException | Error e) {
      synchronized (this) {
        if (this.invocationCount == n + 1) {
          this.invocationCount = n; // a failed call does not move the trainer on
        }
      }
      throw e;
    }
  }

  private synchronized TaskLearning.Plan plan(long learnerSeed) {
    return new TaskLearning.Plan(
        settings().learnerConfig(learnerSeed), getProvenance(), taskKey, List.copyOf(featureNames));
  }

  /**
   * Learns the next task: {@link #incrementalTrain(Dataset, ContinualModel, Map)} with no extra run
   * provenance.
   *
   * @param newData the next task's examples
   * @param previous the model after the previous task, trained with this trainer's settings
   * @return a new model that has learned one more task
   */
  @Override
  public ContinualModel incrementalTrain(Dataset<Label> newData, ContinualModel previous) {
    return incrementalTrain(newData, previous, Collections.emptyMap());
  }

  /**
   * Learns the next task, continuing from the previous model, which is not changed. The previous
   * model's provenance is recorded under {@link ContinualModel#PREVIOUS_MODEL_PROVENANCE} in the
   * new model's run provenance, so a model's provenance reaches back to the first task.
   *
   * @param newData the next task's examples
   * @param previous the model after the previous task
   * @param runProvenance extra provenance of this run
   * @return a new model that has learned one more task
   * @throws IllegalArgumentException on invalid data or an incompatible previous model
   * @throws org.engram.cl.TrainingDivergedException if training diverged
   */
  public ContinualModel incrementalTrain(
      Dataset<Label> newData, ContinualModel previous, Map<String, Provenance> runProvenance) {
    if (newData == null) {
      throw new IllegalArgumentException("newData must not be null");
    }
    if (previous == null) {
      throw new IllegalArgumentException(
          "previous model must not be null (use train(dataset) for the first task)");
    }
    saySeedUnused(previous);
    return TaskLearning.next(
        plan(previous.learnerConfig().seed()), newData, previous, runProvenance);
  }

  /**
   * A model continues the random stream it began with, so a continuing trainer's own seed is not
   * used: said once per trainer and seed when it differs from the seed of the trainer that trained
   * the previous model (the new model's provenance records this trainer's configuration, seed
   * included).
   */
  private synchronized void saySeedUnused(ContinualModel previous) {
    var recorded =
        previous.getProvenance().getTrainerProvenance().getConfiguredParameters().get("seed");
    String before =
        recorded instanceof com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance<?> p
            ? String.valueOf(p.getValue())
            : null;
    if (before != null
        && !before.equals(String.valueOf(seed))
        && warned.add("seed " + seed + " after " + before)) {
      logger.warning(
          getClass().getSimpleName()
              + ": seed "
              + seed
              + " is not used by incrementalTrain: the model continues the random stream it began"
              + " with (its trainer's seed was "
              + before
              + "); train a new model to use another seed");
    }
  }

  @Override
  public synchronized int getInvocationCount() {
    return invocationCount;
  }

  @Override
  public synchronized void setInvocationCount(int invocationCount) {
    if (invocationCount < 0) {
      throw new IllegalArgumentException("invocationCount must be >= 0, got " + invocationCount);
    }
    this.invocationCount = invocationCount;
  }

  @Override
  public TrainerProvenance getProvenance() {
    return new TrainerProvenanceImpl(this);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + settings().describe() + ")";
  }
}
