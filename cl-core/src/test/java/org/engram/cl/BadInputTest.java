package org.engram.cl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Consumer;
import org.engram.cl.data.TaskData;
import org.engram.cl.method.Hyperparameter;
import org.engram.cl.method.Method;
import org.engram.cl.method.MethodSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every bad input fails with a message naming the problem and leaves the learner unchanged. */
class BadInputTest {
  ContinualLearner learner;
  byte[] before;

  @BeforeEach
  void trainOneTask() {
    LearnerConfig c =
        LearnerConfig.builder()
            .hidden(8)
            .epochs(1)
            .maxClasses(3)
            .headMode(HeadMode.PER_TASK)
            .method(MethodSpec.of(Method.EWC))
            .build();
    learner = new ContinualLearner(c, 4);
    learner.learnTask(data(4, 6, 0, 1, 2), 0, TrainingListener.NONE);
    before = learner.toBytes();
  }

  static TaskData data(int features, int rows, int... labels) {
    float[] x = new float[rows * features];
    int[] y = new int[rows];
    for (int r = 0; r < rows; r++) {
      y[r] = labels[r % labels.length];
      for (int j = 0; j < features; j++) {
        x[r * features + j] = (float) Math.sin(r * 7 + j + y[r]);
      }
    }
    return new TaskData(x, features, y);
  }

  <T extends RuntimeException> void rejected(
      Class<T> type, String expected, Consumer<ContinualLearner> call) {
    T e = assertThrows(type, () -> call.accept(learner));
    assertTrue(
        e.getMessage().contains(expected),
        "message '" + e.getMessage() + "' should mention '" + expected + "'");
    assertArrayEquals(before, learner.toBytes(), "the learner changed");
  }

  @Test
  void aNullListenerIsRefusedBeforeAnythingChanges() {
    rejected(
        IllegalArgumentException.class,
        "listener must not be null",
        l -> l.learnTask(data(4, 6, 0, 1), 1, null));
  }

  @Test
  void nanFeatureNamesExampleAndFeature() {
    TaskData d = data(4, 6, 0, 1);
    d.features()[3 * 4 + 2] = Float.NaN;
    rejected(
        IllegalArgumentException.class,
        "example 3, feature 2 is NaN",
        l -> l.learnTask(d, 1, TrainingListener.NONE));
  }

  @Test
  void infiniteFeature() {
    TaskData d = data(4, 6, 0, 1);
    d.features()[5] = Float.POSITIVE_INFINITY;
    rejected(
        IllegalArgumentException.class,
        "example 1, feature 1 is Infinity",
        l -> l.learnTask(d, 1, TrainingListener.NONE));
  }

  @Test
  void wrongFeatureCount() {
    rejected(
        IllegalArgumentException.class,
        "expected 4 features per example, got 5",
        l -> l.learnTask(data(5, 6, 0, 1), 1, TrainingListener.NONE));
  }

  /** A streamed batch is checked as a task is: the bad row refused, the open task unchanged. */
  @Test
  void aStreamedBatchWithANonFiniteFeatureIsRefusedAndTheOpenTaskKept() {
    learner.beginTask(1);
    learner.update(data(4, 6, 0, 1));
    byte[] open = learner.toBytes();
    TaskData d = data(4, 6, 0, 1);
    d.features()[4 * 4 + 3] = Float.NEGATIVE_INFINITY;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> learner.update(d));
    assertTrue(e.getMessage().contains("example 4, feature 3 is -Infinity"), e.getMessage());
    assertArrayEquals(open, learner.toBytes(), "the refused batch changed the learner");
  }

  /** Rows to predict are checked too: a NaN would otherwise come back as a probability. */
  @Test
  void rowsToPredictAreChecked() {
    TaskData d = data(4, 3, 0);
    d.features()[2 * 4 + 1] = Float.NaN;
    rejected(IllegalArgumentException.class, "example 2, feature 1 is NaN", l -> l.predict(d, 0));
    rejected(
        IllegalArgumentException.class,
        "example 2, feature 1 is NaN",
        l -> l.predictProbabilities(d, 0));
    rejected(
        IllegalArgumentException.class,
        "expected 4 features per example, got 5",
        l -> l.predictProbabilities(data(5, 2, 0), 0));
  }

  @Test
  void unknownTaskIdAtPrediction() {
    rejected(IllegalArgumentException.class, "unknown task id 7", l -> l.predict(data(4, 2, 0), 7));
  }

  @Test
  void negativeTaskId() {
    rejected(
        IllegalArgumentException.class,
        "task id must be >= 0",
        l -> l.learnTask(data(4, 6, 0), -1, TrainingListener.NONE));
  }

  @Test
  void emptyTask() {
    rejected(
        IllegalArgumentException.class,
        "task 2 has no examples",
        l -> l.learnTask(new TaskData(new float[0], 4, new int[0]), 1, TrainingListener.NONE));
  }

  @Test
  void labelOutsideTheOutputRange() {
    rejected(
        IllegalArgumentException.class,
        "example 2 has label 3, outside the output range [0, 3)",
        l -> l.learnTask(data(4, 6, 0, 1, 3), 1, TrainingListener.NONE));
    rejected(
        IllegalArgumentException.class,
        "label -1",
        l -> l.learnTask(data(4, 6, -1), 1, TrainingListener.NONE));
  }

  @Test
  void negativeWeight() {
    TaskData d = data(4, 6, 0, 1);
    float[] w = {1, 1, 1, 1, -2, 1};
    TaskData weighted = new TaskData(d.features(), 4, d.labels(), w, null);
    rejected(
        IllegalArgumentException.class,
        "example 4 has weight -2.0",
        l -> l.learnTask(weighted, 1, TrainingListener.NONE));
  }

  @Test
  void streamingUpdateWithoutOpenTask() {
    rejected(IllegalStateException.class, "no task is open", l -> l.update(data(4, 2, 0)));
  }

  @Test
  void invalidHyperparametersNameTheOption() {
    MethodSpec ewc = MethodSpec.of(Method.ONLINE_EWC);
    assertMessage(() -> ewc.withLambda(-1), "lambda must be ≥ 0 (or auto), got -1");
    assertMessage(() -> ewc.withLambda(Double.NaN), "lambda must be ≥ 0 (or auto), got NaN");
    assertMessage(() -> ewc.with(Hyperparameter.GAMMA, 0.0), "gamma must be in (0, 1], got 0");
    assertMessage(() -> ewc.with(Hyperparameter.GAMMA, 1.5), "gamma must be in (0, 1], got 1.5");
    assertMessage(
        () -> ewc.with(Hyperparameter.IMPORTANCE_SAMPLES, 0),
        "importanceSamples must be ≥ 1, got 0");
    assertMessage(
        () -> ewc.with(Hyperparameter.TEMPERATURE, 2.0),
        "temperature is not a hyperparameter of online-ewc (it has lambda, gamma, fisher,"
            + " importanceSamples)");
    MethodSpec lwf = MethodSpec.of(Method.LWF);
    assertMessage(
        () -> lwf.with(Hyperparameter.TEMPERATURE, 0.0), "temperature must be > 0, got 0");
    assertMessage(
        () -> MethodSpec.of(Method.SI).with(Hyperparameter.DAMPING, -0.1),
        "damping must be > 0, got -0.1");
    assertMessage(
        () -> lwf.withText("lambda", "lots"), "lambda must be a number, got 'lots' (or auto)");
    assertMessage(() -> lwf.withText("tau", "1"), "unknown hyperparameter 'tau'");
    assertMessage(() -> LearnerConfig.builder().epochs(0).build(), "epochs must be at least 1");
    assertMessage(() -> LearnerConfig.builder().hidden(10, 0).build(), "hidden layer sizes");
    assertMessage(() -> Method.parse("ewx"), "unknown method 'ewx'");
    assertMessage(
        () -> org.engram.cl.optim.OptimiserSpec.adam(-0.1), "learningRate must be positive");
    // settings nothing would read are refused, not carried along
    assertMessage(
        () ->
            new org.engram.cl.optim.OptimiserSpec(
                org.engram.cl.optim.OptimiserSpec.Kind.ADAM, 0.001, 0.5, 0.9, 0.999, 1e-8),
        "momentum is SGD's: Adam does not read it");
    assertMessage(
        () ->
            LearnerConfig.builder()
                .method(MethodSpec.of(Method.FINE_TUNE))
                .calibration(Calibration.of(0.2, 4))
                .build(),
        "naive has no lambda to search");
    assertMessage(
        () ->
            LearnerConfig.builder()
                .optimiser(org.engram.cl.optim.OptimiserSpec.sgd(0.01, 0.9))
                .keepOptimiserState(true)
                .build(),
        "SGD has none");
    // nulls are refused by name, not met later as a NullPointerException
    assertMessage(() -> MethodSpec.of(null), "method must not be null");
    assertMessage(() -> Method.parse(null), "method name must not be null");
    assertMessage(() -> LearnerConfig.builder().hidden((int[]) null), "must not be null");
    assertMessage(() -> new ContinualLearner(null, 64), "config must not be null");
    assertMessage(() -> ContinualLearner.fromBytes(null), "no state given");
    assertMessage(() -> new TaskData(null, 2, new int[0]), "must not be null");
    assertMessage(
        () -> TaskData.of(new double[][] {{1, 1e300}}, new int[] {0}),
        "example 0, feature 1 is 1.0E300, beyond the float range");
    assertMessage(
        () -> TaskData.of(new double[][] {{1}, {2}}, new int[] {0, 1}).subset(new int[] {0, 2}),
        "row index 2 (position 1) is outside 0..1");
    LearnerConfig adam = LearnerConfig.builder().keepOptimiserState(true).build();
    assertTrue(adam.keepOptimiserState(), "with Adam it is kept");
  }

  private static void assertMessage(Runnable r, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void corruptedForeignAndTruncatedStatesAreNamed() {
    byte[] corrupted = before.clone();
    corrupted[corrupted.length / 2] ^= 0x40;
    assertMessage(() -> ContinualLearner.fromBytes(corrupted), "corrupted Engram state");
    assertMessage(
        () -> ContinualLearner.fromBytes("<?xml version='1.0'?>".getBytes()),
        "not an Engram learner state");
    assertMessage(
        () -> ContinualLearner.fromBytes(java.util.Arrays.copyOf(before, 40)),
        "corrupted Engram state: truncated");
    assertMessage(() -> ContinualLearner.fromBytes(new byte[0]), "empty or too short");
  }

  /**
   * A state whose checksum is right but whose counts are absurd (written by hand, not damaged in
   * transit) ends in a message, not in an allocation the stream asks for: here a task history of
   * 2^31 − 2 reports, which the reader must not size a list by.
   */
  @Test
  void aStateWithAValidChecksumAndAbsurdCountsIsRefused() throws Exception {
    java.io.ByteArrayOutputStream config = new java.io.ByteArrayOutputStream();
    learner.config().write(new java.io.DataOutputStream(config));
    int tasksLearned = 12 + config.size() + 4 + 8; // header, config, input size, random stream
    byte[] forged = before.clone();
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(forged);
    b.putInt(tasksLearned, Integer.MAX_VALUE);
    b.putInt(tasksLearned + 4, Integer.MAX_VALUE - 1);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(forged, 12, forged.length - 20);
    b.putLong(forged.length - 8, crc.getValue());
    assertMessage(() -> ContinualLearner.fromBytes(forged), "corrupted Engram state");
  }
}
