package org.engram.weka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.engram.cl.method.Method;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import weka.classifiers.Evaluation;
import weka.classifiers.functions.ContinualMLP;
import weka.core.Attribute;
import weka.core.DenseInstance;
import weka.core.Instance;
import weka.core.Instances;
import weka.core.SerializationHelper;

/**
 * Fail loudly, lose nothing: divergence, bad rows in a stream, sizes beyond memory, damaged model
 * files, tiny tasks. Each failure names the problem, and the model is as it was before the call.
 */
class FailuresTest {
  @TempDir Path dir;

  private static final int[][] PAIRS = {{0, 1}, {2, 3}};

  private static Instances digits() {
    return DigitsTasks.build("digits", DigitsTasks.trainTest()[0], PAIRS, true, true);
  }

  private static ContinualMLP mlp(String... options) throws Exception {
    List<String> all = new ArrayList<>();
    String[] base = {"-hidden", "16", "-epochs", "2", "-batch-size", "8"};
    for (int i = 0; i < base.length; i += 2) {
      if (!List.of(options).contains(base[i])) {
        all.addAll(List.of(base[i], base[i + 1]));
      }
    }
    all.addAll(List.of(options));
    ContinualMLP c = new ContinualMLP();
    c.setOptions(all.toArray(new String[0]));
    return c;
  }

  private static byte[] serialized(Object o) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SerializationHelper.write(bytes, o);
    return bytes.toByteArray();
  }

  private static Instances firstRows(Instances data, int n) {
    Instances out = new Instances(data, 0);
    for (int r = 0; r < n; r++) {
      out.add(data.instance(r));
    }
    return out;
  }

  // ------------------------------------------------------------------ divergence

  /**
   * A numeric attribute far from 0 but narrow (a timestamp, an income) is what standardisation is
   * for: it was refused on the first row, batch or stream, as "1.1e8 standard deviations from the
   * first task's mean" before the first task had a mean. The limit applies once there is a standard
   * deviation to measure in, and a batch build now also measures the later tasks' rows against the
   * first task's (it checked every row before any statistics existed, so the size of a value
   * alone).
   */
  @Test
  void aLargeButNarrowAttributeIsStandardisedAndTheLimitUsesTheFirstTasksStatistics()
      throws Exception {
    Instances data = digits();
    int p = data.attribute("p20").index(); // a pixel that varies in both tasks
    Instances large = new Instances(data);
    for (Instance row : large) {
      row.setValue(p, 1.1e8 + 1e6 * row.value(p));
    }
    ContinualMLP batch = mlp("-lambda", "10", "-task-attribute", "task");
    batch.buildClassifier(large);
    ContinualMLP stream = mlp("-lambda", "10");
    stream.buildClassifier(new Instances(large, 0));
    for (Instance row : large) {
      stream.updateClassifier(row);
    }
    stream.updateClassifier(large.instance(0)); // the statistics are fixed: measured against them
    Evaluation e = new Evaluation(large);
    e.evaluateModel(batch, large);
    assertTrue(e.pctCorrect() > 80, "" + e.pctCorrect());

    // a second task's value 1e7 of the first task's standard deviations away, small as a number
    Instances narrow = new Instances(data);
    int t2 = -1;
    for (int r = 0; r < narrow.numInstances(); r++) {
      Instance row = narrow.instance(r);
      row.setValue(p, 1e-3 * (r % 2));
      if (t2 < 0 && row.value(0) == 1) {
        t2 = r;
        row.setValue(p, 1e4);
      }
    }
    ContinualMLP refused = mlp("-lambda", "10", "-task-attribute", "task");
    Exception x = assertThrows(BadInputException.class, () -> refused.buildClassifier(narrow));
    assertTrue(
        x.getMessage().startsWith("row " + (t2 + 1) + " of the training data: attribute 'p20'"),
        x.getMessage());
    assertTrue(x.getMessage().contains("standard deviations"), x.getMessage());
  }

  @Test
  void divergenceEndsWithAClearErrorAndKeepsThePreviousModel() throws Exception {
    Instances data = digits();
    for (String[] bad :
        List.of(
            new String[] {"-method", "EWC", "-optimizer", "SGD", "-lr", "1e30", "-lambda", "1"},
            new String[] {"-method", "EWC", "-lambda", "1e300", "-task-attribute", "task"})) {
      ContinualMLP c = mlp("-lambda", "10");
      c.buildClassifier(data);
      String model = c.toString();
      double[] before = c.distributionForInstance(data.instance(3));
      c.setOptions(mlp(bad).getOptions());
      Exception e = assertThrows(TrainingFailedException.class, () -> c.buildClassifier(data));
      assertTrue(e.getMessage().contains("diverged"), e.getMessage());
      assertTrue(e.getMessage().contains("learning rate"), e.getMessage());
      assertTrue(e.getMessage().contains("lambda"), e.getMessage());
      assertEquals(0, e.getStackTrace().length, "a user mistake carries no stack trace");
      assertEquals(model, c.toString(), "the previous model is kept");
      assertArrayEquals(before, c.distributionForInstance(data.instance(3)));
    }
  }

  /**
   * @param scaling whether inputs are standardised (the snapshot copies the encoder's running
   *     statistics) or not (it has none that could change)
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aDivergedStreamIsUndoneRowsAndAll(boolean scaling) throws Exception {
    Instances data = digits();
    List<String> options =
        new ArrayList<>(List.of("-optimizer", "SGD", "-lr", "1e30", "-method", "NONE"));
    if (!scaling) {
      options.add("-no-scaling");
    }
    ContinualMLP c = mlp(options.toArray(new String[0]));
    ContinualMLP refused = mlp(options.toArray(new String[0]));
    for (ContinualMLP m : List.of(c, refused)) {
      m.buildClassifier(new Instances(data, 0));
      for (int r = 0; r < 7; r++) {
        m.updateClassifier(data.instance(r));
      }
    }
    byte[] state = c.learner().toBytes();
    Exception e =
        assertThrows(TrainingFailedException.class, () -> c.updateClassifier(data.instance(7)));
    assertTrue(e.getMessage().contains("rows 1-8 of the stream"), e.getMessage());
    assertTrue(e.getMessage().contains("diverged"), e.getMessage());
    assertArrayEquals(state, c.learner().toBytes(), "the learner is as before the call");
    assertTrue(c.toString().contains("(open: 7 rows buffered)"), c.toString());
    // the whole model (the encoder's statistics, the buffer, the tasks) is as if the row had
    // been refused when it arrived, before anything changed
    Instance negative = (Instance) data.instance(7).copy();
    negative.setWeight(-1);
    assertThrows(BadInputException.class, () -> refused.updateClassifier(negative));
    assertArrayEquals(serialized(refused), serialized(c), "the failed call left something behind");
  }

  @Test
  void aFailureAcrossATaskBoundaryUndoesTheWholeCall() throws Exception {
    // minibatches of one row: the row that begins task t2 ends t1 (consolidation), begins t2 and
    // trains on itself, where the huge lambda diverges; all three core calls are undone
    Instances data = digits();
    ContinualMLP c =
        mlp("-batch-size", "1", "-epochs", "1", "-lambda", "1e300", "-task-attribute", "task");
    c.buildClassifier(new Instances(data, 0));
    int r = 0;
    while (data.instance(r).value(0) == 0 && r < 20) {
      c.updateClassifier(data.instance(r++));
    }
    while (data.instance(r).value(0) == 0) {
      r++;
    }
    byte[] state = c.learner().toBytes();
    String text = c.toString();
    Instance firstOfT2 = data.instance(r);
    Exception e = assertThrows(TrainingFailedException.class, () -> c.updateClassifier(firstOfT2));
    assertTrue(e.getMessage().contains("diverged"), e.getMessage());
    assertArrayEquals(state, c.learner().toBytes(), "task t1 is open again, not consolidated");
    assertEquals(0, c.learner().tasksLearned());
    assertEquals(text, c.toString());
  }

  @Test
  void sgdWithTheDefaultsNeverProducesGarbage() throws Exception {
    // EWC, automatic lambda, SGD at the default learning rate: a model that predicts, or an error
    Instances data = digits();
    ContinualMLP c = mlp("-method", "EWC", "-optimizer", "SGD", "-task-attribute", "task");
    try {
      c.buildClassifier(data);
    } catch (TrainingFailedException e) {
      assertTrue(e.getMessage().contains("diverged"), e.getMessage());
      return;
    }
    Evaluation ev = new Evaluation(data);
    ev.evaluateModel(c, data);
    assertEquals(0, ev.unclassified(), "no row left unclassified (NaN)");
    assertTrue(ev.pctCorrect() > 60, "learned: " + ev.pctCorrect());
  }

  // ------------------------------------------------------------------ bad rows

  @Test
  void aBadRowIsRefusedWhenItArrivesNamedByItsNumberAndLeavesNothingBehind() throws Exception {
    Instances data = digits();
    ContinualMLP c = mlp("-lambda", "10");
    c.buildClassifier(new Instances(data, 0));
    for (int r = 0; r < 5; r++) {
      c.updateClassifier(data.instance(r));
    }
    String text = c.toString();
    byte[] state = c.learner().toBytes();
    Instance negative = (Instance) data.instance(5).copy();
    negative.setWeight(-1);
    Instance huge = (Instance) data.instance(5).copy();
    huge.setValue(4, 1e308);
    Instance infinite = (Instance) data.instance(5).copy();
    infinite.setValue(4, Double.NEGATIVE_INFINITY);
    Instance farOff = (Instance) data.instance(5).copy();
    farOff.setValue(4, 1e12);
    Instance badTask = (Instance) data.instance(5).copy();
    badTask.setValue(0, 9); // the task attribute declares t1, t2
    Instance heavy = (Instance) data.instance(5).copy();
    heavy.setWeight(1e308); // finite as a double, infinite as the learner's float
    String[] expected = {
      "row 6 of the stream has weight -1.0",
      "row 7 of the stream: attribute 'p3' is 1.0E308",
      "row 8 of the stream: attribute 'p3' is -Infinity",
      "row 9 of the stream: attribute 'p3' is 1.0E12",
      "row 10 of the stream: attribute 'task' has value index 9",
      "row 11 of the stream has weight 1.0E308; weights must be finite and >= 0, and at most"
    };
    Instance[] bad = {negative, huge, infinite, farOff, badTask, heavy};
    for (int i = 0; i < bad.length; i++) {
      Instance b = bad[i];
      Exception e = assertThrows(BadInputException.class, () -> c.updateClassifier(b));
      assertTrue(e.getMessage().startsWith(expected[i]), e.getMessage());
      assertArrayEquals(state, c.learner().toBytes(), "refused row changed the learner");
      assertEquals(text, c.toString(), "refused row changed the model");
    }
    // clean rows go on, and the stream ends as if the bad rows had never come
    for (int r = 5; r < 40; r++) {
      c.updateClassifier(data.instance(r));
    }
    c.batchFinished();
    Path model = dir.resolve("m.model");
    SerializationHelper.write(model.toString(), c);
    ContinualMLP loaded = (ContinualMLP) SerializationHelper.read(model.toString());
    for (int r = 40; r < 60; r++) {
      loaded.updateClassifier(data.instance(r));
    }
    loaded.batchFinished();
    assertEquals(2, loaded.learner().tasksLearned(), "the saved model is not blocked");
  }

  @Test
  void aNominalIndexBeyondTheHeaderIsRefusedInBatchAndWhenClassifying() throws Exception {
    ArrayList<Attribute> atts = new ArrayList<>();
    atts.add(new Attribute("colour", List.of("red", "green", "blue")));
    atts.add(new Attribute("class", List.of("yes", "no")));
    Instances data = new Instances("toy", atts, 0);
    data.setClassIndex(1);
    for (int i = 0; i < 30; i++) {
      data.add(new DenseInstance(1, new double[] {i % 3, i % 3 == 2 ? 0 : 1}));
    }
    ContinualMLP c = mlp();
    c.buildClassifier(data);
    Instance odd = new DenseInstance(1, new double[] {5, 0});
    odd.setDataset(data);
    Exception e = assertThrows(BadInputException.class, () -> c.distributionForInstance(odd));
    assertTrue(e.getMessage().contains("attribute 'colour' has value index 5"), e.getMessage());
    data.add(odd);
    e = assertThrows(BadInputException.class, () -> mlp().buildClassifier(data));
    assertTrue(e.getMessage().startsWith("row 31 of the training data"), e.getMessage());
  }

  @Test
  void aTaskValueTheHeaderCannotHoldIsRefusedWhenClassifyingWithASharedOutputLayer()
      throws Exception {
    Instances data = firstRows(digits(), 60);
    ContinualMLP c = mlp("-lambda", "1");
    c.buildClassifier(data);
    Instance badTask = (Instance) data.instance(0).copy();
    badTask.setValue(0, 9); // the task attribute declares t1, t2
    Exception e = assertThrows(BadInputException.class, () -> c.distributionForInstance(badTask));
    assertTrue(e.getMessage().contains("attribute 'task' has value index 9"), e.getMessage());
    Instance noTask = (Instance) data.instance(0).copy();
    noTask.setMissing(0);
    assertEquals(
        1.0,
        Arrays.stream(c.distributionForInstance(noTask)).sum(),
        1e-9,
        "a shared output layer needs no task value");
  }

  // ------------------------------------------------------------------ sizes

  @Test
  void buffersFollowTheDataAndImpossibleSizesAreRefusedByName() throws Exception {
    Instances small = firstRows(digits(), 40);
    for (String[] big :
        List.of(
            new String[] {"-batch-size", "1000000"},
            new String[] {"-batch-size", "2147483647"},
            new String[] {"-importance-samples", "1e6"},
            new String[] {"-replay-size", "1e8"})) {
      List<String> o = new ArrayList<>(List.of("-hidden", "16", "-epochs", "2", "-lambda", "1"));
      o.addAll(List.of(big));
      ContinualMLP c = new ContinualMLP();
      c.setOptions(o.toArray(new String[0]));
      c.buildClassifier(small);
      assertTrue(c.learner().memoryBytes() < 1 << 20, String.join(" ", big));
      ContinualMLP s = new ContinualMLP();
      s.setOptions(o.toArray(new String[0]));
      s.buildClassifier(new Instances(small, 0));
      for (Instance row : small) {
        s.updateClassifier(row);
      }
      s.batchFinished();
      assertEquals(1, s.learner().tasksLearned(), String.join(" ", big));
    }
    ContinualMLP huge = new ContinualMLP();
    huge.setOptions(new String[] {"-hidden", "2000000000"});
    Exception e = assertThrows(BadInputException.class, () -> huge.buildClassifier(small));
    assertTrue(e.getMessage().contains("hidden layer sizes [2000000000]"), e.getMessage());
    assertTrue(e.getMessage().contains("GB"), "names the memory: " + e.getMessage());
  }

  // ------------------------------------------------------------------ files

  @Test
  void anEmptyOrTruncatedModelFileGetsAMessageNotWekaExceptionNull() throws Exception {
    Instances data = digits();
    ContinualMLP c = mlp("-lambda", "1");
    c.buildClassifier(firstRows(data, 60));
    Path good = dir.resolve("good.model");
    SerializationHelper.write(good.toString(), c);
    byte[] bytes = Files.readAllBytes(good);
    Path empty = Files.write(dir.resolve("empty.model"), new byte[0]);
    Path early = Files.write(dir.resolve("early.model"), Arrays.copyOf(bytes, 20));
    Path late = Files.write(dir.resolve("late.model"), Arrays.copyOf(bytes, bytes.length - 50));
    Path test = DigitsTasks.write(firstRows(data, 20), dir.resolve("test.arff"));
    String[][] cases = {{empty.toString(), "is empty"}, {early.toString(), "is truncated"}};
    for (String[] k : cases) {
      // the command line (ContinualMLP's main; weka.Run goes through preExecution, the same check)
      String err = stderrOf(() -> ContinualMLP.main(new String[] {"-l", k[0], "-T", test + ""}));
      assertTrue(err.contains(k[1]) && err.contains(k[0]), err);
      assertFalse(err.contains("null") || err.contains("\tat "), err);
    }
    // Weka's own Evaluation reading a model cut inside the learner's state
    Exception e =
        assertThrows(
            Exception.class,
            () ->
                Evaluation.evaluateModel(
                    new ContinualMLP(), new String[] {"-l", late.toString(), "-T", test + ""}));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void aDamagedModelFileIsRefusedByNameNeverLoadedAsAnotherModel() throws Exception {
    // A small model, so that every byte of the file can be damaged in turn: two numeric inputs
    // (their standardisation is saved outside the core's own checksummed state), a nominal one,
    // a task attribute, and a row waiting in the stream buffer.
    ArrayList<Attribute> atts = new ArrayList<>();
    atts.add(new Attribute("task", List.of("t1", "t2")));
    atts.add(new Attribute("a"));
    atts.add(new Attribute("b"));
    atts.add(new Attribute("colour", List.of("red", "blue")));
    atts.add(new Attribute("class", List.of("no", "yes")));
    Instances data = new Instances("small", atts, 0);
    data.setClassIndex(4);
    java.util.Random random = new java.util.Random(3);
    for (int r = 0; r < 41; r++) {
      double a = random.nextGaussian() * 5 + 20;
      double b = random.nextGaussian();
      data.add(
          new DenseInstance(1, new double[] {r < 20 ? 0 : 1, a, b, r % 2, a + b > 20 ? 1 : 0}));
    }
    ContinualMLP c = mlp("-hidden", "2", "-epochs", "1", "-lambda", "1", "-task-attribute", "task");
    c.buildClassifier(firstRows(data, 20));
    for (int r = 20; r < 41; r++) {
      c.updateClassifier(data.instance(r));
    }
    byte[] good = serialized(c);
    // the core's state checks itself (LearnerCodec's checksum): a sample of its bytes is enough
    byte[] core = c.learner().toBytes();
    // (a prediction first trains the row waiting: the expected answer is the loaded model's too)
    double[][] expected = c.distributionsForInstances(data);
    String options = weka.core.Utils.joinOptions(c.getOptions());
    Path file = dir.resolve("damaged.model");
    int coreAt = indexOf(good, core);
    assertTrue(coreAt > 0);
    List<String> loadedOtherwise = new ArrayList<>();
    for (int at = 0; at < good.length; at++) {
      if (at > coreAt + 64 && at < coreAt + core.length - 64 && at % 32 != 0) {
        continue;
      }
      byte[] damaged = good.clone();
      damaged[at] ^= 1;
      Files.write(file, damaged);
      try {
        // the command line's check: a message naming the file, or a pass
        ModelFiles.check(file);
      } catch (BadInputException e) {
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        continue;
      }
      ContinualMLP read;
      try {
        read = (ContinualMLP) SerializationHelper.read(new java.io.ByteArrayInputStream(damaged));
      } catch (Exception e) {
        continue; // Weka's reader refuses it with its own message (an unknown class)
      } catch (LinkageError e) {
        loadedOtherwise.add(at + ": the check passed, then Weka's reader failed with " + e);
        continue;
      }
      try {
        if (!Arrays.deepEquals(expected, read.distributionsForInstances(data))
            || !options.equals(weka.core.Utils.joinOptions(read.getOptions()))) {
          loadedOtherwise.add(at + ": other predictions or options");
        }
      } catch (Exception | Error e) {
        loadedOtherwise.add(at + ": " + e);
      }
    }
    assertEquals(List.of(), loadedOtherwise, "a damaged byte loaded as another model");
  }

  private static int indexOf(byte[] in, byte[] part) {
    for (int i = 0; i + part.length <= in.length; i++) {
      if (Arrays.equals(in, i, i + part.length, part, 0, part.length)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void aBadRowInAnArffFileIsNamedBeforeTrainingWithoutAStackTrace() throws Exception {
    Path good = DigitsTasks.write(firstRows(digits(), 40), dir.resolve("good.arff"));
    List<String> lines = Files.readAllLines(good);
    int row =
        lines.size() - 5; // a data row near the end: Weka's stream would train on the rest first
    List<String> shortRow = new ArrayList<>(lines);
    shortRow.set(row, shortRow.get(row).substring(0, shortRow.get(row).indexOf(',', 10)));
    List<String> undeclared = new ArrayList<>(lines);
    undeclared.set(row, undeclared.get(row).replaceFirst("^[^,]+,", "t99,"));
    Path a = Files.write(dir.resolve("short-row.arff"), shortRow);
    Path b = Files.write(dir.resolve("undeclared.arff"), undeclared);
    String[][] cases = { // the arguments, then the option and the file to name, then the problem
      {"-t", a + "", "-T", good + "", "-t", a + "", "premature end of line"},
      {"-t", good + "", "-T", b + "", "-T", b + "", "nominal value not declared"}
    };
    for (String[] k : cases) {
      String err = stderrOf(() -> ContinualMLP.main(Arrays.copyOf(k, 4)));
      assertTrue(
          err.contains(k[5]) && err.contains("(" + k[4] + ")") && err.contains(k[6]),
          "names the file, the option and the problem: " + err);
      // Weka's reader counts lines as its tokenizer does: the bad row's, or the next after the
      // end of line it stopped at
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("line (\\d+)").matcher(err);
      assertTrue(m.find() && Math.abs(Integer.parseInt(m.group(1)) - (row + 1)) <= 1, err);
      assertFalse(
          err.contains("ArffLoader") || err.contains("NullPointerException"),
          "no stack trace: " + err);
    }
    // a model file that cannot be written, or one fold, is said before training (Weka would
    // train, then print a stack trace)
    for (String[] k :
        new String[][] {
          {"-t", good + "", "-d", "/nonexistent/dir/m.model", "does not exist"},
          {"-t", good + "", "-d", dir.toString(), "is a folder"},
          {"-t", good + "", "-x", "1", "at least 2"}
        }) {
      String err = stderrOf(() -> ContinualMLP.main(Arrays.copyOf(k, 4)));
      assertTrue(err.contains(k[4]) && err.contains(k[2]), err);
      assertFalse(err.contains("\tat ") || err.contains("Exception"), err);
    }
    // a good pair passes the check (Weka then trains and evaluates as usual)
    ModelFiles.checkArguments(List.of("-t", good.toString(), "-T", good.toString()));
  }

  @Test
  void typesContinualMlpCannotReadAreRefusedEvenWithoutWekasCheck() throws Exception {
    java.util.ArrayList<weka.core.Attribute> string = new java.util.ArrayList<>();
    string.add(new weka.core.Attribute("x"));
    string.add(new weka.core.Attribute("class", (List<String>) null)); // a string class
    java.util.ArrayList<weka.core.Attribute> date = new java.util.ArrayList<>();
    date.add(new weka.core.Attribute("when", "yyyy-MM-dd"));
    date.add(new weka.core.Attribute("class", List.of("a", "b")));
    for (java.util.ArrayList<weka.core.Attribute> atts : List.of(string, date)) {
      Instances data = new Instances("typed", atts, 2);
      data.setClassIndex(1);
      for (int i = 0; i < 2; i++) {
        weka.core.DenseInstance row = new weka.core.DenseInstance(2);
        row.setDataset(data);
        row.setValue(0, i);
        if (data.classAttribute().isString()) {
          row.setValue(1, i == 0 ? "odd" : "even");
        } else {
          row.setValue(1, i);
        }
        data.add(row);
      }
      String type = data.classAttribute().isString() ? "string class" : "date attributes";
      String which =
          data.classAttribute().isString() ? "(attribute 'class', number 2)" : "(attribute 'when'";
      for (boolean check : new boolean[] {false, true}) {
        ContinualMLP c = mlp("-lambda", "1");
        c.setDoNotCheckCapabilities(!check);
        BadInputException e = assertThrows(BadInputException.class, () -> c.buildClassifier(data));
        assertTrue(
            e.getMessage().toLowerCase(java.util.Locale.ROOT).contains(type), e.getMessage());
        assertTrue(e.getMessage().contains(which), "names the attribute: " + e.getMessage());
      }
    }
  }

  @Test
  void aRowToClassifyWhoseHeaderDiffersIsRefusedNotAnsweredByPosition() throws Exception {
    Instances data = digits();
    ContinualMLP c = mlp("-lambda", "1");
    c.buildClassifier(firstRows(data, 60));
    Instances same = firstRows(data, 10);
    double[] before = c.distributionForInstance(same.instance(0));
    // the class declared in the other order, as another ARFF file may: every probability would be
    // read as the other class's (renameAttributeValue would not do: Weka's copies share the values)
    Attribute cls = same.classAttribute();
    String declared = "{" + cls.value(0) + "," + cls.value(1) + "}";
    String reversed = "{" + cls.value(1) + "," + cls.value(0) + "}";
    String arff = same.toString();
    assertTrue(arff.contains(declared), arff.substring(0, 200));
    Instances swapped = new Instances(new java.io.StringReader(arff.replace(declared, reversed)));
    swapped.setClassIndex(same.classIndex());
    for (Runnable call :
        List.<Runnable>of(
            () ->
                assertThrows(
                    BadInputException.class, () -> c.distributionForInstance(swapped.instance(0))),
            () ->
                assertThrows(
                    BadInputException.class, () -> c.classifyInstance(swapped.instance(0))),
            () ->
                assertThrows(
                    BadInputException.class, () -> c.distributionsForInstances(swapped)))) {
      call.run();
    }
    Exception e = assertThrows(BadInputException.class, () -> c.distributionsForInstances(swapped));
    assertTrue(e.getMessage().contains("header differs"), e.getMessage());
    // the same header (a copy of it) answers as before
    assertArrayEquals(before, c.distributionForInstance(new Instances(same).instance(0)), 0);
  }

  @Test
  void optionsChangedAfterTheBuildAreRefusedNotSilentlyKept() throws Exception {
    Instances data = digits();
    ContinualMLP c = mlp("-method", "EWC", "-lambda", "5");
    c.buildClassifier(firstRows(data, 40));
    byte[] state = c.learner().toBytes();
    String[] built = c.getOptions();
    c.setOptions(new String[] {"-method", "MAS", "-lambda", "50", "-output-debug-info"});
    Instance row = data.instance(40);
    BadInputException e = assertThrows(BadInputException.class, () -> c.updateClassifier(row));
    assertTrue(
        e.getMessage().contains("method (-method) EWC -> MAS")
            && e.getMessage().contains("lambda (-lambda) 5")
            && !e.getMessage().contains("debug"),
        e.getMessage());
    assertThrows(BadInputException.class, c::batchFinished);
    assertArrayEquals(state, c.learner().toBytes(), "the refused calls trained nothing");
    // set back (debug aside, which trains nothing), the stream goes on
    c.setOptions(built);
    c.setDebug(true);
    c.updateClassifier(row);
    c.batchFinished();
    // a new build takes the new options
    c.setOptions(new String[] {"-method", "MAS", "-lambda", "50"});
    c.buildClassifier(firstRows(data, 40));
    c.updateClassifier(row);
    assertEquals(Method.MAS, c.learner().config().method().method());
  }

  @Test
  void aRowWeightedOutDoesNotShapeTheInputScaling() throws Exception {
    Instances data = firstRows(digits(), 60);
    Instances moved = new Instances(data);
    moved.instance(7).setWeight(0);
    Instances plain = new Instances(moved);
    for (int a = 1; a < 10; a++) {
      moved.instance(7).setValue(a, 16 * 50); // far from every other row: it would move the means
    }
    double[][] p = new double[2][];
    int k = 0;
    for (Instances train : List.of(plain, moved)) {
      ContinualMLP c = mlp("-method", "NONE");
      c.buildClassifier(train);
      p[k++] = c.distributionForInstance(data.instance(30));
    }
    assertArrayEquals(p[0], p[1], 0, "a weight-0 row's values changed the model");
  }

  /**
   * @param r what to run
   * @return what it printed on System.err
   */
  static String stderrOf(Runnable r) {
    PrintStream old = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(old);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------------ tiny tasks

  @Test
  void aTaskAttributeThatChangesOnEveryRowWarnsOnceThatTasksAreTiny() throws Exception {
    Instances data = digits();
    Instances interleaved = new Instances(data, 0);
    int half = 0;
    while (data.instance(half).value(0) == 0) {
      half++;
    }
    for (int i = 0; i < 30; i++) {
      interleaved.add(data.instance(i));
      interleaved.add(data.instance(half + i));
    }
    List<String> log = new ArrayList<>();
    ContinualMLP c = mlp("-method", "MAS", "-lambda", "1", "-task-attribute", "task");
    c.setLog(Logs.into(log));
    c.buildClassifier(new Instances(data, 0));
    for (Instance row : interleaved) {
      c.updateClassifier(row);
    }
    c.batchFinished();
    assertEquals(60, c.learner().tasksLearned());
    assertEquals(1, log.stream().filter(m -> m.contains("tasks are tiny")).count(), "" + log);
  }

  @Test
  void aBatchBuildWarnsOnceThatTasksAreTinyToo() throws Exception {
    // the Explorer, cross-validation and every meta classifier build in batch: a task attribute
    // that makes a task of every row (here Weka's AddID's, chosen by mistake) was said only by a
    // stream
    weka.filters.unsupervised.attribute.AddID addId =
        new weka.filters.unsupervised.attribute.AddID();
    Instances data = digits();
    addId.setInputFormat(data);
    Instances withId = weka.filters.Filter.useFilter(new Instances(data, 0, 40), addId);
    List<String> log = new ArrayList<>();
    ContinualMLP c = mlp("-method", "NONE", "-task-attribute", "ID");
    c.setLog(Logs.into(log));
    c.buildClassifier(withId);
    assertEquals(40, c.learner().tasksLearned());
    List<String> tiny = log.stream().filter(m -> m.contains("tasks are tiny")).toList();
    assertEquals(1, tiny.size(), "" + log);
    assertTrue(tiny.get(0).contains("40 of the 40 tasks the task attribute 'ID'"), tiny.get(0));
    // a task attribute whose tasks are large says nothing
    log.clear();
    ContinualMLP ok = mlp("-method", "NONE", "-task-attribute", "task");
    ok.setLog(Logs.into(log));
    ok.buildClassifier(data);
    assertEquals(0, log.stream().filter(m -> m.contains("tasks are tiny")).count(), "" + log);
  }

  @Test
  void aPredictionAnswersWithTheModelAsItIsWhenTheWaitingRowsCannotBeTrained() throws Exception {
    // lambda 1e300 trains the first task (nothing to protect yet) and diverges on the second's
    Instances data = digits();
    ContinualMLP c = mlp("-batch-size", "4", "-lambda", "1e300", "-task-attribute", "task");
    List<String> log = new ArrayList<>();
    c.setLog(Logs.into(log));
    c.buildClassifier(new Instances(data, 0));
    int r = 0;
    while (data.instance(r).value(0) == 0) {
      c.updateClassifier(data.instance(r++));
    }
    int t2 = r;
    Instance probe = data.instance(3);
    double[] afterT1 = c.distributionForInstance(probe); // trains t1's waiting rows
    for (int i = 0; i < 3; i++) {
      c.updateClassifier(data.instance(r++)); // ends t1, begins t2, waits for a minibatch of 4
    }
    byte[] state = c.learner().toBytes();
    for (int k = 0; k < 3; k++) {
      assertArrayEquals(afterT1, c.distributionForInstance(probe), "the model as it is");
    }
    assertArrayEquals(state, c.learner().toBytes());
    List<String> warnings = log.stream().filter(m -> m.contains("could not be trained")).toList();
    assertEquals(1, warnings.size(), "said once for the same rows: " + log);
    String rows = "rows " + (t2 + 1) + "-" + (t2 + 3) + " of the stream";
    assertTrue(warnings.get(0).contains(rows), warnings.get(0));
    assertTrue(warnings.get(0).contains("diverged"), warnings.get(0));
    assertFalse(warnings.get(0).contains("of task"), "the core's task id is not shown");
    // the rows still wait: the next row completes the minibatch and fails with the reason, and
    // names the task as the task attribute does, not by the core's id
    Instance fourth = data.instance(r);
    Exception e = assertThrows(TrainingFailedException.class, () -> c.updateClassifier(fourth));
    assertTrue(e.getMessage().startsWith("task 't2', rows " + (t2 + 1)), e.getMessage());
    assertFalse(e.getMessage().contains("of task"), e.getMessage());
    assertTrue(c.toString().contains("(open: 3 rows buffered)"), c.toString());
    assertArrayEquals(state, c.learner().toBytes());
  }

  @Test
  void aStreamWhoseEveryClassIsMissingIsRefusedAndASkippedRowIsSaidOnce() throws Exception {
    Instances data = digits();
    ContinualMLP c = mlp("-method", "NONE", "-task-attribute", "task");
    List<String> log = new ArrayList<>();
    c.setLog(Logs.into(log));
    c.buildClassifier(new Instances(data, 0));
    for (int r = 0; r < 10; r++) {
      Instance row = (Instance) data.instance(r).copy();
      row.setDataset(data);
      row.setClassMissing();
      c.updateClassifier(row);
    }
    Exception e = assertThrows(BadInputException.class, c::batchFinished);
    assertTrue(e.getMessage().contains("every row's class value"), e.getMessage());
    // a model that has learned nothing says so once when it predicts
    for (int k = 0; k < 2; k++) {
      double[] p = c.distributionForInstance(data.instance(0));
      assertArrayEquals(new double[] {0.5, 0.5}, p, 1e-12);
    }
    assertEquals(1, log.stream().filter(m -> m.contains("learned from no rows")).count(), "" + log);
    assertEquals(1, log.stream().filter(m -> m.contains("missing are skipped")).count(), "" + log);
    assertTrue(log.stream().anyMatch(m -> m.contains("row 1 of the stream")), "" + log);
    // with labelled rows too, the stream trains and ends normally
    c.buildClassifier(new Instances(data, 0));
    Instance unlabelled = (Instance) data.instance(0).copy();
    unlabelled.setDataset(data);
    unlabelled.setClassMissing();
    c.updateClassifier(unlabelled);
    for (int r = 0; r < 10; r++) {
      c.updateClassifier(data.instance(r));
    }
    c.batchFinished();
    assertEquals(1, c.learner().tasksLearned());
  }
}
