package org.engram.tribuo;

import com.oracle.labs.mlrg.olcut.config.ArgumentException;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.Option;
import com.oracle.labs.mlrg.olcut.config.Options;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.config.UsageException;
import com.oracle.labs.mlrg.olcut.config.io.ConfigLoaderException;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.engram.cl.TaskReport;
import org.engram.cl.eval.AccuracyMatrix;
import org.tribuo.ConfigurableDataSource;
import org.tribuo.DataSource;
import org.tribuo.Dataset;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;

/**
 * Trains a {@link ContinualTrainer} task after task from an OLCUT configuration, modelled on
 * Tribuo's {@code ConfigurableTrainTest}: the configuration names the trainer and, in order, one
 * training and one test data source per task (any Tribuo {@link ConfigurableDataSource}: CSV, IDX,
 * LibSVM, ...). After each task it prints the evaluation on that task's test data and every task's
 * accuracy; at the end the accuracy matrix with ACC, BWT and forgetting. It can write the final
 * model (Tribuo protobuf), an ONNX file and a JSON report.
 *
 * <p>Without {@code --trainer} the component named {@value #DEFAULT_TRAINER} is used; without
 * {@code --train-sources} / {@code --test-sources} the components named {@code train-1, train-2,
 * ...} and {@code test-1, test-2, ...}. Every data source is read before the first task trains, so
 * a missing or unreadable file stops the run at once. A mistake (a missing configuration file, an
 * unknown trainer, source or field, an invalid value, unreadable data) is reported in one line on
 * the error output, with a non-zero exit status and no stack trace.
 *
 * <pre>
 * java -cp ... org.engram.tribuo.ContinualTrainTest -c examples/config/tribuo/split-digits-domain.xml \
 *     --json-output-path report.json
 * </pre>
 */
public final class ContinualTrainTest {
  /** Component used as the trainer when {@code --trainer} is not given. */
  public static final String DEFAULT_TRAINER = "trainer";

  private ContinualTrainTest() {}

  /** Command-line options. */
  public static final class ContinualTrainTestOptions implements Options {
    @Override
    public String getOptionsDescription() {
      return "Trains a continual-learning trainer on a sequence of tasks and reports the accuracy"
          + " matrix.";
    }

    /** The trainer. */
    @Option(
        charName = 't',
        longName = "trainer",
        usage = "Name of the trainer component (an Engram ContinualTrainer) in the configuration.")
    public ContinualTrainer trainer;

    /** Training data, one source per task. */
    @Option(
        longName = "train-sources",
        usage = "Comma-separated names of the training data source components, one per task.")
    public List<ConfigurableDataSource<Label>> trainSources;

    /** Test data, one source per task. */
    @Option(
        longName = "test-sources",
        usage = "Comma-separated names of the test data source components, one per task.")
    public List<ConfigurableDataSource<Label>> testSources;

    /** Where to write the final model. */
    @Option(
        charName = 'f',
        longName = "model-output-path",
        usage = "Writes the final model here (Tribuo protobuf).")
    public Path modelPath;

    /** Where to write the ONNX model. */
    @Option(longName = "onnx-output-path", usage = "Writes the final model here as ONNX.")
    public Path onnxPath;

    /** Where to write the JSON report. */
    @Option(
        longName = "json-output-path",
        usage = "Writes a JSON report (accuracy matrix, ACC, BWT, forgetting) here.")
    public Path jsonPath;
  }

  /**
   * The outcome of a run.
   *
   * @param model the model after the last task
   * @param matrix R[i][j], accuracy on task j's test data after learning task i
   * @param trainSeconds wall-clock seconds of each task's training
   */
  public record Result(ContinualModel model, AccuracyMatrix matrix, double[] trainSeconds) {}

  /**
   * Runs the tasks in order.
   *
   * @param trainer the trainer
   * @param train the training data of each task
   * @param test the test data of each task (same count)
   * @param out where to print the evaluations
   * @return the final model and the accuracy matrix
   * @throws IllegalArgumentException if the lists are empty or of different lengths, or on bad data
   */
  public static Result run(
      ContinualTrainer trainer,
      List<? extends DataSource<Label>> train,
      List<? extends DataSource<Label>> test,
      PrintStream out) {
    if (trainer == null) {
      throw new IllegalArgumentException("no trainer given (--trainer)");
    }
    if (train == null || train.isEmpty()) {
      throw new IllegalArgumentException("no training data sources given (--train-sources)");
    }
    if (test == null || test.size() != train.size()) {
      throw new IllegalArgumentException(
          "need one test data source per task (--test-sources): "
              + train.size()
              + " training sources, "
              + (test == null ? 0 : test.size())
              + " test sources");
    }
    int n = train.size();
    List<Dataset<Label>> trainSets = read(train, "training");
    List<Dataset<Label>> testSets = read(test, "test");
    AccuracyMatrix matrix = new AccuracyMatrix(n);
    double[] seconds = new double[n];
    ContinualModel model = null;
    out.println("Trainer: " + trainer);
    for (int i = 0; i < n; i++) {
      Dataset<Label> data = trainSets.get(i);
      long t0 = System.nanoTime();
      try {
        model = i == 0 ? trainer.train(data) : trainer.incrementalTrain(data, model);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "task " + (i + 1) + " (" + describe(train.get(i)) + "): " + e.getMessage(), e);
      }
      seconds[i] = (System.nanoTime() - t0) / 1e9;
      TaskReport report = model.history().get(i);
      out.printf(
          Locale.ROOT,
          "%nTask %d: %d training examples, %d features, %d labels, λ %s%s, %.2f s%n",
          i + 1,
          data.size(),
          model.getFeatureIDMap().size(),
          model.getOutputIDInfo().size(),
          lambda(report.lambda()),
          report.lambdaTrials() > 0
              ? String.format(
                  Locale.ROOT,
                  " (chosen in %d trials, %.2f s)",
                  report.lambdaTrials(),
                  report.lambdaSeconds())
              : "",
          seconds[i]);
      try {
        LabelEvaluation eval = new LabelEvaluator().evaluate(model, testSets.get(i));
        out.println(eval);
      } catch (IllegalArgumentException | IllegalStateException e) {
        out.println("(no Tribuo evaluation for this task: " + e.getMessage() + ")");
      }
      for (int j = 0; j < n; j++) {
        matrix.set(i, j, accuracy(model, testSets.get(j)));
      }
    }
    out.println();
    out.println("Accuracy matrix (row: after task i, column: on task j)");
    out.print(matrix.toTable());
    if (Double.isNaN(matrix.acc())) {
      throw new IllegalArgumentException(
          "no test source could be evaluated on the final model (see the messages above), so"
              + " there is no accuracy to report");
    }
    return new Result(model, matrix, seconds);
  }

  /**
   * Reads every source and checks its values before anything trains.
   *
   * @throws IllegalArgumentException naming the source that cannot be read, and why
   */
  private static List<Dataset<Label>> read(List<? extends DataSource<Label>> sources, String what) {
    List<Dataset<Label>> out = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      DataSource<Label> s = sources.get(i);
      try {
        Dataset<Label> d = new MutableDataset<>(s);
        TribuoData.checkValues(d);
        out.add(d);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "cannot read the "
                + what
                + " data of task "
                + (i + 1)
                + " ("
                + describe(s)
                + "): "
                + causes(e));
      }
    }
    return out;
  }

  /** The configured name of a source, else its class. */
  private static String describe(DataSource<Label> s) {
    ConfigurationManager cm = CONFIGURATION.get();
    if (cm != null && s instanceof Configurable c) {
      var name = cm.getConfiguredName(c);
      if (name.isPresent()) {
        return "component '" + name.get() + "'";
      }
    }
    return s.getClass().getSimpleName();
  }

  /** The distinct messages of an exception and its causes, outermost first. */
  private static String causes(Throwable t) {
    Set<String> messages = new LinkedHashSet<>();
    for (; t != null; t = t.getCause()) {
      String m = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
      // a wrapper that already quotes its cause ("task 3 (...): " + the cause's message)
      if (messages.stream().noneMatch(earlier -> earlier.contains(m))) {
        messages.add(m);
      }
    }
    return String.join(": ", messages);
  }

  /** λ to three significant digits, as the other front ends print it (1.31, 250, 1.00e+04). */
  static String lambda(double v) {
    if (v == 0 || Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4) {
      return new java.math.BigDecimal(v)
          .round(new java.math.MathContext(3))
          .stripTrailingZeros()
          .toPlainString();
    }
    return String.format(Locale.ROOT, "%.3g", v);
  }

  /** The configuration of the command-line run in progress, to name its sources in messages. */
  private static final ThreadLocal<ConfigurationManager> CONFIGURATION = new ThreadLocal<>();

  /** Accuracy on a test set, NaN if the model cannot answer it (e.g. a task it has no head for). */
  private static double accuracy(ContinualModel model, Dataset<Label> test) {
    List<Prediction<Label>> predictions;
    try {
      predictions = model.predict(test);
    } catch (IllegalArgumentException e) {
      return Double.NaN;
    }
    int correct = 0;
    for (Prediction<Label> p : predictions) {
      if (p.getOutput().getLabel().equals(p.getExample().getOutput().getLabel())) {
        correct++;
      }
    }
    return predictions.isEmpty() ? Double.NaN : (double) correct / predictions.size();
  }

  /**
   * A JSON report of a run.
   *
   * @param trainer the trainer
   * @param result the run
   * @return the matrix's JSON ({@link AccuracyMatrix#toJson()}) with "trainer", "method",
   *     "configuration", "tasks", "train_seconds", "lambda_per_task", "lambda_seconds",
   *     "lambda_trials", "replay_size" and "memory_bytes" added
   */
  public static String jsonReport(ContinualTrainer trainer, Result result) {
    String matrix = result.matrix().toJson();
    StringBuilder sb = new StringBuilder(matrix.substring(0, matrix.length() - 1));
    sb.append(", \"trainer\": \"").append(escape(trainer.getClass().getName())).append('"');
    sb.append(", \"method\": \"")
        .append(result.model().learnerConfig().method().method().token())
        .append('"');
    sb.append(", \"configuration\": \"").append(escape(trainer.toString())).append('"');
    sb.append(", \"tasks\": ").append(result.matrix().tasks());
    sb.append(", \"train_seconds\": [");
    for (int i = 0; i < result.trainSeconds().length; i++) {
      sb.append(i == 0 ? "" : ", ").append(AccuracyMatrix.json(result.trainSeconds()[i]));
    }
    sb.append("], \"lambda_per_task\": [");
    double[] lambdas = result.model().lambdaPerTask();
    for (int i = 0; i < lambdas.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(AccuracyMatrix.json(lambdas[i]));
    }
    sb.append("], \"lambda_seconds\": [");
    List<TaskReport> history = result.model().history();
    for (int i = 0; i < history.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(AccuracyMatrix.json(history.get(i).lambdaSeconds()));
    }
    sb.append("], \"lambda_trials\": [");
    for (int i = 0; i < history.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(history.get(i).lambdaTrials());
    }
    sb.append("], \"replay_size\": ").append(result.model().replaySize());
    sb.append(", \"memory_bytes\": ").append(result.model().memoryBytes()).append('}');
    return sb.toString();
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        default -> {
          if (c < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }

  /**
   * Runs the command line.
   *
   * @param args the arguments (see {@link ContinualTrainTestOptions}; {@code -c} names the
   *     configuration file)
   * @param out standard output
   * @param err error output
   * @return the exit status: 0 on success, 1 on a usage or data error, 2 on an I/O error
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    ContinualTrainTestOptions o = new ContinualTrainTestOptions();
    // OLCUT logs a data file it cannot hash while loading the configuration; the file is reported
    // below, in one line, when its source is read.
    Logger hashing = Logger.getLogger(ProvenanceUtil.class.getName());
    Level level = hashing.getLevel();
    hashing.setLevel(Level.OFF);
    try (ConfigurationManager cm = new ConfigurationManager(checkRepeats(args), o)) {
      CONFIGURATION.set(cm);
      checkConfiguration(cm);
      ContinualTrainer trainer = o.trainer;
      if (trainer == null && cm.getComponentNames().contains(DEFAULT_TRAINER)) {
        if (!(cm.lookup(DEFAULT_TRAINER) instanceof ContinualTrainer t)) {
          throw new IllegalArgumentException(
              "component '" + DEFAULT_TRAINER + "' is not an Engram ContinualTrainer");
        }
        trainer = t;
      }
      checkOutput("--model-output-path", o.modelPath);
      checkOutput("--onnx-output-path", o.onnxPath);
      checkOutput("--json-output-path", o.jsonPath);
      if (o.onnxPath != null
          && trainer != null
          && trainer.getHeadMode() == org.engram.cl.HeadMode.PER_TASK) {
        // known before anything trains: say it now, not after every task has trained
        throw new IllegalArgumentException(
            "--onnx-output-path: ONNX export needs a shared head, and this trainer has one head"
                + " per task (headMode PER_TASK)");
      }
      List<DataSource<Label>> train = new ArrayList<>();
      List<DataSource<Label>> test = new ArrayList<>();
      if (o.trainSources != null) {
        train.addAll(o.trainSources);
      } else {
        train.addAll(numbered(cm, "train-"));
      }
      if (o.testSources != null) {
        test.addAll(o.testSources);
      } else {
        test.addAll(numbered(cm, "test-"));
      }
      Result result = run(trainer, train, test, out);
      if (o.modelPath != null) {
        ContinualModel model = result.model();
        write("--model-output-path", o.modelPath, () -> model.serializeToFile(o.modelPath));
        out.println("Model written to " + o.modelPath);
      }
      if (o.onnxPath != null) {
        ContinualModel model = result.model();
        write(
            "--onnx-output-path",
            o.onnxPath,
            () -> model.saveONNXModel("org.engram.tribuo", 1, o.onnxPath));
        out.println("ONNX model written to " + o.onnxPath);
      }
      if (o.jsonPath != null) {
        String json = jsonReport(trainer, result) + "\n";
        write(
            "--json-output-path",
            o.jsonPath,
            () -> Files.writeString(o.jsonPath, json, StandardCharsets.UTF_8));
        out.println("Report written to " + o.jsonPath);
      }
      return 0;
    } catch (UsageException e) {
      out.println(e.getMessage());
      return e.getMessage() != null && e.getMessage().contains("Usage") ? 0 : 1;
    } catch (ArgumentException e) {
      // a missing -c file, an unknown component (--trainer, --train-sources) or field (--@c.f)
      err.println("Error: " + componentMessage(oneLine(e.getMessage()), args));
      return 1;
    } catch (ConfigLoaderException e) {
      err.println("Configuration file error: " + oneLine(causes(e)));
      return 1;
    } catch (PropertyException e) {
      err.println("Configuration error: " + oneLine(e.getMessage()));
      return 1;
    } catch (ClassCastException e) {
      // OLCUT's way of saying a value does not fit the field's type
      err.println("Configuration error: " + castMessage(e, args));
      return 1;
    } catch (IOException e) {
      err.println("I/O error: " + oneLine(causes(e)));
      return 2;
    } catch (RuntimeException e) {
      err.println("Error: " + componentMessage(oneLine(causes(e)), args));
      return 1;
    } finally {
      CONFIGURATION.remove();
      hashing.setLevel(level);
    }
  }

  /** A message on one line (OLCUT's usage text follows some messages on further lines). */
  private static String oneLine(String message) {
    if (message == null) {
      return "(no message)";
    }
    String trimmed = message.strip();
    int nl = trimmed.indexOf('\n');
    return nl < 0 ? trimmed : trimmed.substring(0, nl).strip();
  }

  /** A write of an output file. */
  private interface Write {
    void run() throws IOException;
  }

  /**
   * Writes an output file; a failure after the checks (a full disk) names the option and the file,
   * as an I/O error (exit status 2).
   */
  private static void write(String option, Path path, Write write) throws IOException {
    try {
      write.run();
    } catch (IOException e) {
      throw new IOException(option + " " + path + " cannot be written: " + causes(e), e);
    }
  }

  /** Refuses, before anything trains, an output path whose directory does not exist. */
  private static void checkOutput(String option, Path path) {
    if (path == null) {
      return;
    }
    if (path.toString().isBlank()) {
      // Path.of("") is this directory: "is a directory" would not say what is wrong
      throw new IllegalArgumentException(option + " is empty: name a file");
    }
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new IllegalArgumentException(
          option + " " + path + ": the directory " + parent + " does not exist");
    }
    if (Files.isDirectory(path)) {
      throw new IllegalArgumentException(option + " " + path + " is a directory: name a file");
    }
    // written only after every task has trained: prove now that it can be
    try {
      org.engram.cl.util.OutputFiles.probe(path);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(option + " " + path + " cannot be written: " + e);
    }
  }

  /**
   * Components named prefix + 1, prefix + 2, ... while they exist.
   *
   * @throws IllegalArgumentException if a component of a higher number exists after the gap: its
   *     task would silently not be learned
   */
  private static List<DataSource<Label>> numbered(ConfigurationManager cm, String prefix) {
    List<DataSource<Label>> list = new ArrayList<>();
    int i = 1;
    for (; cm.getComponentNames().contains(prefix + i); i++) {
      @SuppressWarnings("unchecked") // a data source of labels, by the configuration's contract
      DataSource<Label> s = (DataSource<Label>) cm.lookup(prefix + i);
      list.add(s);
    }
    for (String name : cm.getComponentNames()) {
      if (name.startsWith(prefix) && name.substring(prefix.length()).matches("[0-9]{1,9}")) {
        int k = Integer.parseInt(name.substring(prefix.length()));
        if (k > i) {
          throw new IllegalArgumentException(
              "component '"
                  + name
                  + "' is configured but '"
                  + prefix
                  + i
                  + "' is missing: tasks are numbered "
                  + prefix
                  + "1, "
                  + prefix
                  + "2, ... without a gap, and the tasks after the gap would not be learned");
        }
      }
    }
    return list;
  }

  /**
   * Refuses an option given twice (OLCUT would keep the last silently: {@code --@c.f} twice, or
   * {@code -c} twice, which drops the first file).
   *
   * @return the arguments
   */
  static String[] checkRepeats(String[] args) {
    Set<String> seen = new java.util.HashSet<>();
    for (String a : args) {
      String key = a.equals("--config-file") ? "-c" : a;
      // the long options, OLCUT's overrides and -c: a value never starts with "--" (a negative
      // number, which does start with "-", may well be given twice)
      boolean option = key.startsWith("--") || key.equals("-c");
      if (option && !seen.add(key)) {
        throw new IllegalArgumentException(
            a + " is given twice: give each option once (OLCUT would keep only the last)");
      }
    }
    return args;
  }

  /**
   * Checks what OLCUT accepts but would not read as written: a stray argument, and a boolean field
   * whose value is not true or false ({@code Boolean.parseBoolean} reads "yes" or "1" as false).
   */
  private static void checkConfiguration(ConfigurationManager cm) {
    String[] stray = cm.getUnnamedArguments();
    if (stray != null && stray.length > 0) {
      throw new IllegalArgumentException(
          "unexpected argument '" + stray[0] + "' (options start with - or --)");
    }
    for (String name : new java.util.TreeSet<>(cm.getComponentNames())) {
      var data = cm.getConfigurationData(name).orElse(null);
      if (data == null) {
        continue;
      }
      Class<?> type;
      try {
        type = Class.forName(data.getClassName());
      } catch (ClassNotFoundException | LinkageError e) {
        continue; // OLCUT names a missing class itself when the component is looked up
      }
      for (Class<?> c = type; c != null; c = c.getSuperclass()) {
        for (java.lang.reflect.Field f : c.getDeclaredFields()) {
          if ((f.getType() == boolean.class || f.getType() == Boolean.class)
              && f.isAnnotationPresent(com.oracle.labs.mlrg.olcut.config.Config.class)
              && data.get(f.getName()).orElse(null)
                  instanceof com.oracle.labs.mlrg.olcut.config.property.SimpleProperty v
              && !v.getValue().equalsIgnoreCase("true")
              && !v.getValue().equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(
                "component '"
                    + name
                    + "', field '"
                    + f.getName()
                    + "': '"
                    + v.getValue()
                    + "' is not a boolean (true or false)");
          }
        }
      }
    }
  }

  /**
   * OLCUT's text when a component option names nothing ("Failed to find component.") or a component
   * of the wrong kind (the reflection text of a field it cannot set), rewritten to name the option
   * and the value; any other message as it is.
   */
  private static String componentMessage(String message, String[] args) {
    java.util.regex.Matcher wrongKind =
        java.util.regex.Pattern.compile("Can not set .*Options\\.(\\w+) to .*\\.(\\w+)$")
            .matcher(message);
    boolean missing = message.startsWith("Failed to find component");
    if (!missing && !wrongKind.find()) {
      return message;
    }
    for (int i = 0; i + 1 < args.length; i++) {
      String option = args[i];
      String field =
          switch (option) {
            case "--trainer" -> "trainer";
            case "--train-sources" -> "trainSources";
            case "--test-sources" -> "testSources";
            default -> null;
          };
      if (field == null) {
        continue;
      }
      if (missing) {
        // the option whose value is empty (OLCUT's message says which name it missed only when
        // there is one)
        if (args[i + 1].isBlank()) {
          return option + " is given an empty name: name a component of the configuration";
        }
        continue;
      }
      if (wrongKind.group(1).equals(field)) {
        return option
            + " '"
            + args[i + 1]
            + "' names a "
            + wrongKind.group(2)
            + ", not "
            + (field.equals("trainer") ? "an Engram ContinualTrainer" : "a data source");
      }
    }
    return message;
  }

  /**
   * OLCUT's text for a value of the wrong kind is a JVM cast message; the common case is a list
   * field given one value, which OLCUT cannot read as a list from the command line.
   */
  private static String castMessage(ClassCastException e, String[] args) {
    String message = String.valueOf(e.getMessage());
    if (!message.contains("ListProperty")) {
      return oneLine(causes(e));
    }
    List<String> single = new ArrayList<>();
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].startsWith("--@") && !args[i + 1].contains(",")) {
        single.add(args[i] + " " + (args[i + 1].isEmpty() ? "\"\"" : args[i + 1]));
      }
    }
    String fix =
        "a list is written <propertylist name=\"FIELD\"><item>V</item></propertylist> in the"
            + " configuration file";
    return single.isEmpty()
        ? "a list field is given a single value (<property>): " + fix
        : "a list field is given a single value ("
            + String.join(", ", single)
            + "): OLCUT reads a command-line value as a list only when it has a comma, so "
            + fix;
  }

  /**
   * Entry point.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    int status = run(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }
}
