package org.engram.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.engram.cl.LearnerConfig;
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
     * @return λ used for each task's penalty (constant without calibration)
     */
    public double[] lambdaPerTask() {
      return outcome.lambdaPerTask();
    }

    /**
     * @return the result as the JSON object of the bench contract
     */
    public String toJson() {
      AccuracyMatrix m = outcome.matrix();
      StringBuilder sb = new StringBuilder("{\n  \"accuracy_matrix\": [");
      for (int i = 0; i < m.tasks(); i++) {
        sb.append(i == 0 ? "[" : ", [");
        for (int j = 0; j < m.tasks(); j++) {
          sb.append(j == 0 ? "" : ", ").append(AccuracyMatrix.json(m.get(i, j)));
        }
        sb.append(']');
      }
      sb.append("],\n");
      field(sb, "acc", AccuracyMatrix.json(m.acc()));
      field(sb, "bwt", AccuracyMatrix.json(m.bwt()));
      field(sb, "fwt", AccuracyMatrix.json(m.fwt()));
      field(sb, "forgetting", AccuracyMatrix.json(m.forgetting()));
      field(sb, "train_seconds", AccuracyMatrix.json(outcome.trainSeconds()));
      field(sb, "importance_seconds", AccuracyMatrix.json(outcome.importanceSeconds()));
      field(sb, "examples_per_second", AccuracyMatrix.json(examplesPerSecond()));
      field(sb, "peak_heap_mb", AccuracyMatrix.json(peakHeapMb));
      field(sb, "method", quote(options.methodName()));
      field(sb, "scenario", quote(options.scenario()));
      field(sb, "via", quote(options.via()));
      StringBuilder l = new StringBuilder("[");
      for (double v : lambdaPerTask()) {
        l.append(l.length() == 1 ? "" : ", ").append(AccuracyMatrix.json(v));
      }
      field(sb, "lambda_per_task", l.append(']').toString());
      field(sb, "replay_size", Integer.toString(options.replaySize()));
      field(sb, "tasks", Integer.toString(tasks));
      field(sb, "hidden", Arrays.toString(options.hidden()));
      field(sb, "epochs", Integer.toString(options.epochs()));
      field(sb, "batch", Integer.toString(options.batch()));
      field(sb, "lr", AccuracyMatrix.json(options.lr()));
      field(sb, "optimizer", quote(options.optimizer()));
      field(sb, "seed", Long.toString(options.seed()));
      field(sb, "threads", Integer.toString(options.threads()));
      field(sb, "kernel", quote(kernel));
      MethodSpec spec = options.method();
      field(sb, "fisher", quote(Hyperparameter.FISHER.format(spec.get(Hyperparameter.FISHER))));
      field(
          sb, "importance_samples", Integer.toString(spec.get(Hyperparameter.IMPORTANCE_SAMPLES)));
      field(sb, "gamma", AccuracyMatrix.json(spec.get(Hyperparameter.GAMMA)));
      field(sb, "temperature", AccuracyMatrix.json(spec.get(Hyperparameter.TEMPERATURE)));
      sb.append("  \"data\": ").append(quote(options.data().toString())).append("\n}\n");
      return sb.toString();
    }

    private static void field(StringBuilder sb, String key, String value) {
      sb.append("  \"").append(key).append("\": ").append(value).append(",\n");
    }
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
      return Scenarios.permuted(data.train(), data.test(), n, o.seed());
    }
    int k = data.classCount();
    int pairs = k / 2;
    if (pairs < 1) {
      throw new UsageException("--data has " + k + " class(es); a split needs at least 2");
    }
    int n = o.tasks() == 0 ? pairs : o.tasks();
    if (n > pairs) {
      throw new UsageException(
          "--tasks " + n + " is more than the " + pairs + " class pairs of " + k + " classes");
    }
    int[][] groups = new int[n][];
    for (int t = 0; t < n; t++) {
      groups[t] = new int[] {2 * t, 2 * t + 1};
    }
    return Scenarios.splitByClass(data.train(), data.test(), groups, o.coreScenario());
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
        "%s, %s, %d tasks, via %s: hidden %s, %s lr %s, batch %d, %d epochs, lambda %s, seed %d%n",
        o.methodName(),
        o.scenario(),
        tasks.size(),
        backend.name(),
        Arrays.toString(o.hidden()),
        o.optimizer(),
        o.lr(),
        o.batch(),
        o.epochs(),
        o.method().lambda().isPresent() ? o.method().lambda().getAsDouble() : Double.NaN,
        o.seed());
    Kernels.setThreads(o.threads());
    String kernel = Kernels.describe();
    out.println("kernel: " + kernel);
    resetPeakHeap();
    Backend.Outcome outcome = backend.run(config, tasks, progress(out, tasks.size()));
    Result r = new Result(o, tasks.size(), outcome, peakHeapMb(), kernel);
    out.println();
    out.print(outcome.matrix().toTable());
    out.printf(
        Locale.ROOT,
        "train %.1f s, importance %.2f s, %.0f examples/s, peak heap %.0f MiB%n",
        outcome.trainSeconds(),
        outcome.importanceSeconds(),
        r.examplesPerSecond(),
        r.peakHeapMb());
    if (o.json() != null) {
      Path parent = o.json().toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(o.json(), r.toJson(), StandardCharsets.UTF_8);
      out.println("wrote " + o.json());
    }
    return r;
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
            AccuracyMatrix.json(report.lambda()),
            report.lambdaSeconds() > 0
                ? String.format(Locale.ROOT, " (chosen in %.1f s)", report.lambdaSeconds())
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
