package org.engram.cl;

import java.util.Locale;
import org.engram.cl.optim.OptimiserSpec;

/**
 * Training produced a non-finite loss or parameter. The learner that threw it is unchanged: it is
 * as it was before the call that diverged. The message names the method, λ, the optimiser, its
 * learning rate and the step, and says what to lower.
 */
public final class TrainingDivergedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  TrainingDivergedException(ContinualLearner l, int taskId, long step, String what) {
    super(message(l, taskId, step, what));
  }

  private static String message(ContinualLearner l, int taskId, long step, String what) {
    OptimiserSpec o = l.config().optimiser();
    String method = l.config().method().method().token();
    boolean hasLambda = l.config().method().method().hasLambda();
    return String.format(
        Locale.ROOT,
        "training diverged at step %d of task %d (%s): method %s%s, optimiser %s, learning rate %s."
            + " Lower the learning rate%s%s. The model is unchanged.",
        step,
        taskId,
        what,
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
