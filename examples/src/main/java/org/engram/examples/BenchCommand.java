package org.engram.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.engram.cl.LearnerConfig;
import org.engram.cl.Setting;
import org.engram.cl.TaskReport;
import org.engram.cl.TrainingListener;
import org.engram.cl.data.Scenarios;
import org.engram.cl.data.Task;
import org.engram.cl.eval.AccuracyMatrix;
import org.engram.cl.linalg.Kernels;
import org.engram.cl.method.Hyperparameter;
import org.engram.cl.method.MethodSpec;

/**
 * {@code bench}: one method, one scenario, one data set; the protocol of Hsu et al. 2018
 * ("Re-evaluating continual learning scenarios") and van de Ven and Tolias 2019 ("Three scenarios
 * for continual learning"), so the numbers can be set beside the published Split / Permuted MNIST
 * tables.
 */
public final class BenchCommand {
  private BenchCommand() {}

  /**
   * What one bench run measured.
   *
   * @param options the options it ran with
   * @param tasks the number of tasks
   * @param outcome the backend's result
   * @param peakHeapMb peak heap use during the run, MiB
   * @param kernel the matrix kernel it ran with ({@link Kernels#describe()})
   */
  public record Result(
      BenchOptions options, int tasks, Backend.Outcome outcome, double peakHeapMb, String kernel) {

    /**
     * @return training examples per second of training time
     */
    public double examplesPerSecond() {
      return outcome.trainSeconds() > 0 ? outcome.examplesTrained() / outcome.trainSeconds() : 0;
    }

    /**
     * @return λ used for each task, from the learner's history
     */
    public double[] lambdaPerTask() {
      return outcome.lambdaPerTask();
    }

    /**
     * @return the result as the JSON object of the bench contract (keys in docs/bench.md)
     */
    public String toJson() {
      AccuracyMatrix m = outcome.matrix();
      double[][] r = m.values();
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("accuracy_matrix", r);
      j.put("acc", m.acc());
      j.put("bwt", m.bwt());
      j.put("fwt", m.fwt());
      j.put("forgetting", m.forgetting());
      j.put("train_seconds", outcome.trainSeconds());
      j.put("importance_seconds", outcome.importanceSeconds());
      j.put("examples_per_second", examplesPerSecond());
      j.put("peak_heap_mb", peakHeapMb);
      j.put("method", options.methodName());
      j.put("scenario", options.scenario());
      j.put("via", options.via());
      j.put("tasks", tasks);
      j.put("lambda_per_task", lambdaPerTask());
      j.put("lambda_automatic", options.method().automaticLambda());
      j.put("lambda_seconds", outcome.lambdaSeconds());
      j.put("lambda_trials", outcome.lambdaTrials());
      double[] ls = outcome.lambdaSeconds();
      j.put("lambda_search_seconds", ls == null ? null : Arrays.stream(ls).sum());
      // Every hyperparameter of the core under its option's name: its value where the method reads
      // it (lambda: null when automatic), null where it does not.
      MethodSpec spec = options.method();
      for (Hyperparameter<?> p : Hyperparameter.all()) {
        Object v = spec.method().uses(p) ? spec.get(p) : null;
        j.put(p.option().replace('-', '_'), v instanceof Enum<?> ? p.format(v) : v);
      }
      // Every setting of the core under the bench flag's name, as the learner was configured.
      for (Setting s : Setting.values()) {
        j.put(BenchOptions.CORE.jsonKey(s), CoreFlags.value(s, options.learnerConfig()));
      }
      j.put("threads", options.threads());
      j.put("kernel", kernel);
      j.put("data", options.data().toString());
      StringBuilder sb = new StringBuilder("{\n");
      for (var e : j.entrySet()) {
        sb.append(sb.length() == 2 ? "" : ",\n")
            .append("  ")
            .append(quote(e.getKey()))
            .append(": ")
            .append(json(e.getValue()));
      }
      return sb.append("\n}\n").toString();
    }
  }

  /** A value as JSON: null for null and non-finite numbers, arrays element by element. */
  static String json(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Double d) {
      return AccuracyMatrix.json(d);
    }
    if (v instanceof Number || v instanceof Boolean) {
      return v.toString();
    }
    if (v instanceof String s) {
      return quote(s);
    }
    if (v instanceof double[] a) {
      return "[" + String.join(", ", Arrays.stream(a).mapToObj(BenchCommand::json).toList()) + "]";
    }
    if (v instanceof int[] a) {
      return "[" + String.join(", ", Arrays.stream(a).mapToObj(Integer::toString).toList()) + "]";
    }
    if (v instanceof double[][] a) {
      return "[" + String.join(", ", Arrays.stream(a).map(BenchCommand::json).toList()) + "]";
    }
    throw new IllegalArgumentException("no JSON form for " + v.getClass());
  }

  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /**
   * Builds the task sequence the options describe.
   *
   * @param o the options
   * @param data the data set
   * @return the tasks
   */
  public static List<Task> tasks(BenchOptions o, Dataset data) {
    if (o.scenario().equals("permuted")) {
      int n = o.tasks() == 0 ? 10 : o.tasks();
      // each task is a permuted copy of the data: refuse a count the heap cannot hold
      long bytes =
          4L * n * (data.train().size() + (long) data.test().size()) * data.train().featureCount();
      if (bytes > Runtime.getRuntime().maxMemory()) {
        throw new UsageException(
            String.format(
                Locale.ROOT,
                "--tasks %d: %d permuted copies of the data need %.1f GB; the heap holds %.1f GB",
                n,
                n,
                bytes / 1e9,
                Runtime.getRuntime().maxMemory() / 1e9));
      }
      return Scenarios.permuted(data.train(), data.test(), n, o.seed());
    }
    int k = data.classCount();
    int pairs = k / 2;
    if (pairs < 1) {
      // the data, not the command line: a failure while running (status 1, no usage line)
      throw new IllegalArgumentException(
          data.name()
              + ": "
              + (data.train().size() + data.test().size())
              + " rows of "
              + k
              + " class(es); a split scenario needs at least 2 classes");
    }
    int n = o.tasks() == 0 ? pairs : o.tasks();
    if (n > pairs) {
      throw new UsageException(
          "--tasks " + n + " is more than the " + pairs + " class pairs of " + k + " classes");
    }
    int[][] groups = new int[n][];
    for (int t = 0; t < n; t++) {
      groups[t] = classPair(t);
    }
    return Scenarios.splitByClass(data.train(), data.test(), groups, o.coreScenario());
  }

  /**
   * The split scenarios' task t (from 0) holds classes 2t and 2t + 1: the pairs 0-1, 2-3, ... (the
   * notes on classes in no task and on tasks without test rows name them the same way).
   */
  private static int[] classPair(int t) {
    return new int[] {2 * t, 2 * t + 1};
  }

  /**
   * Reads the data, runs the experiment, prints the matrix and summary, writes the JSON.
   *
   * @param o the options
   * @param out where the progress and results go
   * @return what was measured
   * @throws IOException if the data cannot be read or the JSON not written
   */
  public static Result run(BenchOptions o, PrintStream out) throws IOException {
    try (KernelFlag k = KernelFlag.apply(o.kernel())) {
      return runWithKernel(o, out);
    }
  }

  private static Result runWithKernel(BenchOptions o, PrintStream out) throws IOException {
    Backend backend = Backends.create(o.via());
    Dataset data = DataReaders.read(o.data());
    List<Task> tasks = tasks(o, data);
    LearnerConfig config = o.learnerConfig();
    out.printf(
        Locale.ROOT,
        "data %s: %d train / %d test rows, %d features, %d classes%n",
        data.name(),
        data.train().size(),
        data.test().size(),
        data.train().featureCount(),
        data.classCount());
    out.printf(
        Locale.ROOT,
        "%s, %s, %d tasks, via %s%n%s%n",
        o.method(),
        o.scenario(),
        tasks.size(),
        backend.name(),
        settings(config));
    if (data.note() != null) {
      out.println("note: " + data.note());
    }
    if (!o.scenario().equals("permuted")) {
      int used = classPair(tasks.size() - 1)[1] + 1; // classes 0..used-1 are in a task
      if (used < data.classCount()) {
        // say which classes no task has
        out.printf(
            Locale.ROOT,
            "note: the %d tasks pair classes 0..%d; class%s %s of the %d %s in no task%n",
            tasks.size(),
            used - 1,
            data.classCount() - used > 1 ? "es" : "",
            used == data.classCount() - 1
                ? String.valueOf(used)
                : used + ".." + (data.classCount() - 1),
            data.classCount(),
            data.classCount() - used > 1 ? "are" : "is");
      }
    }
    if (o.scenario().equals("permuted") && data.train().featureCount() == 1 && tasks.size() > 1) {
      // one feature has one order: every task would be the first again, and the matrix would read
      // as perfect retention
      out.printf(
          Locale.ROOT,
          "note: the data have 1 feature, so every permutation is the identity and the %d permuted"
              + " tasks are one task repeated%n",
          tasks.size());
    }
    for (int t = 0; t < tasks.size(); t++) {
      if (tasks.get(t).test().size() == 0) {
        // nothing to measure it on: say so, or the '-' reads as "not evaluable yet" and ACC, BWT
        // and forgetting silently average over the other tasks
        out.printf(
            Locale.ROOT,
            "note: task %d%s has no test rows: its column is '-' and ACC, BWT and forgetting leave"
                + " it out%n",
            t + 1,
            o.scenario().equals("permuted")
                ? ""
                : String.format(
                    Locale.ROOT, " (classes %d, %d)", classPair(t)[0], classPair(t)[1]));
      }
    }
    int largest = tasks.stream().mapToInt(t -> t.train().size()).max().orElse(0);
    if (o.batch() > largest) {
      out.printf(
          Locale.ROOT,
          "note: --batch %d is more than any task's %d training rows: each step uses a whole task%n",
          o.batch(),
          largest);
    }
    Kernels.setThreads(o.threads());
    String kernel = Kernels.describe();
    out.println("kernel: " + kernel);
    if (o.threads() > 1 && !Kernels.gemm().concurrent()) {
      // the step is not split across Engram's threads: the library's own threads run each product
      out.printf(
          Locale.ROOT,
          "note: --threads %d is not used: this native BLAS runs each product on its own threads;"
              + " set its thread variable to 1 (e.g. OPENBLAS_NUM_THREADS=1) for Engram's threads to"
              + " split each step's batch%n",
          o.threads());
    }
    resetPeakHeap();
    Backend.Outcome outcome;
    try {
      outcome = backend.run(config, tasks, progress(out, tasks.size()));
    } catch (IllegalArgumentException e) {
      // a size the core refuses while training (it names its option): name the flag
      UsageException u = BenchOptions.CORE.flagged(e);
      throw u != null ? u : e;
    }
    Result r = new Result(o, tasks.size(), outcome, peakHeapMb(), kernel);
    out.println();
    out.print(Format.matrix(outcome.matrix()));
    double[] ls = outcome.lambdaSeconds();
    out.printf(
        Locale.ROOT,
        "train %.1f s, importance %s s, %.0f examples/s, peak heap %.0f MiB%n",
        outcome.trainSeconds(),
        Double.isFinite(outcome.importanceSeconds())
            ? String.format(Locale.ROOT, "%.2f", outcome.importanceSeconds())
            : Format.UNDEFINED,
        r.examplesPerSecond(),
        r.peakHeapMb());
    if (o.method().method().hasLambda()) {
      out.printf(
          Locale.ROOT,
          "lambda per task: %s%s%n",
          String.join(
              " ", Arrays.stream(outcome.lambdaPerTask()).mapToObj(Format::lambda).toList()),
          ls == null || !(o.method().automaticLambda() || o.calibrate())
              ? ""
              : String.format(
                  Locale.ROOT,
                  " (%s; chosen in %.1f s, %d trial trainings)",
                  o.method().automaticLambda() ? "automatic" : "searched from --lambda",
                  Arrays.stream(ls).sum(),
                  Arrays.stream(outcome.lambdaTrials()).sum()));
    }
    if (o.json() != null) {
      try {
        Files.writeString(o.json(), r.toJson(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        // checked before training, yet it can still fail (a full disk): name the flag and file
        throw OutputPaths.afterRun("json", o.json(), e);
      }
      out.println("wrote " + o.json());
    }
    return r;
  }

  /** "hidden [400, 400], epochs 4, batch 128, ...": every setting but the head mode. */
  private static String settings(LearnerConfig c) {
    List<String> parts = new java.util.ArrayList<>();
    for (Setting s : Setting.values()) {
      Object v = CoreFlags.value(s, c);
      if (s != Setting.HEAD_MODE && v != null) {
        parts.add(
            BenchOptions.CORE.flagOf(s)
                + " "
                + (v instanceof int[] a ? Arrays.toString(a) : String.valueOf(v)));
      }
    }
    return String.join(", ", parts);
  }

  private static TrainingListener progress(PrintStream out, int tasks) {
    return new TrainingListener() {
      @Override
      public void taskStarted(int taskId, int examples, int epochs) {
        out.printf(
            Locale.ROOT,
            "task %d/%d: %d examples x %d epochs%n",
            taskId + 1,
            tasks,
            examples,
            epochs);
      }

      @Override
      public void epochFinished(int taskId, int epoch, int epochs, double meanLoss) {
        out.printf(Locale.ROOT, "  epoch %d/%d loss %.4f%n", epoch, epochs, meanLoss);
      }

      @Override
      public void taskFinished(TaskReport report) {
        out.printf(
            Locale.ROOT,
            "  task %d done: train %.1f s, importance %.2f s, lambda %s%s%n",
            report.taskId() + 1,
            report.trainSeconds(),
            report.consolidationSeconds(),
            Format.lambda(report.lambda()),
            report.lambdaTrials() > 0
                ? String.format(
                    Locale.ROOT,
                    " (chosen in %.1f s, %d trials)",
                    report.lambdaSeconds(),
                    report.lambdaTrials())
                : "");
      }
    };
  }

  private static void resetPeakHeap() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
      }
    }
  }

  private static double peakHeapMb() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum / (1024.0 * 1024.0);
  }
}
