package org.engram.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.engram.cl.HeadMode;
import org.engram.cl.LearnerConfig;
import org.engram.cl.Setting;
import org.engram.cl.TaskReport;
import org.engram.cl.TrainingListener;
import org.engram.cl.data.Digits;
import org.engram.cl.data.Scenario;
import org.engram.cl.data.Scenarios;
import org.engram.cl.data.Task;
import org.engram.cl.data.TaskData;
import org.engram.cl.eval.AccuracyMatrix;
import org.engram.cl.eval.Experiment;
import org.engram.cl.linalg.Kernels;
import org.engram.cl.method.Hyperparameter;
import org.engram.cl.method.Method;

/**
 * {@code demo}: every method in the three scenarios of van de Ven and Tolias 2019 ("Three scenarios
 * for continual learning") on split UCI digits, printed as a table and drawn as an HTML report.
 */
public final class DemoCommand {
  /** Seed of the fixed 70/30 train/test split of the digits. */
  public static final long SPLIT_SEED = 7;

  private DemoCommand() {}

  /** The three scenarios, with their display names. */
  public enum ScenarioName {
    /** Task id known: one head per task. */
    TASK("task-IL", Scenario.TASK_INCREMENTAL),
    /** Task id unknown, same 2 outputs each task. */
    DOMAIN("domain-IL", Scenario.DOMAIN_INCREMENTAL),
    /** Task id unknown, one head over all digits seen. */
    CLASS("class-IL", Scenario.CLASS_INCREMENTAL);

    private final String label;
    private final Scenario scenario;

    ScenarioName(String label, Scenario scenario) {
      this.label = label;
      this.scenario = scenario;
    }

    /**
     * @return the short display name, e.g. "domain-IL"
     */
    public String label() {
      return label;
    }

    /**
     * @return the cl-core scenario
     */
    public Scenario scenario() {
      return scenario;
    }
  }

  /**
   * One method in one scenario.
   *
   * @param method the method
   * @param scenario the scenario
   * @param matrix its accuracy matrix
   * @param history the learner's report of each task (λ chosen and what choosing cost)
   * @param seconds training, consolidation and λ search time
   */
  public record Run(
      Method method,
      ScenarioName scenario,
      AccuracyMatrix matrix,
      List<TaskReport> history,
      double seconds) {

    /** Copies the list. */
    public Run {
      history = List.copyOf(history);
    }

    /**
     * @return the λ each task was trained with
     */
    public double[] lambdaPerTask() {
      return history.stream().mapToDouble(TaskReport::lambda).toArray();
    }

    /**
     * @return seconds spent choosing λ, over all tasks
     */
    public double lambdaSeconds() {
      return history.stream().mapToDouble(TaskReport::lambdaSeconds).sum();
    }

    /**
     * @return trial trainings run to choose λ, over all tasks
     */
    public int lambdaTrials() {
      return history.stream().mapToInt(TaskReport::lambdaTrials).sum();
    }

    /**
     * @return λ per task from task 2 on (task 1 has nothing to protect), e.g. "1e5 5e4 1e5 2.5e4",
     *     or {@value Format#UNDEFINED} for a method without λ
     */
    public String lambdas() {
      if (!method.hasLambda()) {
        return Format.UNDEFINED;
      }
      double[] l = lambdaPerTask();
      return String.join(
          " ",
          java.util.Arrays.stream(l, Math.min(1, l.length), l.length)
              .mapToObj(Format::lambda)
              .toList());
    }
  }

  /**
   * Runs the demo: trains every method in every scenario, prints the results and writes the report.
   *
   * @param o the options
   * @param out where progress and results go
   * @return every run
   * @throws IOException if the report cannot be written
   */
  public static List<Run> run(DemoOptions o, PrintStream out) throws IOException {
    try (KernelFlag k = KernelFlag.apply(o.kernel())) {
      return runWithKernel(o, out);
    }
  }

  private static List<Run> runWithKernel(DemoOptions o, PrintStream out) throws IOException {
    OutputPaths.prepareFolder("out", o.out());
    TaskData[] parts = Digits.load().split(0.7, SPLIT_SEED);
    int[][] groups = Scenarios.consecutiveGroups(10, 5);
    out.println("Engram demo: split UCI digits, 5 tasks of 2 digits (0-1, 2-3, 4-5, 6-7, 8-9)");
    out.printf(
        Locale.ROOT,
        "%d train / %d test images; cl-core's defaults: %s%n",
        parts[0].size(),
        parts[1].size(),
        settings(o.configs().get(o.methods().get(0))));
    for (Method m : o.methods()) {
      out.println("  " + o.configs().get(m).method());
    }
    if (o.configs().values().stream().anyMatch(c -> c.method().automaticLambda())) {
      out.println(
          "lambda=auto: chosen per task from the new task's data (task 1 has nothing to protect)");
    }
    warmupNote(o, out);
    out.println("data: " + Digits.ATTRIBUTION);
    out.println("kernel: " + Kernels.describe());
    out.println();
    long start = System.nanoTime();
    List<Run> runs = new ArrayList<>();
    for (ScenarioName s : o.scenarios()) {
      List<Task> tasks = Scenarios.splitByClass(parts[0], parts[1], groups, s.scenario());
      for (Method kind : o.methods()) {
        LearnerConfig config = o.config(kind, s);
        long t0 = System.nanoTime();
        Experiment.Result r;
        try {
          r = Experiment.run(config, tasks, progress(out, s, kind, tasks.size()));
        } catch (IllegalArgumentException e) {
          // a size the core refuses (it names its option): name the flag
          UsageException u = DemoOptions.CORE.flagged(e);
          throw u != null ? u : e;
        }
        Run run =
            new Run(kind, s, r.matrix(), r.learner().history(), (System.nanoTime() - t0) / 1e9);
        runs.add(run);
        out.printf(
            Locale.ROOT,
            "%-9s %-10s done: %s%s%n",
            s.label(),
            kind.token(),
            Format.summary(run.matrix()),
            kind.hasLambda() ? "  lambda " + run.lambdas() : "");
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    out.println();
    out.print(summaryTable(runs, o));
    out.println();
    out.print(lambdaTable(runs, o));
    out.printf(
        Locale.ROOT,
        "%n%d runs in %.1f s (choosing lambda: %.1f s, %d trial trainings)%n",
        runs.size(),
        seconds,
        runs.stream().mapToDouble(Run::lambdaSeconds).sum(),
        runs.stream().mapToInt(Run::lambdaTrials).sum());
    java.nio.file.Path index;
    try {
      index = Report.write(o, runs, parts[0].size(), parts[1].size());
    } catch (IOException e) {
      // the folder was checked before training, yet a file in it can still fail (a full disk)
      throw OutputPaths.afterRun("out", o.out(), e);
    }
    out.println("report: " + index.toAbsolutePath());
    return runs;
  }

  /** LwF's warm-up trains a new task's own head: say where it does not apply. */
  private static void warmupNote(DemoOptions o, PrintStream out) {
    Hyperparameter<Integer> w = Hyperparameter.WARMUP_EPOCHS;
    boolean set =
        o.configs().values().stream()
            .anyMatch(c -> c.method().method().uses(w) && c.method().get(w) > 0);
    List<String> shared =
        o.scenarios().stream()
            .filter(s -> s.scenario().headMode() != HeadMode.PER_TASK)
            .map(ScenarioName::label)
            .toList();
    if (set && !shared.isEmpty()) {
      out.println(
          "note: --"
              + w.option()
              + " trains a new task's own head; it applies in task-IL only, not in "
              + String.join(", ", shared)
              + " (one shared head)");
    }
  }

  /** "hidden [100, 100], epochs 10, ...": every setting that applies, under its demo flag. */
  static String settings(LearnerConfig c) {
    List<String> parts = new ArrayList<>();
    for (Setting s : Setting.values()) {
      Object v = CoreFlags.value(s, c);
      if (s != Setting.HEAD_MODE && v != null) {
        parts.add(
            DemoOptions.CORE.flagOf(s)
                + " "
                + (v instanceof int[] a ? java.util.Arrays.toString(a) : String.valueOf(v)));
      }
    }
    return String.join(", ", parts);
  }

  private static TrainingListener progress(
      PrintStream out, ScenarioName s, Method kind, int tasks) {
    return new TrainingListener() {
      @Override
      public void taskFinished(TaskReport r) {
        out.printf(
            Locale.ROOT,
            "%-9s %-10s task %d/%d  %4d examples  loss %.4f  %.2f s%s%n",
            s.label(),
            kind.token(),
            r.taskId() + 1,
            tasks,
            r.examples(),
            r.finalLoss(),
            r.trainSeconds() + r.consolidationSeconds() + r.lambdaSeconds(),
            r.lambdaTrials() > 0
                ? String.format(
                    Locale.ROOT,
                    "  lambda %s (%d trials, %.2f s)",
                    Format.lambda(r.lambda()),
                    r.lambdaTrials(),
                    r.lambdaSeconds())
                : "");
      }
    };
  }

  /**
   * @param runs the runs
   * @param o the options
   * @return ACC, BWT, FWT and forgetting per method (rows) and scenario (column groups), in
   *     percent; {@value Format#UNDEFINED} where a metric is undefined
   */
  static String summaryTable(List<Run> runs, DemoOptions o) {
    String group = " | %6s %7s %6s %6s";
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-12s", ""));
    for (ScenarioName s : o.scenarios()) {
      sb.append(String.format(Locale.ROOT, " | %-28s", s.label()));
    }
    sb.append('\n').append(String.format(Locale.ROOT, "%-12s", "method"));
    for (int i = 0; i < o.scenarios().size(); i++) {
      sb.append(String.format(Locale.ROOT, group, "ACC", "BWT", "FWT", "forg."));
    }
    sb.append('\n');
    for (Method k : o.methods()) {
      sb.append(String.format(Locale.ROOT, "%-12s", k.token()));
      for (ScenarioName s : o.scenarios()) {
        AccuracyMatrix m = find(runs, k, s).matrix();
        sb.append(
            String.format(
                Locale.ROOT,
                group,
                Format.pct(m.acc()),
                Format.signedPct(m.bwt()),
                Format.signedPct(m.fwt()),
                Format.pct(m.forgetting())));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /**
   * @param runs the runs
   * @param o the options
   * @return the λ each method was trained with per task, from task 2 on, per scenario
   */
  static String lambdaTable(List<Run> runs, DemoOptions o) {
    StringBuilder sb =
        new StringBuilder("lambda per task, tasks 2-5 (task 1 has nothing to protect)\n");
    List<Method> regularised = o.methods().stream().filter(Method::hasLambda).toList();
    if (regularised.isEmpty()) {
      return sb.append("(no method with a lambda)\n").toString();
    }
    sb.append(String.format(Locale.ROOT, "%-12s", "method"));
    for (ScenarioName s : o.scenarios()) {
      sb.append(String.format(Locale.ROOT, " | %-26s", s.label()));
    }
    sb.append('\n');
    for (Method k : regularised) {
      sb.append(String.format(Locale.ROOT, "%-12s", k.token()));
      for (ScenarioName s : o.scenarios()) {
        sb.append(String.format(Locale.ROOT, " | %-26s", find(runs, k, s).lambdas()));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  static Run find(List<Run> runs, Method k, ScenarioName s) {
    for (Run r : runs) {
      if (r.method() == k && r.scenario() == s) {
        return r;
      }
    }
    throw new IllegalStateException("no run for " + k + " in " + s);
  }
}
