package org.engram.cl;

import java.util.Locale;
import org.engram.cl.optim.OptimiserSpec;

/**
 * Training produced a non-finite loss or parameter. The learner that threw it is unchanged: it is
 * as it was before the call that diverged. The message names the task, the step, the method, λ, the
 * optimiser and its learning rate, and says what to lower.
 *
 * <p>The task is named as the learner names it ({@link ContinualLearner#nameTasks}: by default by
 * the id it was given, {@code beginTask(7)}: "task 7"); a caller whose own message already names it
 * restates the failure without it ({@link #withoutTask}).
 */
public final class TrainingDivergedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final int taskId;
  private final long step;
  private final String what;
  private final String advice;

  TrainingDivergedException(ContinualLearner l, int taskId, long step, String what) {
    this(taskId, step, what, advice(l), l.taskName(taskId));
  }

  private TrainingDivergedException(
      int taskId, long step, String what, String advice, String task) {
    super(
        "training diverged at step "
            + step
            + (task == null ? "" : " of " + task)
            + " ("
            + what
            + "): "
            + advice);
    this.taskId = taskId;
    this.step = step;
    this.what = what;
    this.advice = advice;
  }

  /**
   * @return the same failure without the task's name, for a caller whose own message names it (the
   *     stack trace is not kept: a setting that diverges is a user's mistake)
   */
  public TrainingDivergedException withoutTask() {
    TrainingDivergedException e = new TrainingDivergedException(taskId, step, what, advice, null);
    e.setStackTrace(new StackTraceElement[0]);
    return e;
  }

  /**
   * @return the id of the task that diverged, as given to {@link ContinualLearner#beginTask}
   */
  public int taskId() {
    return taskId;
  }

  private static String advice(ContinualLearner l) {
    OptimiserSpec o = l.config().optimiser();
    String method = l.config().method().method().token();
    boolean hasLambda = l.config().method().method().hasLambda();
    return String.format(
        Locale.ROOT,
        "method %s%s, optimiser %s, learning rate %s. Lower the learning rate%s%s. The model is"
            + " unchanged.",
        method,
        hasLambda ? ", lambda " + fmt(l.method().lambda()) : "",
        o.kind().name().toLowerCase(Locale.ROOT),
        fmt(o.learningRate()),
        hasLambda ? " or lambda" : "",
        o.kind() == OptimiserSpec.Kind.SGD ? ", or use Adam" : "");
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e6 ? String.valueOf((long) v) : String.valueOf(v);
  }
}
