package org.engram.tribuo;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.engram.cl.data.TaskData;
import org.engram.cl.nn.Mlp;
import org.tribuo.Example;
import org.tribuo.Excuse;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.ONNXExportable;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.impl.ModelDataCarrier;
import org.tribuo.protos.core.ModelDataProto;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

/**
 * A multi-layer perceptron classifier that has learned one or more tasks with a {@link
 * ContinualTrainer}, together with the consolidation memory it needs to learn the next one (Fisher
 * information, importances, anchors or a distillation snapshot, depending on the method).
 * Immutable: {@link ContinualTrainer#incrementalTrain} continues from a copy.
 *
 * <p>A label's id in the output domain is its class id in the network; labels learned in later
 * tasks were appended to the domain. With a shared head every label of the domain is predicted;
 * with one head per task, the example's task id is read from its metadata under {@link
 * #getTaskKey()} and only that task's labels get a non-zero probability.
 *
 * <p>Serialization: Tribuo protobuf ({@link #serialize()}, {@link Model#deserialize}) with a
 * versioned format, and Java serialization; both carry the learner's own versioned, checksummed
 * state ({@link ContinualLearner#toBytes()}). The provenance of the model each task continued from
 * is kept in the run provenance under {@value #PREVIOUS_MODEL_PROVENANCE}, back to the first task.
 *
 * <p>ONNX export is supported for a shared head (the graph is Gemm/Relu layers and a Softmax over
 * the output domain); a per-task model cannot be exported because ONNX has no task-id input here.
 */
public final class ContinualModel extends Model<Label> implements ONNXExportable {
  private static final long serialVersionUID = 1L;

  /** Version of the protobuf format written by {@link #serialize()}. */
  public static final int CURRENT_VERSION = 0;

  /** Key of the previous model's provenance in the run provenance of a continued model. */
  public static final String PREVIOUS_MODEL_PROVENANCE = "previous-model";

  /** Type URL of the payload inside {@link ModelProto}'s {@code serialized_data}. */
  static final String TYPE_URL = "type.googleapis.com/engram.tribuo.ContinualModelProto";

  // Field numbers of the payload, a message
  //   { bytes metadata = 1; bytes learner_state = 2; string task_key = 3; int32 unknown = 4;
  //     repeated double lambda_per_task = 5 (packed); }
  // where metadata is a tribuo.core.ModelDataProto. Written and read with protobuf's codec so no
  // generated class is needed.
  private static final int FIELD_METADATA = 1;
  private static final int FIELD_LEARNER = 2;
  private static final int FIELD_TASK_KEY = 3;
  private static final int FIELD_UNKNOWN = 4;
  private static final int FIELD_LAMBDAS = 5;

  /** The core learner; Java serialization writes its versioned state bytes instead. */
  private transient ContinualLearner learner;

  /** Metadata key of an example's task id. */
  private final String taskKey;

  /** Feature names of the last task unknown to the model. */
  private final int unknownFeatures;

  /** λ each task was learned with. */
  private final double[] lambdaPerTask;

  ContinualModel(
      String name,
      ModelProvenance provenance,
      ImmutableFeatureMap featureIDMap,
      ImmutableOutputInfo<Label> outputIDInfo,
      ContinualLearner learner,
      String taskKey,
      int unknownFeatures,
      double[] lambdaPerTask) {
    super(name, provenance, featureIDMap, outputIDInfo, true);
    this.learner = learner;
    this.taskKey = taskKey;
    this.unknownFeatures = unknownFeatures;
    this.lambdaPerTask = lambdaPerTask.clone();
  }

  /**
   * @return the λ each task was learned with, first task first (chosen per task when the trainer
   *     calibrates; 0 for fine-tuning)
   */
  public double[] lambdaPerTask() {
    return lambdaPerTask.clone();
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
   * @return bytes held for consolidation (importances, anchors, snapshots)
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

  LearnerConfig learnerConfig() {
    return learner.config();
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
    int f = featureIDMap.size();
    float[] x = new float[n * f];
    int[] used = new int[n];
    int[] task = new int[n];
    boolean perTask = getHeadMode() == HeadMode.PER_TASK;
    for (int r = 0; r < n; r++) {
      Example<Label> e = list.get(r);
      used[r] = TribuoData.copyFeatures(e, r, featureIDMap, x, null);
      if (used[r] == 0) {
        throw new IllegalArgumentException(
            "example "
                + r
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
                            "example "
                                + index
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
    Prediction<?>[] out = new Prediction<?>[n];
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
        out[rows[i]] = toPrediction(p[i], classes, used[rows[i]], list.get(rows[i]));
      }
    }
    List<Prediction<Label>> result = new ArrayList<>(n);
    for (Prediction<?> p : out) {
      @SuppressWarnings("unchecked") // built by toPrediction
      Prediction<Label> lp = (Prediction<Label>) p;
      result.add(lp);
    }
    return result;
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

  /** Per input feature: the L2 norm of its outgoing weights in the first layer. */
  private double[] inputWeightNorms() {
    Mlp net = learner.network();
    float[] params = net.params();
    int f = net.inputSize();
    double[] norms = new double[f];
    int[] hidden = net.hiddenSizes();
    if (hidden.length > 0) {
      int off = net.trunkWeightOffset(0);
      for (int i = 0; i < f; i++) {
        for (int j = 0; j < hidden[0]; j++) {
          double w = params[off + i * hidden[0] + j];
          norms[i] += w * w;
        }
      }
    } else {
      for (int h = 0; h < net.headCount(); h++) {
        int units = net.headSize(h);
        int off = net.headWeightOffset(h);
        for (int i = 0; i < f; i++) {
          for (int u = 0; u < units; u++) {
            double w = params[off + i * units + u];
            norms[i] += w * w;
          }
        }
      }
    }
    for (int i = 0; i < f; i++) {
      norms[i] = Math.sqrt(norms[i]);
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
        featureIDMap,
        outputIDInfo,
        learner.copy(),
        taskKey,
        unknownFeatures,
        lambdaPerTask);
  }

  // ---------------------------------------------------------------- protobuf

  @Override
  public ModelProto serialize() {
    ModelDataCarrier<Label> carrier = createDataCarrier();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.writeBytes(FIELD_METADATA, carrier.serialize().toByteString());
      out.writeBytes(FIELD_LEARNER, ByteString.copyFrom(learner.toBytes()));
      out.writeString(FIELD_TASK_KEY, taskKey);
      out.writeInt32(FIELD_UNKNOWN, unknownFeatures);
      out.writeTag(FIELD_LAMBDAS, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      out.writeUInt32NoTag(8 * lambdaPerTask.length);
      for (double l : lambdaPerTask) {
        out.writeDoubleNoTag(l);
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot happen for a byte array", e);
    }
    Any payload =
        Any.newBuilder()
            .setTypeUrl(TYPE_URL)
            .setValue(ByteString.copyFrom(bytes.toByteArray()))
            .build();
    return ModelProto.newBuilder()
        .setVersion(CURRENT_VERSION)
        .setClassName(ContinualModel.class.getName())
        .setSerializedData(payload)
        .build();
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
    if (version < 0 || version > CURRENT_VERSION) {
      throw new IllegalArgumentException(
          "unknown ContinualModel format version "
              + version
              + "; this version of tribuo-cl reads versions up to "
              + CURRENT_VERSION);
    }
    if (!TYPE_URL.equals(message.getTypeUrl())) {
      throw new IllegalArgumentException(
          "not a ContinualModel payload: type " + message.getTypeUrl() + ", expected " + TYPE_URL);
    }
    ModelDataProto metadata = null;
    byte[] state = null;
    String taskKey = ContinualTrainer.DEFAULT_TASK_KEY;
    int unknown = 0;
    List<Double> lambdas = new ArrayList<>();
    try {
      CodedInputStream in = message.getValue().newCodedInput();
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        switch (WireFormat.getTagFieldNumber(tag)) {
          case FIELD_METADATA -> metadata = ModelDataProto.parseFrom(in.readBytes());
          case FIELD_LEARNER -> state = in.readByteArray();
          case FIELD_TASK_KEY -> taskKey = in.readString();
          case FIELD_UNKNOWN -> unknown = in.readInt32();
          case FIELD_LAMBDAS -> {
            int limit = in.pushLimit(in.readRawVarint32());
            while (in.getBytesUntilLimit() > 0) {
              lambdas.add(in.readDouble());
            }
            in.popLimit(limit);
          }
          default -> in.skipField(tag);
        }
      }
    } catch (InvalidProtocolBufferException e) {
      throw e;
    } catch (IOException e) {
      throw new InvalidProtocolBufferException(e);
    }
    if (metadata == null || state == null) {
      throw new IllegalArgumentException(
          "invalid ContinualModel protobuf: missing " + (metadata == null ? "metadata" : "state"));
    }
    ModelDataCarrier<?> carrier = ModelDataCarrier.deserialize(metadata);
    if (carrier.outputDomain().size() > 0
        && !(carrier.outputDomain().getOutput(0) instanceof Label)) {
      throw new IllegalArgumentException(
          "invalid ContinualModel protobuf: the output domain is not a label domain");
    }
    @SuppressWarnings("unchecked") // checked above
    ImmutableOutputInfo<Label> labels = (ImmutableOutputInfo<Label>) carrier.outputDomain();
    ContinualLearner learner = ContinualLearner.fromBytes(state);
    if (learner.inputSize() != carrier.featureDomain().size()) {
      throw new IllegalArgumentException(
          "invalid ContinualModel protobuf: the network has "
              + learner.inputSize()
              + " inputs but the feature domain "
              + carrier.featureDomain().size()
              + " features");
    }
    return new ContinualModel(
        carrier.name(),
        carrier.provenance(),
        carrier.featureDomain(),
        labels,
        learner,
        taskKey,
        unknown,
        lambdas.stream().mapToDouble(Double::doubleValue).toArray());
  }

  // ---------------------------------------------------------------- Java serialization

  /**
   * Writes the fields, then the learner's state ({@link ContinualLearner#toBytes()}) as a length
   * and bytes.
   *
   * @param out the stream
   * @throws IOException if writing fails
   */
  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    byte[] state = learner.toBytes();
    out.writeInt(state.length);
    out.write(state);
  }

  /**
   * Reads what {@link #writeObject} wrote; the learner's state is checked (version, checksum).
   *
   * @param in the stream
   * @throws IOException if the state is missing or corrupted
   * @throws ClassNotFoundException if a field's class is missing
   */
  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    int length = in.readInt();
    if (length < 0) {
      throw new IOException("corrupted ContinualModel: negative state length");
    }
    byte[] state = in.readNBytes(length);
    if (state.length != length) {
      throw new IOException("corrupted ContinualModel: truncated state");
    }
    try {
      learner = ContinualLearner.fromBytes(state);
    } catch (IllegalArgumentException e) {
      throw new IOException("corrupted ContinualModel: " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- ONNX

  /**
   * Exports the network as ONNX: input "input" (batch × features, in feature-id order), output
   * "output" (batch × labels, probabilities in label-id order).
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
   * @param input the features (batch × features)
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
    ONNXContext onnx = input.onnxContext();
    Mlp net = learner.network();
    float[] params = net.params();
    int[] hidden = net.hiddenSizes();
    ONNXRef<?> current = input;
    int in = net.inputSize();
    for (int l = 0; l < hidden.length; l++) {
      int out = hidden[l];
      int wOff = net.trunkWeightOffset(l);
      int bOff = wOff + in * out;
      int fanIn = in;
      ONNXInitializer w =
          onnx.floatTensor(
              "engram_w" + l, List.of(fanIn, out), fb -> fb.put(params, wOff, fanIn * out));
      ONNXInitializer b =
          onnx.floatTensor("engram_b" + l, List.of(out), fb -> fb.put(params, bOff, out));
      current = current.apply(ONNXOperators.GEMM, Arrays.asList(w, b)).apply(OnnxRelu.RELU);
      in = out;
    }
    int head = net.headIndex(Mlp.SHARED_HEAD);
    int[] classes = net.headClasses(head);
    int units = classes.length;
    int labels = outputIDInfo.size();
    if (units != labels) {
      throw new IllegalStateException(
          "the shared head has " + units + " units but the label domain " + labels + " labels");
    }
    // Units are in first-seen order; the graph's columns follow label ids.
    int featureSize = in;
    int wOff = net.headWeightOffset(head);
    int bOff = net.headBiasOffset(head);
    float[] hw = new float[featureSize * labels];
    float[] hb = new float[labels];
    for (int u = 0; u < units; u++) {
      int c = classes[u];
      hb[c] = params[bOff + u];
      for (int i = 0; i < featureSize; i++) {
        hw[i * labels + c] = params[wOff + i * units + u];
      }
    }
    ONNXInitializer w =
        onnx.floatTensor("engram_head_w", List.of(featureSize, labels), fb -> fb.put(hw));
    ONNXInitializer b = onnx.floatTensor("engram_head_b", List.of(labels), fb -> fb.put(hb));
    return current
        .apply(ONNXOperators.GEMM, Arrays.asList(w, b))
        .apply(ONNXOperators.SOFTMAX, Map.of("axis", 1));
  }

  @Override
  public String toString() {
    return "ContinualModel(name="
        + name
        + ",tasks="
        + learner.tasksLearned()
        + ",headMode="
        + getHeadMode()
        + ",features="
        + featureIDMap.size()
        + ",labels="
        + outputIDInfo.size()
        + ",method="
        + learner.config().method().method().token()
        + ")";
  }
}
