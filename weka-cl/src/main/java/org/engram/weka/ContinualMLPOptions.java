package org.engram.weka;

import static org.engram.weka.WekaOption.BATCH_SIZE;
import static org.engram.weka.WekaOption.CALIBRATE;
import static org.engram.weka.WekaOption.CALIBRATE_P;
import static org.engram.weka.WekaOption.CALIBRATE_TRIALS;
import static org.engram.weka.WekaOption.DAMPING;
import static org.engram.weka.WekaOption.EPOCHS;
import static org.engram.weka.WekaOption.FISHER;
import static org.engram.weka.WekaOption.GAMMA;
import static org.engram.weka.WekaOption.HIDDEN;
import static org.engram.weka.WekaOption.IMPORTANCE_SAMPLES;
import static org.engram.weka.WekaOption.KEEP_OPTIMISER_STATE;
import static org.engram.weka.WekaOption.LAMBDA;
import static org.engram.weka.WekaOption.LEARNING_RATE;
import static org.engram.weka.WekaOption.MOMENTUM;
import static org.engram.weka.WekaOption.OPTIMIZER;
import static org.engram.weka.WekaOption.PER_TASK_HEADS;
import static org.engram.weka.WekaOption.REPLAY_SIZE;
import static org.engram.weka.WekaOption.SEED;
import static org.engram.weka.WekaOption.TEMPERATURE;
import static org.engram.weka.WekaOption.WARMUP_EPOCHS;

import java.io.EOFException;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.EnumMap;
import java.util.Enumeration;
import java.util.Map;
import org.engram.cl.LearnerConfig;
import org.engram.cl.method.Method;
import weka.classifiers.RandomizableClassifier;
import weka.core.Option;
import weka.core.OptionMetadata;
import weka.core.SelectedTag;

/**
 * ContinualMLP's options as Weka bean properties: each is annotated with {@link OptionMetadata}
 * (name, command-line option, order in the dialog), and Weka's own {@link Option#setOptions},
 * {@link Option#getOptions} and {@link Option#listOptionsForClass} map them to the command line.
 * The values, their defaults, their checks and their help come from {@link WekaOption}, which takes
 * them from the core's descriptors. One flat list in the dialog, no categories (Weka turns each
 * category into a sub-dialog); the important fields first.
 *
 * <p>This class holds every value and declares the properties of the core's hyperparameters and
 * settings; ContinualMLP declares Weka's own (method, task attribute, input scaling, debug,
 * capabilities check, decimal places), so that each class stays readable. The parsing and checking
 * lives in {@link OptionParser}.
 */
public abstract class ContinualMLPOptions extends RandomizableClassifier {
  private static final long serialVersionUID = 1L;

  /** The option values, in the core's types; every option always has one. */
  private final EnumMap<WekaOption, Object> m_Values = new EnumMap<>(WekaOption.class);

  /** Creates the options at their defaults. */
  protected ContinualMLPOptions() {
    for (WekaOption o : WekaOption.values()) {
      m_Values.put(o, o.defaultValue());
    }
  }

  /**
   * @param o an option
   * @return its value, in the core's type
   */
  public Object value(WekaOption o) {
    return m_Values.get(o);
  }

  /**
   * @return a copy of every value
   */
  public Map<WekaOption, Object> values() {
    return new EnumMap<>(m_Values);
  }

  protected void put(WekaOption o, Object value) {
    m_Values.put(o, o.check(value));
    m_Changes++;
  }

  /** How many times an option was set: a cheap test that nothing changed since a given moment. */
  private transient int m_Changes;

  /**
   * @return how many times an option was set on this object (since it was created or read)
   */
  protected int changes() {
    return m_Changes;
  }

  protected String text(WekaOption o) {
    return o.format(m_Values.get(o));
  }

  protected SelectedTag tag(WekaOption o) {
    return o.tag(m_Values.get(o));
  }

  /**
   * @return the method chosen
   */
  public Method method() {
    return (Method) value(WekaOption.METHOD);
  }

  /**
   * @param numClasses class labels in the header
   * @return the core learner's configuration these options describe
   * @throws IllegalArgumentException if the core refuses the combination
   */
  public LearnerConfig learnerConfig(int numClasses) {
    return Configuration.learnerConfig(m_Values, numClasses);
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    StateChecksum.write(out, c -> c.add(m_Values));
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    try {
      in.defaultReadObject();
      StateChecksum.verify(in, c -> c.add(m_Values));
    } catch (EOFException e) {
      throw new InvalidObjectException(ModelFiles.TRUNCATED);
    }
  }

  // ------------------------------------------------------------------ command line

  /**
   * @return every option, with help generated from the core's descriptors
   */
  @Override
  public Enumeration<Option> listOptions() {
    return OptionParser.list(getClass()).elements();
  }

  /**
   * Parses the options into a fresh instance and copies them only when every value is valid, so a
   * refused call changes nothing. An option that the configuration would not read (a hyperparameter
   * the method does not use, momentum with Adam, ...) is kept, and the build names it once in
   * Weka's log ({@link Configuration#ignored}).
   *
   * @param options the options
   * @throws Exception naming each invalid option and the problem
   */
  @Override
  public void setOptions(String[] options) throws Exception {
    ContinualMLPOptions fresh = getClass().getDeclaredConstructor().newInstance();
    OptionParser.set(options, fresh);
    m_Values.clear();
    m_Values.putAll(fresh.m_Values);
    m_Changes++;
  }

  /**
   * @return the options in the dialog's order, leaving out those the configuration does not read
   *     that have their default value
   */
  @Override
  public String[] getOptions() {
    return OptionParser.get(this);
  }

  // ------------------------------------------------------------------ properties

  /** Returns λ: "auto", or a number ≥ 0. */
  @OptionMetadata(
      displayName = "lambda",
      description = org.engram.cl.Descriptions.LAMBDA,
      commandLineParamName = "lambda",
      commandLineParamSynopsis = "-lambda <auto|num>",
      displayOrder = 2)
  public String getLambda() {
    return text(LAMBDA);
  }

  /** Sets {@link #getLambda()}. */
  public void setLambda(String v) {
    put(LAMBDA, LAMBDA.parse(v));
  }

  /** Returns hidden layer sizes, e.g. "100,100", or "none". */
  @OptionMetadata(
      displayName = "hidden",
      description = org.engram.cl.Descriptions.HIDDEN,
      commandLineParamName = "hidden",
      commandLineParamSynopsis = "-hidden <sizes|none>",
      displayOrder = 4)
  public String getHidden() {
    return text(HIDDEN);
  }

  /** Sets {@link #getHidden()}. */
  public void setHidden(String v) {
    put(HIDDEN, HIDDEN.parse(v));
  }

  /** Returns epochs per task. */
  @OptionMetadata(
      displayName = "epochs",
      description = org.engram.cl.Descriptions.EPOCHS,
      commandLineParamName = "epochs",
      commandLineParamSynopsis = "-epochs <int>",
      displayOrder = 5)
  public int getEpochs() {
    return (Integer) value(EPOCHS);
  }

  /** Sets {@link #getEpochs()}. */
  public void setEpochs(int v) {
    put(EPOCHS, v);
  }

  /** Returns the training minibatch size (also the preferred batch size for batch prediction). */
  @Override
  @OptionMetadata(
      displayName = "batchSize",
      description = org.engram.cl.Descriptions.BATCH_SIZE,
      commandLineParamName = "batch-size",
      commandLineParamSynopsis = "-batch-size <int>",
      displayOrder = 6)
  public String getBatchSize() {
    return text(BATCH_SIZE);
  }

  /** Sets {@link #getBatchSize()}. */
  @Override
  public void setBatchSize(String v) {
    put(BATCH_SIZE, BATCH_SIZE.parse(v));
  }

  /** Returns the learning rate. */
  @OptionMetadata(
      displayName = "learningRate",
      description = org.engram.cl.Descriptions.LEARNING_RATE,
      commandLineParamName = "lr",
      commandLineParamSynopsis = "-lr <num>",
      displayOrder = 7)
  public double getLearningRate() {
    return (Double) value(LEARNING_RATE);
  }

  /** Sets {@link #getLearningRate()}. */
  public void setLearningRate(double v) {
    put(LEARNING_RATE, v);
  }

  /** Returns the optimiser. */
  @OptionMetadata(
      displayName = "optimizer",
      description = org.engram.cl.Descriptions.OPTIMISER,
      commandLineParamName = "optimizer",
      commandLineParamSynopsis = "-optimizer <SGD|ADAM>",
      displayOrder = 8)
  public SelectedTag getOptimizer() {
    return tag(OPTIMIZER);
  }

  /** Sets {@link #getOptimizer()}. */
  public void setOptimizer(SelectedTag v) {
    put(OPTIMIZER, OPTIMIZER.fromTag(v));
  }

  /** Returns whether each task has its own output layer. */
  @OptionMetadata(
      displayName = "perTaskHeads",
      description = org.engram.cl.Descriptions.HEAD_MODE,
      commandLineParamName = "per-task-heads",
      commandLineParamSynopsis = "-per-task-heads",
      commandLineParamIsFlag = true,
      displayOrder = 9)
  public boolean getPerTaskHeads() {
    return (Boolean) value(PER_TASK_HEADS);
  }

  /** Sets {@link #getPerTaskHeads()}. */
  public void setPerTaskHeads(boolean v) {
    put(PER_TASK_HEADS, v);
  }

  /** Returns the replay memory's capacity in rows. */
  @OptionMetadata(
      displayName = "replaySize",
      description = org.engram.cl.Descriptions.REPLAY_SIZE,
      commandLineParamName = "replay-size",
      commandLineParamSynopsis = "-replay-size <int>",
      displayOrder = 10)
  public int getReplaySize() {
    return (Integer) value(REPLAY_SIZE);
  }

  /** Sets {@link #getReplaySize()}. */
  public void setReplaySize(int v) {
    put(REPLAY_SIZE, v);
  }

  /** Returns whether a given λ is searched too. */
  @OptionMetadata(
      displayName = "calibrate",
      description = org.engram.cl.Descriptions.CALIBRATE,
      commandLineParamName = "calibrate",
      commandLineParamSynopsis = "-calibrate",
      commandLineParamIsFlag = true,
      displayOrder = 11)
  public boolean getCalibrate() {
    return (Boolean) value(CALIBRATE);
  }

  /** Sets {@link #getCalibrate()}. */
  public void setCalibrate(boolean v) {
    put(CALIBRATE, v);
  }

  /** Returns online EWC's γ. */
  @OptionMetadata(
      displayName = "gamma",
      description = org.engram.cl.Descriptions.GAMMA,
      commandLineParamName = "gamma",
      commandLineParamSynopsis = "-gamma <num>",
      displayOrder = 12)
  public double getGamma() {
    return (Double) value(GAMMA);
  }

  /** Sets {@link #getGamma()}. */
  public void setGamma(double v) {
    put(GAMMA, v);
  }

  /** Returns LwF's temperature. */
  @OptionMetadata(
      displayName = "temperature",
      description = org.engram.cl.Descriptions.TEMPERATURE,
      commandLineParamName = "temperature",
      commandLineParamSynopsis = "-temperature <num>",
      displayOrder = 13)
  public double getTemperature() {
    return (Double) value(TEMPERATURE);
  }

  /** Sets {@link #getTemperature()}. */
  public void setTemperature(double v) {
    put(TEMPERATURE, v);
  }

  /** Returns EWC's Fisher variant. */
  @OptionMetadata(
      displayName = "fisher",
      description = org.engram.cl.Descriptions.FISHER,
      commandLineParamName = "fisher",
      commandLineParamSynopsis = "-fisher <empirical|sampled|exact>",
      displayOrder = 14)
  public SelectedTag getFisher() {
    return tag(FISHER);
  }

  /** Sets {@link #getFisher()}. */
  public void setFisher(SelectedTag v) {
    put(FISHER, FISHER.fromTag(v));
  }

  /** Returns rows of each task the importance is estimated on. */
  @OptionMetadata(
      displayName = "importanceSamples",
      description = org.engram.cl.Descriptions.IMPORTANCE_SAMPLES,
      commandLineParamName = "importance-samples",
      commandLineParamSynopsis = "-importance-samples <int>",
      displayOrder = 15)
  public int getImportanceSamples() {
    return (Integer) value(IMPORTANCE_SAMPLES);
  }

  /** Sets {@link #getImportanceSamples()}. */
  public void setImportanceSamples(int v) {
    put(IMPORTANCE_SAMPLES, v);
  }

  /** Returns SI's damping ξ. */
  @OptionMetadata(
      displayName = "damping",
      description = org.engram.cl.Descriptions.DAMPING,
      commandLineParamName = "damping",
      commandLineParamSynopsis = "-damping <num>",
      displayOrder = 16)
  public double getDamping() {
    return (Double) value(DAMPING);
  }

  /** Sets {@link #getDamping()}. */
  public void setDamping(double v) {
    put(DAMPING, v);
  }

  /** Returns LwF's warm-up epochs. */
  @OptionMetadata(
      displayName = "warmupEpochs",
      description = org.engram.cl.Descriptions.WARMUP_EPOCHS,
      commandLineParamName = "warmup-epochs",
      commandLineParamSynopsis = "-warmup-epochs <int>",
      displayOrder = 17)
  public int getWarmupEpochs() {
    return (Integer) value(WARMUP_EPOCHS);
  }

  /** Sets {@link #getWarmupEpochs()}. */
  public void setWarmupEpochs(int v) {
    put(WARMUP_EPOCHS, v);
  }

  /** Returns the share of fine-tuning's gain on the new task a searched λ may give up. */
  @OptionMetadata(
      displayName = "calibrateP",
      description = org.engram.cl.Descriptions.CALIBRATE_P,
      commandLineParamName = "calibrate-p",
      commandLineParamSynopsis = "-calibrate-p <num>",
      displayOrder = 18)
  public double getCalibrateP() {
    return (Double) value(CALIBRATE_P);
  }

  /** Sets {@link #getCalibrateP()}. */
  public void setCalibrateP(double v) {
    put(CALIBRATE_P, v);
  }

  /** Returns the most trial trainings the λ search runs per task, the reference included. */
  @OptionMetadata(
      displayName = "calibrateTrials",
      description = org.engram.cl.Descriptions.CALIBRATE_TRIALS,
      commandLineParamName = "calibrate-trials",
      commandLineParamSynopsis = "-calibrate-trials <int>",
      displayOrder = 19)
  public int getCalibrateTrials() {
    return (Integer) value(CALIBRATE_TRIALS);
  }

  /** Sets {@link #getCalibrateTrials()}. */
  public void setCalibrateTrials(int v) {
    put(CALIBRATE_TRIALS, v);
  }

  /** Returns SGD's momentum. */
  @OptionMetadata(
      displayName = "momentum",
      description = org.engram.cl.Descriptions.MOMENTUM,
      commandLineParamName = "momentum",
      commandLineParamSynopsis = "-momentum <num>",
      displayOrder = 20)
  public double getMomentum() {
    return (Double) value(MOMENTUM);
  }

  /** Sets {@link #getMomentum()}. */
  public void setMomentum(double v) {
    put(MOMENTUM, v);
  }

  /** Returns whether the optimiser's state is kept from one task to the next. */
  @OptionMetadata(
      displayName = "keepOptimiserState",
      description = org.engram.cl.Descriptions.KEEP_OPTIMISER_STATE,
      commandLineParamName = "keep-optimiser-state",
      commandLineParamSynopsis = "-keep-optimiser-state",
      commandLineParamIsFlag = true,
      displayOrder = 21)
  public boolean getKeepOptimiserState() {
    return (Boolean) value(KEEP_OPTIMISER_STATE);
  }

  /** Sets {@link #getKeepOptimiserState()}. */
  public void setKeepOptimiserState(boolean v) {
    put(KEEP_OPTIMISER_STATE, v);
  }

  /** Returns the seed. */
  @Override
  @OptionMetadata(
      displayName = "seed",
      description = org.engram.cl.Descriptions.SEED,
      commandLineParamName = "S",
      commandLineParamSynopsis = "-S <int>",
      displayOrder = 23)
  public int getSeed() {
    return (Integer) value(SEED);
  }

  /** Sets {@link #getSeed()}. */
  @Override
  public void setSeed(int v) {
    put(SEED, v);
  }
}
