package org.engram.cl;

/**
 * What learning one task did and cost.
 *
 * @param taskId the task's id, counted from 0 ({@link #toString()} numbers tasks from 1, as the
 *     adapters' and the bench's messages do)
 * @param examples examples trained on (each epoch's or pass's rows counted once per epoch or pass;
 *     more than the task's own under joint training)
 * @param steps optimiser steps
 * @param finalLoss the last epoch's loss as {@link TrainingListener#epochFinished} reports it (NaN
 *     for a streamed task)
 * @param trainSeconds wall time of the training epochs (0 for a streamed task)
 * @param consolidationSeconds wall time of the task-end consolidation (importance estimation)
 * @param lambda the λ the task was trained with (chosen per task when automatic; 0 where nothing
 *     was protected yet)
 * @param lambdaSeconds wall time spent choosing λ (0 when it was given)
 * @param lambdaTrials trial trainings run to choose λ (0 when it was given)
 */
public record TaskReport(
    int taskId,
    long examples,
    long steps,
    double finalLoss,
    double trainSeconds,
    double consolidationSeconds,
    double lambda,
    double lambdaSeconds,
    int lambdaTrials) {

  /**
   * @return "task " + its number from 1 (id + 1) + ": " + {@link #describe()}, e.g. "task 2: ..."
   *     for the task of id 1, the second, as warnings and the command lines name it
   */
  @Override
  public String toString() {
    return "task " + (taskId + 1L) + ": " + describe();
  }

  /**
   * @return what the task did and cost, in one line without the task, e.g. "2520 examples, 80
   *     steps, final loss 0.0884, 0.21 s, lambda 8.69e+05 (3 trials, 0.18 s), consolidation 0.01
   *     s"; a streamed task, which reports no loss, says so instead of printing NaN
   */
  public String describe() {
    return String.format(
        java.util.Locale.ROOT,
        "%d examples, %d steps, %s, %.2f s, lambda %.3g%s, consolidation %.2f s",
        examples,
        steps,
        Double.isNaN(finalLoss)
            ? "no loss (streamed)"
            : String.format(java.util.Locale.ROOT, "final loss %.4g", finalLoss),
        trainSeconds,
        lambda,
        lambdaTrials > 0
            ? String.format(
                java.util.Locale.ROOT, " (%d trials, %.2f s)", lambdaTrials, lambdaSeconds)
            : "",
        consolidationSeconds);
  }
}
