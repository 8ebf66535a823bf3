package org.engram.tribuo;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.logging.Logger;
import org.engram.cl.Calibration;
import org.engram.cl.ContinualLearner;
import org.engram.cl.HeadMode;
import org.engram.cl.LearnerConfig;
import org.engram.cl.TaskReport;
import org.engram.cl.TrainingListener;
import org.engram.cl.method.MethodSpec;
import org.engram.cl.nn.Activation;
import org.engram.cl.nn.Initialisation;
import org.engram.cl.optim.OptimiserSpec;
import org.tribuo.Dataset;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.IncrementalTrainer;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.provenance.impl.TrainerProvenanceImpl;

/**
 * The shared base of Engram's Tribuo trainers: a multi-layer perceptron classifier that learns one
 * task after another, with the continual-learning method chosen by the subclass ({@link
 * EWCTrainer}, {@link LwFTrainer}, {@link MASTrainer}, {@link SITrainer}, {@link FineTuneTrainer}).
 *
 * <p>{@link #train(Dataset)} learns the first task from scratch; {@link #incrementalTrain(Dataset,
 * ContinualModel)} learns the next task, starting from a deep copy of the previous model's learner,
 * and returns a new immutable {@link ContinualModel}; the previous model is never changed. As with
 * every Tribuo trainer, the trainer itself only holds its configuration, a random stream and an
 * invocation count: the previous model is the whole memory of past tasks.
 *
 * <p>This class translates Tribuo's data and configuration into Engram's core ({@link
 * ContinualLearner}); all the learning, consolidation and distillation lives in the core.
 *
 * <p>Domains across tasks: the feature domain is fixed by the first task (features unknown to the
 * model in a later task are ignored, counted and reported in a log line); labels first seen in a
 * later task are appended to the output domain (existing label ids are kept) and the output layer
 * grows. With {@code headMode = PER_TASK} each task gets its own output head; the task id of an
 * example is read from its metadata under {@code taskKey} (default {@value #DEFAULT_TASK_KEY}), and
 * training examples without it belong to the task being learned (0 for the first, 1 for the second,
 * ...).
 */
public abstract class ContinualTrainer implements IncrementalTrainer<Label, ContinualModel> {
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

  @Config(description = "Sizes of the hidden layers (ReLU), first to last.")
  private List<Integer> hiddenSizes = new ArrayList<>(List.of(100, 100));

  @Config(description = "Epochs over each task's training data.")
  private int epochs = 4;

  @Config(description = "Minibatch size.")
  private int minibatchSize = 128;

  @Config(description = "Learning rate of the optimiser.")
  private double learningRate = 0.001;

  @Config(description = "Optimiser: ADAM or SGD (with momentum).")
  private OptimiserType optimiser = OptimiserType.ADAM;

  @Config(description = "Momentum of SGD, in [0, 1) (ignored by Adam).")
  private double momentum = 0.9;

  @Config(description = "Seed of the random stream (initialisation, shuffling, sampling).")
  private long seed = Trainer.DEFAULT_SEED;

  @Config(
      description =
          "SHARED: one output head for all tasks (domain- and class-incremental learning); "
              + "PER_TASK: one head per task id (task-incremental learning).")
  private HeadMode headMode = HeadMode.SHARED;

  @Config(
      description =
          "Example metadata key holding the task id (an integer >= 0), used when headMode is "
              + "PER_TASK.")
  private String taskKey = DEFAULT_TASK_KEY;

  @Config(
      description =
          "Capacity of the experience-replay memory in examples (0: no replay). Replay keeps raw"
              + " training examples of past tasks inside the model.")
  private int replaySize = 0;

  @Config(
      description =
          "Choose λ per task by De Lange et al.'s stability decay on a validation split of the"
              + " new task only (starting from 100 × lambda).")
  private boolean calibrate = false;

  @Config(description = "Calibration's accepted relative loss of plasticity p, in (0, 1).")
  private double calibrateP = 0.2;

  @Config(
      description =
          "The model's input features, declared up front (e.g. every pixel name, as IDX sources"
              + " drop zero pixels); empty: the features of the first task's dataset.")
  private List<String> featureNames = new ArrayList<>();

  private SplittableRandom rng;
  private int invocationCount = 0;

  /** For OLCUT. */
  protected ContinualTrainer() {}

  /**
   * Sets the shared hyperparameters; subclasses call {@link #postConfig()} once their own fields
   * are set.
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
   * Sets SGD's momentum (default 0.9). Call before training; the trainer is validated again.
   *
   * @param value momentum in [0, 1)
   * @return this trainer
   * @throws IllegalArgumentException if the value is invalid
   */
  public synchronized ContinualTrainer setMomentum(double value) {
    double old = momentum;
    momentum = value;
    try {
      postConfig();
    } catch (IllegalArgumentException e) {
      momentum = old;
      throw e;
    }
    return this;
  }

  /**
   * Sets the metadata key of the task id (default {@value #DEFAULT_TASK_KEY}).
   *
   * @param key the key, not empty
   * @return this trainer
   * @throws IllegalArgumentException if the key is empty
   */
  public synchronized ContinualTrainer setTaskKey(String key) {
    String old = taskKey;
    taskKey = key;
    try {
      postConfig();
    } catch (IllegalArgumentException e) {
      taskKey = old;
      throw e;
    }
    return this;
  }

  /**
   * Sets the experience-replay memory (default 0: none). Replay stores raw training examples of
   * past tasks in the model, class-balanced, and joins each minibatch with replayed ones.
   *
   * @param size capacity in examples, &gt;= 0
   * @return this trainer
   * @throws IllegalArgumentException if the size is negative
   */
  public synchronized ContinualTrainer setReplaySize(int size) {
    int old = replaySize;
    replaySize = size;
    try {
      postConfig();
    } catch (IllegalArgumentException e) {
      replaySize = old;
      throw e;
    }
    return this;
  }

  /**
   * Turns per-task λ calibration on or off (De Lange et al. 2021, stability decay on a validation
   * split of the new task; old tasks' data are never used).
   *
   * @param on whether to calibrate
   * @param p accepted relative loss of plasticity, in (0, 1) (the paper's default is 0.2)
   * @return this trainer
   * @throws IllegalArgumentException if p is outside (0, 1)
   */
  public synchronized ContinualTrainer setCalibration(boolean on, double p) {
    boolean oldOn = calibrate;
    double oldP = calibrateP;
    calibrate = on;
    calibrateP = p;
    try {
      postConfig();
    } catch (IllegalArgumentException e) {
      calibrate = oldOn;
      calibrateP = oldP;
      throw e;
    }
    return this;
  }

  /**
   * Declares the model's input features up front instead of taking the first task's (useful when
   * the first task's data does not mention every feature, e.g. IDX images whose zero pixels are
   * dropped). Call before training; the trainer is validated again.
   *
   * @param names the feature names, distinct and non-empty (an empty list restores the default)
   * @return this trainer
   * @throws IllegalArgumentException if a name is empty or repeated
   */
  public synchronized ContinualTrainer setFeatureNames(List<String> names) {
    List<String> old = featureNames;
    featureNames = names == null ? null : new ArrayList<>(names);
    try {
      postConfig();
    } catch (IllegalArgumentException e) {
      featureNames = old;
      throw e;
    }
    return this;
  }

  /**
   * Validates every field and resets the random stream. Called by OLCUT after configuration and by
   * the public constructors.
   *
   * @throws IllegalArgumentException naming the invalid field
   */
  @Override
  public synchronized void postConfig() {
    if (hiddenSizes == null || hiddenSizes.isEmpty()) {
      // The core's Mlp cannot yet train without a hidden layer (backward pass indexes an empty
      // trunk-output gradient); refuse clearly rather than fail inside training.
      throw invalid("hiddenSizes must list at least one hidden layer, got " + hiddenSizes);
    }
    for (Integer h : hiddenSizes) {
      if (h == null || h <= 0) {
        throw invalid("hiddenSizes must all be positive, got " + hiddenSizes);
      }
    }
    if (epochs < 1) {
      throw invalid("epochs must be at least 1, got " + epochs);
    }
    if (minibatchSize < 1) {
      throw invalid("minibatchSize must be at least 1, got " + minibatchSize);
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw invalid("learningRate must be positive and finite, got " + learningRate);
    }
    if (optimiser == null) {
      throw invalid("optimiser must be ADAM or SGD, got null");
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw invalid("momentum must be in [0, 1), got " + momentum);
    }
    if (headMode == null) {
      throw invalid("headMode must be SHARED or PER_TASK, got null");
    }
    if (taskKey == null || taskKey.isBlank()) {
      throw invalid("taskKey must be a non-empty metadata key, got '" + taskKey + "'");
    }
    if (replaySize < 0) {
      throw invalid("replaySize must be >= 0, got " + replaySize);
    }
    if (!(calibrateP > 0 && calibrateP < 1)) {
      throw invalid("calibrateP must be in (0, 1), got " + calibrateP);
    }
    if (featureNames == null) {
      throw invalid("featureNames must not be null (use an empty list)");
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String name : featureNames) {
      if (name == null || name.isEmpty()) {
        throw invalid("featureNames must not contain empty names");
      }
      if (!seen.add(name)) {
        throw invalid("featureNames lists '" + name + "' twice");
      }
    }
    try {
      learnerConfig(seed);
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
    this.rng = new SplittableRandom(seed);
    for (int i = 0; i < invocationCount; i++) {
      rng.split();
    }
  }

  private IllegalArgumentException invalid(String message) {
    return new IllegalArgumentException(getClass().getSimpleName() + ": " + message);
  }

  /**
   * The method this trainer applies, built from its fields.
   *
   * @return the method description (validated by the core)
   * @throws IllegalArgumentException naming the invalid field
   */
  protected abstract MethodSpec methodSpec();

  /**
   * The core configuration of a learner started by this trainer.
   *
   * @param learnerSeed the seed of the learner's random stream
   * @return the configuration
   * @throws IllegalArgumentException naming the invalid option
   */
  LearnerConfig learnerConfig(long learnerSeed) {
    OptimiserSpec opt =
        optimiser == OptimiserType.ADAM
            ? OptimiserSpec.adam(learningRate)
            : OptimiserSpec.sgd(learningRate, momentum);
    return LearnerConfig.builder()
        .hidden(hiddenSizes.stream().mapToInt(Integer::intValue).toArray())
        .activation(Activation.RELU)
        .initialisation(Initialisation.HE)
        .headMode(headMode)
        .optimiser(opt)
        .epochs(epochs)
        .batchSize(minibatchSize)
        .seed(learnerSeed)
        .method(methodSpec())
        .replaySize(replaySize)
        .calibration(calibrate ? Calibration.withP(calibrateP) : null)
        .build();
  }

  /**
   * @return the metadata key of the task id
   */
  public String getTaskKey() {
    return taskKey;
  }

  /**
   * @return the head mode
   */
  public HeadMode getHeadMode() {
    return headMode;
  }

  @Override
  public ContinualModel train(Dataset<Label> examples) {
    return train(examples, Collections.emptyMap());
  }

  @Override
  public ContinualModel train(Dataset<Label> examples, Map<String, Provenance> runProvenance) {
    return train(examples, runProvenance, INCREMENT_INVOCATION_COUNT);
  }

  /**
   * Learns the first task from scratch.
   *
   * @param examples the first task's examples
   * @param runProvenance provenance of this run, recorded in the model
   * @param invocationCount the invocation count to train with, or {@link
   *     Trainer#INCREMENT_INVOCATION_COUNT}
   * @return the model after one task
   * @throws IllegalArgumentException on invalid data, naming the example and feature
   */
  @Override
  public ContinualModel train(
      Dataset<Label> examples, Map<String, Provenance> runProvenance, int invocationCount) {
    if (examples == null) {
      throw new IllegalArgumentException("examples must not be null");
    }
    // Data is checked before the trainer's state moves, so a rejected call changes nothing.
    ImmutableFeatureMap features =
        featureNames.isEmpty()
            ? TribuoData.firstFeatureDomain(examples)
            : TribuoData.declaredFeatureDomain(featureNames, examples);
    ImmutableOutputInfo<Label> labels = TribuoData.growLabelDomain(null, examples);
    TribuoData.Converted data =
        TribuoData.toTaskData(examples, features, labels, headMode, taskKey, 0);
    logUnknown(0, data);
    TrainerProvenance trainerProvenance;
    LearnerConfig config;
    synchronized (this) {
      if (invocationCount != INCREMENT_INVOCATION_COUNT) {
        setInvocationCount(invocationCount);
      }
      config = learnerConfig(rng.split().nextLong());
      trainerProvenance = getProvenance();
      this.invocationCount++;
    }
    ContinualLearner learner = new ContinualLearner(config, features.size());
    TaskReport report = learner.learnTask(data.data(), data.taskId(), TrainingListener.NONE);
    ModelProvenance provenance =
        new ModelProvenance(
            ContinualModel.class.getName(),
            OffsetDateTime.now(),
            examples.getProvenance(),
            trainerProvenance,
            runProvenance);
    return new ContinualModel(
        modelName(),
        provenance,
        features,
        labels,
        learner,
        taskKey,
        data.unknownFeatures(),
        new double[] {report.lambda()});
  }

  /**
   * Learns the next task, continuing from the previous model, which is not changed.
   *
   * @param newData the next task's examples
   * @param previous the model after the previous task, made by a trainer of this class with the
   *     same hyperparameters
   * @return a new model that has learned one more task
   * @throws IllegalArgumentException on invalid data or an incompatible previous model
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
    checkCompatible(previous);
    ImmutableFeatureMap features = previous.getFeatureIDMap();
    ImmutableOutputInfo<Label> labels =
        TribuoData.growLabelDomain(previous.getOutputIDInfo(), newData);
    TribuoData.Converted data =
        TribuoData.toTaskData(
            newData, features, labels, headMode, taskKey, previous.tasksLearned());
    TrainerProvenance trainerProvenance;
    synchronized (this) {
      rng.split();
      trainerProvenance = getProvenance();
      this.invocationCount++;
    }
    logUnknown(previous.tasksLearned(), data);
    ContinualLearner learner = previous.learnerCopy();
    TaskReport report = learner.learnTask(data.data(), data.taskId(), TrainingListener.NONE);
    Map<String, Provenance> run = new HashMap<>(runProvenance);
    run.put(ContinualModel.PREVIOUS_MODEL_PROVENANCE, previous.getProvenance());
    ModelProvenance provenance =
        new ModelProvenance(
            ContinualModel.class.getName(),
            OffsetDateTime.now(),
            newData.getProvenance(),
            trainerProvenance,
            run);
    double[] lambdas = Arrays.copyOf(previous.lambdaPerTask(), previous.lambdaPerTask().length + 1);
    lambdas[lambdas.length - 1] = report.lambda();
    return new ContinualModel(
        previous.getName(),
        provenance,
        features,
        labels,
        learner,
        taskKey,
        data.unknownFeatures(),
        lambdas);
  }

  private static void logUnknown(int task, TribuoData.Converted data) {
    if (data.unknownFeatures() > 0) {
      logger.info(
          String.format(
              "task %d: %d feature name(s) unknown to the model (%d values) were ignored; the"
                  + " feature domain is fixed by the first task (or featureNames)",
              task, data.unknownFeatures(), data.unknownValues()));
    }
  }

  /** Checks that the previous model was made by a trainer of this class with this configuration. */
  private void checkCompatible(ContinualModel previous) {
    String madeBy = previous.getProvenance().getTrainerProvenance().getClassName();
    if (!getClass().getName().equals(madeBy)) {
      throw new IllegalArgumentException(
          "the previous model was trained by "
              + madeBy
              + ", not by "
              + getClass().getName()
              + "; continue it with a trainer of the same class");
    }
    LearnerConfig had = previous.learnerConfig();
    LearnerConfig want = learnerConfig(had.seed());
    List<String> differences = new ArrayList<>();
    if (!Arrays.equals(had.hidden(), want.hidden())) {
      differences.add(
          "hiddenSizes " + Arrays.toString(had.hidden()) + " vs " + Arrays.toString(want.hidden()));
    }
    if (had.headMode() != want.headMode()) {
      differences.add("headMode " + had.headMode() + " vs " + want.headMode());
    }
    if (!had.optimiser().equals(want.optimiser())) {
      differences.add(
          "optimiser/learningRate/momentum " + had.optimiser() + " vs " + want.optimiser());
    }
    if (had.epochs() != want.epochs()) {
      differences.add("epochs " + had.epochs() + " vs " + want.epochs());
    }
    if (had.batchSize() != want.batchSize()) {
      differences.add("minibatchSize " + had.batchSize() + " vs " + want.batchSize());
    }
    if (!had.method().equals(want.method())) {
      differences.add("method " + had.method() + " vs " + want.method());
    }
    if (had.replaySize() != want.replaySize()) {
      differences.add("replaySize " + had.replaySize() + " vs " + want.replaySize());
    }
    if (!java.util.Objects.equals(had.calibration(), want.calibration())) {
      differences.add("calibrate/calibrateP " + had.calibration() + " vs " + want.calibration());
    }
    if (!previous.getTaskKey().equals(taskKey)) {
      differences.add("taskKey '" + previous.getTaskKey() + "' vs '" + taskKey + "'");
    }
    if (!differences.isEmpty()) {
      throw new IllegalArgumentException(
          "the previous model was trained with other hyperparameters (previous vs this trainer): "
              + String.join("; ", differences));
    }
  }

  private String modelName() {
    return getClass().getSimpleName().replace("Trainer", "").toLowerCase(java.util.Locale.ROOT)
        + "-continual-mlp";
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
    this.rng = new SplittableRandom(seed);
    for (int i = 0; i < invocationCount; i++) {
      rng.split();
    }
  }

  @Override
  public TrainerProvenance getProvenance() {
    return new TrainerProvenanceImpl(this);
  }

  /**
   * @return the hyperparameters shared by every method, for {@link #toString()}
   */
  protected String sharedParameters() {
    return "hiddenSizes="
        + hiddenSizes
        + ",epochs="
        + epochs
        + ",minibatchSize="
        + minibatchSize
        + ",learningRate="
        + learningRate
        + ",optimiser="
        + optimiser
        + (optimiser == OptimiserType.SGD ? ",momentum=" + momentum : "")
        + ",seed="
        + seed
        + ",headMode="
        + headMode
        + ",taskKey="
        + taskKey
        + (replaySize > 0 ? ",replaySize=" + replaySize : "")
        + (calibrate ? ",calibrate=true,calibrateP=" + calibrateP : "")
        + (featureNames.isEmpty() ? "" : ",featureNames=" + featureNames.size() + " names");
  }
}
