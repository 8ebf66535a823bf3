package org.engram.examples;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.engram.cl.HeadMode;
import org.engram.cl.LearnerConfig;
import org.engram.cl.Setting;
import org.engram.cl.data.Scenario;
import org.engram.cl.linalg.Kernels;
import org.engram.cl.method.Hyperparameter;
import org.engram.cl.method.Method;
import org.engram.cl.method.MethodSpec;

/**
 * The {@code bench} command's flags, parsed and validated. The contract flags (scripts call them)
 * are declared here; the method, hyperparameter and learner-setting flags are derived from
 * cl-core's descriptors ({@link CoreFlags}). Defaults are the core's, except hidden 400,400, 4
 * epochs and batch 128: the published protocol of Hsu et al. 2018 the bench is compared with.
 *
 * @param data IDX folder, CSV or ARFF file
 * @param scenario split-task, split-domain, split-class or permuted
 * @param tasks number of tasks (0: the default, all class pairs or 10 permutations)
 * @param methodName the method's token (naive, joint, ewc, online-ewc, mas, si, lwf, l2)
 * @param threads threads for the matrix kernels
 * @param via backend name
 * @param json JSON output file or null
 * @param kernel the matrix kernel asked for with --kernel (auto, java, netlib), or null when not
 *     given (then -Dengram.kernel or auto decides)
 * @param learnerConfig the learner configuration the flags describe
 * @param calibrate whether --calibrate was given (search λ even when it is given)
 * @param calibrateP --calibrate-p, NaN when not given
 * @param calibrateTrials --calibrate-trials, 0 when not given
 */
public record BenchOptions(
    Path data,
    String scenario,
    int tasks,
    String methodName,
    int threads,
    String via,
    Path json,
    String kernel,
    LearnerConfig learnerConfig,
    boolean calibrate,
    double calibrateP,
    int calibrateTrials) {

  /** The scenarios --scenario accepts. */
  static final List<String> SCENARIOS =
      List.of("split-task", "split-domain", "split-class", "permuted");

  /** The most threads --threads accepts (far beyond any useful count; a typo guard). */
  static final int MAX_THREADS = 1024;

  private static final String WHY = "the published protocol of Hsu et al. 2018";

  /** The bench's own defaults, each with its reason; every other default is the core's. */
  static final CoreFlags CORE =
      new CoreFlags(
          "scenario",
          Map.of(
              Setting.HIDDEN, new CoreFlags.Default("400,400", WHY),
              Setting.EPOCHS, new CoreFlags.Default("4", WHY),
              Setting.BATCH_SIZE, new CoreFlags.Default("128", WHY)));

  /** The usage line shown with every command-line mistake. */
  public static final String USAGE =
      "bench --data PATH --scenario "
          + String.join("|", SCENARIOS)
          + " --method "
          + CoreFlags.methodTokens()
          + " [flags; bench --help lists them]";

  /** The flags, in help order. */
  static final List<Flags.Section> SECTIONS =
      List.of(
          new Flags.Section(
              "Data and protocol",
              List.of(
                  new Flags.Flag(
                      "data",
                      "PATH",
                      "An IDX folder (train-images/train-labels and t10k- or test- files, gzipped"
                          + " or not; pixels / 255), a CSV file (numbers, label last, optional"
                          + " header line) or an ARFF file (numeric attributes, class last). A"
                          + " single file is split 70/30 stratified (fixed seed 42) and min-max"
                          + " scaled on its training part. Labels are class ids 0..k-1 (or names)."),
                  new Flags.Flag(
                      "scenario",
                      String.join("|", SCENARIOS),
                      "split-task: class pairs 0-1, 2-3, ...; one head per task, task id known."
                          + " split-domain: class pairs; one 2-unit head, target = position in the"
                          + " pair. split-class: class pairs; one head over all classes seen so"
                          + " far. permuted: all classes every task; task 1 unpermuted, the others"
                          + " a seeded pixel permutation; one shared head. Also decides cl-core's"
                          + " headMode: per-task for split-task, shared otherwise."),
                  new Flags.Flag(
                      "tasks",
                      "N",
                      "Number of tasks (split: the first N class pairs, default all pairs;"
                          + " permuted: default 10)"))),
          new Flags.Section(
              "Method (from cl-core's descriptors)",
              concat(
                  List.of(new Flags.Flag("method", "M", CoreFlags.methodHelp())),
                  CoreFlags.hyperparameterFlags(false))),
          new Flags.Section("Network and training (cl-core's settings)", CORE.settingFlags()),
          new Flags.Section(
              "Running and output",
              List.of(
                  new Flags.Flag(
                      "threads",
                      "N",
                      "Threads for the pure-Java matrix kernel, 1.."
                          + MAX_THREADS
                          + " (default 1, or -Dengram.threads=N when that is set: exactly"
                          + " reproducible; it gives identical results for any count)"),
                  new Flags.Flag("kernel", String.join("|", KernelFlag.VALUES), KernelFlag.HELP),
                  new Flags.Flag(
                      "via",
                      String.join("|", Backends.NAMES),
                      "Run the same protocol through cl-core directly (default), Tribuo's"
                          + " trainers, or Weka's ContinualMLP. A flag a path does not carry is"
                          + " refused."),
                  new Flags.Flag(
                      "json",
                      "FILE",
                      "Also write the result as JSON (keys in docs/bench.md). The folder must"
                          + " exist; checked before training."),
                  new Flags.Flag("help", null, "This text"))));

  /** Full help for {@code bench --help}. */
  public static final String HELP =
      String.join(
              "\n",
              "Usage: java -jar engram-examples.jar " + USAGE,
              "",
              "Runs one continual-learning method on a task sequence built from a data set, prints",
              "the accuracy matrix R[i][j] (accuracy on task j after training task i) and a summary.",
              "",
              "Defaults are cl-core's (the ones Tribuo and Weka users get), except hidden 400,400,",
              "4 epochs and batch 128: the bench follows the published protocol of Hsu et al. 2018",
              "(\"Re-evaluating continual learning scenarios\") so its numbers can be set beside the",
              "published Split / Permuted MNIST tables. --lambda not given means automatic: chosen",
              "per task from the new task's data only (task 1 has nothing to protect).",
              "")
          + Flags.help(SECTIONS)
          + String.join(
              "\n",
              "",
              "Exit status: 0 done; 2 a command-line mistake (the flag is named; an output path that",
              "cannot be written is one); 1 the data could not be read, a file could not be written",
              "after training, or training failed (one line on stderr).");

  /** Copies nothing: every component is immutable. */
  public BenchOptions {}

  private static List<Flags.Flag> concat(List<Flags.Flag> a, List<Flags.Flag> b) {
    List<Flags.Flag> out = new java.util.ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /**
   * Parses and validates the flags; also checks that the --json file can be written, so that a
   * mistake there is reported before any data is read or trained on.
   *
   * @param args arguments after {@code bench}
   * @return the options
   * @throws UsageException naming the flag at fault
   */
  public static BenchOptions parse(String[] args) {
    Flags f = Flags.parse(args, SECTIONS);
    for (String required : List.of("data", "scenario", "method")) {
      if (!f.has(required)) {
        throw new UsageException("--" + required + " is required");
      }
    }
    if (f.string("data", null).isBlank()) {
      // Path.of("") is this folder: say what is wrong rather than what that folder lacks
      throw new UsageException("--data is empty: name an IDX folder, a CSV file or an ARFF file");
    }
    String scenario = f.choice("scenario", null, SCENARIOS.toArray(new String[0]));
    Method method;
    try {
      method = Method.parse(f.string("method", null));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--method: " + e.getMessage());
    }
    MethodSpec spec = CoreFlags.spec(method, f);
    Scenario core = coreScenario(scenario);
    // the core applies LwF's warm-up to one head per task only; elsewhere it would be ignored
    if (spec.method().uses(Hyperparameter.WARMUP_EPOCHS)
        && spec.get(Hyperparameter.WARMUP_EPOCHS) > 0
        && core.headMode() != HeadMode.PER_TASK) {
      throw new UsageException(
          "--"
              + Hyperparameter.WARMUP_EPOCHS.option()
              + " trains a new task's own head first; it needs one head per task (--scenario"
              + " split-task), not "
              + scenario);
    }
    CORE.requireSearchFlagsUsed(f, CORE.searchesLambda(spec, f), method.token());
    LearnerConfig config = CORE.config(f, spec, core.headMode());
    String json = f.string("json", null);
    if (json != null) {
      OutputPaths.checkNotInput("json", json, "data", Path.of(f.string("data", null)));
      OutputPaths.checkFile("json", json);
    }
    if (spec.method().uses(Hyperparameter.WARMUP_EPOCHS)
        && spec.get(Hyperparameter.WARMUP_EPOCHS) > 0
        && "weka-stream".equals(f.string("via", null))) {
      throw new UsageException(
          "--"
              + Hyperparameter.WARMUP_EPOCHS.option()
              + " is not applied on --via weka-stream: Weka's stream trains each row as it comes,"
              + " with no pass over a new task's head alone (use --via weka, its batch build)");
    }
    BenchOptions o =
        new BenchOptions(
            Path.of(f.string("data", null)),
            scenario,
            f.integer("tasks", 0, 1, Integer.MAX_VALUE),
            method.token(),
            f.has("threads") ? f.integer("threads", 1, 1, MAX_THREADS) : threadsProperty(),
            f.choice("via", "core", Backends.NAMES.toArray(new String[0])),
            json == null ? null : Path.of(json),
            f.choice("kernel", null, KernelFlag.VALUES),
            config,
            f.has(CORE.flagOf(Setting.CALIBRATE)),
            f.has(CORE.flagOf(Setting.CALIBRATE_P)) ? config.calibration().p() : Double.NaN,
            f.has(CORE.flagOf(Setting.CALIBRATE_TRIALS)) ? config.calibration().maxTrials() : 0);
    Backends.check(o);
    return o;
  }

  /**
   * The thread count when --threads is not given: {@code -Dengram.threads} when it is set (the
   * bench used to set 1 over it, so {@code java -Dengram.threads=2 -jar ... bench} ran one thread),
   * else 1.
   *
   * @throws UsageException if the property is set to something --threads would refuse
   */
  static int threadsProperty() {
    String p = System.getProperty(Kernels.THREADS_PROPERTY);
    if (p == null || p.isBlank()) {
      return 1;
    }
    try {
      return Flags.integer("threads", p, 1, MAX_THREADS);
    } catch (UsageException e) {
      throw new UsageException(
          "-D"
              + Kernels.THREADS_PROPERTY
              + "="
              + p
              + ": the bench needs an integer in [1, "
              + MAX_THREADS
              + "] there (or give --threads)");
    }
  }

  private static Scenario coreScenario(String scenario) {
    return switch (scenario) {
      case "split-task" -> Scenario.TASK_INCREMENTAL;
      case "split-class" -> Scenario.CLASS_INCREMENTAL;
      default -> Scenario.DOMAIN_INCREMENTAL;
    };
  }

  /**
   * @return the cl-core scenario (permuted is domain-incremental: one shared head)
   */
  public Scenario coreScenario() {
    return coreScenario(scenario);
  }

  /**
   * @return the method and its hyperparameters
   */
  public MethodSpec method() {
    return learnerConfig.method();
  }

  /**
   * @return the hidden layer sizes
   */
  public int[] hidden() {
    return learnerConfig.hidden();
  }

  /**
   * @return epochs per task
   */
  public int epochs() {
    return learnerConfig.epochs();
  }

  /**
   * @return the minibatch size
   */
  public int batch() {
    return learnerConfig.batchSize();
  }

  /**
   * @return the learning rate
   */
  public double lr() {
    return learnerConfig.optimiser().learningRate();
  }

  /**
   * @return "adam" or "sgd"
   */
  public String optimizer() {
    return (String) CoreFlags.value(Setting.OPTIMISER, learnerConfig);
  }

  /**
   * @return the seed
   */
  public long seed() {
    return learnerConfig.seed();
  }

  /**
   * @return the replay memory's capacity (0: none)
   */
  public int replaySize() {
    return learnerConfig.replaySize();
  }
}
