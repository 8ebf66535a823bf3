package org.engram.cl.eval;

import java.util.ArrayList;
import java.util.List;
import org.engram.cl.ContinualLearner;
import org.engram.cl.HeadMode;
import org.engram.cl.LearnerConfig;
import org.engram.cl.TaskReport;
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
    ContinualLearner learner = new ContinualLearner(config, d);
    // an experiment numbers its tasks from 1 ("task 2/5" in the bench), and so do its messages
    java.util.Map<Integer, Integer> position = new java.util.HashMap<>();
    for (int i = 0; i < tasks.size(); i++) {
      position.putIfAbsent(tasks.get(i).id(), i + 1);
    }
    learner.nameTasks(id -> "task " + position.getOrDefault(id, id) + " of " + tasks.size());
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
    setBaselines(config, tasks, m);
    return new Result(m, reports, learner);
  }

  /**
   * Sets the untrained baselines b_j of a matrix (see the class doc): the accuracy on task j of a
   * fresh learner with the configuration's seed, its output layers declared for every task's
   * classes, wherever the model after task j−1 has an output unit for every class of task j — one
   * output layer shared by all tasks, and every class of task j already among those of tasks 1..j−1
   * (a learner grows a unit for a class the first time it trains on it). The untrained network is
   * the same whichever route trains the configuration, so the bench's Tribuo and Weka routes call
   * this too, and report the same FWT as the core.
   *
   * @param config the configuration the tasks are learned with
   * @param tasks the sequence
   * @param m the matrix to set the baselines of
   */
  public static void setBaselines(LearnerConfig config, List<Task> tasks, AccuracyMatrix m) {
    if (config.headMode() != HeadMode.SHARED) {
      return; // a task's own output layer does not exist before the task is learned
    }
    ContinualLearner untrained = new ContinualLearner(config, tasks.get(0).train().featureCount());
    for (Task t : tasks) {
      untrained.declareClasses(t.id(), t.train().classes());
    }
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int j = 1; j < tasks.size(); j++) {
      for (int c : tasks.get(j - 1).train().classes()) {
        seen.add(c);
      }
      Task t = tasks.get(j);
      if (java.util.Arrays.stream(t.train().classes()).allMatch(seen::contains)) {
        m.setBaseline(j, untrained.accuracy(t.test(), t.id()));
      }
    }
  }
}
