package org.engram.cl;

/**
 * What learning one task did and cost.
 *
 * @param taskId the task
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
    int lambdaTrials) {}
