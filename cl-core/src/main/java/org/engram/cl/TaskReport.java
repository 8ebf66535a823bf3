package org.engram.cl;

/**
 * What learning one task did and cost.
 *
 * @param taskId the task
 * @param examples examples trained on per epoch (more than the task's own under joint training)
 * @param epochs epochs run (warm-up excluded)
 * @param steps optimiser steps
 * @param finalLoss mean loss of the last epoch
 * @param trainSeconds wall time of the training epochs
 * @param consolidationSeconds wall time of the task-end consolidation (importance estimation)
 * @param lambda the λ the task was trained with (chosen by calibration when it is on)
 * @param calibrationSeconds wall time of the λ calibration trials (0 when off)
 */
public record TaskReport(
    int taskId,
    int examples,
    int epochs,
    long steps,
    double finalLoss,
    double trainSeconds,
    double consolidationSeconds,
    double lambda,
    double calibrationSeconds) {}
