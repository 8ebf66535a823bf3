package org.engram.tribuo;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.engram.cl.ContinualLearner;
import org.engram.cl.HeadMode;
import org.engram.cl.LearnerConfig;
import org.engram.cl.TaskReport;
import org.engram.cl.data.TaskData;
import org.engram.cl.nn.Mlp;
import org.tribuo.Example;
import org.tribuo.Excuse;
import org.tribuo.Feature;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.ONNXExportable;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

/**
 * A multi-layer perceptron classifier that has learned one or more tasks with a {@link
 * ContinualTrainer}, together with the consolidation memory it needs to learn the next one (Fisher
 * information, importances, anchors or a distillation snapshot, depending on the method).
 *
 * <p><b>Immutable and thread-safe.</b> Nothing changes a model after it is built: {@link
 * ContinualTrainer#incrementalTrain} continues from a deep copy of its learner. Any number of
 * threads may predict with a model, also while another thread continues it with {@code
 * incrementalTrain}.
 *
 * <p><b>Domains.</b> A label's id in the output domain is its class id in the network; labels
 * learned in later tasks were appended to the domain. With a shared head every label of the domain
 * is predicted; with one head per task, the example's task id is read from its metadata under
 * {@link #getTaskKey()} and only that task's labels get a non-zero probability. The network's
 * inputs follow {@link #inputFeatureNames()} (not Tribuo's sorted feature ids; see {@link
 * ContinualTrainer}).
 *
 * <p><b>History.</b> {@link #history()} says what each task did and cost, including the λ it was
 * learned with and what choosing it cost; the provenance of the model each task continued from is
 * kept in the run provenance under {@value #PREVIOUS_MODEL_PROVENANCE}, back to the first task
 * ({@link #provenanceChain()}), with the λ of each task under {@value #LAMBDA_PROVENANCE}.
 *
 * <p><b>Serialization.</b> Tribuo protobuf ({@link #serialize()}, {@link Model#deserialize}; a
 * versioned format ending in a checksum of all of it, see {@link ModelCodec}) and Java
 * serialization, which writes the same protobuf bytes; both carry the learner's own versioned,
 * checksummed state ({@link ContinualLearner#toBytes()}).
 *
 * <p><b>ONNX</b> export is supported for a shared head ({@link OnnxExport}); a per-task model
 * cannot be exported because the task id is not an input of the graph.
 */
public final class ContinualModel extends Model<Label> implements ONNXExportable {
  private static final long serialVersionUID = 2L;

  /** Version of the protobuf format written by {@link #serialize()}. */
  public static final int CURRENT_VERSION = ModelCodec.CURRENT_VERSION;

  /** Key of the previous model's provenance in the run provenance of a continued model. */
  public static final String PREVIOUS_MODEL_PROVENANCE = "previous-model";

  /** Key of the λ the task was learned with, in a model's run provenance. */
  public static final String LAMBDA_PROVENANCE = "lambda";

  /** Key of the number of trial trainings run to choose λ, in a model's run provenance. */
  public static final String LAMBDA_TRIALS_PROVENANCE = "lambda-trials";

  /** Key of the seconds spent choosing λ, in a model's run provenance. */
  public static final String LAMBDA_SECONDS_PROVENANCE = "lambda-seconds";

  /** The core learner; both serializations write its versioned state bytes instead. */
  private transient ContinualLearner learner;

  /** What each task did and cost, as measured (timings survive serialization). */
  private transient List<TaskReport> history;

  /** Metadata key of an example's task id. */
  private final String taskKey;

  /** Feature names of the last task unknown to the model. */
  private final int unknownFeatures;

  /** The network input of each feature id. */
  private final int[] column;

  ContinualModel(
      String name,
      ModelProvenance provenance,
      TribuoData.Inputs inputs,
      ImmutableOutputInfo<Label> outputIDInfo,
      ContinualLearner learner,
      String taskKey,
      int unknownFeatures,
      List<TaskReport> history) {
    super(name, provenance, inputs.domain(), outputIDInfo, true);
    this.learner = learner;
    this.taskKey = taskKey;
    this.unknownFeatures = unknownFeatures;
    this.column = inputs.column().clone();
    this.history = List.copyOf(history);
  }

  /**
   * @return what each task did and cost, first task first: the λ it was learned with (chosen from
   *     its own data when λ is automatic), the seconds and trial trainings spent choosing it, the
   *     training and consolidation seconds
   */
  public List<TaskReport> history() {
    return history;
  }

  /**
   * @return the λ each task was learned with, first task first (0 where nothing was protected yet,
   *     and for the methods without λ)
   */
  public double[] lambdaPerTask() {
    return history.stream().mapToDouble(TaskReport::lambda).toArray();
  }

  /**
   * @return the configuration of the core learner (method, hyperparameters, settings)
   */
  public LearnerConfig learnerConfig() {
    return learner.config();
  }

  /**
   * @return capacity of the experience-replay memory in examples (0: the model stores no examples)
   */
  public int replaySize() {
    return learner.config().replaySize();
  }

  /**
   * @return number of tasks this model has learned
   */
  public int tasksLearned() {
    return learner.tasksLearned();
  }

  /**
   * @return the metadata key of an example's task id
   */
  public String getTaskKey() {
    return taskKey;
  }

  /**
   * @return whether one head is shared by all tasks or there is one per task
   */
  public HeadMode getHeadMode() {
    return learner.config().headMode();
  }

  /**
   * @return how many feature names of the last task's data were unknown to the model and ignored
   */
  public int unknownFeatureCount() {
    return unknownFeatures;
  }

  /**
   * @return the feature names in the order of the network's inputs
   */
  public List<String> inputFeatureNames() {
    return inputs().names();
  }

  /**
   * @return bytes held for consolidation (importances, anchors, snapshots, replay)
   */
  public long memoryBytes() {
    return learner.memoryBytes();
  }

  /**
   * @return an independent copy of the core learner (training it does not change this model)
   */
  public ContinualLearner learnerCopy() {
    return learner.copy();
  }

  TribuoData.Inputs inputs() {
    return new TribuoData.Inputs(featureIDMap, column);
  }

  ContinualLearner learner() {
    return learner;
  }

  /**
   * The provenance of this model and of every model it continued from.
   *
   * @return provenances, the first task's model first and this model's last
   */
  public List<ModelProvenance> provenanceChain() {
    List<ModelProvenance> chain = new ArrayList<>();
    ModelProvenance p = provenance;
    while (p != null) {
      chain.add(p);
      Provenance prev = p.getInstanceProvenance().getMap().get(PREVIOUS_MODEL_PROVENANCE);
      p = prev instanceof ModelProvenance mp ? mp : null;
    }
    Collections.reverse(chain);
    return chain;
  }

  // ---------------------------------------------------------------- prediction

  @Override
  public Prediction<Label> predict(Example<Label> example) {
    return innerPredict(List.of(example)).get(0);
  }

  @Override
  protected List<Prediction<Label>> innerPredict(Iterable<Example<Label>> examples) {
    List<Example<Label>> list = new ArrayList<>();
    examples.forEach(list::add);
    int n = list.size();
    int f = column.length;
    TribuoData.Inputs inputs = inputs();
    float[] x = new float[Math.multiplyExact(n, f)];
    int[] used = new int[n];
    int[] task = new int[n];
    boolean perTask = getHeadMode() == HeadMode.PER_TASK;
    for (int r = 0; r < n; r++) {
      Example<Label> e = list.get(r);
      used[r] = TribuoData.copyFeatures(e, r, inputs, x, null);
      if (used[r] == 0) {
        throw new IllegalArgumentException(
            TribuoData.example(r)
                + " has no feature known to the model ("
                + f
                + " features, e.g. '"
                + featureIDMap.get(0).getName()
                + "')");
      }
      if (perTask) {
        int index = r;
        task[r] =
            TribuoData.taskOf(e, taskKey, r)
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            TribuoData.example(index)
                                + " has no '"
                                + taskKey
                                + "' metadata; a model with one head per task needs the task id"));
      }
    }
    // Rows are grouped by task so each head runs once on its rows.
    TreeMap<Integer, List<Integer>> byTask = new TreeMap<>();
    for (int r = 0; r < n; r++) {
      byTask.computeIfAbsent(task[r], k -> new ArrayList<>()).add(r);
    }
    List<Prediction<Label>> out = new ArrayList<>(Collections.nCopies(n, null));
    for (Map.Entry<Integer, List<Integer>> g : byTask.entrySet()) {
      int[] rows = g.getValue().stream().mapToInt(Integer::intValue).toArray();
      float[] gx = new float[rows.length * f];
      for (int i = 0; i < rows.length; i++) {
        System.arraycopy(x, rows[i] * f, gx, i * f, f);
      }
      TaskData data = new TaskData(gx, f, new int[rows.length]);
      int[] classes = learner.classes(g.getKey());
      float[][] p = learner.predictProbabilities(data, g.getKey());
      for (int i = 0; i < rows.length; i++) {
        out.set(rows[i], toPrediction(p[i], classes, used[rows[i]], list.get(rows[i])));
      }
    }
    return out;
  }

  private Prediction<Label> toPrediction(
      float[] probs, int[] classes, int used, Example<Label> example) {
    Map<String, Label> scores = new LinkedHashMap<>();
    for (int id = 0; id < outputIDInfo.size(); id++) {
      String name = outputIDInfo.getOutput(id).getLabel();
      scores.put(name, new Label(name, 0.0));
    }
    int best = 0;
    for (int u = 0; u < classes.length; u++) {
      String name = outputIDInfo.getOutput(classes[u]).getLabel();
      scores.put(name, new Label(name, probs[u]));
      if (probs[u] > probs[best]) {
        best = u;
      }
    }
    String bestName = outputIDInfo.getOutput(classes[best]).getLabel();
    return new Prediction<>(new Label(bestName, probs[best]), scores, used, example, true);
  }

  // ---------------------------------------------------------------- explanations

  /** Per feature id: the L2 norm of its input's outgoing weights in the first layer. */
  private double[] inputWeightNorms() {
    Mlp net = learner.network();
    float[] params = net.params();
    int f = net.inputSize();
    double[] byInput = new double[f];
    boolean trunk = net.hiddenCount() > 0;
    int heads = trunk ? 1 : net.headCount();
    for (int h = 0; h < heads; h++) {
      int units = trunk ? net.hiddenSize(0) : net.headSize(h);
      int off = trunk ? net.trunkWeightOffset(0) : net.headWeightOffset(h);
      for (int i = 0; i < f; i++) {
        for (int u = 0; u < units; u++) {
          double w = params[off + i * units + u];
          byInput[i] += w * w;
        }
      }
    }
    double[] norms = new double[f];
    for (int id = 0; id < f; id++) {
      norms[id] = Math.sqrt(byInput[column[id]]);
    }
    return norms;
  }

  /**
   * The features with the largest first-layer weights: a feature's score is the L2 norm of its
   * outgoing weights in the first layer (the output layer when there is no hidden layer). This is a
   * global view of which inputs the network reads, not of how each label depends on them, so all
   * scores are under {@link Model#ALL_OUTPUTS}.
   *
   * @param n number of features (negative: all)
   * @return {@link Model#ALL_OUTPUTS} to features and scores, highest first
   */
  @Override
  public Map<String, List<Pair<String, Double>>> getTopFeatures(int n) {
    double[] norms = inputWeightNorms();
    List<Pair<String, Double>> list = new ArrayList<>();
    for (int i = 0; i < norms.length; i++) {
      list.add(new Pair<>(featureIDMap.get(i).getName(), norms[i]));
    }
    list.sort(Comparator.comparing((Pair<String, Double> p) -> p.getB()).reversed());
    int k = n < 0 ? list.size() : Math.min(n, list.size());
    Map<String, List<Pair<String, Double>>> map = new HashMap<>();
    map.put(Model.ALL_OUTPUTS, new ArrayList<>(list.subList(0, k)));
    return map;
  }

  /**
   * A first-order excuse: each feature of the example scored by |value| × the L2 norm of its
   * first-layer weights, under the predicted label. It shows which inputs carried the most signal
   * into the network, not a faithful local explanation of a non-linear model (use LIME from
   * tribuo-classification-explanations for that).
   *
   * @param example the example
   * @return the excuse
   */
  @Override
  public Optional<Excuse<Label>> getExcuse(Example<Label> example) {
    Prediction<Label> prediction = predict(example);
    double[] norms = inputWeightNorms();
    List<Pair<String, Double>> list = new ArrayList<>();
    for (Feature feature : example) {
      int id = featureIDMap.getID(feature.getName());
      if (id >= 0) {
        list.add(new Pair<>(feature.getName(), Math.abs(feature.getValue()) * norms[id]));
      }
    }
    list.sort(Comparator.comparing((Pair<String, Double> p) -> p.getB()).reversed());
    Map<String, List<Pair<String, Double>>> map = new HashMap<>();
    map.put(prediction.getOutput().getLabel(), list);
    return Optional.of(new Excuse<>(example, prediction, map));
  }

  @Override
  protected ContinualModel copy(String newName, ModelProvenance newProvenance) {
    return new ContinualModel(
        newName,
        newProvenance,
        inputs(),
        outputIDInfo,
        learner.copy(),
        taskKey,
        unknownFeatures,
        history);
  }

  // ---------------------------------------------------------------- serialization

  @Override
  public ModelProto serialize() {
    return ModelCodec.serialize(
        createDataCarrier(), learner, history, taskKey, unknownFeatures, column);
  }

  /**
   * Reads a model written by {@link #serialize()}; called by Tribuo's {@link Model#deserialize}.
   *
   * @param version the format version
   * @param className the class name
   * @param message the payload
   * @return the model
   * @throws InvalidProtocolBufferException if the payload is not a valid model
   * @throws IllegalArgumentException if the version is unknown or the content inconsistent
   */
  public static ContinualModel deserializeFromProto(int version, String className, Any message)
      throws InvalidProtocolBufferException {
    return ModelCodec.deserialize(version, message);
  }

  /**
   * Java serialization writes the protobuf form ({@link #serialize()}) through a proxy, so a Java
   * stream carries the same checksum over everything as a protobuf file: Tribuo's model data (name,
   * provenance, domains), the learner's state, the history and the input order. The model's own
   * fields were written by default serialization before, unchecked, and a flipped bit in a label or
   * feature name loaded as a model answering another label.
   *
   * @return the proxy written in the model's place
   */
  private Object writeReplace() {
    return new JavaForm(serialize().toByteArray());
  }

  /**
   * A stream holding this class itself was written before 2026-12-02 (its own fields unchecked), or
   * forged: refused, naming what to do.
   *
   * @param in the stream
   * @throws InvalidObjectException always
   */
  private void readObject(ObjectInputStream in) throws InvalidObjectException {
    throw new InvalidObjectException(
        "this ContinualModel was written by Java serialization before 2026-12-02, in a form without"
            + " a checksum over its Tribuo fields; load it with the version that wrote it and save"
            + " it again (serialize() or Java serialization), or retrain");
  }

  /** The Java-serialized form of a model: its protobuf bytes. */
  private static final class JavaForm implements Serializable {
    private static final long serialVersionUID = 1L;

    /** {@link ModelProto} bytes. */
    private final byte[] proto;

    JavaForm(byte[] proto) {
      this.proto = proto;
    }

    /**
     * @return the model the bytes hold
     * @throws InvalidObjectException if they do not hold a valid model (damaged, truncated, or of
     *     an unknown version), with the protobuf reader's message
     */
    private Object readResolve() throws InvalidObjectException {
      try {
        Model<?> m = Model.deserialize(ModelProto.parseFrom(proto));
        if (!(m instanceof ContinualModel)) {
          throw new IllegalArgumentException("it holds a " + m.getClass().getName());
        }
        return m;
      } catch (InvalidProtocolBufferException | RuntimeException e) {
        InvalidObjectException x =
            new InvalidObjectException("corrupted ContinualModel: " + e.getMessage());
        x.initCause(e);
        throw x;
      }
    }
  }

  // ---------------------------------------------------------------- ONNX

  /**
   * Exports the network as ONNX: input "input" (batch × features, in Tribuo's feature-id order),
   * output "output" (batch × labels, probabilities in label-id order).
   *
   * @param domain a reverse-DNS name for the model
   * @param modelVersion the model's version
   * @return the ONNX model
   * @throws IllegalStateException for a model with one head per task
   */
  @Override
  public OnnxMl.ModelProto exportONNXModel(String domain, long modelVersion) {
    ONNXContext onnx = new ONNXContext();
    onnx.setName("engram-continual-mlp");
    ONNXPlaceholder input = onnx.floatInput("input", featureIDMap.size());
    ONNXPlaceholder output = onnx.floatOutput("output", outputIDInfo.size());
    writeONNXGraph(input).assignTo(output);
    return ONNXExportable.buildModel(onnx, domain, modelVersion, this);
  }

  /**
   * Writes the network into an ONNX graph.
   *
   * @param input the features (batch × features, feature-id order)
   * @return the probabilities node (batch × labels, label-id order)
   * @throws IllegalStateException for a model with one head per task
   */
  @Override
  public ONNXNode writeONNXGraph(ONNXRef<?> input) {
    if (getHeadMode() != HeadMode.SHARED) {
      throw new IllegalStateException(
          "ONNX export needs a shared head; this model has one head per task and the task id is"
              + " not an input of the exported graph");
    }
    return OnnxExport.graph(input, learner.network(), column, outputIDInfo.size());
  }

  @Override
  public String toString() {
    return "ContinualModel(name="
        + name
        + ",tasks="
        + learner.tasksLearned()
        + ",method="
        + learner.config().method()
        + ",headMode="
        + getHeadMode()
        + ",features="
        + featureIDMap.size()
        + ",labels="
        + outputIDInfo.size()
        + ")";
  }
}
