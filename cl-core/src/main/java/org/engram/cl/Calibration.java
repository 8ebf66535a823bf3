package org.engram.cl;

/**
 * Settings of the per-task λ calibration of De Lange et al. (2021, "A continual learning survey:
 * defying forgetting in classification tasks", TPAMI, section 5.1), which looks only at the new
 * task's data:
 *
 * <ol>
 *   <li>maximal plasticity: fine-tune a copy of the learner on a training part of the new task and
 *       measure its accuracy A* on a held-out validation part;
 *   <li>stability decay: starting from a large λ, train a copy with λ, and multiply λ by the decay
 *       factor until the validation accuracy reaches (1 − p)·A* or the trials run out.
 * </ol>
 *
 * The learner then learns the whole task with the λ found. The first task has nothing to protect
 * and is not calibrated. Old tasks' data are never looked at.
 *
 * @param p accepted relative loss of plasticity, in (0, 1); the paper's default 0.2
 * @param decay factor applied to λ after each failed trial, in (0, 1); the paper's default 0.5
 * @param validationFraction share of the new task held out for validation, in (0, 1)
 * @param startFactor the first trial's λ is this times the configured λ, ≥ 1
 * @param maxTrials bound on stability-decay trials, ≥ 1
 */
public record Calibration(
    double p, double decay, double validationFraction, double startFactor, int maxTrials) {

  /** Validates the settings, naming the offending one. */
  public Calibration {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("calibration p must be in (0, 1), got " + p);
    }
    if (!(decay > 0 && decay < 1)) {
      throw new IllegalArgumentException("calibration decay must be in (0, 1), got " + decay);
    }
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new IllegalArgumentException(
          "calibration validationFraction must be in (0, 1), got " + validationFraction);
    }
    if (!(startFactor >= 1) || Double.isInfinite(startFactor)) {
      throw new IllegalArgumentException(
          "calibration startFactor must be >= 1, got " + startFactor);
    }
    if (maxTrials < 1) {
      throw new IllegalArgumentException("calibration maxTrials must be >= 1, got " + maxTrials);
    }
  }

  /**
   * The paper's defaults with a given p: decay 0.5, 20% validation, start at 100 × λ, at most 12
   * trials (so λ is searched from 100λ down to about λ/20).
   *
   * @param p accepted relative loss of plasticity
   * @return the settings
   */
  public static Calibration withP(double p) {
    return new Calibration(p, 0.5, 0.2, 100, 12);
  }

  /**
   * @return {@code withP(0.2)}
   */
  public static Calibration defaults() {
    return withP(0.2);
  }
}
