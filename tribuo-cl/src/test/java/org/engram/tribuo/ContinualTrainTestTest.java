package org.engram.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;

/** The command line, on the example configuration files shipped in examples/config/tribuo. */
class ContinualTrainTestTest {
  private static final Path EXAMPLES = Path.of("..", "examples", "config", "tribuo");

  private record Run(int status, String out, String err) {}

  private static Run cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        ContinualTrainTest.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static double number(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\": ([-0-9.]+)").matcher(json);
    assertTrue(m.find(), key + " missing in " + json);
    return Double.parseDouble(m.group(1));
  }

  @Test
  void domainIncrementalExampleWritesModelOnnxAndReport(@TempDir Path dir) throws Exception {
    Path config = EXAMPLES.resolve("split-digits-domain.xml");
    assertTrue(Files.exists(config), config.toAbsolutePath().toString());
    Path model = dir.resolve("model.tribuo");
    Path onnx = dir.resolve("model.onnx");
    Path json = dir.resolve("report.json");
    // Smaller and faster than the example's defaults, through OLCUT's field overrides.
    Run r =
        cli(
            "-c", config.toString(),
            "--trainer", "mas",
            "--@mas.epochs", "3",
            "--model-output-path", model.toString(),
            "--onnx-output-path", onnx.toString(),
            "--json-output-path", json.toString());
    assertEquals(0, r.status(), r.err() + r.out());
    assertTrue(r.out().contains("Accuracy matrix"), r.out());
    assertTrue(r.out().contains("ACC"), r.out());
    assertTrue(r.out().contains("Task 5:"), r.out());
    ContinualModel m = (ContinualModel) Model.deserializeFromFile(model);
    assertEquals(5, m.tasksLearned());
    assertEquals(5, m.provenanceChain().size());
    assertTrue(Files.size(onnx) > 1000);
    String report = Files.readString(json);
    assertTrue(report.contains("\"method\": \"mas\""), report);
    double acc = number(report, "acc");
    assertTrue(acc > 0.6 && acc <= 1.0, report);
    assertTrue(report.contains("\"accuracy_matrix\": [["), report);
    assertTrue(report.contains("\"lambda_per_task\": [10.000000, 10.000000"), report);
    assertTrue(report.contains("\"replay_size\": 0"), report);
  }

  @Test
  void taskIncrementalExampleRunsWithDefaults() {
    Run r =
        cli("-c", EXAMPLES.resolve("split-digits-task.xml").toString(), "--@trainer.epochs", "2");
    assertEquals(0, r.status(), r.err() + r.out());
    // Before a task is learned its head does not exist: those entries are '-' in the table.
    assertTrue(r.out().contains("-"), r.out());
    assertTrue(r.out().contains("EWCTrainer"), r.out());
  }

  @Test
  void csvExampleRunsWithTribuosCsvDataSource() {
    // The example's data paths are relative to the repository root; tests run in tribuo-cl/.
    String data = EXAMPLES.resolve("data").toString();
    Run r =
        cli(
            "-c", EXAMPLES.resolve("csv-digits-domain.xml").toString(),
            "--@trainer.epochs", "3",
            "--@train-1.dataPath", data + "/digits-task1-train.csv",
            "--@test-1.dataPath", data + "/digits-task1-test.csv",
            "--@train-2.dataPath", data + "/digits-task2-train.csv",
            "--@test-2.dataPath", data + "/digits-task2-test.csv");
    assertEquals(0, r.status(), r.err() + r.out());
    assertTrue(r.out().contains("Task 2: 252 training examples, 64 features, 2 labels"), r.out());
    assertTrue(r.out().contains("ACC"), r.out());
  }

  @Test
  void mistakesAreReportedWithoutStackTraces() {
    Run r =
        cli("-c", EXAMPLES.resolve("split-digits-class.xml").toString(), "--@trainer.epochs", "0");
    assertEquals(1, r.status());
    assertTrue(r.err().contains("epochs"), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
    r =
        cli(
            "-c",
            EXAMPLES.resolve("split-digits-class.xml").toString(),
            "--train-sources",
            "train-1,train-2",
            "--test-sources",
            "test-1");
    assertEquals(1, r.status());
    assertTrue(r.err().contains("one test data source per task"), r.err());
  }

  /** Runs the command line and checks it failed with one line on the error output. */
  private static Run mistake(String... args) {
    Run[] run = new Run[1];
    List<LogRecord> logged =
        Logged.records(Logger.getLogger(""), () -> run[0] = cli(args)).stream()
            .filter(record -> record.getLevel().intValue() >= Level.WARNING.intValue())
            .toList();
    Run r = run[0];
    assertTrue(r.status() != 0, "exit status " + r.status());
    assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    assertFalse(r.err().contains("\tat ") || r.out().contains("\tat "), r.err() + r.out());
    assertTrue(logged.isEmpty(), "logged: " + logged.stream().map(LogRecord::getMessage).toList());
    return r;
  }

  @Test
  void userMistakesAreOneLineWithoutAStackTrace(@TempDir Path dir) {
    String config = EXAMPLES.resolve("split-digits-domain.xml").toString();
    assertTrue(mistake("-c", dir.resolve("missing.xml").toString()).err().contains("missing.xml"));
    assertTrue(mistake("-c", config, "--trainer", "nosuch").err().contains("nosuch"));
    assertTrue(
        mistake("-c", config, "--train-sources", "train-1,nosuch", "--test-sources", "test-1")
            .err()
            .contains("nosuch"));
    assertTrue(mistake("-c", config, "--@trainer.nosuch", "3").err().contains("nosuch"));
    assertTrue(mistake("-c", config, "--@trainer.temperature", "3").err().contains("temperature"));
    Run onnx =
        mistake(
            "-c",
            EXAMPLES.resolve("split-digits-task.xml").toString(),
            "--onnx-output-path",
            dir.resolve("task.onnx").toString());
    assertTrue(onnx.err().contains("ONNX export needs a shared head"), onnx.err());
    assertFalse(onnx.out().contains("Task 1:"), "refused before training");
    Run r = mistake("-c", config, "--json-output-path", dir.resolve("no/such/r.json").toString());
    assertTrue(r.err().contains("--json-output-path"), r.err());
    assertFalse(r.out().contains("Task 1:"), "checked before training");
  }

  @Test
  void everyDataSourceIsReadBeforeTheFirstTaskTrains() {
    String data = EXAMPLES.resolve("data").toString();
    Run r =
        mistake(
            "-c", EXAMPLES.resolve("csv-digits-domain.xml").toString(),
            "--@train-1.dataPath", data + "/digits-task1-train.csv",
            "--@test-1.dataPath", data + "/digits-task1-test.csv",
            "--@train-2.dataPath", data + "/no-such-file.csv",
            "--@test-2.dataPath", data + "/digits-task2-test.csv");
    assertTrue(r.err().contains("component 'train-2'"), r.err());
    assertTrue(r.err().contains("no-such-file.csv"), r.err());
    assertFalse(r.out().contains("Task 1:"), "task 1 trained before the data were checked");
  }

  /**
   * A value the network cannot hold, or a source with no rows, is found when the sources are read,
   * before task 1 trains, and named by task, source and example (Tribuo's index, from 0).
   */
  @Test
  void badValuesAndEmptySourcesAreFoundBeforeTheFirstTaskTrains(@TempDir Path dir)
      throws Exception {
    String data = EXAMPLES.resolve("data").toString();
    List<String> lines =
        new ArrayList<>(Files.readAllLines(Path.of(data, "digits-task2-train.csv")));
    String[] header = lines.get(0).split(",");
    int px02 = List.of(header).indexOf("px02");
    String[] cells = lines.get(9).split(",");
    cells[px02] = "1e308";
    lines.set(9, String.join(",", cells));
    Path huge = dir.resolve("huge.csv");
    Files.write(huge, lines);
    Path headerOnly = dir.resolve("header-only.csv");
    Files.write(headerOnly, List.of(lines.get(0)));
    for (Path train2 : List.of(huge, headerOnly)) {
      Run r =
          mistake(
              "-c", EXAMPLES.resolve("csv-digits-domain.xml").toString(),
              "--@train-1.dataPath", data + "/digits-task1-train.csv",
              "--@test-1.dataPath", data + "/digits-task1-test.csv",
              "--@train-2.dataPath", train2.toString(),
              "--@test-2.dataPath", data + "/digits-task2-test.csv");
      assertTrue(r.err().contains("training data of task 2 (component 'train-2')"), r.err());
      assertFalse(r.out().contains("Task 1:"), "task 1 trained before the data were checked");
      assertTrue(
          r.err()
              .contains(
                  train2 == huge
                      ? "example 8 (counting from 0), feature 'px02' is 1.0E308, beyond the float"
                      : "has no examples"),
          r.err());
    }
  }

  /**
   * A source whose output factory is not a LabelFactory (a regression configuration copied) is
   * named with what it reads, before task 1 trains; it was a JVM cast message naming no source.
   */
  @Test
  void aSourceOfAnotherOutputTypeIsNamedBeforeTheFirstTaskTrains(@TempDir Path dir)
      throws Exception {
    String xml =
        Files.readString(EXAMPLES.resolve("csv-digits-domain.xml"))
            .replace(
                "org.tribuo.classification.LabelFactory",
                "org.tribuo.regression.RegressionFactory");
    Path config = Files.writeString(dir.resolve("regression.xml"), xml);
    String data = EXAMPLES.resolve("data").toString();
    Run r =
        mistake(
            "-c", config.toString(),
            "--@train-1.dataPath", data + "/digits-task1-train.csv",
            "--@test-1.dataPath", data + "/digits-task1-test.csv",
            "--@train-2.dataPath", data + "/digits-task2-train.csv",
            "--@test-2.dataPath", data + "/digits-task2-test.csv");
    assertTrue(r.err().contains("training data of task 1 (component 'train-1')"), r.err());
    assertTrue(r.err().contains("RegressionFactory"), r.err());
    assertFalse(r.err().contains("cannot be cast"), r.err());
    assertFalse(r.out().contains("Task 1:"), "task 1 trained before the data were checked");
  }

  /** A configuration of two split-digit tasks, trainer fields and test-source fields spliced in. */
  private static Path twoTasks(Path dir, String trainerFields, String testFields, int... tasks)
      throws Exception {
    StringBuilder xml =
        new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<config>\n"
                + "<component name=\"trainer\" type=\"org.engram.tribuo.ContinualTrainer\">"
                + "<propertylist name=\"hiddenSizes\"><item>16</item></propertylist>"
                + "<property name=\"epochs\" value=\"1\"/>"
                + "<property name=\"method\" value=\"EWC\"/>"
                + "<property name=\"lambda\" value=\"10\"/>"
                + trainerFields
                + "</component>\n");
    for (int k : tasks) {
      for (String split : new String[] {"train", "test"}) {
        xml.append("<component name=\"")
            .append(split)
            .append('-')
            .append(k)
            .append("\" type=\"org.engram.tribuo.DigitsDataSource\">")
            .append("<propertylist name=\"digits\"><item>")
            .append(2 * k - 2)
            .append("</item><item>")
            .append(2 * k - 1)
            .append("</item></propertylist><property name=\"split\" value=\"")
            .append(split.toUpperCase(java.util.Locale.ROOT))
            .append("\"/><property name=\"labelling\" value=\"POSITION\"/>")
            .append(split.equals("test") ? testFields : "")
            .append("</component>\n");
      }
    }
    return Files.writeString(dir.resolve("c" + xml.hashCode() + ".xml"), xml + "</config>\n");
  }

  @Test
  void whatOlcutWouldReadOtherThanWrittenIsRefusedBeforeAnyTaskTrains(@TempDir Path dir)
      throws Exception {
    String c = twoTasks(dir, "", "", 1, 2).toString();
    String gap = twoTasks(dir, "", "", 1, 2, 4).toString();
    String calibrateMaybe =
        twoTasks(dir, "<property name=\"calibrate\" value=\"maybe\"/>", "", 1, 2).toString();
    String listAsProperty = twoTasks(dir, "", "", 1, 2).toString().replace(".xml", "-list.xml");
    Files.writeString(
        Path.of(listAsProperty),
        Files.readString(Path.of(c))
            .replace(
                "<propertylist name=\"hiddenSizes\"><item>16</item></propertylist>",
                "<property name=\"hiddenSizes\" value=\"16\"/>"));
    String[][] cases = { // the arguments, then what the message must say
      {"-c", c, "--@trainer.keepOptimiserState", "1", "'keepOptimiserState': '1' is not a boolean"},
      {"-c", calibrateMaybe, "field 'calibrate': 'maybe' is not a boolean"},
      {"-c", c, "--@trainer.hiddenSizes", "32", "--@trainer.hiddenSizes 32"},
      {"-c", listAsProperty, "<propertylist name="},
      {"-c", gap, "'train-4' is configured but 'train-3' is missing"},
      {"-c", c, "foo", "unexpected argument 'foo'"},
      {"-c", c, "--@trainer.epochs", "1", "--@trainer.epochs", "3", "--@trainer.epochs is given"},
      {"-c", c, "-c", c, "-c is given twice"},
      {"-c", c, "--json-output-path", dir.toString(), "is a directory"},
      {"-c", c, "--json-output-path", "", "Error: --json-output-path is empty: name a file"},
      {"-c", c, "--model-output-path", " ", "Error: --model-output-path is empty: name a file"},
      {"-c", c, "--onnx-output-path", "", "Error: --onnx-output-path is empty: name a file"},
      {"-c", c, "--trainer", "test-1", "--trainer 'test-1' names a DigitsDataSource, not an"},
      {"-c", c, "--train-sources", "", "--train-sources is given an empty name"},
    };
    for (String[] k : cases) {
      Run r = cli(java.util.Arrays.copyOf(k, k.length - 1));
      String said = r.err() + r.out();
      assertEquals(1, r.status(), said);
      assertTrue(said.contains(k[k.length - 1]), k[k.length - 1] + " in: " + said);
      assertFalse(said.contains("Task 1:"), "nothing trains: " + said);
      assertFalse(said.contains("ClassCastException") || said.contains("cannot be cast"), said);
    }
    // the same configuration, written as meant, trains
    Run ok = cli("-c", c, "--@trainer.keepOptimiserState", "TRUE");
    assertEquals(0, ok.status(), ok.err());
  }

  @Test
  void anOutputThatFailsAfterTrainingIsNamedWithItsOption(@TempDir Path dir) throws Exception {
    Path full = Path.of("/dev/full"); // accepts opening, refuses every write: a full disk
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(full), "needs Linux's /dev/full");
    String c = twoTasks(dir, "", "", 1, 2).toString();
    for (String option :
        new String[] {"--json-output-path", "--model-output-path", "--onnx-output-path"}) {
      Run r = cli("-c", c, option, full.toString());
      assertEquals(2, r.status(), option + ": " + r.err() + r.out());
      assertTrue(r.out().contains("Task 2:"), "trained, then failed to write: " + r.out());
      String line = r.err().strip();
      assertEquals(1, line.lines().count(), line);
      assertTrue(
          line.startsWith("I/O error: " + option + " /dev/full cannot be written: "),
          option + ": " + line);
      assertTrue(line.contains("No space left on device"), line);
      assertFalse(line.contains("\tat "), line);
    }
  }

  @Test
  void aRunWhoseTestSourcesCannotBeEvaluatedFails(@TempDir Path dir) throws Exception {
    // one head per task, and test sources that carry no task id: no test row can be answered
    Path c = twoTasks(dir, "<property name=\"headMode\" value=\"PER_TASK\"/>", "", 1, 2);
    Run r = cli("-c", c.toString());
    assertEquals(1, r.status(), r.err() + r.out());
    assertTrue(r.err().contains("no test source could be evaluated"), r.err());
  }

  @Test
  void lambdaIsPrintedToThreeDigitsAndACauseOnce(@TempDir Path dir) throws Exception {
    assertEquals("0", ContinualTrainTest.lambda(0));
    assertEquals("1.31", ContinualTrainTest.lambda(1.305014290053522));
    assertEquals("250", ContinualTrainTest.lambda(250));
    assertEquals("1.00e+04", ContinualTrainTest.lambda(1e4));
    // a λ plain SGD cannot be stable with is refused before its task; its reason is said once
    Path c = twoTasks(dir, "<property name=\"optimiser\" value=\"SGD\"/>", "", 1, 2, 3);
    Run r = cli("-c", c.toString(), "--@trainer.learningRate", "0.01", "--@trainer.lambda", "1e5");
    assertEquals(1, r.status(), r.err() + r.out());
    String reason = "diverges on the ewc penalty";
    assertEquals(1, r.err().split(reason, -1).length - 1, r.err());
  }
}
