package org.engram.cl;

import java.lang.System.Logger.Level;
import java.util.OptionalDouble;
import org.engram.cl.data.TaskData;
import org.engram.cl.method.Method;
import org.engram.cl.method.MethodSpec;

/**
 * Chooses λ for a new task from that task's data only, following De Lange et al. (2021, "A
 * continual learning survey: defying forgetting in classification tasks", TPAMI, section 5.1):
 *
 * <ol>
 *   <li>maximal plasticity: fine-tune a copy of the learner on a training part of the new task and
 *       measure its accuracy A* on a held-out validation part;
 *   <li>stability decay: starting from a large λ, train a copy with λ, and multiply λ by the decay
 *       factor until the validation accuracy reaches (1 − p)·A* or the trials run out.
 * </ol>
 *
 * The first task has nothing to protect and is not searched. Old tasks' data are never looked at.
 * When no trial keeps enough plasticity the smallest λ tried is used, and a warning says so.
 */
public final class LambdaSearch {
  private static final System.Logger LOG = System.getLogger(LambdaSearch.class.getName());

  private LambdaSearch() {}

  /**
   * The λ chosen for a task and what choosing it cost.
   *
   * @param lambda the λ
   * @param seconds wall time of the search
   * @param trials trial trainings run
   */
  record Choice(double lambda, double seconds, int trials) {}

  /**
   * @return the λ to learn the next task with, and what it cost to choose
   */
  static Choice choose(ContinualLearner l, TaskData data, int taskId, TrainingListener listener) {
    MethodSpec spec = l.config().method();
    if (!Double.isNaN(l.trialLambda)) {
      return new Choice(l.trialLambda, 0, 0);
    }
    if (!spec.method().hasLambda()) {
      return new Choice(0, 0, 0);
    }
    OptionalDouble given = spec.lambda();
    if (l.tasksLearned == 0) {
      return new Choice(given.orElse(0), 0, 0);
    }
    if (given.isPresent() && l.config().calibration() == null) {
      return new Choice(given.getAsDouble(), 0, 0);
    }
    Calibration c =
        l.config().calibration() != null ? l.config().calibration() : Calibration.defaults();
    long t0 = System.nanoTime();
    TaskData[] parts = data.split(1 - c.validationFraction(), l.rng.nextLong());
    double start = given.orElse(reference(spec.method())) * c.startFactor();
    if (parts[0].size() == 0 || parts[1].size() == 0) {
      double lambda = given.orElse(reference(spec.method()));
      LOG.log(
          Level.WARNING,
          "task {0} has too few examples to search lambda on; using {1}",
          taskId,
          lambda);
      return new Choice(lambda, (System.nanoTime() - t0) / 1e9, 0);
    }
    TrainingListener cancelOnly =
        new TrainingListener() {
          @Override
          public boolean isCancelled() {
            return listener.isCancelled();
          }
        };
    double plasticity = trial(l, parts, taskId, 0, cancelOnly);
    int trials = 1;
    double lambda = start;
    double tried = Double.NaN;
    for (int t = 0; t < c.maxTrials() - 1; t++) {
      trials++;
      tried = lambda;
      if (trial(l, parts, taskId, lambda, cancelOnly) >= (1 - c.p()) * plasticity) {
        return new Choice(lambda, (System.nanoTime() - t0) / 1e9, trials);
      }
      lambda *= c.decay();
    }
    double chosen = Double.isNaN(tried) ? 0 : tried;
    LOG.log(
        Level.WARNING,
        "task {0}: no lambda tried kept (1 - p) of the plasticity; using the smallest tried, {1}",
        taskId,
        chosen);
    return new Choice(chosen, (System.nanoTime() - t0) / 1e9, trials);
  }

  /**
   * @return the λ a streamed task is learned with
   */
  static double streamedLambda(ContinualLearner l) {
    MethodSpec spec = l.config().method();
    if (!spec.method().hasLambda()) {
      return 0;
    }
    return spec.lambda().orElse(reference(spec.method()));
  }

  /** Trains a copy with the given λ on the training part; its accuracy on the validation part. */
  private static double trial(
      ContinualLearner l, TaskData[] parts, int taskId, double lambda, TrainingListener listener) {
    ContinualLearner probe = l.copy();
    probe.trialLambda = lambda;
    probe.learnTask(parts[0], taskId, listener);
    return probe.accuracy(parts[1], taskId);
  }

  /** The scale the search starts from when λ is not given. */
  private static double reference(Method m) {
    return switch (m) {
      case EWC, ONLINE_EWC -> 1e5;
      case MAS -> 10;
      case SI -> 1000;
      case L2, LWF -> 1;
      case FINE_TUNE, JOINT -> 0;
    };
  }
}
