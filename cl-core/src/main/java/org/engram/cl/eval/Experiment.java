package org.engram.cl.eval;

import java.util.ArrayList;
import java.util.List;
import org.engram.cl.ContinualLearner;
import org.engram.cl.LearnerConfig;
import org.engram.cl.TaskReport;
import org.engram.cl.TrainingListener;
import org.engram.cl.data.Task;

/**
 * Runs a learner through a task sequence and fills the accuracy matrix: after each task, every
 * task's test set is evaluated. The untrained baseline b_j (for FWT) comes from a fresh learner
 * with the same seed whose heads are declared for all tasks' classes.
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
    for (Task t : tasks) {
      m.setBaseline(t.id(), untrained.accuracy(t.test(), t.id()));
    }
    ContinualLearner learner = new ContinualLearner(config, d);
    List<TaskReport> reports = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      Task t = tasks.get(i);
      reports.add(learner.learnTask(t.train(), t.id(), listener));
      for (int j = 0; j < tasks.size(); j++) {
        Task e = tasks.get(j);
        if (learner.canPredict(e.id())) {
          m.set(i, j, learner.accuracy(e.test(), e.id()));
        }
      }
    }
    return new Result(m, reports, learner);
  }
}
