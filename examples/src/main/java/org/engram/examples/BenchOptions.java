package org.engram.examples;

import java.nio.file.Path;
import java.util.Set;
import org.engram.cl.Calibration;
import org.engram.cl.LearnerConfig;
import org.engram.cl.data.Scenario;
import org.engram.cl.method.Hyperparameter;
import org.engram.cl.method.Method;
import org.engram.cl.method.MethodSpec;
import org.engram.cl.optim.OptimiserSpec;

/**
 * The {@code bench} command's flags (their names are a contract: scripts call them), parsed and
 * validated. Defaults follow Hsu et al. 2018: Adam, lr 0.001, batch 128, hidden 400,400, 4 epochs;
 * per-sample empirical Fisher on 1000 samples.
 *
 * @param data IDX folder, CSV or ARFF file
 * @param scenario split-task, split-domain, split-class or permuted
 * @param tasks number of tasks (0: the default, all class pairs or 10 permutations)
 * @param method the method (naive, joint, ewc, online-ewc, mas, si, lwf, l2)
 * @param methodName the method as typed
 * @param hidden hidden layer sizes
 * @param epochs epochs per task
 * @param batch minibatch size
 * @param lr learning rate
 * @param optimizer adam or sgd
 * @param seed seed of initialisation, shuffling and permutations
 * @param threads threads for the matrix kernels
 * @param via backend name
 * @param json JSON output file or null
 * @param replaySize replay buffer size (0: none)
 * @param calibrate whether to calibrate λ per task
 * @param calibrateP calibration target, NaN when not given
 * @param kernel the matrix kernel asked for with --kernel (auto, java, netlib), or null when not
 *     given (then -Dengram.kernel or auto decides)
 */
public record BenchOptions(
    Path data,
    String scenario,
    int tasks,
    MethodSpec method,
    String methodName,
    int[] hidden,
    int epochs,
    int batch,
    double lr,
    String optimizer,
    long seed,
    int threads,
    String via,
    Path json,
    int replaySize,
    boolean calibrate,
    double calibrateP,
    String kernel) {

  /** The usage line shown with every command-line mistake. */
  public static final String USAGE =
      "bench --data PATH --scenario split-task|split-domain|split-class|permuted"
          + " --method naive|joint|ewc|online-ewc|mas|si|lwf|l2 [--tasks N] [--lambda L] [--gamma G]"
          + " [--temperature T] [--fisher empirical|sampled|exact] [--importance-samples N]"
          + " [--hidden 400,400] [--epochs E] [--batch B] [--lr LR] [--optimizer adam|sgd] [--seed S]"
          + " [--threads N] [--kernel auto|java|netlib] [--via core|tribuo|weka] [--json FILE]"
          + " [--replay-size N] [--calibrate] [--calibrate-p P]";

  /** Full help for {@code bench --help}. */
  public static final String HELP =
      String.join(
          "\n",
          "Usage: java -jar engram-examples.jar " + USAGE,
          "",
          "Runs one continual-learning method on a task sequence built from a data set, prints the",
          "accuracy matrix R[i][j] (accuracy on task j after training task i) and a summary.",
          "",
          "Data and protocol",
          "  --data PATH           IDX folder (train-images/train-labels + t10k- or test- files, gzipped or",
          "                        not; pixels / 255), or a CSV file (numeric, label last, optional header)",
          "                        or an ARFF file (numeric attributes, class last). A single file is split",
          "                        70/30 stratified (fixed seed 42) and min-max scaled on its training part.",
          "  --scenario S          split-task   class pairs 0-1, 2-3, ...; one head per task, task id known",
          "                        split-domain class pairs; one 2-unit head, target = position in the pair",
          "                        split-class  class pairs; one head over all classes seen so far",
          "                        permuted     all classes every task; task 1 unpermuted, the others a",
          "                                     seeded pixel permutation; one shared head",
          "  --tasks N             number of tasks (split: the first N class pairs, default all pairs;",
          "                        permuted: default 10)",
          "",
          "Method",
          "  --method M            naive (fine-tune) | joint (all data so far, upper bound) | ewc |",
          "                        online-ewc | mas | si | lwf | l2",
          "  --lambda L            regularisation strength (default: cl-core's default for the method).",
          "                        EWC/online EWC: (L/2)·sum F(theta-theta*)^2 with per-sample Fisher;",
          "                        MAS/SI/L2: L·sum Omega(theta-theta*)^2; LwF: L·T^2·KL",
          "  --gamma G             online EWC's Fisher decay, in (0, 1] (default 1)",
          "  --temperature T       LwF's distillation temperature (default 2)",
          "  --fisher V            EWC's Fisher: empirical (true label, default) | sampled | exact",
          "  --importance-samples N  examples per task for the Fisher / MAS importance (default 1000)",
          "",
          "Network and training",
          "  --hidden H            hidden layer sizes, comma-separated (default 400,400)",
          "  --epochs E            epochs per task (default 4)",
          "  --batch B             minibatch size (default 128)",
          "  --lr LR               learning rate (default 0.001)",
          "  --optimizer O         adam (default) | sgd (plain, no momentum)",
          "  --seed S              seed of initialisation, shuffling and permutations (default 1)",
          "  --threads N           threads for the pure-Java matrix kernel (default 1: exactly",
          "                        reproducible; it gives identical results for any count)",
          KernelFlag.HELP,
          "",
          "Output and backends",
          "  --via V               core (default) | tribuo | weka: run the same protocol through cl-core",
          "                        directly, Tribuo's trainers, or Weka's ContinualMLP (same accuracies",
          "                        within noise; tribuo: no joint, l2; weka: no joint, no --fisher)",
          "  --json FILE           also write the result as JSON: accuracy_matrix (fractions, null where",
          "                        not evaluable), acc, bwt, fwt, forgetting, train_seconds,",
          "                        importance_seconds, examples_per_second, peak_heap_mb, method, scenario,",
          "                        via, lambda_per_task, replay_size, kernel (the kernel line, e.g.",
          "                        \"netlib-JNIBLAS, native BLAS via netlib: JNIBLAS → OpenBLAS (...)\")",
          "  --replay-size N       experience replay: keep N training examples, class-balanced, and",
          "                        replay them with every minibatch (default 0: none; keeps raw data)",
          "  --calibrate           choose lambda per task from the new task's data only (De Lange et al.",
          "                        2021): start at 100 x --lambda, halve until the new task reaches",
          "                        (1-p) of fine-tuning's validation accuracy",
          "  --calibrate-p P       the accepted loss of plasticity p, in (0, 1) (default 0.2)",
          "  --help                this text");

  private static final Set<String> VALUED =
      Set.of(
          "data",
          "scenario",
          "tasks",
          "method",
          "lambda",
          "gamma",
          "temperature",
          "fisher",
          "importance-samples",
          "hidden",
          "epochs",
          "batch",
          "lr",
          "optimizer",
          "seed",
          "threads",
          "kernel",
          "via",
          "json",
          "replay-size",
          "calibrate-p");

  private static final Set<String> SWITCHES = Set.of("calibrate");

  /** Keeps the array private. */
  public BenchOptions {
    hidden = hidden.clone();
  }

  /**
   * @return a copy of the hidden layer sizes
   */
  @Override
  public int[] hidden() {
    return hidden.clone();
  }

  /**
   * Parses and validates the flags.
   *
   * @param args arguments after {@code bench}
   * @return the options
   * @throws UsageException naming the flag at fault
   */
  public static BenchOptions parse(String[] args) {
    Flags f = Flags.parse(args, VALUED, SWITCHES);
    if (!f.has("data")) {
      throw new UsageException("--data is required");
    }
    if (!f.has("scenario")) {
      throw new UsageException("--scenario is required");
    }
    if (!f.has("method")) {
      throw new UsageException("--method is required");
    }
    String scenario =
        f.choice("scenario", null, "split-task", "split-domain", "split-class", "permuted");
    String methodName =
        f.choice("method", null, "naive", "joint", "ewc", "online-ewc", "mas", "si", "lwf", "l2");
    MethodSpec m = MethodSpec.of(Method.parse(methodName));
    for (Hyperparameter<?> p : Hyperparameter.all()) {
      if (f.has(p.option()) && m.method().uses(p)) {
        try {
          m = m.withText(p.name(), f.string(p.option(), null));
        } catch (IllegalArgumentException e) {
          throw new UsageException("--" + p.option() + ": " + e.getMessage());
        }
      }
    }
    double lr = f.number("lr", 0.001);
    if (!(lr > 0)) {
      throw new UsageException("--lr must be > 0, got " + lr);
    }
    long seed;
    try {
      seed = Long.parseLong(f.string("seed", "1").trim());
    } catch (NumberFormatException e) {
      throw new UsageException("--seed needs an integer, got '" + f.string("seed", "") + "'");
    }
    int replay = f.integer("replay-size", 0, 0);
    boolean calibrate = f.has("calibrate");
    double calibrateP = f.number("calibrate-p", Double.NaN);
    if (f.has("calibrate-p") && !(calibrateP > 0 && calibrateP < 1)) {
      throw new UsageException("--calibrate-p must be in (0, 1), got " + calibrateP);
    }
    String via = f.choice("via", "core", Backends.NAMES.toArray(new String[0]));
    String json = f.string("json", null);
    BenchOptions o =
        new BenchOptions(
            Path.of(f.string("data", null)),
            scenario,
            f.integer("tasks", 0, 1),
            m,
            methodName,
            f.integers("hidden", new int[] {400, 400}),
            f.integer("epochs", 4, 1),
            f.integer("batch", 128, 1),
            lr,
            f.choice("optimizer", "adam", "adam", "sgd"),
            seed,
            f.integer("threads", 1, 1),
            via,
            json == null ? null : Path.of(json),
            replay,
            calibrate,
            calibrateP,
            f.choice("kernel", null, KernelFlag.VALUES));
    o.requireAvailable();
    return o;
  }

  /** Rejects combinations that parse but that the chosen backend cannot honour. */
  private void requireAvailable() {
    if (!Double.isNaN(calibrateP) && !calibrate) {
      throw new UsageException("--calibrate-p needs --calibrate");
    }
    Backends.create(via).check(this);
  }

  /**
   * @return the cl-core scenario (permuted is domain-incremental: one shared head)
   */
  public Scenario coreScenario() {
    return switch (scenario) {
      case "split-task" -> Scenario.TASK_INCREMENTAL;
      case "split-class" -> Scenario.CLASS_INCREMENTAL;
      default -> Scenario.DOMAIN_INCREMENTAL;
    };
  }

  /**
   * @return the learner configuration these options describe
   */
  public LearnerConfig learnerConfig() {
    return LearnerConfig.builder()
        .hidden(hidden)
        .headMode(coreScenario().headMode())
        .optimiser(optimizer.equals("sgd") ? OptimiserSpec.sgd(lr, 0) : OptimiserSpec.adam(lr))
        .epochs(epochs)
        .batchSize(batch)
        .seed(seed)
        .method(method)
        .replaySize(replaySize)
        .calibration(
            calibrate ? Calibration.withP(Double.isNaN(calibrateP) ? 0.2 : calibrateP) : null)
        .build();
  }
}
