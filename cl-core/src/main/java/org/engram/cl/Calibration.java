package org.engram.cl;

import org.engram.cl.util.OptionException;

/**
 * Settings of the per-task λ search ({@link LambdaSearch}), which looks only at the new task's
 * data. The defaults are the automatic λ's; a λ given by the user is searched only when settings
 * are set on the {@link LearnerConfig} (the adapters' "calibrate" option).
 *
 * @param p the share of fine-tuning's gain on the new task (its validation loss's decrease) a λ may
 *     give up, in (0, 1) (De Lange et al.'s p)
 * @param decay the search's ladder: λ is multiplied by it after a trial that loses more than p, and
 *     divided by it after one that keeps (until the search turns), in (0, 1)
 * @param validationFraction share of the new task held out to measure it, in (0, 1)
 * @param startFactor the first λ tried is this times the data-derived scale λ₀ (or the previous
 *     task's λ when larger), or this times the λ given, positive
 * @param maxTrials most trial trainings per task, the fine-tuning reference included, ≥ 2
 * @param holdRows a streamed task's first rows held to choose λ on, before they are trained, ≥ 1
 */
public record Calibration(
    double p,
    double decay,
    double validationFraction,
    double startFactor,
    int maxTrials,
    int holdRows) {

  /**
   * The default p: a λ keeps at least 90 % of what fine-tuning gains on the new task (De Lange et
   * al. accept 20 % of the accuracy; measured on the loss, 10 % kept the defaults at or above
   * fine-tuning on split digits where 20 % did not).
   */
  public static final double DEFAULT_P = 0.1;

  /**
   * The default trial budget: the fine-tuning reference and up to two values of λ (the start, then
   * one step of the ladder up or down).
   */
  public static final int DEFAULT_MAX_TRIALS = 3;

  /**
   * The share of the new task each trial trains on (drawn per class from the part not held out for
   * validation), when that is at least {@link #MIN_TRIAL_ROWS} rows. Trials on the whole training
   * part (80 % of the task) cost 1 + (4/5)·3·0.8 = 2.9 times the training of a fixed λ over 5
   * tasks, on half of it 2.2 times. On Fashion-MNIST (12,000-row tasks, three seeds, every method
   * and scenario) every cell stayed at or above fine-tuning − 1 point; L2 on permuted inputs ended
   * 3.3 points below its best λ of a ×10 grid, against 1.9 before (docs/benchmarks.md).
   */
  public static final double TRIAL_FRACTION = 0.5;

  /**
   * The fewest rows a trial trains on when the task's training part has them: below that the
   * comparison of validation losses gets noisy (on split digits' 250-row tasks, trials on half of
   * the task put L2 and EWC 1.5–2.5 points lower on some seeds than trials on 80 %), and a trial
   * costs little anyway.
   */
  public static final int MIN_TRIAL_ROWS = 1000;

  /** Validates the settings, naming the offending one. */
  public Calibration {
    if (!(p > 0 && p < 1)) {
      throw new OptionException("calibrateP", "calibrateP must be in (0, 1), got " + p);
    }
    if (!(decay > 0 && decay < 1)) {
      throw new IllegalArgumentException("calibration decay must be in (0, 1), got " + decay);
    }
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new IllegalArgumentException(
          "calibration validationFraction must be in (0, 1), got " + validationFraction);
    }
    if (!(startFactor > 0) || Double.isInfinite(startFactor)) {
      throw new IllegalArgumentException(
          "calibration startFactor must be positive and finite, got " + startFactor);
    }
    if (maxTrials < 2) {
      // named as the user's option, which the adapters and the bench call calibrateTrials
      throw new OptionException(
          "calibrateTrials",
          "calibrateTrials must be >= 2 (the fine-tuning reference and at least one lambda), got "
              + maxTrials);
    }
    if (holdRows < 1) {
      throw new IllegalArgumentException("calibration holdRows must be >= 1, got " + holdRows);
    }
  }

  /**
   * The defaults with a given p and trial budget: a ×10 ladder (decay 0.1), 20 % validation, start
   * at the data-derived scale, a streamed task's first 2,000 rows held. The budget trades cost for
   * quality: each trial trains a copy on half of the task (or on up to 1,000 of its rows when half
   * is fewer), and with more trials the search can step the ladder further from its start (it still
   * stops as soon as its answer changes).
   *
   * @param p the share of fine-tuning's gain on the new task a λ may give up, in (0, 1)
   * @param maxTrials most trial trainings per task, the fine-tuning reference included, ≥ 2
   * @return the settings
   * @throws OptionException naming calibrateP or calibrateTrials when out of range
   */
  public static Calibration of(double p, int maxTrials) {
    return new Calibration(p, 0.1, 0.2, 1, maxTrials, 2000);
  }

  /**
   * The defaults with a given p: {@link #of of(p, DEFAULT_MAX_TRIALS)}, at most 3 trials per task
   * (the fine-tuning reference and up to two values of λ: the start, then one step up or down).
   *
   * @param p the share of fine-tuning's gain on the new task a λ may give up
   * @return the settings
   */
  public static Calibration withP(double p) {
    return of(p, DEFAULT_MAX_TRIALS);
  }

  /**
   * @return {@code of(DEFAULT_P, DEFAULT_MAX_TRIALS)}, the automatic λ's search
   */
  public static Calibration defaults() {
    return of(DEFAULT_P, DEFAULT_MAX_TRIALS);
  }
}
