package org.engram.tribuo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.oracle.labs.mlrg.olcut.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.engram.cl.HeadMode;
import org.engram.cl.importance.FisherImportance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.example.LabelledDataGenerator;
import org.tribuo.impl.ArrayExample;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Bad input gives a clear exception naming the problem, and the previous model is left exactly as
 * it was.
 */
class BadInputTest {
  private static final ContinualTrainer.OptimiserType ADAM = ContinualTrainer.OptimiserType.ADAM;
  private static Dataset<Label> train;
  private static Dataset<Label> test;

  @BeforeAll
  static void setUp() {
    Pair<Dataset<Label>, Dataset<Label>> p = LabelledDataGenerator.denseTrainTest();
    train = p.getA();
    test = p.getB();
  }

  private static EWCTrainer ewc() {
    return ewc(1);
  }

  private static EWCTrainer ewc(long seed) {
    return new EWCTrainer(
        new int[] {8},
        2,
        16,
        0.01,
        ADAM,
        seed,
        HeadMode.SHARED,
        100,
        false,
        1.0,
        FisherImportance.Variant.EMPIRICAL,
        50);
  }

  private static MutableDataset<Label> dataset(List<Example<Label>> examples) {
    MutableDataset<Label> d =
        new MutableDataset<>(
            new SimpleDataSourceProvenance("test", new LabelFactory()), new LabelFactory());
    d.addAll(examples);
    return d;
  }

  private static List<Example<Label>> copies(Dataset<Label> d) {
    List<Example<Label>> list = new ArrayList<>();
    for (Example<Label> e : d) {
      list.add(e.copy());
    }
    return list;
  }

  /** Runs a bad call and checks the message and that the model did not change. */
  private static RuntimeException assertRejected(
      ContinualModel model, Class<? extends RuntimeException> type, String words, Runnable call) {
    ModelProto before = model.serialize();
    RuntimeException e = assertThrows(type, call::run);
    assertTrue(e.getMessage().contains(words), "'" + e.getMessage() + "' lacks '" + words + "'");
    assertEquals(before, model.serialize(), "the model changed");
    return e;
  }

  @Test
  void invalidAndEmptyExamplesAtPrediction() {
    ContinualModel m = ewc().train(train);
    assertRejected(
        m,
        IllegalArgumentException.class,
        "no feature known to the model",
        () -> m.predict(LabelledDataGenerator.invalidSparseExample()));
    assertRejected(
        m,
        IllegalArgumentException.class,
        "no feature known to the model",
        () -> m.predict(LabelledDataGenerator.emptyExample()));
    Example<Label> nan = test.getExample(0).copy();
    nan.set(new Feature("A", Double.NaN));
    assertRejected(m, IllegalArgumentException.class, "feature 'A' is NaN", () -> m.predict(nan));
  }

  @Test
  void invalidExampleInTrainingData() {
    EWCTrainer t = ewc();
    ContinualModel m = t.train(train);
    List<Example<Label>> list = copies(train);
    list.add(LabelledDataGenerator.invalidSparseExample());
    MutableDataset<Label> withInvalid = dataset(list);
    assertRejected(
        m,
        IllegalArgumentException.class,
        "have no feature known to the model, first example " + (list.size() - 1),
        () -> t.incrementalTrain(withInvalid, m));
    // The empty example is refused by Tribuo's own dataset already.
    assertThrows(
        IllegalArgumentException.class,
        () -> dataset(List.of(LabelledDataGenerator.emptyExample())));
  }

  /**
   * Generics keep a regression or multi-label dataset away from the trainers at compile time, but
   * not raw types or a configuration file: it is refused by what it is, not with a
   * ClassCastException on its first example.
   */
  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void aDatasetOfAnotherOutputTypeIsRefusedByName() {
    EWCTrainer t = ewc();
    ContinualModel m = t.train(train);
    org.tribuo.regression.RegressionFactory factory = new org.tribuo.regression.RegressionFactory();
    MutableDataset<org.tribuo.regression.Regressor> regression =
        new MutableDataset<>(new SimpleDataSourceProvenance("regression", factory), factory);
    for (int i = 0; i < 10; i++) {
      regression.add(
          new ArrayExample<>(
              new org.tribuo.regression.Regressor("y", i), new String[] {"A"}, new double[] {i}));
    }
    Dataset raw = regression;
    String words = "output factory is org.tribuo.regression.RegressionFactory";
    assertRejected(m, IllegalArgumentException.class, words, () -> t.incrementalTrain(raw, m));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ((org.tribuo.Trainer) t).train(raw));
    assertTrue(
        e.getMessage().contains(words) && e.getMessage().contains("LabelFactory"), e.getMessage());
  }

  @Test
  void datasetWithNoFeatureInCommon() {
    EWCTrainer t = ewc();
    ContinualModel m = t.train(train);
    List<Example<Label>> other = new ArrayList<>();
    other.add(new ArrayExample<>(new Label("Foo"), new String[] {"X", "Y"}, new double[] {1, 2}));
    other.add(new ArrayExample<>(new Label("Bar"), new String[] {"X", "Z"}, new double[] {3, 4}));
    MutableDataset<Label> d = dataset(other);
    assertRejected(
        m,
        IllegalArgumentException.class,
        "no feature of the dataset is known to the model",
        () -> t.incrementalTrain(d, m));
  }

  @Test
  void nonFiniteValuesInTrainingData() {
    EWCTrainer t = ewc();
    ContinualModel m = t.train(train);
    List<Example<Label>> list = copies(train);
    MutableDataset<Label> d = dataset(list);
    // Tribuo's dataset refuses NaN on add; a value changed afterwards still reaches the trainer.
    d.getExample(3).set(new Feature("B", Double.NaN));
    assertRejected(
        m,
        IllegalArgumentException.class,
        "example 3 (counting from 0), feature 'B' is NaN",
        () -> t.incrementalTrain(d, m));
    MutableDataset<Label> inf = dataset(copies(train));
    inf.getExample(5).set(new Feature("C", Double.POSITIVE_INFINITY));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ewc().train(inf));
    assertTrue(
        e.getMessage().contains("example 5 (counting from 0), feature 'C' is Infinity"),
        e.getMessage());
  }

  @Test
  void valuesBeyondFloatRangeAreNamedByFeature() {
    EWCTrainer t = ewc();
    ContinualModel m = t.train(train);
    MutableDataset<Label> d = dataset(copies(train));
    d.getExample(4).set(new Feature("B", 1e300));
    assertRejected(
        m,
        IllegalArgumentException.class,
        "example 4 (counting from 0), feature 'B' is 1.0E300, beyond the float range",
        () -> t.incrementalTrain(d, m));
    Example<Label> big = test.getExample(0).copy();
    big.set(new Feature("A", -1e300));
    assertRejected(
        m, IllegalArgumentException.class, "feature 'A' is -1.0E300", () -> m.predict(big));
  }

  /**
   * A feature given twice (added after the example joined its dataset: Tribuo refuses it when the
   * example is added) is refused by name, in training and in prediction, not read as the last
   * value.
   */
  @Test
  void aFeatureGivenTwiceIsRefusedByName() {
    EWCTrainer t = ewc();
    ContinualModel m = t.train(train);
    MutableDataset<Label> d = dataset(copies(train));
    d.getExample(2).add(new Feature("B", 7));
    assertRejected(
        m,
        IllegalArgumentException.class,
        "example 2 (counting from 0) has feature 'B' twice",
        () -> t.incrementalTrain(d, m));
    Example<Label> twice = test.getExample(0).copy();
    twice.add(new Feature("A", 3));
    assertRejected(m, IllegalArgumentException.class, "feature 'A' twice", () -> m.predict(twice));
  }

  @Test
  void taskIdsMustBeWholeNumbersInRange() {
    // Examples without a task id belong to the task being learned; one carries a bad id.
    List<DigitsTasks.Task> tasks =
        DigitsTasks.tasks(DigitsDataSource.Labelling.DIGIT, false, new int[] {0, 1});
    ContinualTrainer t =
        new MASTrainer(new int[] {8}, 1, 32, 0.01, ADAM, 1, HeadMode.PER_TASK, 1, 50);
    ContinualModel m = t.train(tasks.get(0).train());
    Object[][] bad = {
      {1.7, "is not a whole number"},
      {1.5f, "is not a whole number"},
      {"1.5", "is not a whole number"},
      {(1L << 32) + 1, "is outside [0, 2147483647]"},
      {-1, "is outside [0, 2147483647]"},
      {"two", "is not a number"},
      {Double.NaN, "is not a number"}
    };
    for (Object[] b : bad) {
      MutableDataset<Label> d = dataset(copies(tasks.get(0).train()));
      d.getExample(2).setMetadataValue("task", b[0]);
      RuntimeException e =
          assertRejected(
              m,
              IllegalArgumentException.class,
              "example 2 (counting from 0) has metadata task='" + b[0] + "'",
              () -> t.incrementalTrain(d, m));
      assertTrue(e.getMessage().contains((String) b[1]), e.getMessage());
      Example<Label> x = tasks.get(0).test().getExample(0).copy();
      x.setMetadataValue("task", b[0]);
      e = assertThrows(IllegalArgumentException.class, () -> m.predict(x));
      assertTrue(e.getMessage().contains((String) b[1]), e.getMessage());
    }
    // Whole numbers of any type are task ids.
    for (Object ok : new Object[] {0, 0L, 0.0, "0", java.math.BigInteger.ZERO}) {
      Example<Label> x = tasks.get(0).test().getExample(0).copy();
      x.setMetadataValue("task", ok);
      assertEquals(2, m.predict(x).getOutputScores().size(), String.valueOf(ok));
    }
  }

  @Test
  void previousModelFromAnotherTrainer() {
    ContinualModel fromEwc = ewc().train(train);
    MASTrainer mas = new MASTrainer(new int[] {8}, 2, 16, 0.01, ADAM, 1, HeadMode.SHARED, 1, 50);
    assertRejected(
        fromEwc,
        IllegalArgumentException.class,
        "trained by org.engram.tribuo.EWCTrainer with other settings",
        () -> mas.incrementalTrain(train, fromEwc));
    EWCTrainer moreEpochs =
        new EWCTrainer(
            new int[] {8},
            3,
            16,
            0.01,
            ADAM,
            1,
            HeadMode.SHARED,
            100,
            false,
            1.0,
            FisherImportance.Variant.EMPIRICAL,
            50);
    assertRejected(
        fromEwc,
        IllegalArgumentException.class,
        "epochs 2 vs 3",
        () -> moreEpochs.incrementalTrain(train, fromEwc));
    assertThrows(IllegalArgumentException.class, () -> mas.incrementalTrain(train, null));
    // the same settings through ContinualTrainer, fisher left at its default where the preset
    // sets it: the same EWC, so the model is continued (it was refused, "ewc(...) vs ewc(...)")
    ContinualTrainer same =
        new ContinualTrainer(
            org.engram.cl.LearnerConfig.builder()
                .hidden(8)
                .epochs(2)
                .batchSize(16)
                .optimiser(org.engram.cl.optim.OptimiserSpec.adam(0.01))
                .seed(1)
                .method(
                    org.engram.cl.method.MethodSpec.of(org.engram.cl.method.Method.EWC)
                        .withLambda(100)
                        .with(org.engram.cl.method.Hyperparameter.IMPORTANCE_SAMPLES, 50))
                .build());
    assertEquals(2, same.incrementalTrain(train, fromEwc).tasksLearned());
    // null settings are refused by name, not read as a default or met as a NullPointerException
    IllegalArgumentException noFisher =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new EWCTrainer(
                    new int[] {8},
                    2,
                    16,
                    0.01,
                    ADAM,
                    1,
                    HeadMode.SHARED,
                    100,
                    false,
                    1.0,
                    null,
                    50));
    assertTrue(noFisher.getMessage().contains("fisher must not be null"), noFisher.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new ContinualTrainer((org.engram.cl.LearnerConfig) null));
  }

  @Test
  void unknownLabelAndEmptyDataset() {
    EWCTrainer t = ewc();
    ContinualModel m = t.train(train);
    List<Example<Label>> list = copies(train);
    list.add(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, new String[] {"A"}, new double[] {1}));
    MutableDataset<Label> d = dataset(list);
    assertRejected(
        m, IllegalArgumentException.class, "has no label", () -> t.incrementalTrain(d, m));
    MutableDataset<Label> empty = dataset(List.of());
    assertRejected(
        m, IllegalArgumentException.class, "no examples", () -> t.incrementalTrain(empty, m));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.train(empty));
    assertTrue(e.getMessage().contains("no examples"));
  }

  @Test
  void unknownFeaturesAreCountedAndLogged() {
    EWCTrainer t = ewc();
    ContinualModel m = t.train(train);
    List<Example<Label>> list = new ArrayList<>();
    for (Example<Label> e : train) {
      Example<Label> c = e.copy();
      c.add(new Feature("EXTRA1", 1));
      c.add(new Feature("EXTRA2", 2));
      list.add(c);
    }
    List<String> logged =
        Logged.byTrainer(
            () -> {
              ContinualModel m2 = t.incrementalTrain(dataset(list), m);
              assertEquals(2, m2.unknownFeatureCount());
              assertEquals(m.getFeatureIDMap().size(), m2.getFeatureIDMap().size());
            });
    assertTrue(
        logged.stream()
            .anyMatch(
                s -> s.contains("the model's task 2: 2 feature name(s) unknown to the model")),
        logged.toString());
  }

  /**
   * A model continues its own random stream, so a continuing trainer's seed is unused: said once,
   * and the continued model is the one the model's own trainer makes.
   */
  @Test
  void aContinuingTrainersOtherSeedIsSaidToBeUnused() {
    EWCTrainer first = ewc();
    ContinualModel m = first.train(train);
    EWCTrainer other = ewc(99);
    ContinualModel[] by = new ContinualModel[2];
    List<String> logged =
        Logged.byTrainer(
            () -> {
              by[0] = other.incrementalTrain(train, m);
              other.incrementalTrain(train, m);
              by[1] = first.incrementalTrain(train, m);
            });
    List<String> said = logged.stream().filter(s -> s.contains("seed 99 is not used")).toList();
    assertEquals(1, said.size(), logged.toString());
    assertTrue(said.get(0).contains("its trainer's seed was 1"), said.get(0));
    assertEquals(1, logged.size(), "the model's own trainer is not warned: " + logged);
    assertArrayEquals(by[1].learner().network().params(), by[0].learner().network().params());
  }

  @Test
  void invalidConfigValuesNameTheField() {
    assertField(
        "hiddenSizes",
        () -> new FineTuneTrainer(new int[] {0}, 1, 1, 0.1, ADAM, 1, HeadMode.SHARED));
    assertField(
        "epochs", () -> new FineTuneTrainer(new int[] {4}, 0, 1, 0.1, ADAM, 1, HeadMode.SHARED));
    assertField(
        "minibatchSize",
        () -> new FineTuneTrainer(new int[] {4}, 1, 0, 0.1, ADAM, 1, HeadMode.SHARED));
    assertField(
        "learningRate",
        () -> new FineTuneTrainer(new int[] {4}, 1, 1, -1, ADAM, 1, HeadMode.SHARED));
    assertField(
        "optimiser", () -> new FineTuneTrainer(new int[] {4}, 1, 1, 0.1, null, 1, HeadMode.SHARED));
    assertField("headMode", () -> new FineTuneTrainer(new int[] {4}, 1, 1, 0.1, ADAM, 1, null));
    assertField(
        "lambda", () -> new MASTrainer(new int[] {4}, 1, 1, 0.1, ADAM, 1, HeadMode.SHARED, -1, 10));
    assertField(
        "lambda",
        () -> new MASTrainer(new int[] {4}, 1, 1, 0.1, ADAM, 1, HeadMode.SHARED, Double.NaN, 10));
    assertField(
        "importanceSamples",
        () -> new MASTrainer(new int[] {4}, 1, 1, 0.1, ADAM, 1, HeadMode.SHARED, 1, 0));
    assertField(
        "gamma",
        () ->
            new EWCTrainer(
                new int[] {4},
                1,
                1,
                0.1,
                ADAM,
                1,
                HeadMode.SHARED,
                1,
                true,
                1.5,
                FisherImportance.Variant.EXACT,
                10));
    assertField(
        "temperature",
        () -> new LwFTrainer(new int[] {4}, 1, 1, 0.1, ADAM, 1, HeadMode.SHARED, 1, 0));
    assertField(
        "damping", () -> new SITrainer(new int[] {4}, 1, 1, 0.1, ADAM, 1, HeadMode.SHARED, 1, 0));
    assertField("momentum", () -> new FineTuneTrainer().setMomentum(1.0));
    assertField("taskKey", () -> new FineTuneTrainer().setTaskKey(" "));
  }

  private static void assertField(String field, Supplier<Object> make) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make::get);
    assertTrue(e.getMessage().contains(field), "'" + e.getMessage() + "' lacks " + field);
  }
}
