package weka.classifiers.functions;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Vector;
import org.engram.cl.Calibration;
import org.engram.cl.ContinualLearner;
import org.engram.cl.HeadMode;
import org.engram.cl.LearnerConfig;
import org.engram.cl.TaskReport;
import org.engram.cl.TrainingListener;
import org.engram.cl.data.TaskData;
import org.engram.cl.method.Hyperparameter;
import org.engram.cl.method.Method;
import org.engram.cl.method.MethodSpec;
import org.engram.cl.optim.OptimiserSpec;
import org.engram.weka.InputEncoder;
import org.engram.weka.Options;
import weka.classifiers.RandomizableClassifier;
import weka.classifiers.UpdateableBatchProcessor;
import weka.classifiers.UpdateableClassifier;
import weka.core.Capabilities;
import weka.core.Capabilities.Capability;
import weka.core.Instance;
import weka.core.Instances;
import weka.core.Option;
import weka.core.OptionMetadata;
import weka.core.RevisionUtils;
import weka.core.SelectedTag;
import weka.core.Tag;
import weka.core.TechnicalInformation;
import weka.core.TechnicalInformation.Field;
import weka.core.TechnicalInformation.Type;
import weka.core.TechnicalInformationHandler;
import weka.core.Utils;
import weka.core.WeightedInstancesHandler;

/**
 * A multilayer perceptron that learns a sequence of tasks without forgetting the earlier ones,
 * protected by elastic weight consolidation (EWC), online EWC, memory aware synapses (MAS),
 * synaptic intelligence (SI), an L2 anchor or learning without forgetting (LwF).
 *
 * <p>This class only adapts Weka's API to Engram's {@code org.engram.cl.ContinualLearner}, which
 * holds the network and every method's logic. Task boundaries come from a task attribute, from
 * {@link #batchFinished()} at the end of a stream, or from continuing a saved model.
 *
 * <p>References:
 *
 * <ul>
 *   <li>J. Kirkpatrick et al. Overcoming catastrophic forgetting in neural networks. PNAS
 *       114(13):3521-3526, 2017 (EWC).
 *   <li>J. Schwarz et al. Progress &amp; Compress: a scalable framework for continual learning.
 *       ICML 2018 (online EWC).
 *   <li>F. Zenke, B. Poole, S. Ganguli. Continual learning through synaptic intelligence. ICML 2017
 *       (SI).
 *   <li>R. Aljundi et al. Memory aware synapses: learning what (not) to forget. ECCV 2018 (MAS).
 *   <li>Z. Li, D. Hoiem. Learning without forgetting. IEEE TPAMI 40(12):2935-2947, 2018 (LwF).
 * </ul>
 */
public class ContinualMLP extends RandomizableClassifier
    implements UpdateableClassifier,
        UpdateableBatchProcessor,
        TechnicalInformationHandler,
        WeightedInstancesHandler {

  private static final long serialVersionUID = -4311625460872163904L;

  /** Method tag id: no protection (fine-tuning). */
  public static final int METHOD_NONE = 0;

  /** Method tag id: elastic weight consolidation. */
  public static final int METHOD_EWC = 1;

  /** Method tag id: online EWC. */
  public static final int METHOD_ONLINE_EWC = 2;

  /** Method tag id: memory aware synapses. */
  public static final int METHOD_MAS = 3;

  /** Method tag id: synaptic intelligence. */
  public static final int METHOD_SI = 4;

  /** Method tag id: learning without forgetting. */
  public static final int METHOD_LWF = 5;

  /** Method tag id: L2 distance to the previous task's weights. */
  public static final int METHOD_L2 = 6;

  /** The methods; the readable string of each tag is its command-line token. */
  public static final Tag[] TAGS_METHOD = {
    new Tag(METHOD_NONE, "NONE"),
    new Tag(METHOD_EWC, "EWC"),
    new Tag(METHOD_ONLINE_EWC, "ONLINE_EWC"),
    new Tag(METHOD_MAS, "MAS"),
    new Tag(METHOD_SI, "SI"),
    new Tag(METHOD_LWF, "LWF"),
    new Tag(METHOD_L2, "L2"),
  };

  private static final Method[] KINDS = {
    Method.FINE_TUNE, Method.EWC, Method.ONLINE_EWC, Method.MAS, Method.SI, Method.LWF, Method.L2,
  };

  /** Optimizer tag id: Adam. */
  public static final int OPTIMIZER_ADAM = 0;

  /** Optimizer tag id: SGD with momentum 0.9. */
  public static final int OPTIMIZER_SGD = 1;

  /** The optimizers; the readable string of each tag is its command-line token. */
  public static final Tag[] TAGS_OPTIMIZER = {
    new Tag(OPTIMIZER_ADAM, "ADAM"), new Tag(OPTIMIZER_SGD, "SGD"),
  };

  private static final double SGD_MOMENTUM = 0.9;
  private static final String DEFAULT_HIDDEN = "100,100";
  private static final int DEFAULT_EPOCHS = 10;
  private static final int DEFAULT_BATCH = 32;
  private static final double DEFAULT_LR = 0.001;
  private static final int DEFAULT_SAMPLES = 1000;
  private static final double DEFAULT_GAMMA = 1.0;
  private static final double DEFAULT_TEMPERATURE = 2.0;

  // ---------------------------------------------------------------- options

  private int m_Method = METHOD_EWC;
  private double m_Lambda = -1;
  private double m_Gamma = DEFAULT_GAMMA;
  private double m_Temperature = DEFAULT_TEMPERATURE;
  private String m_Hidden = DEFAULT_HIDDEN;
  private int m_Epochs = DEFAULT_EPOCHS;
  private int m_TrainBatchSize = DEFAULT_BATCH;
  private double m_LearningRate = DEFAULT_LR;
  private int m_Optimizer = OPTIMIZER_ADAM;
  private int m_ImportanceSamples = DEFAULT_SAMPLES;
  private String m_TaskAttribute = "";
  private boolean m_PerTaskHeads;
  private int m_ReplaySize;
  private boolean m_Calibrate;
  private boolean m_DoNotScaleInputs;

  // ---------------------------------------------------------------- model

  /** The training header (no rows); null until built. */
  private Instances m_Header;

  private InputEncoder m_Encoder;

  /** The learner; serialized through its own versioned byte format (see writeObject). */
  private transient ContinualLearner m_Learner;

  /** 0-based index of the task attribute in the header, or -1. */
  private int m_TaskIndex = -1;

  /** Name of every task begun, indexed by the learner's task id. */
  private ArrayList<String> m_TaskNames = new ArrayList<>();

  /** With per-task heads: the learner's task id (head) of each task label. */
  private LinkedHashMap<String, Integer> m_HeadIds = new LinkedHashMap<>();

  /** The λ each task of the last batch build was trained with (chosen per task by -calibrate). */
  private double[] m_LambdaPerTask;

  /** Rows trained on per task. */
  private ArrayList<Long> m_TaskRows = new ArrayList<>();

  /** Task-attribute value of the open streamed task (NaN: none, or no task attribute). */
  private double m_OpenKey = Double.NaN;

  /** Streamed rows waiting for a full minibatch: values in header order. */
  private ArrayList<double[]> m_Pending = new ArrayList<>();

  /** Weights of the pending rows. */
  private ArrayList<Double> m_PendingWeights = new ArrayList<>();

  /** Accuracy on each task's training rows after each task of the last batch build, or null. */
  private double[][] m_TrainAccuracy;

  /** The last dataset found equal to the header, so each stream is compared once. */
  private transient Instances m_CheckedHeader;

  /** Creates a classifier with the default options (EWC, hidden 100,100, Adam 0.001). */
  public ContinualMLP() {
    setSeed(1);
  }

  /**
   * @return a description for the GUI
   */
  public String globalInfo() {
    return "A multilayer perceptron that learns a sequence of tasks one after another without "
        + "forgetting the earlier ones (continual learning). After each task it remembers which "
        + "weights mattered (EWC, online EWC, MAS, SI), anchors all weights (L2), or keeps a "
        + "snapshot of its own outputs (LwF), and protects them while it learns the next task. "
        + "NONE trains with no protection (fine-tuning), the baseline that forgets.\n\n"
        + "Task boundaries: (1) a task attribute (option taskAttribute): buildClassifier learns "
        + "the tasks in their order of appearance, and incremental training consolidates when "
        + "its value changes; it is never an input of the network. (2) The end of an "
        + "incremental stream (command line, KnowledgeFlow) ends a task. (3) A saved model "
        + "continued on the command line with -l model -t nextTask.arff -T test.arff -d "
        + "new.model learns a new task.\n\n"
        + "Inputs: nominal attributes are one-hot encoded; numeric attributes are standardised "
        + "with statistics fixed at the first task, so later tasks never move the inputs of "
        + "the tasks already learned (put the first task's data on the scale you want, or "
        + "normalise all tasks the same way beforehand); missing values encode as the mean "
        + "(numeric) or as no category (nominal). Output units are created for each class the "
        + "first time it is seen; classes not seen yet get probability 0 "
        + "(class-incremental). All tasks share one output layer unless perTaskHeads gives each "
        + "task value its own (task-incremental; the task attribute is then needed to "
        + "classify).\n\n"
        + "For more information see:\n\n"
        + getTechnicalInformation().toString();
  }

  /**
   * @return the papers of the methods
   */
  @Override
  public TechnicalInformation getTechnicalInformation() {
    TechnicalInformation ewc = new TechnicalInformation(Type.ARTICLE);
    ewc.setValue(
        Field.AUTHOR,
        "James Kirkpatrick and Razvan Pascanu and Neil Rabinowitz and Joel Veness and Guillaume"
            + " Desjardins and Andrei A. Rusu and Kieran Milan and John Quan and Tiago Ramalho and"
            + " Agnieszka Grabska-Barwinska and Demis Hassabis and Claudia Clopath and Dharshan"
            + " Kumaran and Raia Hadsell");
    ewc.setValue(Field.TITLE, "Overcoming catastrophic forgetting in neural networks");
    ewc.setValue(Field.JOURNAL, "Proceedings of the National Academy of Sciences");
    ewc.setValue(Field.YEAR, "2017");
    ewc.setValue(Field.VOLUME, "114");
    ewc.setValue(Field.NUMBER, "13");
    ewc.setValue(Field.PAGES, "3521-3526");

    TechnicalInformation lwf = ewc.add(Type.ARTICLE);
    lwf.setValue(Field.AUTHOR, "Zhizhong Li and Derek Hoiem");
    lwf.setValue(Field.TITLE, "Learning without Forgetting");
    lwf.setValue(Field.JOURNAL, "IEEE Transactions on Pattern Analysis and Machine Intelligence");
    lwf.setValue(Field.YEAR, "2018");
    lwf.setValue(Field.VOLUME, "40");
    lwf.setValue(Field.NUMBER, "12");
    lwf.setValue(Field.PAGES, "2935-2947");

    TechnicalInformation mas = ewc.add(Type.INPROCEEDINGS);
    mas.setValue(
        Field.AUTHOR,
        "Rahaf Aljundi and Francesca Babiloni and Mohamed Elhoseiny and Marcus Rohrbach and"
            + " Tinne Tuytelaars");
    mas.setValue(Field.TITLE, "Memory Aware Synapses: Learning What (not) to Forget");
    mas.setValue(Field.BOOKTITLE, "Computer Vision - ECCV 2018");
    mas.setValue(Field.YEAR, "2018");
    mas.setValue(Field.PUBLISHER, "Springer");

    TechnicalInformation si = ewc.add(Type.INPROCEEDINGS);
    si.setValue(Field.AUTHOR, "Friedemann Zenke and Ben Poole and Surya Ganguli");
    si.setValue(Field.TITLE, "Continual Learning Through Synaptic Intelligence");
    si.setValue(
        Field.BOOKTITLE, "Proceedings of the 34th International Conference on Machine Learning");
    si.setValue(Field.YEAR, "2017");
    si.setValue(Field.PAGES, "3987-3995");

    TechnicalInformation online = ewc.add(Type.INPROCEEDINGS);
    online.setValue(
        Field.AUTHOR,
        "Jonathan Schwarz and Wojciech Czarnecki and Jelena Luketina and Agnieszka"
            + " Grabska-Barwinska and Yee Whye Teh and Razvan Pascanu and Raia Hadsell");
    online.setValue(
        Field.TITLE, "Progress and Compress: A scalable framework for continual learning");
    online.setValue(
        Field.BOOKTITLE, "Proceedings of the 35th International Conference on Machine Learning");
    online.setValue(Field.YEAR, "2018");
    online.setValue(Field.PAGES, "4528-4537");
    return ewc;
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

  // ---------------------------------------------------------------- training

  /**
   * Trains a new model from scratch: without a task attribute the data is one task; with one, the
   * tasks are learned in their order of appearance, each consolidated before the next. If the call
   * fails, the previous model is kept.
   *
   * @param data training data (an empty header is fine: incremental training follows)
   * @throws Exception if the data or an option is invalid
   */
  @Override
  public void buildClassifier(Instances data) throws Exception {
    getCapabilities().testWithFail(data);
    Instances train = new Instances(data);
    train.deleteWithMissingClass();
    int taskIndex = Options.resolveTaskAttribute(m_TaskAttribute, train);
    if (m_PerTaskHeads && taskIndex < 0) {
      throw new IllegalArgumentException(
          "option -per-task-heads needs a task attribute (option -task-attribute): a row's task"
              + " chooses its output layer");
    }
    LearnerConfig config = learnerConfig(train.numClasses());
    InputEncoder encoder = new InputEncoder(train, taskIndex, !m_DoNotScaleInputs);
    ContinualLearner learner = new ContinualLearner(config, encoder.width());

    // Group the rows by task, tasks in order of first appearance.
    Map<Double, List<Integer>> groups = new LinkedHashMap<>();
    for (int r = 0; r < train.numInstances(); r++) {
      double key = 0;
      if (taskIndex >= 0) {
        key = train.instance(r).value(taskIndex);
        if (Utils.isMissingValue(key)) {
          throw new IllegalArgumentException(
              "row "
                  + (r + 1)
                  + " has no value for the task attribute '"
                  + train.attribute(taskIndex).name()
                  + "'");
        }
      }
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
    }
    if (!groups.isEmpty()) {
      for (int r : groups.values().iterator().next()) {
        encoder.observe(train.instance(r).toDoubleArray());
      }
      encoder.freeze();
    }
    List<TaskData> tasks = new ArrayList<>();
    ArrayList<String> names = new ArrayList<>();
    ArrayList<Long> rows = new ArrayList<>();
    for (Map.Entry<Double, List<Integer>> g : groups.entrySet()) {
      tasks.add(encode(train, g.getValue(), encoder));
      names.add(
          taskIndex >= 0 ? Options.taskLabel(train, taskIndex, g.getKey()) : train.relationName());
      rows.add((long) g.getValue().size());
    }
    double[][] accuracy = new double[tasks.size()][tasks.size()];
    TrainingListener listener = listener();
    LinkedHashMap<String, Integer> heads = new LinkedHashMap<>();
    double[] lambdas = new double[tasks.size()];
    for (int t = 0; t < tasks.size(); t++) {
      lambdas[t] = learner.learnTask(tasks.get(t), t, listener).lambda();
      heads.put(names.get(t), t);
      for (int j = 0; j < tasks.size(); j++) {
        // A later task has no head yet when each task has its own.
        accuracy[t][j] = learner.canPredict(j) ? learner.accuracy(tasks.get(j), j) : Double.NaN;
      }
    }
    // Everything succeeded: only now replace the previous model.
    m_Header = new Instances(train, 0);
    m_Encoder = encoder;
    m_Learner = learner;
    m_TaskIndex = taskIndex;
    m_TaskNames = names;
    m_TaskRows = rows;
    m_HeadIds = m_PerTaskHeads ? heads : new LinkedHashMap<>();
    m_LambdaPerTask = lambdas;
    m_OpenKey = Double.NaN;
    m_Pending = new ArrayList<>();
    m_PendingWeights = new ArrayList<>();
    m_TrainAccuracy = tasks.size() > 1 ? accuracy : null;
    m_CheckedHeader = null;
  }

  private TaskData encode(Instances data, List<Integer> rows, InputEncoder encoder) {
    int width = encoder.width();
    float[] x = new float[rows.size() * width];
    int[] y = new int[rows.size()];
    float[] w = new float[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      Instance inst = data.instance(rows.get(i));
      encoder.encode(inst.toDoubleArray(), x, i * width);
      y[i] = (int) inst.classValue();
      w[i] = (float) inst.weight();
    }
    return new TaskData(x, width, y, w, null);
  }

  /**
   * Trains on one row of a stream. Rows are buffered into minibatches of batchSize; a change of the
   * task attribute's value ends the current task (consolidation) and begins a new one. Rows with a
   * missing class are skipped.
   *
   * @param instance the row
   * @throws Exception if no model was built, or the row's header differs from the model's
   */
  @Override
  public void updateClassifier(Instance instance) throws Exception {
    requireModel();
    checkHeader(instance);
    if (instance.classIsMissing()) {
      return;
    }
    double key = Double.NaN;
    if (m_TaskIndex >= 0) {
      key = instance.value(m_TaskIndex);
      if (Utils.isMissingValue(key)) {
        throw new IllegalArgumentException(
            "the row has no value for the task attribute '"
                + m_Header.attribute(m_TaskIndex).name()
                + "'");
      }
      if (m_Learner.openTask() >= 0 && key != m_OpenKey) {
        finishTask();
      }
    }
    if (m_Learner.openTask() < 0) {
      int id = m_TaskNames.size();
      String name =
          m_TaskIndex >= 0
              ? Options.taskLabel(m_Header, m_TaskIndex, key)
              : (instance.dataset() != null ? instance.dataset().relationName() : "task " + id);
      if (perTaskHeads()) {
        // The same task value always trains (and predicts with) the same head.
        Integer head = m_HeadIds.get(name);
        id = head != null ? head : m_HeadIds.size();
        m_HeadIds.put(name, id);
      }
      m_Learner.beginTask(id);
      m_TaskNames.add(name);
      m_TaskRows.add(0L);
      m_OpenKey = key;
    }
    m_Pending.add(instance.toDoubleArray());
    m_PendingWeights.add(instance.weight());
    if (m_Pending.size() >= m_Learner.config().batchSize()) {
      flush();
    }
  }

  /**
   * Ends the streamed task: trains on the buffered rows and consolidates. Called by the command
   * line and the KnowledgeFlow at the end of a stream.
   *
   * @throws Exception never for a valid model
   */
  @Override
  public void batchFinished() throws Exception {
    if (m_Learner != null && m_Learner.openTask() >= 0) {
      finishTask();
    }
  }

  private void finishTask() {
    flush();
    m_Learner.endTask();
    m_Encoder.freeze();
    m_OpenKey = Double.NaN;
  }

  /**
   * Trains on the buffered rows: each minibatch is seen {@code epochs} times, so a stream, which
   * passes once, still trains about as much per row as a batch build.
   */
  private void flush() {
    int n = m_Pending.size();
    if (n == 0) {
      return;
    }
    for (double[] row : m_Pending) {
      m_Encoder.observe(row);
    }
    int width = m_Encoder.width();
    int passes = m_Learner.config().epochs();
    int classIndex = m_Header.classIndex();
    float[] x = new float[n * passes * width];
    int[] y = new int[n * passes];
    float[] w = new float[n * passes];
    for (int i = 0; i < n; i++) {
      m_Encoder.encode(m_Pending.get(i), x, i * width);
      y[i] = (int) m_Pending.get(i)[classIndex];
      w[i] = m_PendingWeights.get(i).floatValue();
    }
    for (int p = 1; p < passes; p++) {
      System.arraycopy(x, 0, x, p * n * width, n * width);
      System.arraycopy(y, 0, y, p * n, n);
      System.arraycopy(w, 0, w, p * n, n);
    }
    m_Learner.update(new TaskData(x, width, y, w, null));
    int t = m_TaskRows.size() - 1;
    m_TaskRows.set(t, m_TaskRows.get(t) + n);
    m_Pending.clear();
    m_PendingWeights.clear();
  }

  private void requireModel() {
    if (m_Learner == null) {
      throw new IllegalStateException(
          "ContinualMLP: no model built yet; call buildClassifier first (an empty header is"
              + " enough to start incremental training)");
    }
  }

  private void checkHeader(Instance instance) {
    Instances ds = instance.dataset();
    if (ds == null) {
      if (instance.numAttributes() != m_Header.numAttributes()) {
        throw new IllegalArgumentException(
            "the row has "
                + instance.numAttributes()
                + " attributes, the model was built on "
                + m_Header.numAttributes());
      }
      return;
    }
    if (ds == m_CheckedHeader) {
      return;
    }
    String msg = m_Header.equalHeadersMsg(ds);
    if (msg != null) {
      throw new IllegalArgumentException(
          "the data's header differs from the one the model was built on: " + msg);
    }
    m_CheckedHeader = ds;
  }

  private TrainingListener listener() {
    final boolean debug = getDebug();
    return new TrainingListener() {
      @Override
      public void epochFinished(int taskId, int epoch, int epochs, double meanLoss) {
        if (debug) {
          System.err.printf(
              Locale.ROOT,
              "ContinualMLP: task %d, epoch %d/%d, mean loss %.5f%n",
              taskId + 1,
              epoch,
              epochs,
              meanLoss);
        }
      }

      @Override
      public void taskFinished(TaskReport report) {
        if (debug) {
          System.err.println("ContinualMLP: " + report);
        }
      }

      @Override
      public boolean isCancelled() {
        // The Explorer's Stop button interrupts the training thread: stop cleanly.
        return Thread.currentThread().isInterrupted();
      }
    };
  }

  /**
   * @param numClasses number of class labels in the header
   * @return the learner configuration from the current options
   */
  private LearnerConfig learnerConfig(int numClasses) {
    Method kind = KINDS[m_Method];
    MethodSpec spec = MethodSpec.of(kind);
    if (m_Lambda >= 0 && kind.hasLambda()) {
      spec = spec.withLambda(m_Lambda);
    }
    if (kind.uses(Hyperparameter.GAMMA)) {
      spec = spec.with(Hyperparameter.GAMMA, m_Gamma);
    }
    if (kind.uses(Hyperparameter.TEMPERATURE)) {
      spec = spec.with(Hyperparameter.TEMPERATURE, m_Temperature);
    }
    if (kind.uses(Hyperparameter.IMPORTANCE_SAMPLES)) {
      spec = spec.with(Hyperparameter.IMPORTANCE_SAMPLES, m_ImportanceSamples);
    }
    OptimiserSpec optimiser =
        m_Optimizer == OPTIMIZER_SGD
            ? OptimiserSpec.sgd(m_LearningRate, SGD_MOMENTUM)
            : OptimiserSpec.adam(m_LearningRate);
    return LearnerConfig.builder()
        .hidden(Options.parseHidden(hiddenSpec()))
        .headMode(m_PerTaskHeads ? HeadMode.PER_TASK : HeadMode.SHARED)
        .optimiser(optimiser)
        .epochs(m_Epochs)
        .batchSize(m_TrainBatchSize)
        .seed(getSeed())
        .method(spec)
        .maxClasses(Math.max(1, numClasses))
        .replaySize(m_ReplaySize)
        .calibration(m_Calibrate ? Calibration.defaults() : null)
        .build();
  }

  private String hiddenSpec() {
    return m_Hidden.trim().equalsIgnoreCase("none") ? "" : m_Hidden;
  }

  // ---------------------------------------------------------------- prediction

  /**
   * @param instance the row (its class value is not used)
   * @return class probabilities, 0 for classes not seen in training yet
   * @throws Exception if no model was built
   */
  @Override
  public double[] distributionForInstance(Instance instance) throws Exception {
    requireModel();
    Instances one = new Instances(m_Header, 1);
    one.add(instance);
    return distributionsForInstances(one)[0];
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
   * @throws Exception if no model was built or the rows do not fit the model
   */
  @Override
  public double[][] distributionsForInstances(Instances batch) throws Exception {
    requireModel();
    if (batch.numAttributes() != m_Header.numAttributes()) {
      throw new IllegalArgumentException(
          "the rows have "
              + batch.numAttributes()
              + " attributes, the model was built on "
              + m_Header.numAttributes());
    }
    int k = m_Header.numClasses();
    int n = batch.numInstances();
    double[][] out = new double[n][k];
    // Rows by head: one shared head, or the head of each row's task.
    Map<Integer, List<Integer>> byHead = new LinkedHashMap<>();
    for (int r = 0; r < n; r++) {
      byHead.computeIfAbsent(headOf(batch.instance(r)), h -> new ArrayList<>()).add(r);
    }
    int width = m_Encoder.width();
    for (Map.Entry<Integer, List<Integer>> e : byHead.entrySet()) {
      List<Integer> rows = e.getValue();
      if (!m_Learner.canPredict(e.getKey())) {
        // Nothing learned yet: every class is equally likely.
        for (int r : rows) {
          java.util.Arrays.fill(out[r], 1.0 / k);
        }
        continue;
      }
      float[] x = new float[rows.size() * width];
      for (int i = 0; i < rows.size(); i++) {
        m_Encoder.encode(batch.instance(rows.get(i)).toDoubleArray(), x, i * width);
      }
      float[][] p =
          m_Learner.predictProbabilities(
              new TaskData(x, width, new int[rows.size()], null, null), e.getKey());
      int[] classes = m_Learner.classes(e.getKey());
      for (int i = 0; i < p.length; i++) {
        double[] d = out[rows.get(i)];
        double sum = 0;
        for (int u = 0; u < classes.length; u++) {
          d[classes[u]] = p[i][u];
          sum += p[i][u];
        }
        if (sum > 0) {
          Utils.normalize(d, sum);
        }
      }
    }
    return out;
  }

  private boolean perTaskHeads() {
    return m_Learner.config().headMode() == HeadMode.PER_TASK;
  }

  /** The learner task id whose head predicts a row (0 with a shared head). */
  private int headOf(Instance row) {
    if (!perTaskHeads()) {
      return 0;
    }
    double v = row.value(m_TaskIndex);
    if (Utils.isMissingValue(v)) {
      throw new IllegalArgumentException(
          "with per-task heads a row needs a value for the task attribute '"
              + m_Header.attribute(m_TaskIndex).name()
              + "' to be classified");
    }
    String name = Options.taskLabel(m_Header, m_TaskIndex, v);
    Integer head = m_HeadIds.get(name);
    if (head == null) {
      throw new IllegalArgumentException(
          "task '"
              + name
              + "' has no output layer yet; the model knows tasks "
              + m_HeadIds.keySet());
    }
    return head;
  }

  // ---------------------------------------------------------------- model text

  /**
   * @return a description of the model: method, network, inputs, tasks, classes seen
   */
  @Override
  public String toString() {
    if (m_Learner == null) {
      return "ContinualMLP: no model built yet.";
    }
    LearnerConfig c = m_Learner.config();
    MethodSpec m = c.method();
    StringBuilder sb = new StringBuilder();
    sb.append("ContinualMLP (continual-learning multilayer perceptron)\n");
    sb.append("=======================================================\n\n");
    sb.append("Method: ").append(methodText(m)).append('\n');
    if (c.calibration() != null && m_LambdaPerTask != null && m_LambdaPerTask.length > 1) {
      sb.append("Calibrated lambda per task:");
      for (double l : m_LambdaPerTask) {
        sb.append(' ').append(Utils.doubleToString(l, 6));
      }
      sb.append('\n');
    }
    sb.append("Network: ").append(m_Learner.inputSize()).append(" inputs");
    for (int h : c.hidden()) {
      sb.append(" -> ")
          .append(h)
          .append(' ')
          .append(c.activation().name().toLowerCase(Locale.ROOT));
    }
    org.engram.cl.nn.Mlp net = m_Learner.network();
    java.util.TreeSet<Integer> seenSet = new java.util.TreeSet<>();
    int units = 0;
    for (int h = 0; h < net.headCount(); h++) {
      units += net.headSize(h);
      for (int cls : net.headClasses(h)) {
        seenSet.add(cls);
      }
    }
    int[] seen = seenSet.stream().mapToInt(Integer::intValue).toArray();
    if (perTaskHeads()) {
      sb.append(" -> one output layer per task (")
          .append(net.headCount())
          .append(" layers, ")
          .append(units)
          .append(" units, softmax)\n");
    } else {
      sb.append(" -> ").append(units).append(" output units (softmax)\n");
    }
    sb.append("Inputs: ").append(m_Encoder.describe(m_Header)).append('\n');
    sb.append(
        String.format(
            Locale.ROOT,
            "Training: %s, learning rate %s, minibatch %d, %d epochs per task (incremental:"
                + " passes per minibatch), seed %d%n",
            c.optimiser().kind(),
            Utils.doubleToString(c.optimiser().learningRate(), 6),
            c.batchSize(),
            c.epochs(),
            c.seed()));
    if (m_TaskIndex >= 0) {
      sb.append("Task attribute: ").append(m_Header.attribute(m_TaskIndex).name()).append('\n');
    }
    sb.append('\n');
    sb.append("Tasks learned: ").append(m_Learner.tasksLearned()).append('\n');
    for (int t = 0; t < m_TaskNames.size(); t++) {
      sb.append(
          String.format(
              Locale.ROOT, "  %2d. %-24s %8d rows", t + 1, m_TaskNames.get(t), m_TaskRows.get(t)));
      if (t == m_TaskNames.size() - 1 && m_Learner.openTask() >= 0) {
        sb.append("  (open: ").append(m_Pending.size()).append(" rows buffered)");
      }
      sb.append('\n');
    }
    sb.append("Classes seen (")
        .append(seen.length)
        .append(" of ")
        .append(m_Header.numClasses())
        .append("):");
    for (int cls : seen) {
      sb.append(' ').append(m_Header.classAttribute().value(cls));
    }
    sb.append('\n');
    if (seen.length < m_Header.numClasses()) {
      sb.append("Classes not seen yet get probability 0.\n");
    }
    if (m_TrainAccuracy != null) {
      appendAccuracy(sb, m_TrainAccuracy);
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "%nParameters: %d; consolidation memory: %.1f KB%n",
            m_Learner.network().parameterCount(),
            m_Learner.memoryBytes() / 1024.0));
    return sb.toString();
  }

  /** Tables up to this many tasks are printed in full; longer ones as two summary rows. */
  private static final int MAX_TABLE_TASKS = 10;

  private static void appendAccuracy(StringBuilder sb, double[][] r) {
    int n = r.length;
    if (n <= MAX_TABLE_TASKS) {
      sb.append("\nAccuracy on each task's training rows (row: after learning task i;")
          .append(" column: task j)\n");
      sb.append("        ");
      for (int j = 0; j < n; j++) {
        sb.append(String.format(Locale.ROOT, "%8s", "task " + (j + 1)));
      }
      sb.append('\n');
      for (int i = 0; i < n; i++) {
        sb.append(String.format(Locale.ROOT, "task %-3d", i + 1));
        for (int j = 0; j < n; j++) {
          sb.append(
              Double.isNaN(r[i][j])
                  ? String.format(Locale.ROOT, "%8s", "-")
                  : String.format(Locale.ROOT, "%8.3f", r[i][j]));
        }
        sb.append('\n');
      }
      return;
    }
    sb.append("\nAccuracy on each task's training rows (").append(n).append(" tasks)\n");
    sb.append("just after learning it:");
    for (int j = 0; j < n; j++) {
      sb.append(String.format(Locale.ROOT, " %.3f", r[j][j]));
    }
    sb.append("\nafter the last task:   ");
    for (int j = 0; j < n; j++) {
      sb.append(String.format(Locale.ROOT, " %.3f", r[n - 1][j]));
    }
    sb.append('\n');
  }

  private static String methodText(MethodSpec m) {
    return m.method().label() + " " + m;
  }

  private static int indexOf(Method kind) {
    for (int i = 0; i < KINDS.length; i++) {
      if (KINDS[i] == kind) {
        return i;
      }
    }
    return 0;
  }

  /**
   * @return the learner (for tests and tools that read the network), or null before training
   */
  public ContinualLearner learner() {
    return m_Learner;
  }

  // ---------------------------------------------------------------- serialization

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    byte[] state = m_Learner == null ? null : m_Learner.toBytes();
    out.writeObject(state);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    byte[] state = (byte[]) in.readObject();
    m_Learner = state == null ? null : ContinualLearner.fromBytes(state);
  }

  // ---------------------------------------------------------------- options

  /**
   * @return the options, from the annotations of the properties below plus the inherited ones
   */
  @Override
  public Enumeration<Option> listOptions() {
    Vector<Option> result = Option.listOptionsForClass(ContinualMLP.class);
    result.add(new Option("\tRandom number seed.\n\t(default 1)", "S", 1, "-S <num>"));
    result.add(
        new Option(
            "\tIf set, classifier is run in debug mode and\n"
                + "\tmay output additional info to the console",
            "output-debug-info",
            0,
            "-output-debug-info"));
    result.add(
        new Option(
            "\tIf set, classifier capabilities are not checked before classifier is built\n"
                + "\t(use with caution).",
            "do-not-check-capabilities",
            0,
            "-do-not-check-capabilities"));
    result.add(
        new Option(
            "\tThe number of decimal places for the output of numbers in the model (default "
                + NUM_DECIMAL_PLACES_DEFAULT
                + ").",
            "num-decimal-places",
            1,
            "-num-decimal-places"));
    return result.elements();
  }

  /**
   * Parses the options. All values are checked before any is set, so a refused call changes
   * nothing; an unknown method or optimizer token is an error, not a silent default.
   *
   * @param options the options
   * @throws Exception naming the option whose value is invalid
   */
  @Override
  public void setOptions(String[] options) throws Exception {
    String s = Utils.getOption("method", options);
    int method =
        s.isEmpty()
            ? METHOD_EWC
            : TAGS_METHOD[Options.parseToken("method", s, tokens(TAGS_METHOD))].getID();
    s = Utils.getOption("lambda", options);
    double lambda = s.isEmpty() ? -1 : checkLambda(Options.parseDouble("lambda", s));
    s = Utils.getOption("gamma", options);
    double gamma = s.isEmpty() ? DEFAULT_GAMMA : checkGamma(Options.parseDouble("gamma", s));
    s = Utils.getOption("temperature", options);
    double temperature =
        s.isEmpty() ? DEFAULT_TEMPERATURE : checkTemperature(Options.parseDouble("temperature", s));
    s = Utils.getOption("hidden", options);
    String hidden = s.isEmpty() ? DEFAULT_HIDDEN : checkHidden(s);
    s = Utils.getOption("epochs", options);
    int epochs = s.isEmpty() ? DEFAULT_EPOCHS : Options.parseInt("epochs", s, 1);
    s = Utils.getOption("batch-size", options);
    int batch = s.isEmpty() ? DEFAULT_BATCH : Options.parseInt("batch-size", s, 1);
    s = Utils.getOption("lr", options);
    double lr = s.isEmpty() ? DEFAULT_LR : checkLearningRate(Options.parseDouble("lr", s));
    s = Utils.getOption("optimizer", options);
    int optimizer =
        s.isEmpty()
            ? OPTIMIZER_ADAM
            : TAGS_OPTIMIZER[Options.parseToken("optimizer", s, tokens(TAGS_OPTIMIZER))].getID();
    s = Utils.getOption("importance-samples", options);
    int samples = s.isEmpty() ? DEFAULT_SAMPLES : Options.parseInt("importance-samples", s, 1);
    String taskAttribute = Utils.getOption("task-attribute", options);
    boolean perTaskHeads = Utils.getFlag("per-task-heads", options);
    s = Utils.getOption("replay-size", options);
    int replaySize = s.isEmpty() ? 0 : Options.parseInt("replay-size", s, 0);
    boolean calibrate = Utils.getFlag("calibrate", options);
    boolean noScaling = Utils.getFlag("no-scaling", options);
    s = Utils.getOption('S', options);
    int seed = s.isEmpty() ? 1 : Options.parseInt("S", s, Integer.MIN_VALUE);
    boolean debug = Utils.getFlag("output-debug-info", options);
    boolean noCheck = Utils.getFlag("do-not-check-capabilities", options);
    s = Utils.getOption("num-decimal-places", options);
    int places =
        s.isEmpty() ? NUM_DECIMAL_PLACES_DEFAULT : Options.parseInt("num-decimal-places", s, 0);
    Utils.checkForRemainingOptions(options);

    m_Method = method;
    m_Lambda = lambda;
    m_Gamma = gamma;
    m_Temperature = temperature;
    m_Hidden = hidden;
    m_Epochs = epochs;
    m_TrainBatchSize = batch;
    m_LearningRate = lr;
    m_Optimizer = optimizer;
    m_ImportanceSamples = samples;
    m_TaskAttribute = taskAttribute.trim();
    m_PerTaskHeads = perTaskHeads;
    m_ReplaySize = replaySize;
    m_Calibrate = calibrate;
    m_DoNotScaleInputs = noScaling;
    setSeed(seed);
    setDebug(debug);
    setDoNotCheckCapabilities(noCheck);
    setNumDecimalPlaces(places);
  }

  /**
   * @return the current options, every scheme option included
   */
  @Override
  public String[] getOptions() {
    List<String> o = new ArrayList<>();
    Collections.addAll(
        o,
        "-method",
        TAGS_METHOD[m_Method].getReadable(),
        "-lambda",
        "" + m_Lambda,
        "-gamma",
        "" + m_Gamma,
        "-temperature",
        "" + m_Temperature,
        "-hidden",
        m_Hidden,
        "-epochs",
        "" + m_Epochs,
        "-batch-size",
        "" + m_TrainBatchSize,
        "-lr",
        "" + m_LearningRate,
        "-optimizer",
        TAGS_OPTIMIZER[m_Optimizer].getReadable(),
        "-importance-samples",
        "" + m_ImportanceSamples);
    if (!m_TaskAttribute.isEmpty()) {
      Collections.addAll(o, "-task-attribute", m_TaskAttribute);
    }
    if (m_PerTaskHeads) {
      o.add("-per-task-heads");
    }
    if (m_ReplaySize > 0) {
      Collections.addAll(o, "-replay-size", "" + m_ReplaySize);
    }
    if (m_Calibrate) {
      o.add("-calibrate");
    }
    if (m_DoNotScaleInputs) {
      o.add("-no-scaling");
    }
    Collections.addAll(o, "-S", "" + getSeed());
    if (getDebug()) {
      o.add("-output-debug-info");
    }
    if (getDoNotCheckCapabilities()) {
      o.add("-do-not-check-capabilities");
    }
    if (getNumDecimalPlaces() != NUM_DECIMAL_PLACES_DEFAULT) {
      Collections.addAll(o, "-num-decimal-places", "" + getNumDecimalPlaces());
    }
    return o.toArray(new String[0]);
  }

  private static String[] tokens(Tag[] tags) {
    String[] t = new String[tags.length];
    for (int i = 0; i < tags.length; i++) {
      t[i] = tags[i].getReadable();
    }
    return t;
  }

  private static double checkLambda(double v) {
    if (!(v >= 0 || v == -1)) {
      throw new IllegalArgumentException(
          "option -lambda must be >= 0, or -1 for the method's default, got " + v);
    }
    return v;
  }

  private static double checkGamma(double v) {
    if (!(v > 0 && v <= 1)) {
      throw new IllegalArgumentException("option -gamma must be in (0, 1], got " + v);
    }
    return v;
  }

  private static double checkTemperature(double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("option -temperature must be > 0, got " + v);
    }
    return v;
  }

  private static double checkLearningRate(double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("option -lr must be > 0, got " + v);
    }
    return v;
  }

  private static String checkHidden(String v) {
    String s = v.trim();
    Options.parseHidden(s.equalsIgnoreCase("none") ? "" : s);
    return s.isEmpty() ? "none" : s;
  }

  /**
   * @return the method
   */
  @OptionMetadata(
      displayName = "method",
      description =
          "How earlier tasks are protected: NONE (fine-tuning, forgets), EWC (elastic weight"
              + " consolidation), ONLINE_EWC (one decayed Fisher), MAS (memory aware synapses),"
              + " SI (synaptic intelligence), LWF (learning without forgetting), L2 (anchor to"
              + " the previous weights). (default EWC)",
      commandLineParamName = "method",
      commandLineParamSynopsis = "-method <NONE|EWC|ONLINE_EWC|MAS|SI|LWF|L2>",
      displayOrder = 1,
      category = "Continual learning")
  public SelectedTag getMethod() {
    return new SelectedTag(m_Method, TAGS_METHOD);
  }

  /**
   * @param value the method
   */
  public void setMethod(SelectedTag value) {
    m_Method =
        TAGS_METHOD[
            Options.parseToken("method", value.getSelectedTag().getReadable(), tokens(TAGS_METHOD))]
            .getID();
  }

  /**
   * @return lambda
   */
  @OptionMetadata(
      displayName = "lambda",
      description =
          "Strength of the protection of earlier tasks; -1 uses the method's default (EWC and"
              + " ONLINE_EWC 1000, MAS 10, SI 10, L2 1, LWF 1). EWC adds (lambda/2)*sum"
              + " F*(w-w*)^2, MAS/SI/L2 add lambda*sum Omega*(w-w*)^2, LWF adds"
              + " lambda*T^2*KL. Higher keeps old tasks better but learns new ones worse."
              + " (default -1)",
      commandLineParamName = "lambda",
      commandLineParamSynopsis = "-lambda <num>",
      displayOrder = 2,
      category = "Continual learning")
  public double getLambda() {
    return m_Lambda;
  }

  /**
   * @param value lambda (&ge; 0, or -1 for the method's default)
   */
  public void setLambda(double value) {
    m_Lambda = checkLambda(value);
  }

  /**
   * @return gamma
   */
  @OptionMetadata(
      displayName = "gamma",
      description =
          "ONLINE_EWC only: decay in (0, 1] of the accumulated importance at each new task (1"
              + " keeps all tasks equally). (default 1.0)",
      commandLineParamName = "gamma",
      commandLineParamSynopsis = "-gamma <num>",
      displayOrder = 3,
      category = "Continual learning")
  public double getGamma() {
    return m_Gamma;
  }

  /**
   * @param value gamma in (0, 1]
   */
  public void setGamma(double value) {
    m_Gamma = checkGamma(value);
  }

  /**
   * @return the temperature
   */
  @OptionMetadata(
      displayName = "temperature",
      description = "LWF only: distillation temperature T > 0. (default 2.0)",
      commandLineParamName = "temperature",
      commandLineParamSynopsis = "-temperature <num>",
      displayOrder = 4,
      category = "Continual learning")
  public double getTemperature() {
    return m_Temperature;
  }

  /**
   * @param value temperature &gt; 0
   */
  public void setTemperature(double value) {
    m_Temperature = checkTemperature(value);
  }

  /**
   * @return the importance sample size
   */
  @OptionMetadata(
      displayName = "importanceSamples",
      description =
          "EWC, ONLINE_EWC and MAS: rows of each task (a uniform sample) used to estimate how"
              + " important each weight is. (default 1000)",
      commandLineParamName = "importance-samples",
      commandLineParamSynopsis = "-importance-samples <num>",
      displayOrder = 5,
      category = "Continual learning")
  public int getImportanceSamples() {
    return m_ImportanceSamples;
  }

  /**
   * @param value the importance sample size, &ge; 1
   */
  public void setImportanceSamples(int value) {
    m_ImportanceSamples = Options.checkInt("importance-samples", value, 1);
  }

  /**
   * @return the replay memory capacity
   */
  @OptionMetadata(
      displayName = "replaySize",
      description =
          "Experience replay: how many training rows to keep (class-balanced) and replay with"
              + " every minibatch of later tasks; combinable with every method. 0 keeps none."
              + " Replay stores raw training data; EWC, MAS, SI and LwF store none. (default 0)",
      commandLineParamName = "replay-size",
      commandLineParamSynopsis = "-replay-size <num>",
      displayOrder = 7,
      category = "Continual learning")
  public int getReplaySize() {
    return m_ReplaySize;
  }

  /**
   * @param value the replay memory capacity, &ge; 0
   */
  public void setReplaySize(int value) {
    m_ReplaySize = Options.checkInt("replay-size", value, 0);
  }

  /**
   * @return whether λ is calibrated per task
   */
  @OptionMetadata(
      displayName = "calibrate",
      description =
          "Choose lambda for each new task from that task's data only (De Lange et al. 2021:"
              + " fine-tune a copy for the plasticity reference, then halve lambda from 100x the"
              + " configured value until the new task reaches 80% of it). Applies when a task is"
              + " learned as a whole (buildClassifier with a task attribute). (default off)",
      commandLineParamName = "calibrate",
      commandLineParamSynopsis = "-calibrate",
      commandLineParamIsFlag = true,
      displayOrder = 8,
      category = "Continual learning")
  public boolean getCalibrate() {
    return m_Calibrate;
  }

  /**
   * @param value whether λ is calibrated per task
   */
  public void setCalibrate(boolean value) {
    m_Calibrate = value;
  }

  /**
   * @return whether numeric inputs are used as they are
   */
  @OptionMetadata(
      displayName = "doNotScaleInputs",
      description =
          "Use numeric attributes as they are instead of standardising them with the first task's"
              + " mean and standard deviation (for data already on a common scale, e.g. pixels in"
              + " [0, 1]). (default off: standardise)",
      commandLineParamName = "no-scaling",
      commandLineParamSynopsis = "-no-scaling",
      commandLineParamIsFlag = true,
      displayOrder = 12,
      category = "Network")
  public boolean getDoNotScaleInputs() {
    return m_DoNotScaleInputs;
  }

  /**
   * @param value whether numeric inputs are used as they are
   */
  public void setDoNotScaleInputs(boolean value) {
    m_DoNotScaleInputs = value;
  }

  /**
   * @return the task attribute
   */
  @OptionMetadata(
      displayName = "taskAttribute",
      description =
          "Attribute (name or 1-based index; 'first', 'last') that says which task a row belongs"
              + " to; empty: none. buildClassifier learns the tasks in their order of appearance;"
              + " incremental training ends a task when its value changes. It is never an input"
              + " of the network. (default: none)",
      commandLineParamName = "task-attribute",
      commandLineParamSynopsis = "-task-attribute <name or index>",
      displayOrder = 6,
      category = "Continual learning")
  public String getTaskAttribute() {
    return m_TaskAttribute;
  }

  /**
   * @param value the task attribute (name, 1-based index, or empty)
   */
  public void setTaskAttribute(String value) {
    m_TaskAttribute = value == null ? "" : value.trim();
  }

  /**
   * @return whether each task has its own output layer
   */
  @OptionMetadata(
      displayName = "perTaskHeads",
      description =
          "One output layer per task (task-incremental): a row is classified by the layer of its"
              + " task, so the task attribute must be set and known when predicting. Off: one"
              + " shared output layer for all tasks (domain- or class-incremental). (default off)",
      commandLineParamName = "per-task-heads",
      commandLineParamSynopsis = "-per-task-heads",
      commandLineParamIsFlag = true,
      displayOrder = 11,
      category = "Network")
  public boolean getPerTaskHeads() {
    return m_PerTaskHeads;
  }

  /**
   * @param value whether each task has its own output layer
   */
  public void setPerTaskHeads(boolean value) {
    m_PerTaskHeads = value;
  }

  /**
   * @return the hidden layer sizes
   */
  @OptionMetadata(
      displayName = "hidden",
      description =
          "Hidden layer sizes, comma-separated (e.g. 100,100); 'none' for no hidden layer"
              + " (softmax regression). (default 100,100)",
      commandLineParamName = "hidden",
      commandLineParamSynopsis = "-hidden <sizes>",
      displayOrder = 10,
      category = "Network")
  public String getHidden() {
    return m_Hidden;
  }

  /**
   * @param value comma-separated positive sizes, or "none"
   */
  public void setHidden(String value) {
    m_Hidden = checkHidden(value == null ? "" : value);
  }

  /**
   * @return epochs
   */
  @OptionMetadata(
      displayName = "epochs",
      description =
          "Passes over each task's rows when training in batch (buildClassifier). When training"
              + " incrementally (command line, KnowledgeFlow), each minibatch is trained on this"
              + " many times as it arrives. (default 10)",
      commandLineParamName = "epochs",
      commandLineParamSynopsis = "-epochs <num>",
      displayOrder = 20,
      category = "Training")
  public int getEpochs() {
    return m_Epochs;
  }

  /**
   * @param value epochs, &ge; 1
   */
  public void setEpochs(int value) {
    m_Epochs = Options.checkInt("epochs", value, 1);
  }

  /**
   * The training minibatch size; also the preferred batch size for batch prediction.
   *
   * @return the minibatch size, as text
   */
  @Override
  @OptionMetadata(
      displayName = "batchSize",
      description =
          "Rows per training minibatch (incremental training buffers this many rows before a"
              + " step); also the preferred batch size for batch prediction. (default 32)",
      commandLineParamName = "batch-size",
      commandLineParamSynopsis = "-batch-size <num>",
      displayOrder = 21,
      category = "Training")
  public String getBatchSize() {
    return "" + m_TrainBatchSize;
  }

  /**
   * @param value the minibatch size, a positive integer
   */
  @Override
  public void setBatchSize(String value) {
    m_TrainBatchSize = Options.parseInt("batch-size", value, 1);
  }

  /**
   * @return the tip text of batchSize
   */
  @Override
  public String batchSizeTipText() {
    return "Rows per training minibatch (incremental training buffers this many rows before a"
        + " step); also the preferred batch size for batch prediction.";
  }

  /**
   * @return the learning rate
   */
  @OptionMetadata(
      displayName = "learningRate",
      description = "Step size of the optimizer. (default 0.001)",
      commandLineParamName = "lr",
      commandLineParamSynopsis = "-lr <num>",
      displayOrder = 22,
      category = "Training")
  public double getLearningRate() {
    return m_LearningRate;
  }

  /**
   * @param value the learning rate, &gt; 0
   */
  public void setLearningRate(double value) {
    m_LearningRate = checkLearningRate(value);
  }

  /**
   * @return the optimizer
   */
  @OptionMetadata(
      displayName = "optimizer",
      description = "ADAM, or SGD with momentum 0.9. (default ADAM)",
      commandLineParamName = "optimizer",
      commandLineParamSynopsis = "-optimizer <ADAM|SGD>",
      displayOrder = 23,
      category = "Training")
  public SelectedTag getOptimizer() {
    return new SelectedTag(m_Optimizer, TAGS_OPTIMIZER);
  }

  /**
   * @param value the optimizer
   */
  public void setOptimizer(SelectedTag value) {
    m_Optimizer =
        TAGS_OPTIMIZER[
            Options.parseToken(
                "optimizer", value.getSelectedTag().getReadable(), tokens(TAGS_OPTIMIZER))]
            .getID();
  }

  /**
   * @return the revision
   */
  @Override
  public String getRevision() {
    return RevisionUtils.extract("$Revision: 1 $");
  }

  /**
   * Runs the classifier from the command line.
   *
   * @param args the options
   */
  public static void main(String[] args) {
    runClassifier(new ContinualMLP(), args);
  }
}
