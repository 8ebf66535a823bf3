package org.engram.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.oracle.labs.mlrg.olcut.util.Pair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.engram.cl.HeadMode;
import org.engram.cl.LearnerConfig;
import org.engram.cl.data.Digits;
import org.engram.cl.data.TaskData;
import org.engram.cl.importance.FisherImportance;
import org.engram.cl.method.Method;
import org.engram.cl.method.MethodSpec;
import org.engram.cl.optim.OptimiserSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tribuo.Dataset;
import org.tribuo.Excuse;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.example.LabelledDataGenerator;
import org.tribuo.dataset.DatasetView;
import org.tribuo.evaluation.CrossValidation;
import org.tribuo.interop.onnx.OnnxTestUtils;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.test.Helpers;

/** Tribuo's own checks (serialization, provenance, ONNX) on every trainer's model. */
class ContinualModelTest {
  private static final int[] HIDDEN = {16, 8};
  private static final ContinualTrainer.OptimiserType ADAM = ContinualTrainer.OptimiserType.ADAM;

  private static List<DigitsTasks.Task> tasks;

  @BeforeAll
  static void setUp() {
    // Class-incremental: task 2 brings new labels, so the domain grows before serialization.
    tasks =
        DigitsTasks.tasks(
            DigitsDataSource.Labelling.DIGIT, false, new int[] {0, 1}, new int[] {2, 3});
  }

  static Stream<ContinualTrainer> trainers() {
    return Stream.of(
        new EWCTrainer(
            HIDDEN,
            2,
            64,
            0.003,
            ADAM,
            7,
            HeadMode.SHARED,
            1000,
            false,
            1.0,
            FisherImportance.Variant.EMPIRICAL,
            200),
        new EWCTrainer(
            HIDDEN,
            2,
            64,
            0.003,
            ADAM,
            7,
            HeadMode.SHARED,
            1000,
            true,
            0.9,
            FisherImportance.Variant.SAMPLED,
            200),
        new MASTrainer(HIDDEN, 2, 64, 0.003, ADAM, 7, HeadMode.SHARED, 10, 200),
        new SITrainer(
            HIDDEN, 2, 64, 0.01, ContinualTrainer.OptimiserType.SGD, 7, HeadMode.SHARED, 10, 0.1),
        new LwFTrainer(HIDDEN, 2, 64, 0.003, ADAM, 7, HeadMode.SHARED, 1, 2),
        new FineTuneTrainer(HIDDEN, 2, 64, 0.003, ADAM, 7, HeadMode.SHARED),
        core(MethodSpec.of(Method.L2).withLambda(1), 16, 8),
        core(MethodSpec.of(Method.JOINT), 16),
        // no hidden layer: a softmax regression
        core(MethodSpec.of(Method.SI).withLambda(1)));
  }

  /** The trainer of a core configuration: the methods without a preset, and other shapes. */
  private static ContinualTrainer core(MethodSpec method, int... hidden) {
    return new ContinualTrainer(
        LearnerConfig.builder()
            .hidden(hidden)
            .epochs(2)
            .batchSize(64)
            .optimiser(OptimiserSpec.adam(0.003))
            .seed(7)
            .method(method)
            .build());
  }

  private static ContinualModel twoTasks(ContinualTrainer t) {
    ContinualModel m1 = t.train(tasks.get(0).train());
    return t.incrementalTrain(tasks.get(1).train(), m1);
  }

  @ParameterizedTest
  @MethodSource("trainers")
  void tribuoSerializationHelpers(ContinualTrainer trainer) {
    ContinualModel m = twoTasks(trainer);
    assertEquals(2, m.tasksLearned());
    assertEquals(4, m.getOutputIDInfo().size());
    Helpers.testModelSerialization(m, Label.class);
    Helpers.testProvenanceMarshalling(m.getProvenance());
    Model<Label> back = Helpers.testModelProtoSerialization(m, Label.class, tasks.get(1).test());
    ContinualModel cm = (ContinualModel) back;
    assertEquals(2, cm.provenanceChain().size());
    assertEquals(m.provenanceChain(), cm.provenanceChain());
    // The task history, timings included, and the input order travel with the model.
    assertEquals(m.history(), cm.history());
    assertTrue(cm.history().get(1).trainSeconds() > 0);
    assertEquals(m.inputFeatureNames(), cm.inputFeatureNames());
    assertEquals(m.learnerConfig().method(), cm.learnerConfig().method());
    // A deserialized model continues learning exactly like the original.
    ContinualModel a = trainer.incrementalTrain(tasks.get(0).train(), m);
    ContinualModel b = trainer.incrementalTrain(tasks.get(0).train(), cm);
    assertTrue(
        Helpers.predictionListDistributionEquals(
            a.predict(tasks.get(0).test()), b.predict(tasks.get(0).test())));
  }

  @ParameterizedTest
  @MethodSource("trainers")
  void onnxExportMatchesOnnxRuntime(ContinualTrainer trainer, @TempDir Path dir) throws Exception {
    ContinualModel m = twoTasks(trainer);
    Path onnx = dir.resolve("model.onnx");
    m.saveONNXModel("org.engram.tribuo.test", 1, onnx);
    assertTrue(Files.size(onnx) > 0);
    OnnxTestUtils.onnxLabelComparison(m, onnx, tasks.get(1).test(), 1e-5);
    OnnxTestUtils.onnxLabelComparison(m, onnx, tasks.get(0).test(), 1e-5);
  }

  @Test
  void onnxInputsFollowTribuosFeatureIdsWhenTheNetworkReadsAnotherOrder(@TempDir Path dir)
      throws Exception {
    // Features f0 .. f63: Tribuo's ids sort them as text (f0, f1, f10, ...), the network reads
    // them in column order; the exported graph takes Tribuo's order.
    TaskData[] parts = Digits.load().split(0.7, 1);
    TaskData train = parts[0].filterClasses(3, 8);
    TaskData test = parts[1].filterClasses(3, 8);
    for (int[] hidden : new int[][] {{12}, {}}) {
      ContinualModel m =
          core(MethodSpec.of(Method.FINE_TUNE), hidden)
              .train(TaskDatasets.of(train, "train", -1, "task"));
      assertEquals(TaskDatasets.featureNames(64), m.inputFeatureNames());
      Path onnx = dir.resolve("f" + hidden.length + ".onnx");
      m.saveONNXModel("org.engram.tribuo.test", 1, onnx);
      OnnxTestUtils.onnxLabelComparison(m, onnx, TaskDatasets.of(test, "test", -1, "t"), 1e-5);
    }
  }

  @Test
  void javaSerializationKeepsTheHistoryAndTheInputOrder() throws Exception {
    TaskData[] parts = Digits.load().split(0.7, 1);
    ContinualTrainer t = core(MethodSpec.of(Method.MAS).withLambda(1), 8);
    ContinualModel m1 = t.train(TaskDatasets.of(parts[0].filterClasses(0, 1), "a", -1, "t"));
    ContinualModel m =
        t.incrementalTrain(TaskDatasets.of(parts[0].filterClasses(2, 3), "b", -1, "t"), m1);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (var out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(m);
    }
    ContinualModel back;
    try (var in =
        new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      back = (ContinualModel) in.readObject();
    }
    assertEquals(m.history(), back.history());
    assertEquals(m.inputFeatureNames(), back.inputFeatureNames());
    var test = TaskDatasets.of(parts[1].filterClasses(0, 1, 2, 3), "t", -1, "t");
    assertTrue(Helpers.predictionListDistributionEquals(m.predict(test), back.predict(test), 0));
  }

  private static byte[] javaSerialized(Object o, boolean direct) throws java.io.IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (var out =
        new java.io.ObjectOutputStream(bytes) {
          {
            enableReplaceObject(direct);
          }

          @Override
          protected Object replaceObject(Object obj) {
            // puts the model back in place of its proxy: the stream an older version wrote
            return obj.getClass().getSimpleName().equals("JavaForm") ? o : obj;
          }
        }) {
      out.writeObject(o);
    }
    return bytes.toByteArray();
  }

  private static Object javaDeserialized(byte[] bytes) throws Exception {
    try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes))) {
      return in.readObject();
    }
  }

  /**
   * Java serialization carries the protobuf form, checksum included: a byte flipped anywhere in the
   * stream is refused with an {@link java.io.IOException} (or a missing class), never read as a
   * model that answers otherwise; Tribuo's own fields (names, domains, provenance) included, which
   * default serialization wrote unchecked.
   */
  @Test
  void aDamagedJavaSerializedModelIsRefusedNeverReadOtherwise() throws Exception {
    TaskData[] parts = Digits.load().split(0.7, 1);
    ContinualTrainer t = core(MethodSpec.of(Method.EWC).withLambda(10), 8);
    ContinualModel m = t.train(TaskDatasets.of(parts[0].filterClasses(0, 1, 2), "a", -1, "t"));
    var test = TaskDatasets.of(parts[1].filterClasses(0, 1, 2), "t", -1, "t");
    List<Prediction<Label>> expected = m.predict(test);
    byte[] bytes = javaSerialized(m, false);
    int refused = 0;
    int same = 0;
    for (int at = 0; at < bytes.length; at += 1 + bytes.length / 400) {
      byte[] damaged = bytes.clone();
      damaged[at] ^= 0x10;
      Object back;
      try {
        back = javaDeserialized(damaged);
      } catch (java.io.IOException | ClassNotFoundException e) {
        refused++;
        continue;
      }
      // a flip in the stream's own framing can leave the model's bytes intact
      assertTrue(back instanceof ContinualModel, "byte " + at + " read as " + back);
      assertTrue(
          Helpers.predictionListDistributionEquals(
              expected, ((ContinualModel) back).predict(test), 0),
          "byte " + at + " of " + bytes.length + " read as a model that answers otherwise");
      same++;
    }
    assertTrue(refused > 300, refused + " refused, " + same + " read unchanged");
  }

  /** A stream of the model itself (what Java serialization wrote before 2026-12-02) is refused. */
  @Test
  void aJavaStreamOfTheModelItselfIsRefusedNamingWhatToDo() throws Exception {
    TaskData[] parts = Digits.load().split(0.7, 1);
    ContinualModel m =
        core(MethodSpec.of(Method.MAS).withLambda(1), 8)
            .train(TaskDatasets.of(parts[0].filterClasses(0, 1), "a", -1, "t"));
    java.io.InvalidObjectException e =
        assertThrows(
            java.io.InvalidObjectException.class, () -> javaDeserialized(javaSerialized(m, true)));
    assertTrue(
        e.getMessage().contains("written by Java serialization before 2026-12-02"), e.getMessage());
    // and the proxy's stream reads back
    assertTrue(javaDeserialized(javaSerialized(m, false)) instanceof ContinualModel);
  }

  @Test
  void provenanceChainReachesTheFirstTask() {
    ContinualTrainer t = new MASTrainer(HIDDEN, 1, 64, 0.003, ADAM, 3, HeadMode.SHARED, 10, 100);
    ContinualModel m1 = t.train(tasks.get(0).train());
    ContinualModel m2 = t.incrementalTrain(tasks.get(1).train(), m1);
    ContinualModel m3 = t.incrementalTrain(tasks.get(0).train(), m2);
    List<ModelProvenance> chain = m3.provenanceChain();
    assertEquals(List.of(m1.getProvenance(), m2.getProvenance(), m3.getProvenance()), chain);
    // Each task's λ is in its model's run provenance.
    for (int i = 0; i < 3; i++) {
      var run = chain.get(i).getInstanceProvenance().getMap();
      assertEquals(
          String.valueOf(m3.lambdaPerTask()[i]),
          run.get(ContinualModel.LAMBDA_PROVENANCE).toString().replaceAll(".*=", ""));
    }
    assertFalse(
        m1.getProvenance()
            .getInstanceProvenance()
            .getMap()
            .containsKey(ContinualModel.PREVIOUS_MODEL_PROVENANCE));
    ContinualModel back = (ContinualModel) Model.deserialize(m3.serialize());
    assertEquals(chain, back.provenanceChain());
  }

  @Test
  void unknownProtobufVersionIsRejected() {
    ContinualModel m =
        new FineTuneTrainer(HIDDEN, 1, 64, 0.003, ADAM, 1, HeadMode.SHARED)
            .train(tasks.get(0).train());
    ModelProto proto =
        m.serialize().toBuilder().setVersion(ContinualModel.CURRENT_VERSION + 1).build();
    Exception e = assertThrows(Exception.class, () -> Model.deserialize(proto));
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    assertTrue(cause.getMessage().contains("version"), cause.getMessage());
  }

  /**
   * A damaged byte of the payload is refused, wherever it is: the learner state checks itself, and
   * the payload's checksum covers Tribuo's model data (feature and label names and ids,
   * provenance), where a flipped bit made a model read another feature or answer another label. A
   * version 1 payload (no checksum) is still read; a version 2 payload without its checksum is not.
   */
  @Test
  void aDamagedPayloadIsRefusedAndVersionOneStillReads() throws Exception {
    ContinualModel m =
        new FineTuneTrainer(new int[] {4}, 1, 64, 0.003, ADAM, 1, HeadMode.SHARED)
            .train(tasks.get(0).train());
    ModelProto proto = m.serialize();
    byte[] payload = proto.getSerializedData().getValue().toByteArray();
    int loaded = 0;
    for (int i = 0; i < payload.length; i += 3) {
      byte[] damaged = payload.clone();
      damaged[i] ^= (byte) (1 << (i % 8));
      ModelProto bad = withPayload(proto, damaged, ModelCodec.CURRENT_VERSION);
      try {
        Model.deserialize(bad);
        loaded++;
      } catch (RuntimeException e) {
        // refused: what this test wants
      }
    }
    assertEquals(0, loaded, "damaged payloads that loaded, of " + (payload.length + 2) / 3);

    // the checksum is the last field: 5 bytes (tag 7 as fixed32, then 4 bytes)
    byte[] unchecked = java.util.Arrays.copyOf(payload, payload.length - 5);
    assertEquals((7 << 3) | 5, payload[payload.length - 5]);
    ContinualModel v1 = (ContinualModel) Model.deserialize(withPayload(proto, unchecked, 1));
    assertTrue(
        Helpers.predictionListDistributionEquals(
            m.predict(tasks.get(0).test()), v1.predict(tasks.get(0).test())));
    Exception e =
        assertThrows(
            Exception.class,
            () -> Model.deserialize(withPayload(proto, unchecked, ModelCodec.CURRENT_VERSION)));
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    assertTrue(cause.getMessage().contains("checksum is missing"), cause.getMessage());
  }

  private static ModelProto withPayload(ModelProto proto, byte[] payload, int version) {
    return proto.toBuilder()
        .setVersion(version)
        .setSerializedData(
            proto.getSerializedData().toBuilder()
                .setValue(com.google.protobuf.ByteString.copyFrom(payload)))
        .build();
  }

  @Test
  void copyIsIndependentAndTopFeaturesAndExcusesAreUseful() {
    ContinualModel m =
        new FineTuneTrainer(HIDDEN, 2, 64, 0.003, ADAM, 1, HeadMode.SHARED)
            .train(tasks.get(0).train());
    Model<Label> copy = m.copy();
    assertTrue(
        Helpers.predictionListDistributionEquals(
            m.predict(tasks.get(0).test()), copy.predict(tasks.get(0).test())));
    Map<String, List<Pair<String, Double>>> top = m.getTopFeatures(5);
    List<Pair<String, Double>> list = top.get(Model.ALL_OUTPUTS);
    assertEquals(5, list.size());
    for (int i = 1; i < list.size(); i++) {
      assertTrue(list.get(i - 1).getB() >= list.get(i).getB());
    }
    assertEquals(64, m.getTopFeatures(-1).get(Model.ALL_OUTPUTS).size());
    var example = tasks.get(0).test().getExample(0);
    Optional<Excuse<Label>> excuse = m.getExcuse(example);
    assertTrue(excuse.isPresent());
    Prediction<Label> p = excuse.get().getPrediction();
    assertFalse(excuse.get().excuse(p.getOutput().getLabel()).isEmpty());
    // Probabilities over the whole domain.
    double sum = p.getOutputScores().values().stream().mapToDouble(Label::getScore).sum();
    assertEquals(1.0, sum, 1e-5);
  }

  @Test
  void crossValidationAndViewsThatLackALabelAreScored(@TempDir Path dir) throws Exception {
    // A fold of Tribuo's CrossValidation is a view that declares every label of its dataset; one
    // whose training examples lack a label was refused by LabelEvaluator ("Unknown label: Bar").
    Dataset<Label> small = LabelledDataGenerator.denseTrainTest().getA();
    var folds =
        new CrossValidation<>(
                new FineTuneTrainer(new int[] {4}, 1, 4, 0.01, ADAM, 1, HeadMode.SHARED),
                small,
                new LabelEvaluator(),
                3)
            .evaluate();
    assertEquals(3, folds.size());
    // A task taken from a larger dataset by a view: the labels it has no example of are in the
    // domain with probability 0, after those it has (their ids, and so the network, unchanged).
    MutableDataset<Label> both =
        new MutableDataset<>(tasks.get(0).train().getProvenance(), new LabelFactory());
    both.addAll(tasks.get(0).train().getData());
    both.addAll(tasks.get(1).train().getData());
    DatasetView<Label> first =
        DatasetView.createView(both, e -> e.getOutput().getLabel().compareTo("2") < 0, "task 1");
    ContinualTrainer t = new FineTuneTrainer(HIDDEN, 2, 64, 0.003, ADAM, 1, HeadMode.SHARED);
    ContinualModel viewed = t.train(first, Map.of(), 0);
    ContinualModel plain = t.train(tasks.get(0).train(), Map.of(), 0);
    assertEquals(4, viewed.getOutputIDInfo().size());
    for (String label : new String[] {"0", "1"}) {
      assertEquals(
          plain.getOutputIDInfo().getID(new Label(label)),
          viewed.getOutputIDInfo().getID(new Label(label)));
    }
    List<Prediction<Label>> a = viewed.predict(tasks.get(0).test());
    List<Prediction<Label>> b = plain.predict(tasks.get(0).test());
    for (int i = 0; i < a.size(); i++) {
      assertEquals(
          b.get(i).getOutputScores().get("0").getScore(),
          a.get(i).getOutputScores().get("0").getScore());
      assertEquals(0.0, a.get(i).getOutputScores().get("3").getScore());
    }
    assertEquals(0.0, new LabelEvaluator().evaluate(viewed, tasks.get(1).test()).accuracy());
    Path onnx = dir.resolve("viewed.onnx");
    viewed.saveONNXModel("org.engram.tribuo.test", 1, onnx);
    OnnxTestUtils.onnxLabelComparison(viewed, onnx, tasks.get(0).test(), 1e-5);
    // The next task teaches the labels the first only declared: they keep their ids, which are
    // those the labels get without the view, and the model learns exactly as without it.
    ContinualModel next = t.incrementalTrain(tasks.get(1).train(), viewed);
    ContinualModel plainNext = t.incrementalTrain(tasks.get(1).train(), plain);
    assertEquals(viewed.getOutputIDInfo().getDomain(), next.getOutputIDInfo().getDomain());
    assertTrue(
        Helpers.predictionListDistributionEquals(
            plainNext.predict(tasks.get(1).test()), next.predict(tasks.get(1).test())));
  }
}
