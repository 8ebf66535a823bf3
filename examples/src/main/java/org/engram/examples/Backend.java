package org.engram.examples;

import java.util.List;
import org.engram.cl.LearnerConfig;
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
   * @param lambdaPerTask the λ each task was trained with (chosen per task under calibration)
   */
  record Outcome(
      AccuracyMatrix matrix,
      double trainSeconds,
      double importanceSeconds,
      long examplesTrained,
      double[] lambdaPerTask) {}
}
