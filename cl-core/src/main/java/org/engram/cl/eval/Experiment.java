package org.engram.cl.eval;

import java.util.ArrayList;
import java.util.List;
import org.engram.cl.ContinualLearner;
import org.engram.cl.LearnerConfig;
import org.engram.cl.TaskReport;
import org.engram.cl.TrainingDivergedException;
import org.engram.cl.TrainingListener;
import org.engram.cl.data.Task;

/**
 * Runs a learner through a task sequence and fills the accuracy matrix: after each task, every
 * task's test set is evaluated. The untrained baseline b_j (for FWT) comes from a fresh learner
 * with the same seed whose heads are declared for all tasks' classes.
 *
 * <p>FWT compares R[j−1][j] with b_j only where the learner after task j−1 has an output unit for
 * every class of task j; elsewhere (every later task in class-incremental learning, whose classes
 * the learner has never seen and so never predicts) the comparison says nothing and b_j is left
 * undefined. FWT is then undefined (NaN; null in JSON) when no task qualifies.
 */
public final class Experiment {
  private Experiment() {}

  /**
   * The outcome of a run.
   *
   * @param matrix the accuracy matrix
   * @param reports what each task cost
   * @param learner the learner after the last task
   */
  public record Result(AccuracyMatrix matrix, List<TaskReport> reports, ContinualLearner learner) {

    /**
     * @return total training seconds over all tasks
     */
    public double trainSeconds() {
      return reports.stream().mapToDouble(TaskReport::trainSeconds).sum();
    }

    /**
     * @return total consolidation (importance) seconds over all tasks
     */
    public double consolidationSeconds() {
      return reports.stream().mapToDouble(TaskReport::consolidationSeconds).sum();
    }
  }

  /**
   * @param config the learner's configuration
   * @param tasks the sequence
   * @param listener progress and cancellation
   * @return the matrix, reports and final learner
   */
  public static Result run(LearnerConfig config, List<Task> tasks, TrainingListener listener) {
    int d = tasks.get(0).train().featureCount();
    AccuracyMatrix m = new AccuracyMatrix(tasks.size());
    ContinualLearner untrained = new ContinualLearner(config, d);
    for (Task t : tasks) {
      untrained.declareClasses(t.id(), t.train().classes());
    }
    ContinualLearner learner = new ContinualLearner(config, d);
    List<TaskReport> reports = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      Task t = tasks.get(i);
      try {
        reports.add(learner.learnTask(t.train(), t.id(), listener));
      } catch (TrainingDivergedException e) {
        // tasks are numbered from 1 wherever an experiment reports them
        throw e.forTask("task " + (i + 1) + " of " + tasks.size());
      }
      for (int j = 0; j < tasks.size(); j++) {
        Task e = tasks.get(j);
        if (learner.canPredict(e.id())) {
          m.set(i, j, learner.accuracy(e.test(), e.id()));
        }
      }
      if (i + 1 < tasks.size() && predictsEveryClass(learner, tasks.get(i + 1))) {
        Task next = tasks.get(i + 1);
        m.setBaseline(i + 1, untrained.accuracy(next.test(), next.id()));
      }
    }
    return new Result(m, reports, learner);
  }

  /** Whether the learner has a unit for every class of the task. */
  private static boolean predictsEveryClass(ContinualLearner learner, Task t) {
    if (!learner.canPredict(t.id())) {
      return false;
    }
    int[] units = learner.classes(t.id());
    return java.util.Arrays.stream(t.train().classes())
        .allMatch(c -> java.util.Arrays.stream(units).anyMatch(u -> u == c));
  }
}
