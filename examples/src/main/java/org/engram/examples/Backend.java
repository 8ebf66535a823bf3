package org.engram.examples;

import java.util.List;
import org.engram.cl.LearnerConfig;
import org.engram.cl.TaskReport;
import org.engram.cl.TrainingListener;
import org.engram.cl.data.Task;
import org.engram.cl.eval.AccuracyMatrix;

/**
 * One way of running the benchmark protocol: straight on cl-core, or through an adapter (Tribuo,
 * Weka) so that the same experiment can be checked to give the same accuracies through each path.
 * An implementation trains the tasks in order and, after each, evaluates every task.
 */
public interface Backend {

  /**
   * @return the name used by {@code --via}
   */
  String name();

  /**
   * Runs the task sequence.
   *
   * @param config the learner configuration (head mode already set for the scenario)
   * @param tasks the tasks, in training order
   * @param listener progress reports
   * @return the accuracy matrix and what training cost
   */
  Outcome run(LearnerConfig config, List<Task> tasks, TrainingListener listener);

  /**
   * Rejects options this backend cannot honour, before any data is read.
   *
   * @param options the bench options
   * @throws UsageException naming the option
   */
  default void check(BenchOptions options) {}

  /**
   * What a run produced.
   *
   * @param matrix R[i][j], accuracy on task j after task i
   * @param trainSeconds wall time of the training epochs
   * @param importanceSeconds wall time of the end-of-task consolidation (importance estimation)
   * @param examplesTrained examples processed by training steps, summed over epochs and tasks
   * @param lambdaPerTask the λ each task was trained with (chosen per task when automatic), from
   *     the learner's history
   * @param history the learner's report of each task ({@link TaskReport}: λ, what choosing it cost,
   *     training times), or empty where the path reports only λ
   */
  record Outcome(
      AccuracyMatrix matrix,
      double trainSeconds,
      double importanceSeconds,
      long examplesTrained,
      double[] lambdaPerTask,
      List<TaskReport> history) {

    /** Copies the arrays and the list. */
    public Outcome {
      lambdaPerTask = lambdaPerTask.clone();
      history = List.copyOf(history);
    }

    /**
     * An outcome with the learner's history, λ per task taken from it.
     *
     * @param matrix R[i][j]
     * @param trainSeconds wall time of the training epochs
     * @param importanceSeconds wall time of the consolidation
     * @param examplesTrained examples processed by training steps
     * @param history the learner's report of each task
     * @return the outcome
     */
    public static Outcome of(
        AccuracyMatrix matrix,
        double trainSeconds,
        double importanceSeconds,
        long examplesTrained,
        List<TaskReport> history) {
      return new Outcome(
          matrix,
          trainSeconds,
          importanceSeconds,
          examplesTrained,
          history.stream().mapToDouble(TaskReport::lambda).toArray(),
          history);
    }

    /**
     * @return a copy of λ per task
     */
    @Override
    public double[] lambdaPerTask() {
      return lambdaPerTask.clone();
    }

    /**
     * @return seconds spent choosing λ for each task (0 where it was given or for task 1), or null
     *     where the path does not report them
     */
    public double[] lambdaSeconds() {
      return history.isEmpty()
          ? null
          : history.stream().mapToDouble(TaskReport::lambdaSeconds).toArray();
    }

    /**
     * @return trial trainings run to choose λ for each task, or null where the path does not report
     *     them
     */
    public int[] lambdaTrials() {
      return history.isEmpty()
          ? null
          : history.stream().mapToInt(TaskReport::lambdaTrials).toArray();
    }
  }
}
