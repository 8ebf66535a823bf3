package org.engram.weka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.engram.cl.data.TaskData;
import org.engram.cl.method.Hyperparameter;
import org.engram.cl.method.Method;
import org.junit.jupiter.api.Test;
import weka.classifiers.AbstractClassifier;
import weka.classifiers.functions.ContinualMLP;
import weka.core.Attribute;
import weka.core.DenseInstance;
import weka.core.Instance;
import weka.core.Instances;
import weka.core.Utils;

/** Options, task boundaries, class-incremental outputs, bad input and state copies. */
class ContinualMLPBehaviourTest {

  private static final int[][] PAIRS = {{0, 1}, {2, 3}};

  /**
   * A small, fast configuration. λ is given (100) for the methods that have one unless a test gives
   * its own: an automatic λ costs a search per task, tested where it matters.
   */
  static ContinualMLP small(String... extra) throws Exception {
    List<String> all = new ArrayList<>();
    String[] base = {"-hidden", "32", "-epochs", "3", "-batch-size", "16"};
    for (int i = 0; i < base.length; i += 2) {
      if (!List.of(extra).contains(base[i])) {
        all.addAll(List.of(base[i], base[i + 1]));
      }
    }
    all.addAll(List.of(extra));
    int m = all.indexOf("-method");
    Method method = m >= 0 ? Method.parse(all.get(m + 1)) : Method.EWC;
    if (method.hasLambda() && !all.contains("-lambda")) {
      all.addAll(List.of("-lambda", "100"));
    }
    ContinualMLP c = new ContinualMLP();
    c.setOptions(all.toArray(new String[0]));
    return c;
  }

  private static Instances digits(boolean domain, boolean taskAttribute) {
    TaskData train = DigitsTasks.trainTest()[0];
    return DigitsTasks.build("digits", train, PAIRS, domain, taskAttribute);
  }

  // ------------------------------------------------------------------ task boundaries

  @Test
  void buildWithATaskAttributeLearnsTheTasksInOrderAndNeverFeedsTheTaskToTheNetwork()
      throws Exception {
    Instances data = digits(true, true);
    ContinualMLP c = small("-task-attribute", "task");
    c.buildClassifier(data);
    assertEquals(2, c.learner().tasksLearned());
    assertEquals(64, c.learner().inputSize(), "the task attribute is not an input");
    String text = c.toString();
    assertTrue(text.contains("t1") && text.contains("t2"), text);
    assertTrue(text.contains("Accuracy on each task's training rows"), text);
    // By 1-based index the same attribute gives the same model.
    ContinualMLP byIndex = small("-task-attribute", "1");
    byIndex.buildClassifier(data);
    assertArrayEquals(
        c.distributionForInstance(data.instance(0)),
        byIndex.distributionForInstance(data.instance(0)));
    // Changing the task value at prediction time changes nothing: it is not an input.
    Instance other = (Instance) data.instance(0).copy();
    other.setValue(0, 1);
    assertArrayEquals(
        c.distributionForInstance(data.instance(0)), c.distributionForInstance(other));
  }

  /**
   * LwF's automatic λ on one shared output layer is 0 for a task of new classes (the network
   * answers them no better than chance before training), after the fine-tuning reference alone, and
   * the model text says why; with one output layer per task it is searched as for every method.
   */
  @Test
  void lwfsLambdaOnASharedLayerIsZeroForNewClassesAndTheTextSaysWhy() throws Exception {
    Instances data = digits(false, true);
    String[] automatic = {"-hidden", "32", "-epochs", "3", "-task-attribute", "task", "-method"};
    ContinualMLP shared = new ContinualMLP();
    shared.setOptions(concat(automatic, "LWF"));
    List<String> log = new java.util.ArrayList<>();
    shared.setLog(Logs.into(log));
    shared.buildClassifier(data);
    // the core's own log reaches the log Weka hands over (the Explorer's Log panel), naming the
    // task by the task attribute's value
    assertTrue(
        log.stream().anyMatch(m -> m.contains("task 't2': before training") && m.contains("LwF")),
        String.join("\n", log));
    assertEquals(0, shared.learner().history().get(1).lambda());
    assertEquals(1, shared.learner().history().get(1).lambdaTrials());
    assertTrue(shared.toString().contains("LwF then has nothing to distil"), shared.toString());
    ContinualMLP perTask = new ContinualMLP();
    perTask.setOptions(concat(automatic, "LWF", "-per-task-heads"));
    perTask.buildClassifier(data);
    assertTrue(perTask.learner().history().get(1).lambda() > 0);
    assertTrue(!perTask.toString().contains("nothing to distil"), perTask.toString());
  }

  /** An automatic λ (0.0954321876...) fits the task table's column: the table stays aligned. */
  @Test
  void theTaskTableStaysAlignedWithAnAutomaticLambda() throws Exception {
    Instances data = digits(true, true);
    ContinualMLP c = new ContinualMLP();
    c.setOptions(new String[] {"-hidden", "32", "-epochs", "3", "-task-attribute", "task"});
    c.buildClassifier(data);
    double lambda = c.learner().history().get(1).lambda();
    assertTrue(Hyperparameter.LAMBDA.format(lambda).length() > 12, "a long automatic λ " + lambda);
    List<String> rows = c.toString().lines().filter(l -> l.matches("\\s+\\d+\\. .*")).toList();
    assertEquals(2, rows.size(), c.toString());
    // the column after λ ("3 trials, ..." or "(first task ...") starts at the same place
    int at = rows.get(1).indexOf(" trials, ");
    String trials = rows.get(1).substring(0, at).replaceAll("\\d+$", "");
    assertEquals(rows.get(0).indexOf("(first task"), trials.length(), String.join("\n", rows));
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void replayAndCalibrationReachTheLearner() throws Exception {
    Instances data = digits(false, true);
    ContinualMLP plain = small("-task-attribute", "task");
    ContinualMLP replay = small("-task-attribute", "task", "-replay-size", "40");
    ContinualMLP calibrated = small("-task-attribute", "task", "-method", "MAS", "-calibrate");
    plain.buildClassifier(data);
    replay.buildClassifier(data);
    calibrated.buildClassifier(data);
    assertEquals(0, plain.learner().replayStored());
    assertEquals(40, replay.learner().replayStored());
    assertEquals(40, replay.learner().config().replaySize());
    assertTrue(calibrated.learner().config().calibration() != null);
    // the second task's lambda was searched, starting from the given 100: the text says so
    assertTrue(calibrated.toString().contains("searched for each task, starting from 100"));
    assertTrue(calibrated.learner().history().get(1).lambdaTrials() > 0);
    assertTrue(
        calibrated
            .toString()
            .contains(calibrated.learner().history().get(1).lambdaTrials() + " trials"),
        calibrated.toString());
    // Class-incremental digits 0/1 then 2/3: replay keeps the first pair, fine-tuning does not.
    Instances firstPair = new Instances(data, 0);
    for (int i = 0; i < data.numInstances(); i++) {
      if (data.instance(i).value(0) == 0) {
        firstPair.add(data.instance(i));
      }
    }
    double plainAcc = accuracy(plain, firstPair);
    double replayAcc = accuracy(replay, firstPair);
    assertTrue(replayAcc > plainAcc + 0.3, "replay " + replayAcc + " vs none " + plainAcc);
  }

  @Test
  void aStreamOffersEachRowOnceToTheReplayMemory() throws Exception {
    // Each minibatch is trained epochs times by one core update (not copied epochs times), so a
    // memory larger than the stream holds every row exactly once.
    Instances data = digits(false, true);
    ContinualMLP c = small("-task-attribute", "task", "-replay-size", "5000", "-epochs", "3");
    c.buildClassifier(new Instances(data, 0));
    Instances firstTask = new Instances(data, 0);
    for (Instance i : data) {
      if (i.value(0) == 0) {
        firstTask.add(i);
      }
    }
    for (Instance row : firstTask) {
      c.updateClassifier(row);
    }
    c.batchFinished();
    assertEquals(firstTask.numInstances(), c.learner().replayStored());
    assertEquals(3L * firstTask.numInstances(), c.learner().history().get(0).examples());
  }

  @Test
  void withoutScalingNumericInputsReachTheNetworkAsTheyAre() throws Exception {
    Instances data = digits(true, true);
    ContinualMLP scaled = small("-task-attribute", "task");
    ContinualMLP raw = small("-task-attribute", "task", "-no-scaling");
    scaled.buildClassifier(data);
    raw.buildClassifier(data);
    assertTrue(raw.toString().contains("not scaled"), raw.toString());
    assertTrue(scaled.toString().contains("standardised"), scaled.toString());
    assertTrue(
        !java.util.Arrays.equals(
            scaled.distributionForInstance(data.instance(0)),
            raw.distributionForInstance(data.instance(0))),
        "the scaling option changed nothing");
  }

  private static double accuracy(ContinualMLP c, Instances data) throws Exception {
    int correct = 0;
    for (int i = 0; i < data.numInstances(); i++) {
      if (c.classifyInstance(data.instance(i)) == data.instance(i).classValue()) {
        correct++;
      }
    }
    return (double) correct / data.numInstances();
  }

  @Test
  void everyMethodLearnsTwoTasksInBatchAndAsAStream() throws Exception {
    Instances data = digits(true, true);
    for (Method method : Method.values()) {
      String m = method.label();
      ContinualMLP batch = small("-task-attribute", "task", "-method", m);
      batch.buildClassifier(data);
      assertEquals(2, batch.learner().tasksLearned(), m);
      assertTrue(batch.toString().startsWith("ContinualMLP"), m);
      assertTrue(batch.toString().contains("Method: " + m), batch.toString());

      ContinualMLP stream = small("-task-attribute", "task", "-method", m);
      stream.buildClassifier(new Instances(data, 0));
      if (!method.hasLambda() && method != Method.FINE_TUNE) {
        // joint training needs whole tasks: the stream is refused, naming the way out
        Exception e =
            assertThrows(Exception.class, () -> stream.updateClassifier(data.instance(0)));
        assertTrue(e.getMessage().contains("-force-batch-training"), e.getMessage());
        continue;
      }
      for (Instance row : data) {
        stream.updateClassifier(row);
      }
      stream.batchFinished();
      assertEquals(2, stream.learner().tasksLearned(), m);
      weka.classifiers.Evaluation e = new weka.classifiers.Evaluation(data);
      e.evaluateModel(stream, data);
      assertTrue(e.pctCorrect() > 60, m + " learned little: " + e.pctCorrect());
    }
  }

  @Test
  void manyTasksAreSummarisedInsteadOfAWideTable() throws Exception {
    TaskData train = DigitsTasks.trainTest()[0];
    int[][] groups = new int[12][];
    for (int t = 0; t < groups.length; t++) {
      groups[t] = new int[] {(2 * t) % 10, (2 * t + 1) % 10};
    }
    Instances data = DigitsTasks.build("many", train, groups, true, true);
    ContinualMLP c = new ContinualMLP();
    c.setOptions(
        new String[] {
          "-task-attribute",
          "task",
          "-epochs",
          "1",
          "-hidden",
          "8",
          "-method",
          "MAS",
          "-lambda",
          "1"
        });
    c.buildClassifier(data);
    assertEquals(12, c.learner().tasksLearned());
    assertTrue(c.toString().contains("after the last task:"), c.toString());
  }

  @Test
  void perTaskHeadsClassifyEachRowWithItsTasksOutputLayer() throws Exception {
    Instances data = digits(false, true); // class = digit: task t1 has 0/1, t2 has 2/3
    ContinualMLP c = small("-task-attribute", "task", "-per-task-heads", "-method", "NONE");
    c.buildClassifier(data);
    assertTrue(c.toString().contains("one output layer per task (2 layers"), c.toString());
    weka.classifiers.Evaluation e = new weka.classifiers.Evaluation(data);
    e.evaluateModel(c, data);
    // Task-incremental: each head only chooses between its task's two digits.
    assertTrue(e.pctCorrect() > 95, "task-incremental accuracy " + e.pctCorrect());
    Instance row = (Instance) data.instance(0).copy(); // a task t1 row
    double[] own = c.distributionForInstance(row);
    assertEquals(0.0, own[2] + own[3], "head of t1 never predicts t2's digits");
    row.setValue(0, 1); // the same pixels, asked as task t2
    double[] other = c.distributionForInstance(row);
    assertEquals(0.0, other[0] + other[1], "head of t2 never predicts t1's digits");
    assertTrue(Arrays.asList(c.getOptions()).contains("-per-task-heads"));

    // without a task attribute, refused by the build, however it was set
    ContinualMLP cli = small("-per-task-heads");
    Exception missing =
        assertThrows(IllegalArgumentException.class, () -> cli.buildClassifier(data));
    assertTrue(missing.getMessage().contains("-task-attribute"), missing.getMessage());
    ContinualMLP gui = small();
    gui.setPerTaskHeads(true);
    missing = assertThrows(IllegalArgumentException.class, () -> gui.buildClassifier(data));
    assertTrue(missing.getMessage().contains("-task-attribute"), missing.getMessage());

    Instances onlyT1 = new Instances(data, 0);
    for (Instance i : data) {
      if (i.value(0) == 0) {
        onlyT1.add(i);
      }
    }
    ContinualMLP one = small("-task-attribute", "task", "-per-task-heads");
    one.buildClassifier(onlyT1);
    Instance t2 = data.instance(data.numInstances() - 1);
    Exception unknown =
        assertThrows(IllegalArgumentException.class, () -> one.distributionForInstance(t2));
    assertTrue(unknown.getMessage().contains("'t2'"), unknown.getMessage());
  }

  @Test
  void perTaskHeadsStreamReusesTheHeadOfARecurringTask() throws Exception {
    Instances data = digits(false, true);
    ContinualMLP c = small("-task-attribute", "task", "-per-task-heads");
    c.buildClassifier(new Instances(data, 0));
    Instances t1 = new Instances(data, 0);
    Instances t2 = new Instances(data, 0);
    for (Instance i : data) {
      (i.value(0) == 0 ? t1 : t2).add(i);
    }
    for (Instances part : List.of(t1, t2, t1)) {
      for (Instance i : part) {
        c.updateClassifier(i);
      }
    }
    c.batchFinished();
    assertEquals(3, c.learner().tasksLearned());
    assertEquals(2, c.learner().network().headCount(), "t1 came back: same head");
  }

  /**
   * The digits with their nominal task attribute made numeric, each row's value chosen by whether
   * it belongs to the first of the two tasks.
   */
  private static Instances numericTasks(java.util.function.Function<Boolean, Double> value)
      throws Exception {
    Instances digits = digits(false, true);
    ArrayList<weka.core.Attribute> atts = new ArrayList<>();
    for (int a = 0; a < digits.numAttributes(); a++) {
      atts.add(
          a == 0
              ? new weka.core.Attribute("task")
              : (weka.core.Attribute) digits.attribute(a).copy());
    }
    Instances data = new Instances("numeric-task", atts, digits.numInstances());
    data.setClassIndex(digits.classIndex());
    for (Instance i : digits) {
      double[] v = i.toDoubleArray();
      v[0] = value.apply(v[0] == 0);
      data.add(new weka.core.DenseInstance(1, v));
    }
    return data;
  }

  /**
   * A numeric task attribute's -0 is the task 0: a stream compares values with ==, so it kept one
   * task whose rows of -0 then found no output layer ("task '-0' has no output layer yet"), and a
   * batch build grouped 0 and -0 apart, as two tasks.
   */
  @Test
  void aNumericTaskAttributesMinusZeroIsTaskZero() throws Exception {
    int[] r = {0};
    learnsTwoTasksWithTwoHeadsOnBothRoutes(
        numericTasks(first -> first ? (r[0]++ % 2 == 0 ? 0.0 : -0.0) : 1));
  }

  /**
   * A batch build and a stream, with per-task heads, each learn two tasks and classify every row.
   */
  private static void learnsTwoTasksWithTwoHeadsOnBothRoutes(Instances data) throws Exception {
    ContinualMLP batch = small("-task-attribute", "task", "-per-task-heads", "-epochs", "1");
    batch.buildClassifier(data);
    ContinualMLP stream = small("-task-attribute", "task", "-per-task-heads", "-epochs", "1");
    stream.buildClassifier(new Instances(data, 0));
    for (Instance i : data) {
      stream.updateClassifier(i);
    }
    stream.batchFinished();
    for (ContinualMLP c : List.of(batch, stream)) {
      assertEquals(2, c.learner().tasksLearned(), c.toString());
      assertEquals(2, c.learner().network().headCount(), c.toString());
      assertEquals(data.numInstances(), c.distributionsForInstances(data).length);
    }
  }

  /**
   * Numeric task values are named to 6 decimals only when that is exact: 1e-7 and 2e-7 were both
   * named '0' and so were one task, sharing one output layer with per-task heads.
   */
  @Test
  void numericTaskValuesCloserThanSixDecimalsAreTwoTasks() throws Exception {
    Instances data = numericTasks(first -> first ? 1e-7 : 2e-7);
    assertEquals("0.0000001", TaskAttribute.label(data, 0, 1e-7));
    assertEquals("2", TaskAttribute.label(data, 0, 2.0), "an exact short name stays as it was");
    assertEquals("0.5", TaskAttribute.label(data, 0, 0.5));
    learnsTwoTasksWithTwoHeadsOnBothRoutes(data);
  }

  @Test
  void taskAttributeErrorsNameTheProblem() throws Exception {
    Instances data = digits(true, true);
    Exception e =
        assertThrows(
            IllegalArgumentException.class,
            () -> small("-task-attribute", "nope").buildClassifier(data));
    assertTrue(e.getMessage().contains("-task-attribute") && e.getMessage().contains("nope"));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> small("-task-attribute", "" + data.numAttributes()).buildClassifier(data));
    assertTrue(e.getMessage().contains("class attribute"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> small("-task-attribute", "999").buildClassifier(data));
    assertTrue(e.getMessage().contains("999"), e.getMessage());
  }

  @Test
  void updateConsolidatesWhenTheTaskValueChangesAndAtBatchFinished() throws Exception {
    Instances data = digits(true, true);
    ContinualMLP c = small("-task-attribute", "task");
    c.buildClassifier(new Instances(data, 0));
    assertEquals(0, c.learner().tasksLearned());
    int firstOfTask2 = -1;
    for (int r = 0; r < data.numInstances(); r++) {
      if (firstOfTask2 < 0 && data.instance(r).value(0) == 1) {
        firstOfTask2 = r;
        assertEquals(0, c.learner().tasksLearned());
      }
      c.updateClassifier(data.instance(r));
      if (firstOfTask2 == r) {
        assertEquals(1, c.learner().tasksLearned(), "task 1 consolidated at the change");
        assertEquals(1, c.learner().openTask());
      }
    }
    c.batchFinished();
    assertEquals(2, c.learner().tasksLearned());
    assertEquals(-1, c.learner().openTask());
    assertEquals(64, c.learner().inputSize());
  }

  @Test
  void withoutATaskAttributeEachStreamIsATask() throws Exception {
    Instances data = digits(true, false);
    ContinualMLP c = small();
    c.buildClassifier(new Instances(data, 0));
    for (int r = 0; r < 100; r++) {
      c.updateClassifier(data.instance(r));
    }
    assertEquals(0, c.learner().tasksLearned());
    assertEquals(0, c.learner().openTask());
    c.batchFinished();
    assertEquals(1, c.learner().tasksLearned());
    for (int r = 100; r < 200; r++) {
      c.updateClassifier(data.instance(r));
    }
    c.batchFinished();
    assertEquals(2, c.learner().tasksLearned());
    c.batchFinished(); // nothing open: no empty task
    assertEquals(2, c.learner().tasksLearned());
  }

  @Test
  void rowsWithAMissingClassAreSkippedAndAllMissingIsRefused() throws Exception {
    Instances data = digits(true, false);
    ContinualMLP c = small();
    c.buildClassifier(new Instances(data, 0));
    Instance missing = (Instance) data.instance(0).copy();
    missing.setClassMissing();
    c.updateClassifier(missing);
    assertEquals(-1, c.learner().openTask(), "no task begun for a row without a class");
    // In batch: a build where every row lacks its class is refused, and the model is kept.
    c.buildClassifier(data);
    String before = c.toString();
    Instances allMissing = new Instances(data, 0);
    allMissing.add(missing);
    allMissing.add(missing);
    Exception e = assertThrows(Exception.class, () -> c.buildClassifier(allMissing));
    assertTrue(e.getMessage().contains("class value ('class') is missing"), e.getMessage());
    assertEquals(before, c.toString());
  }

  // ------------------------------------------------------------------ outputs

  @Test
  void classesNotSeenYetGetProbabilityZero() throws Exception {
    Instances data = digits(false, true); // class = digit, 10 labels, tasks {0,1} then {2,3}
    Instances task1 = new Instances(data, 0);
    for (Instance i : data) {
      if (i.value(0) == 0) {
        task1.add(i);
      }
    }
    ContinualMLP c = small();
    c.buildClassifier(task1);
    double[] d = c.distributionForInstance(data.instance(data.numInstances() - 1));
    assertEquals(10, d.length);
    for (int k = 2; k < 10; k++) {
      assertEquals(0.0, d[k], "class " + k + " not seen yet");
    }
    assertEquals(1.0, d[0] + d[1], 1e-6);
    assertTrue(c.toString().contains("Classes seen (2 of 10)"), c.toString());
  }

  @Test
  void batchPredictionEqualsRowByRowPrediction() throws Exception {
    Instances data = digits(true, false);
    ContinualMLP c = small();
    c.buildClassifier(data);
    assertTrue(c.implementsMoreEfficientBatchPrediction());
    double[][] batch = c.distributionsForInstances(data);
    for (int r = 0; r < data.numInstances(); r += 37) {
      assertArrayEquals(c.distributionForInstance(data.instance(r)), batch[r], 1e-6);
    }
  }

  @Test
  void nominalAttributesAndMissingValuesAreEncoded() throws Exception {
    ArrayList<Attribute> atts = new ArrayList<>();
    atts.add(new Attribute("colour", Arrays.asList("red", "green", "blue")));
    atts.add(new Attribute("size"));
    atts.add(new Attribute("class", Arrays.asList("yes", "no")));
    Instances data = new Instances("toy", atts, 0);
    data.setClassIndex(2);
    java.util.Random rnd = new java.util.Random(3);
    for (int i = 0; i < 200; i++) {
      int colour = rnd.nextInt(3);
      double size = 100 + 50 * rnd.nextGaussian();
      double[] v = {colour, size, colour == 2 ? 0 : 1};
      DenseInstance row = new DenseInstance(1, v);
      if (i % 10 == 0) {
        row.setMissing(1);
      }
      data.add(row);
    }
    ContinualMLP c = new ContinualMLP();
    c.setOptions(new String[] {"-hidden", "32", "-epochs", "20", "-batch-size", "16"});
    c.buildClassifier(data);
    assertEquals(4, c.learner().inputSize(), "3 one-hot + 1 numeric");
    weka.classifiers.Evaluation e = new weka.classifiers.Evaluation(data);
    e.evaluateModel(c, data);
    assertTrue(e.pctCorrect() > 95, "colour decides the class: " + e.pctCorrect());
    Instance unknown = (Instance) data.instance(0).copy();
    unknown.setMissing(0);
    unknown.setMissing(1);
    double[] d = c.distributionForInstance(unknown);
    assertEquals(1.0, d[0] + d[1], 1e-6);
  }

  // ------------------------------------------------------------------ refusals leave the model

  @Test
  void stringAttributesAreRefusedWithWekasMessageAndTheModelIsKept() throws Exception {
    Instances data = digits(true, false);
    ContinualMLP c = small();
    c.buildClassifier(data);
    String model = c.toString();
    double[] before = c.distributionForInstance(data.instance(3));
    ArrayList<Attribute> atts = new ArrayList<>();
    atts.add(new Attribute("text", (java.util.List<String>) null));
    atts.add(new Attribute("class", Arrays.asList("a", "b")));
    Instances strings = new Instances("s", atts, 0);
    strings.setClassIndex(1);
    Exception e = assertThrows(Exception.class, () -> c.buildClassifier(strings));
    assertTrue(e.getMessage().contains("Cannot handle string attributes"), e.getMessage());
    assertEquals(model, c.toString());
    assertArrayEquals(before, c.distributionForInstance(data.instance(3)));
  }

  @Test
  void aDifferentHeaderOnContinuationIsRefusedSayingWhatDiffers() throws Exception {
    Instances data = digits(true, false);
    ContinualMLP c = small();
    c.buildClassifier(data);
    byte[] state = c.learner().toBytes();
    // Same attributes, but the class has a third label.
    ArrayList<Attribute> atts = new ArrayList<>();
    for (int j = 0; j < 64; j++) {
      atts.add(new Attribute("p" + j));
    }
    atts.add(new Attribute("class", Arrays.asList("first", "second", "third")));
    Instances other = new Instances("other", atts, 0);
    other.setClassIndex(64);
    other.add(new DenseInstance(1, new double[65]));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> c.updateClassifier(other.instance(0)));
    assertTrue(e.getMessage().contains("header differs"), e.getMessage());
    assertTrue(e.getMessage().toLowerCase().contains("label"), e.getMessage());
    assertArrayEquals(state, c.learner().toBytes(), "refused row changed the model");
    assertEquals(-1, c.learner().openTask());
  }

  /**
   * A stream's rows share their data set, whose header is compared with the model's once; a header
   * changed under the stream afterwards (an attribute renamed, another class attribute) is still
   * refused, and refusing it changes nothing.
   */
  @Test
  void aHeaderChangedInTheMiddleOfAStreamIsRefused() throws Exception {
    Instances data = digits(true, false);
    ContinualMLP c = small();
    c.buildClassifier(new Instances(data, 0));
    for (int r = 0; r < 20; r++) {
      c.updateClassifier(data.instance(r));
    }
    byte[] state = c.learner().toBytes();
    String text = c.toString();
    data.renameAttribute(3, "renamed");
    IllegalArgumentException renamed =
        assertThrows(IllegalArgumentException.class, () -> c.updateClassifier(data.instance(20)));
    assertTrue(renamed.getMessage().contains("header differs"), renamed.getMessage());
    assertTrue(renamed.getMessage().contains("renamed"), renamed.getMessage());
    data.renameAttribute(3, "p3");
    c.updateClassifier(data.instance(21)); // the same header again
    state = c.learner().toBytes();
    text = c.toString();
    data.setClassIndex(0);
    IllegalArgumentException otherClass =
        assertThrows(IllegalArgumentException.class, () -> c.updateClassifier(data.instance(22)));
    assertTrue(otherClass.getMessage().contains("header differs"), otherClass.getMessage());
    assertArrayEquals(state, c.learner().toBytes(), "a refused row changed the learner");
    assertEquals(text, c.toString(), "a refused row changed the model");
  }

  @Test
  void updateBeforeBuildIsRefused() {
    Instances data = digits(true, false);
    Exception e =
        assertThrows(
            IllegalStateException.class,
            () -> new ContinualMLP().updateClassifier(data.instance(0)));
    assertTrue(e.getMessage().contains("buildClassifier"), e.getMessage());
    assertTrue(new ContinualMLP().toString().contains("no model built yet"));
  }

  // ------------------------------------------------------------------ copies

  @Test
  void serializedCopiesPredictTheSameAndContinueTheOpenTask() throws Exception {
    Instances data = digits(true, false);
    ContinualMLP c = small();
    c.buildClassifier(new Instances(data, 0));
    for (int r = 0; r < 40; r++) {
      c.updateClassifier(data.instance(r));
    }
    ContinualMLP copy = (ContinualMLP) AbstractClassifier.makeCopies(c, 1)[0];
    assertArrayEquals(
        c.distributionForInstance(data.instance(50)),
        copy.distributionForInstance(data.instance(50)));
    assertEquals(0, copy.learner().openTask(), "the open task survives the copy");
    // Both continue identically: the buffered rows were copied too.
    for (int r = 40; r < 80; r++) {
      c.updateClassifier(data.instance(r));
      copy.updateClassifier(data.instance(r));
    }
    c.batchFinished();
    copy.batchFinished();
    assertEquals(1, copy.learner().tasksLearned());
    assertNotEquals(0, c.toString().length());
    // (optimiser moments restart after a copy, so equality is not exact)
    assertEquals(
        Utils.maxIndex(c.distributionForInstance(data.instance(5))),
        Utils.maxIndex(copy.distributionForInstance(data.instance(5))));
  }
}
