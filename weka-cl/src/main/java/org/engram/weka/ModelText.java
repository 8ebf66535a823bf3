package org.engram.weka;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.engram.cl.ContinualLearner;
import org.engram.cl.HeadMode;
import org.engram.cl.LearnerConfig;
import org.engram.cl.TaskReport;
import org.engram.cl.method.Hyperparameter;
import org.engram.cl.method.Method;
import org.engram.cl.method.MethodSpec;
import org.engram.cl.nn.Mlp;
import weka.core.Instances;

/**
 * The model's description (ContinualMLP's {@code toString}): the method and its hyperparameters,
 * the network, the inputs, the training settings, and per task its rows, the λ it was trained with
 * and what choosing that λ cost (seconds, trial trainings) from the learner's history; the classes
 * seen and, for a batch build with several tasks, the accuracy on each task's training rows after
 * each task.
 */
public final class ModelText {
  /** Tables up to this many tasks are printed in full; longer ones as two summary rows. */
  private static final int MAX_TABLE_TASKS = 10;

  private ModelText() {}

  /**
   * @param model the model
   * @param places decimal places of accuracies and times
   * @return the description
   */
  public static String of(ModelState model, int places) {
    ContinualLearner learner = model.learner();
    LearnerConfig c = learner.config();
    MethodSpec m = c.method();
    Instances header = model.header();
    StringBuilder sb = new StringBuilder();
    sb.append("ContinualMLP (continual-learning multilayer perceptron)\n");
    sb.append("=======================================================\n\n");
    sb.append("Method: ").append(m.method().label()).append(" -- ").append(m.method().summary());
    sb.append("\n  ").append(m).append('\n');
    if (m.method().hasLambda()) {
      sb.append("  lambda: ")
          .append(
              m.automaticLambda()
                  ? "automatic, chosen for each task from that task's data"
                      + (m.method() == Method.LWF && c.headMode() == HeadMode.SHARED
                          ? " (0 on a task the network answered no better than guessing its most"
                              + " frequent class before training: on one shared output layer LwF"
                              + " then has nothing to distil)"
                          : "")
                  : c.calibration() != null
                      ? "searched for each task, starting from " + fmt(m.lambda().getAsDouble())
                      : "fixed at " + fmt(m.lambda().getAsDouble()))
          .append("; term ")
          .append(m.method().penalty())
          .append('\n');
    }
    Mlp net = learner.network();
    sb.append("Network: ").append(learner.inputSize()).append(" inputs");
    for (int h : c.hidden()) {
      sb.append(" -> ")
          .append(h)
          .append(' ')
          .append(c.activation().name().toLowerCase(Locale.ROOT));
    }
    TreeSet<Integer> seen = new TreeSet<>();
    int units = 0;
    for (int h = 0; h < net.headCount(); h++) {
      units += net.headSize(h);
      for (int cls : net.headClasses(h)) {
        seen.add(cls);
      }
    }
    if (c.headMode() == HeadMode.PER_TASK) {
      sb.append(" -> one output layer per task (")
          .append(net.headCount())
          .append(" layers, ")
          .append(units)
          .append(" units, softmax)\n");
    } else {
      sb.append(" -> ").append(units).append(" output units (softmax)\n");
    }
    sb.append("Inputs: ").append(model.encoder().describe()).append('\n');
    sb.append(
        String.format(
            Locale.ROOT,
            "Training: %s, learning rate %s, minibatch %d, %d epochs per task (a stream: passes"
                + " per minibatch), seed %d%s%s%n",
            c.optimiser().kind().name().toLowerCase(Locale.ROOT),
            fmt(c.optimiser().learningRate()),
            c.batchSize(),
            c.epochs(),
            c.seed(),
            c.replaySize() > 0 ? ", replay " + c.replaySize() + " rows" : "",
            c.keepOptimiserState() ? ", optimiser state kept across tasks" : ""));
    if (model.taskIndex() >= 0) {
      sb.append("Task attribute: ").append(header.attribute(model.taskIndex()).name()).append('\n');
    }
    appendTasks(sb, model, learner, places);
    sb.append("Classes seen (").append(seen.size()).append(" of ").append(header.numClasses());
    sb.append("):");
    for (int cls : seen) {
      sb.append(' ').append(header.classAttribute().value(cls));
    }
    sb.append('\n');
    if (seen.size() < header.numClasses()) {
      sb.append("Classes not seen yet get probability 0.\n");
    }
    if (model.trainAccuracy() != null) {
      appendAccuracy(sb, model.trainAccuracy(), places);
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "%nParameters: %d; consolidation memory: %." + places + "f KB%n",
            net.parameterCount(),
            learner.memoryBytes() / 1024.0));
    return sb.toString();
  }

  private static void appendTasks(
      StringBuilder sb, ModelState model, ContinualLearner learner, int places) {
    List<TaskRegistry.Task> tasks = model.tasks().tasks();
    List<TaskReport> history = learner.history();
    sb.append("\nTasks learned: ").append(learner.tasksLearned()).append('\n');
    if (tasks.isEmpty()) {
      return;
    }
    boolean lambda = learner.config().method().method().hasLambda();
    sb.append(
        String.format(
            Locale.ROOT,
            "  %3s  %-20s %8s %12s %s%n",
            "#",
            "task",
            "rows",
            lambda ? "lambda" : "",
            lambda ? "  choosing lambda" : ""));
    for (int t = 0; t < tasks.size(); t++) {
      TaskRegistry.Task task = tasks.get(t);
      sb.append(String.format(Locale.ROOT, "  %3d. %-20s %8d", t + 1, task.name(), task.rows()));
      if (t < history.size() && lambda) {
        TaskReport r = history.get(t);
        sb.append(String.format(Locale.ROOT, " %12s  ", column(r.lambda())));
        LearnerConfig c = learner.config();
        boolean searched = c.lambdaSearch() != null;
        sb.append(
            r.lambdaTrials() > 0
                ? r.lambdaTrials() + " trials, " + seconds(r.lambdaSeconds(), places)
                : t == 0
                    ? "(first task: nothing to protect yet)"
                    : searched ? "(too few rows to search: see Weka's log)" : "(given)");
      } else if (t >= history.size()) {
        sb.append("  (open: ").append(model.buffered()).append(" rows buffered)");
      }
      sb.append('\n');
    }
  }

  private static String seconds(double s, int places) {
    return Double.isNaN(s)
        ? "time not saved"
        : String.format(Locale.ROOT, "%." + places + "f s", s);
  }

  private static void appendAccuracy(StringBuilder sb, double[][] r, int places) {
    int n = r.length;
    String cell = "%" + (places + 6) + "." + places + "f";
    String blank = "%" + (places + 6) + "s";
    if (n <= MAX_TABLE_TASKS) {
      sb.append("\nAccuracy on each task's training rows (row: after learning task i;")
          .append(" column: task j)\n");
      sb.append("        ");
      for (int j = 0; j < n; j++) {
        sb.append(String.format(Locale.ROOT, blank, "task " + (j + 1)));
      }
      sb.append('\n');
      for (int i = 0; i < n; i++) {
        sb.append(String.format(Locale.ROOT, "task %-3d", i + 1));
        for (int j = 0; j < n; j++) {
          sb.append(
              Double.isNaN(r[i][j])
                  ? String.format(Locale.ROOT, blank, "-")
                  : String.format(Locale.ROOT, cell, r[i][j]));
        }
        sb.append('\n');
      }
      return;
    }
    sb.append("\nAccuracy on each task's training rows (").append(n).append(" tasks)\n");
    sb.append("just after learning it:");
    for (int j = 0; j < n; j++) {
      sb.append(String.format(Locale.ROOT, " %." + places + "f", r[j][j]));
    }
    sb.append("\nafter the last task:   ");
    for (int j = 0; j < n; j++) {
      sb.append(String.format(Locale.ROOT, " %." + places + "f", r[n - 1][j]));
    }
    sb.append('\n');
  }

  /**
   * λ in the task table's 12-character column: as the command line writes it when that fits (a
   * given λ), else to six significant digits (an automatic λ such as 0.0954321876).
   */
  private static String column(double v) {
    String exact = fmt(v);
    return exact.length() <= 12 ? exact : String.format(Locale.ROOT, "%.6g", v);
  }

  /** λ and rates as the command line writes them. */
  private static String fmt(double v) {
    return Hyperparameter.LAMBDA.format(v);
  }
}
