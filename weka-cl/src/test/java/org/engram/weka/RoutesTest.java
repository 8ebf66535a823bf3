package org.engram.weka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.engram.cl.HeadMode;
import org.engram.cl.LearnerConfig;
import org.engram.cl.TaskReport;
import org.engram.cl.importance.FisherImportance;
import org.engram.cl.method.Hyperparameter;
import org.engram.cl.method.Method;
import org.engram.cl.optim.OptimiserSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import weka.classifiers.Evaluation;
import weka.classifiers.functions.ContinualMLP;
import weka.core.Instance;
import weka.core.Instances;
import weka.core.SerializationHelper;

/**
 * No option is accepted and then ignored, on any route: for every option a value it does not have
 * by default, trained through a batch build with a task attribute, an {@code updateClassifier}
 * stream and Weka's command line; each time the trained model must show the value in effect, or the
 * route must refuse it or say in Weka's log that it does not apply. A new option without a probe
 * here fails the test.
 */
class RoutesTest {
  @TempDir static Path dir;

  private static Instances data;
  private static Path trainFile;
  private static Path testFile;

  /** What a probe saw: the trained model (null if refused), the refusal, the log. */
  private record Outcome(ContinualMLP model, Exception refused, String log) {}

  /** An option's non-default value (with what makes it read), and how its effect shows. */
  private record Probe(String[] options, Predicate<Outcome> honoured) {}

  private static final Map<WekaOption, Probe> PROBES = new EnumMap<>(WekaOption.class);

  private static void probe(WekaOption o, Predicate<Outcome> honoured, String... options) {
    PROBES.put(o, new Probe(options, honoured));
  }

  private static LearnerConfig config(Outcome r) {
    return r.model().learner().config();
  }

  private static List<TaskReport> history(Outcome r) {
    return r.model().learner().history();
  }

  @SuppressWarnings("unchecked")
  private static <T> T hp(Outcome r, Hyperparameter<T> p) {
    return config(r).method().get(p);
  }

  private static boolean logged(Outcome r, String what) {
    return r.log().contains("warning: ") && r.log().contains(what);
  }

  static {
    probe(WekaOption.METHOD, r -> config(r).method().method() == Method.MAS, "-method", "MAS");
    probe(
        WekaOption.LAMBDA,
        r -> config(r).method().lambda().getAsDouble() == 7 && history(r).get(1).lambda() == 7,
        "-lambda",
        "7");
    probe(
        WekaOption.TASK_ATTRIBUTE,
        r -> r.model().learner().tasksLearned() == 2 && r.model().toString().contains("t2"),
        "-task-attribute",
        "task");
    probe(
        WekaOption.HIDDEN, r -> Arrays.equals(config(r).hidden(), new int[] {12}), "-hidden", "12");
    probe(WekaOption.EPOCHS, r -> history(r).get(0).examples() == 2L * 40, "-epochs", "2");
    probe(WekaOption.BATCH_SIZE, r -> history(r).get(0).steps() == 2, "-batch-size", "20");
    probe(
        WekaOption.LEARNING_RATE,
        r -> config(r).optimiser().learningRate() == 0.005,
        "-lr",
        "0.005");
    probe(
        WekaOption.OPTIMIZER,
        r -> config(r).optimiser().kind() == OptimiserSpec.Kind.SGD,
        "-optimizer",
        "SGD");
    probe(
        WekaOption.PER_TASK_HEADS,
        r ->
            config(r).headMode() == HeadMode.PER_TASK
                && r.model().learner().network().headCount() == 2,
        "-per-task-heads");
    probe(
        WekaOption.REPLAY_SIZE,
        r -> r.model().learner().replayStored() == 20,
        "-replay-size",
        "20");
    probe(
        WekaOption.CALIBRATE,
        r -> history(r).get(1).lambdaTrials() > 0 || logged(r, "too few to choose lambda on"),
        "-calibrate");
    probe(
        WekaOption.GAMMA,
        r -> hp(r, Hyperparameter.GAMMA) == 0.5,
        "-method",
        "ONLINE_EWC",
        "-gamma",
        "0.5");
    probe(
        WekaOption.TEMPERATURE,
        r -> hp(r, Hyperparameter.TEMPERATURE) == 3,
        "-method",
        "LWF",
        "-temperature",
        "3");
    probe(
        WekaOption.FISHER,
        r -> hp(r, Hyperparameter.FISHER) == FisherImportance.Variant.EXACT,
        "-fisher",
        "exact");
    probe(
        WekaOption.IMPORTANCE_SAMPLES,
        r -> hp(r, Hyperparameter.IMPORTANCE_SAMPLES) == 10,
        "-method",
        "MAS",
        "-importance-samples",
        "10");
    probe(
        WekaOption.DAMPING,
        r -> hp(r, Hyperparameter.DAMPING) == 0.5,
        "-method",
        "SI",
        "-damping",
        "0.5");
    probe(
        WekaOption.WARMUP_EPOCHS,
        r ->
            hp(r, Hyperparameter.WARMUP_EPOCHS) == 1
                // one warm-up epoch over a task's 40 rows, in minibatches of 16, then one epoch
                && (history(r).get(1).steps() == 3 + 3 || logged(r, "warmupEpochs")),
        "-method",
        "LWF",
        "-per-task-heads",
        "-warmup-epochs",
        "1");
    probe(
        WekaOption.CALIBRATE_P,
        r ->
            config(r).calibration().p() == 0.3
                && (history(r).get(1).lambdaTrials() > 0
                    || logged(r, "too few to choose lambda on")),
        "-calibrate",
        "-calibrate-p",
        "0.3");
    probe(
        WekaOption.CALIBRATE_TRIALS,
        r ->
            config(r).calibration().maxTrials() == 2
                && (history(r).get(1).lambdaTrials() == 2
                    || logged(r, "too few to choose lambda on")),
        "-calibrate",
        "-calibrate-trials",
        "2");
    probe(
        WekaOption.MOMENTUM,
        r -> config(r).optimiser().momentum() == 0.5,
        "-optimizer",
        "SGD",
        "-momentum",
        "0.5");
    probe(
        WekaOption.KEEP_OPTIMISER_STATE,
        r -> config(r).keepOptimiserState(),
        "-keep-optimiser-state");
    probe(WekaOption.NO_SCALING, r -> r.model().toString().contains("not scaled"), "-no-scaling");
    probe(WekaOption.SEED, r -> config(r).seed() == 7, "-S", "7");
    probe(WekaOption.DEBUG, r -> r.log().contains("ContinualMLP: task '"), "-output-debug-info");
    probe(
        WekaOption.DO_NOT_CHECK_CAPABILITIES,
        r -> r.model().getDoNotCheckCapabilities(),
        "-do-not-check-capabilities");
    probe(
        WekaOption.NUM_DECIMAL_PLACES,
        r -> r.model().toString().matches("(?s).*consolidation memory: \\d+\\.\\d{4} KB.*"),
        "-num-decimal-places",
        "4");
  }

  /**
   * Options every probe runs with: small and fast, λ given (the search is the calibrate probe's).
   */
  private static final String[] BASE = {
    "-hidden", "8", "-epochs", "1", "-batch-size", "16", "-task-attribute", "task"
  };

  @BeforeAll
  static void data() throws Exception {
    Instances all =
        DigitsTasks.build(
            "two-tasks", DigitsTasks.trainTest()[0], new int[][] {{0, 1}, {2, 3}}, true, true);
    data = new Instances(all, 0);
    int[] perTask = new int[2];
    for (Instance row : all) {
      int t = (int) row.value(0);
      if (perTask[t]++ < 40) {
        data.add(row);
      }
    }
    trainFile = DigitsTasks.write(data, dir.resolve("train.arff"));
    testFile = DigitsTasks.write(data, dir.resolve("test.arff"));
  }

  private static String[] options(Probe p) {
    List<String> o = new ArrayList<>(List.of(BASE));
    List<String> given = List.of(p.options());
    for (int i = 0; i < BASE.length; i += 2) {
      if (given.contains(BASE[i])) {
        o.remove(BASE[i + 1]);
        o.remove(BASE[i]);
      }
    }
    o.addAll(given);
    int m = o.indexOf("-method");
    Method method = m >= 0 ? Method.parse(o.get(m + 1)) : Method.EWC;
    if (method.hasLambda() && !o.contains("-lambda")) {
      o.addAll(List.of("-lambda", "5"));
    }
    return o.toArray(new String[0]);
  }

  private static Outcome batch(String[] options) throws Exception {
    List<String> log = new ArrayList<>();
    ContinualMLP c = new ContinualMLP();
    c.setOptions(options.clone());
    c.setLog(Logs.into(log));
    try {
      c.buildClassifier(data);
    } catch (BadInputException | TrainingFailedException e) {
      return new Outcome(null, e, String.join("\n", log));
    }
    return new Outcome(c, null, String.join("\n", log));
  }

  private static Outcome stream(String[] options) throws Exception {
    List<String> log = new ArrayList<>();
    ContinualMLP c = new ContinualMLP();
    c.setOptions(options.clone());
    c.setLog(Logs.into(log));
    try {
      c.buildClassifier(new Instances(data, 0));
      for (Instance row : data) {
        c.updateClassifier(row);
      }
      c.batchFinished();
    } catch (BadInputException | TrainingFailedException e) {
      return new Outcome(null, e, String.join("\n", log));
    }
    return new Outcome(c, null, String.join("\n", log));
  }

  /** Weka's command line in this JVM: incremental training, the model saved with -d. */
  private static Outcome commandLine(String[] options) throws Exception {
    Path model = dir.resolve("cli.model");
    List<String> args =
        new ArrayList<>(List.of("-t", trainFile + "", "-T", testFile + "", "-d", model + ""));
    args.addAll(List.of(options));
    PrintStream err = System.err;
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
    try {
      Evaluation.evaluateModel(new ContinualMLP(), args.toArray(new String[0]));
    } catch (BadInputException | TrainingFailedException e) {
      return new Outcome(null, e, console.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(err);
    }
    ContinualMLP c = (ContinualMLP) SerializationHelper.read(model.toString());
    return new Outcome(c, null, console.toString(StandardCharsets.UTF_8));
  }

  /** The routes a Weka user trains by: a batch build, a stream of rows, Weka's command line. */
  static final List<String> ROUTES = List.of("batch", "stream", "command line");

  /** Trains with the options on one of {@link #ROUTES}. */
  private static Outcome run(String route, String[] options) throws Exception {
    return switch (route) {
      case "batch" -> batch(options);
      case "stream" -> stream(options);
      default -> commandLine(options);
    };
  }

  @Test
  void everyOptionIsHonouredRefusedOrReportedOnEveryRoute() throws Exception {
    for (WekaOption o : WekaOption.values()) {
      Probe p = PROBES.get(o);
      if (p == null) {
        fail("no probe for option -" + o.cli() + ": add one");
      }
      String[] options = options(p);
      for (String route : ROUTES) {
        Outcome r = run(route, options);
        String what = o.property() + " via " + route + " " + String.join(" ", options);
        if (r.refused() != null) {
          // a refusal must say which option it is about
          assertTrue(
              r.refused().getMessage().contains(o.property())
                  || r.refused().getMessage().contains("-" + o.cli()),
              what + ": " + r.refused().getMessage());
          continue;
        }
        assertTrue(p.honoured().test(r), what + " was accepted and not honoured:\n" + r.log());
      }
    }
  }

  /**
   * The λ search's budget on every route, λ automatic: with -calibrate-trials 2 the second task's
   * search runs the fine-tuning reference and one λ; with 4 and a search that keeps raising
   * (-calibrate-p 0.99: every λ keeps), three λ's, beyond the default 3. The streamed routes search
   * on the task's held rows (here all of its 40, fewer than the 2,000 held). The model text reports
   * the trials.
   */
  @Test
  void theSearchsTrialBudgetIsHonouredOnEveryRoute() throws Exception {
    for (int budget : new int[] {2, 4}) {
      List<String> o = new ArrayList<>(List.of(BASE));
      o.addAll(
          List.of(
              "-method",
              "MAS",
              "-calibrate-p",
              "0.99",
              "-calibrate-trials",
              String.valueOf(budget)));
      String[] options = o.toArray(new String[0]);
      for (String route : ROUTES) {
        Outcome r = run(route, options);
        String what = route + " " + String.join(" ", options);
        assertTrue(r.refused() == null, what + ": " + r.refused());
        assertTrue(config(r).method().automaticLambda(), what);
        assertEquals(budget, config(r).calibration().maxTrials(), what);
        assertEquals(0, history(r).get(0).lambdaTrials(), what + ": task 1 is not searched");
        assertEquals(budget, history(r).get(1).lambdaTrials(), what + ":\n" + r.log());
        assertTrue(r.model().toString().contains(budget + " trials, "), r.model().toString());
      }
    }
  }

  @Test
  void jointTrainingIsRefusedOnEveryStreamRouteAndLearnsInBatch() throws Exception {
    String[] joint = options(new Probe(new String[] {"-method", "JOINT"}, r -> true));
    assertEquals(2, batch(joint).model().learner().tasksLearned());
    for (Outcome r : List.of(stream(joint), commandLine(joint))) {
      assertTrue(r.refused() != null, "JOINT cannot stream");
      assertTrue(r.refused().getMessage().contains("-force-batch-training"), r.refused() + "");
    }
  }

  @Test
  void optionsTheConfigurationDoesNotReadAreNamedInWekasLogWhenSetInTheGui() throws Exception {
    List<String> log = new ArrayList<>();
    ContinualMLP c = new ContinualMLP();
    c.setOptions(BASE.clone());
    c.setLambda("3");
    c.setTemperature(4); // LwF's, and the method is EWC
    c.setMomentum(0.3); // SGD's, and the optimizer is Adam
    c.setCalibrateTrials(4); // the search's, and lambda is given without calibrate
    c.setLog(Logs.into(log));
    c.buildClassifier(data);
    assertEquals(
        1, log.stream().filter(m -> m.contains("temperature = 4 is ignored")).count(), "" + log);
    assertEquals(1, log.stream().filter(m -> m.contains("momentum = 0.3 is ignored")).count());
    assertEquals(
        1,
        log.stream().filter(m -> m.contains("calibrateTrials = 4 is ignored")).count(),
        "" + log);
  }
}
