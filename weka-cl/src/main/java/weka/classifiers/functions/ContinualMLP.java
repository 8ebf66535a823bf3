package weka.classifiers.functions;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.engram.cl.ContinualLearner;
import org.engram.weka.BadInputException;
import org.engram.weka.Configuration;
import org.engram.weka.ContinualMLPOptions;
import org.engram.weka.Help;
import org.engram.weka.ModelFiles;
import org.engram.weka.ModelState;
import org.engram.weka.ModelText;
import org.engram.weka.Papers;
import org.engram.weka.Tips;
import org.engram.weka.WekaLog;
import org.engram.weka.WekaOption;
import weka.classifiers.UpdateableBatchProcessor;
import weka.classifiers.UpdateableClassifier;
import weka.core.Capabilities;
import weka.core.Capabilities.Capability;
import weka.core.Instance;
import weka.core.Instances;
import weka.core.LogHandler;
import weka.core.OptionMetadata;
import weka.core.RevisionUtils;
import weka.core.SelectedTag;
import weka.core.TechnicalInformation;
import weka.core.TechnicalInformationHandler;
import weka.core.WeightedInstancesHandler;
import weka.gui.ProgrammaticProperty;

/**
 * A multilayer perceptron that learns a sequence of tasks without forgetting the earlier ones,
 * protected by elastic weight consolidation (EWC), online EWC, memory aware synapses (MAS),
 * synaptic intelligence (SI), an L2 anchor or learning without forgetting (LwF); NONE (fine-tuning)
 * and JOINT (training on every task so far) are the lower and upper bounds.
 *
 * <p>This class keeps Weka's contract and delegates: the options are {@link ContinualMLPOptions},
 * what was learned is a {@link ModelState} (the core's {@code ContinualLearner}, the input
 * encoding, the task registry and the stream buffer), the description is {@link ModelText}. Task
 * boundaries come from a task attribute, from {@link #batchFinished()} at the end of a stream, or
 * from continuing a saved model. λ is chosen per task from the new task's data unless it is given.
 *
 * <p><b>Threads.</b> Training ({@link #buildClassifier}, {@link #updateClassifier}, {@link
 * #batchFinished}) must come from one thread at a time, as Weka's schemes assume; predictions
 * ({@link #distributionForInstance}, {@link #distributionsForInstances}) may run from any number of
 * threads while another thread runs {@code updateClassifier}, as KnowledgeFlow and server code do:
 * they see the model between two training steps, never during one or while an output layer grows. A
 * prediction first trains the rows still waiting for a full minibatch, so it reflects every row
 * given to {@code updateClassifier}.
 *
 * <p><b>Failures lose nothing.</b> A bad row (negative weight, a value that is not finite or too
 * large to standardise, a nominal index outside the header) is refused when it arrives, naming its
 * number in the stream and the attribute; a diverged training step stops with an error naming the
 * method, λ, the optimiser and the learning rate. Either way the model is as it was before the
 * call.
 *
 * <p>References (see {@code org.engram.cl.method.Method} for each method's paper and equation):
 *
 * <ul>
 *   <li>J. Kirkpatrick et al. Overcoming catastrophic forgetting in neural networks. PNAS
 *       114(13):3521-3526, 2017 (EWC, L2).
 *   <li>J. Schwarz et al. Progress &amp; Compress: a scalable framework for continual learning.
 *       ICML 2018 (online EWC).
 *   <li>F. Zenke, B. Poole, S. Ganguli. Continual learning through synaptic intelligence. ICML 2017
 *       (SI).
 *   <li>R. Aljundi et al. Memory aware synapses: learning what (not) to forget. ECCV 2018 (MAS).
 *   <li>Z. Li, D. Hoiem. Learning without forgetting. IEEE TPAMI 40(12):2935-2947, 2018 (LwF).
 * </ul>
 */
public class ContinualMLP extends ContinualMLPOptions
    implements UpdateableClassifier,
        UpdateableBatchProcessor,
        TechnicalInformationHandler,
        WeightedInstancesHandler,
        LogHandler {

  private static final long serialVersionUID = -4311625460872163905L;

  /** What was learned; null until built. */
  private volatile ModelState m_Model;

  /**
   * The options the model was built with (null until built, and in models saved before they were
   * kept): continued training goes on with those, so a change made since is refused rather than
   * silently not applied.
   */
  private volatile Map<WekaOption, Object> m_BuiltWith;

  /** {@link #changes()} when the options were last found as built: no set since, no comparison. */
  private transient volatile int m_CheckedAt;

  /** Options that do not change what is trained: they may change after the build. */
  private static final java.util.Set<WekaOption> NOT_TRAINING =
      java.util.EnumSet.of(
          WekaOption.DEBUG, WekaOption.DO_NOT_CHECK_CAPABILITIES, WekaOption.NUM_DECIMAL_PLACES);

  /** The log Weka handed over (the Explorer's Log panel), or null. */
  private transient weka.gui.Logger m_Log;

  /** Creates a classifier with the default options. */
  public ContinualMLP() {}

  /**
   * @return the description for the GUI; "More" shows it whole, with every option's help in the
   *     order of the dialog
   */
  public String globalInfo() {
    // The dialog's About box shows the first sentence only: keep it short.
    return "A multilayer perceptron that learns tasks in sequence without forgetting.\n\n"
        + "It learns a sequence of tasks one after another without"
        + " forgetting the earlier ones (continual learning). After each task it remembers which"
        + " weights mattered (EWC, online EWC, MAS, SI), anchors all weights (L2), or keeps a"
        + " snapshot of its own outputs (LwF), and protects them while it learns the next task."
        + " NONE trains with no protection (fine-tuning, the baseline that forgets); JOINT"
        + " retrains on every task so far (the upper bound; batch builds only). The strength"
        + " lambda is chosen for each task from that task's own data unless you give one.\n\n"
        + "Task boundaries: (1) a task attribute (taskAttribute): a build learns the tasks in"
        + " their order of appearance, and incremental training ends a task when its value"
        + " changes; it is never an input of the network. (2) The end of an incremental stream"
        + " (command line, KnowledgeFlow) ends a task. (3) A saved model continued on the"
        + " command line with -l model -t nextTask.arff -T test.arff -d new.model learns a new"
        + " task.\n\n"
        + "Inputs: nominal attributes are one-hot encoded; numeric attributes are standardised"
        + " with statistics fixed at the first task (doNotScaleInputs turns this off); missing"
        + " values encode as the mean (numeric) or as no category (nominal). Output units are"
        + " created for each class the first time it is seen; classes not seen yet get"
        + " probability 0 (class-incremental). All tasks share one output layer unless"
        + " perTaskHeads gives each task its own (task-incremental).\n\n"
        + Help.moreText()
        + "For more information see:\n\n"
        + getTechnicalInformation().toString();
  }

  /**
   * @return the methods' papers
   */
  @Override
  public TechnicalInformation getTechnicalInformation() {
    return Papers.all();
  }

  /**
   * @return nominal and numeric attributes, missing values, a nominal class; no minimum number of
   *     rows, since incremental callers first build on an empty header
   */
  @Override
  public Capabilities getCapabilities() {
    Capabilities result = super.getCapabilities();
    result.disableAll();
    result.enable(Capability.NOMINAL_ATTRIBUTES);
    result.enable(Capability.NUMERIC_ATTRIBUTES);
    result.enable(Capability.MISSING_VALUES);
    result.enable(Capability.NOMINAL_CLASS);
    result.enable(Capability.MISSING_CLASS_VALUES);
    result.setMinimumNumberInstances(0);
    return result;
  }

  // ------------------------------------------------------------------ training

  /**
   * Trains a new model from scratch: without a task attribute the data is one task; with one, the
   * tasks are learned in their order of appearance, each consolidated before the next. If the call
   * fails, the previous model is kept.
   *
   * @param data training data (an empty header is fine: incremental training follows)
   * @throws Exception if the data or an option is invalid, or training diverged
   */
  @Override
  public void buildClassifier(Instances data) throws Exception {
    Capabilities can = getCapabilities();
    if (!getDoNotCheckCapabilities()) {
      try {
        can.testWithFail(data);
      } catch (Exception e) {
        throw new BadInputException(e.getMessage() + offending(can, data));
      }
    }
    // the types are checked even when Weka's check is turned off: a string, date or relational
    // attribute or class would otherwise fail deep inside training, or train a model of the wrong
    // kind in silence (the capabilities of a ContinualMLP that checks: Weka's test passes
    // everything when its owner skips the check)
    can = new ContinualMLP().getCapabilities();
    for (int a = 0; a < data.numAttributes(); a++) {
      if (!can.test(data.attribute(a), a == data.classIndex())) {
        throw new BadInputException(can.getFailReason().getMessage() + offending(can, data));
      }
    }
    WekaLog log = new WekaLog(m_Log, getDebug());
    log.kernel();
    Map<WekaOption, Object> values = values();
    Configuration.ignored(values)
        .forEach(
            (o, why) -> {
              if (o != WekaOption.PER_TASK_HEADS) {
                log.warning(
                    why + ": " + o.property() + " = " + o.format(values.get(o)) + " is ignored");
              }
            });
    try (AutoCloseable core = log.coreMessages()) {
      m_Model = ModelState.train(data, this, log);
      m_BuiltWith = values;
      m_CheckedAt = changes();
    }
  }

  /**
   * Weka's capability messages say the type ("Cannot handle string attributes!"), not which
   * attribute has it: a header of many attributes leaves the user to search.
   *
   * @return " (attribute 'name', number n)" for the first attribute the capabilities refuse, or ""
   */
  private static String offending(Capabilities can, Instances data) {
    for (int a = 0; a < data.numAttributes(); a++) {
      if (!can.test(data.attribute(a), a == data.classIndex())) {
        return " (attribute '" + data.attribute(a).name() + "', number " + (a + 1) + ")";
      }
    }
    return "";
  }

  /**
   * Trains on one row of a stream. The row is checked when it arrives; rows are buffered into
   * minibatches of batchSize; a change of the task attribute's value ends the current task and
   * begins a new one. Rows with a missing class are skipped.
   *
   * @param instance the row
   * @throws Exception if no model was built, the row is refused, or training diverged (the model is
   *     then as it was before the call)
   */
  @Override
  public void updateClassifier(Instance instance) throws Exception {
    checkOptionsUnchanged();
    WekaLog log = new WekaLog(m_Log, getDebug());
    try (AutoCloseable core = log.coreMessages()) {
      model().update(instance, log);
    }
  }

  /**
   * Ends the stream: trains on the buffered rows and ends the task. Called by the command line and
   * the KnowledgeFlow at the end of a stream.
   *
   * @throws Exception if training diverged (the model is then as it was before the call)
   */
  @Override
  public void batchFinished() throws Exception {
    if (m_Model != null) {
      checkOptionsUnchanged();
      WekaLog log = new WekaLog(m_Log, getDebug());
      try (AutoCloseable core = log.coreMessages()) {
        m_Model.endStream(log);
      }
    }
  }

  private ModelState model() {
    ModelState m = m_Model;
    if (m == null) {
      throw new IllegalStateException(
          "ContinualMLP: no model built yet; call buildClassifier first (an empty header is"
              + " enough to start incremental training)");
    }
    return m;
  }

  // ------------------------------------------------------------------ prediction

  /**
   * @param instance the row (its class value is not used)
   * @return class probabilities, 0 for classes not seen in training yet
   * @throws Exception if no model was built or the row does not fit it
   */
  @Override
  public double[] distributionForInstance(Instance instance) throws Exception {
    ModelState m = model();
    // the row's own header is the one its values follow; the copy below takes the model's
    m.checkHeader(instance.dataset(), instance.numAttributes(), "the row to classify");
    Instances one = new Instances(m.header(), 1);
    one.add(instance);
    return m.distributions(one, new WekaLog(m_Log, getDebug()))[0];
  }

  /**
   * @return true: a batch goes through the network in one pass
   */
  @Override
  public boolean implementsMoreEfficientBatchPrediction() {
    return true;
  }

  /**
   * @param batch rows to classify
   * @return one distribution per row, of length numClasses
   * @throws Exception if no model was built or the rows do not fit it
   */
  @Override
  public double[][] distributionsForInstances(Instances batch) throws Exception {
    return model().distributions(batch, new WekaLog(m_Log, getDebug()));
  }

  // ------------------------------------------------------------------ Weka's own options

  /** Returns the method. */
  @OptionMetadata(
      displayName = "method",
      description = Tips.METHOD,
      commandLineParamName = "method",
      commandLineParamSynopsis = "-method <NONE|JOINT|EWC|ONLINE_EWC|MAS|SI|L2|LWF>",
      displayOrder = 1)
  public SelectedTag getMethod() {
    return tag(WekaOption.METHOD);
  }

  /** Sets {@link #getMethod()}. */
  public void setMethod(SelectedTag v) {
    put(WekaOption.METHOD, WekaOption.METHOD.fromTag(v));
  }

  /** Returns the task attribute (empty: none). */
  @OptionMetadata(
      displayName = "taskAttribute",
      description = Tips.TASK_ATTRIBUTE,
      commandLineParamName = "task-attribute",
      commandLineParamSynopsis = "-task-attribute <name|index|first|last>",
      displayOrder = 3)
  public String getTaskAttribute() {
    return text(WekaOption.TASK_ATTRIBUTE);
  }

  /** Sets {@link #getTaskAttribute()}. */
  public void setTaskAttribute(String v) {
    put(WekaOption.TASK_ATTRIBUTE, WekaOption.TASK_ATTRIBUTE.parse(v));
  }

  /** Returns whether numeric attributes are used as they are. */
  @OptionMetadata(
      displayName = "doNotScaleInputs",
      description = Tips.NO_SCALING,
      commandLineParamName = "no-scaling",
      commandLineParamSynopsis = "-no-scaling",
      commandLineParamIsFlag = true,
      displayOrder = 22)
  public boolean getDoNotScaleInputs() {
    return (Boolean) value(WekaOption.NO_SCALING);
  }

  /** Sets {@link #getDoNotScaleInputs()}. */
  public void setDoNotScaleInputs(boolean v) {
    put(WekaOption.NO_SCALING, v);
  }

  /** Returns whether training progress goes to Weka's log. */
  @Override
  @ProgrammaticProperty // kept out of the dialog so that it fits a 900-pixel screen
  @OptionMetadata(
      displayName = "debug",
      description = Tips.DEBUG,
      commandLineParamName = "output-debug-info",
      commandLineParamSynopsis = "-output-debug-info",
      commandLineParamIsFlag = true,
      displayOrder = 24)
  public boolean getDebug() {
    return (Boolean) value(WekaOption.DEBUG);
  }

  /** Sets {@link #getDebug()}. */
  @Override
  public void setDebug(boolean v) {
    put(WekaOption.DEBUG, v);
  }

  /** Returns whether Weka's capabilities check is skipped. */
  @Override
  @ProgrammaticProperty // kept out of the dialog so that it fits a 900-pixel screen
  @OptionMetadata(
      displayName = "doNotCheckCapabilities",
      description = Tips.NO_CHECK,
      commandLineParamName = "do-not-check-capabilities",
      commandLineParamSynopsis = "-do-not-check-capabilities",
      commandLineParamIsFlag = true,
      displayOrder = 25)
  public boolean getDoNotCheckCapabilities() {
    return (Boolean) value(WekaOption.DO_NOT_CHECK_CAPABILITIES);
  }

  /** Sets {@link #getDoNotCheckCapabilities()}. */
  @Override
  public void setDoNotCheckCapabilities(boolean v) {
    put(WekaOption.DO_NOT_CHECK_CAPABILITIES, v);
  }

  /** Returns decimal places of the numbers in the model's description. */
  @Override
  @ProgrammaticProperty // kept out of the dialog so that it fits a 900-pixel screen
  @OptionMetadata(
      displayName = "numDecimalPlaces",
      description = Tips.DECIMAL_PLACES,
      commandLineParamName = "num-decimal-places",
      commandLineParamSynopsis = "-num-decimal-places <int>",
      displayOrder = 26)
  public int getNumDecimalPlaces() {
    return (Integer) value(WekaOption.NUM_DECIMAL_PLACES);
  }

  /** Sets {@link #getNumDecimalPlaces()}. */
  @Override
  public void setNumDecimalPlaces(int v) {
    put(WekaOption.NUM_DECIMAL_PLACES, v);
  }

  // ------------------------------------------------------------------ reading

  /**
   * @return a description of the model: method, λ per task and its cost, network, tasks, classes
   */
  @Override
  public String toString() {
    ModelState m = m_Model;
    return m == null ? "ContinualMLP: no model built yet." : ModelText.of(m, getNumDecimalPlaces());
  }

  /**
   * @return the core learner (for tests and tools that read the network), or null before training
   */
  public ContinualLearner learner() {
    ModelState m = m_Model;
    return m == null ? null : m.learner();
  }

  /**
   * @param log the log Weka hands over (the Explorer's Log panel)
   */
  @Override
  public void setLog(weka.gui.Logger log) {
    m_Log = log;
  }

  /**
   * @return the log Weka handed over, or null (not an option: hidden from the GUI)
   */
  @Override
  @ProgrammaticProperty
  public weka.gui.Logger getLog() {
    return m_Log;
  }

  /**
   * Refuses to go on training a built model whose options were changed since the build (by {@code
   * setOptions} or a setter, e.g. a KnowledgeFlow step's dialog): the model learns with the options
   * it was built with, and would report the new ones.
   */
  private void checkOptionsUnchanged() {
    Map<WekaOption, Object> built = m_BuiltWith;
    int changes = changes();
    if (built == null || changes == m_CheckedAt) {
      return; // nothing set since the last look: one int per streamed row, not a map
    }
    Map<WekaOption, Object> now = values();
    List<String> changed = new java.util.ArrayList<>();
    for (WekaOption o : WekaOption.values()) {
      if (!NOT_TRAINING.contains(o) && !Objects.equals(built.get(o), now.get(o))) {
        changed.add(
            o.property()
                + " (-"
                + o.cli()
                + ") "
                + o.format(built.get(o))
                + " -> "
                + o.format(now.get(o)));
      }
    }
    if (!changed.isEmpty()) {
      throw new BadInputException(
          "options changed since the model was built: "
              + String.join(", ", changed)
              + ". A built model goes on learning with the options it was built with: set them"
              + " back, or build a new model (buildClassifier) to train with the new ones");
    }
    m_CheckedAt = changes;
  }

  private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
    out.defaultWriteObject();
    ModelFiles.writeChecksum(out, m_Model != null, m_BuiltWith, values());
  }

  private void readObject(java.io.ObjectInputStream in)
      throws java.io.IOException, ClassNotFoundException {
    in.defaultReadObject();
    ModelFiles.verifyChecksum(in, m_Model != null, m_BuiltWith, this::values);
  }

  /**
   * Checks the command line's files before Weka reads them ({@link ModelFiles}): an empty or
   * truncated model file ({@code -l}), and a bad row in an ARFF training or test file ({@code -t},
   * {@code -T}), are reported as such, before anything trains and without a stack trace.
   *
   * @throws Exception naming the file and the problem
   */
  @Override
  public void preExecution() throws Exception {
    ModelFiles.checkThisCommandLine();
  }

  /**
   * @return the revision
   */
  @Override
  public String getRevision() {
    return RevisionUtils.extract("$Revision: 2 $");
  }

  /**
   * Runs the classifier from the command line.
   *
   * @param args the options
   */
  public static void main(String[] args) {
    try {
      ModelFiles.checkArguments(List.of(args));
    } catch (BadInputException e) {
      System.err.println(e.getMessage());
      return;
    }
    runClassifier(new ContinualMLP(), args);
  }
}
