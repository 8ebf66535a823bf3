package org.engram.cl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.engram.cl.method.Method;
import org.engram.cl.method.MethodSpec;
import org.engram.cl.optim.OptimiserSpec;
import org.engram.cl.util.OptionException;
import org.junit.jupiter.api.Test;

/** The defaults are stated once: {@link Setting} and {@link LearnerConfig#builder()} agree. */
class SettingTest {

  @Test
  void theBuildersDefaultsAreTheSettingsDefaults() {
    LearnerConfig c = LearnerConfig.builder().build();
    assertEquals(
        Setting.HIDDEN.defaultValue(),
        Arrays.stream(c.hidden()).mapToObj(String::valueOf).collect(Collectors.joining(",")));
    assertEquals(Setting.EPOCHS.defaultValue(), String.valueOf(c.epochs()));
    assertEquals(Setting.BATCH_SIZE.defaultValue(), String.valueOf(c.batchSize()));
    assertEquals(
        Double.parseDouble(Setting.LEARNING_RATE.defaultValue()), c.optimiser().learningRate());
    assertEquals(
        Setting.OPTIMISER.defaultValue(), c.optimiser().kind().name().toLowerCase(Locale.ROOT));
    assertEquals(
        Double.parseDouble(Setting.MOMENTUM.defaultValue()),
        OptimiserSpec.sgd(0.1, OptimiserSpec.DEFAULT_MOMENTUM).momentum());
    assertEquals(Setting.SEED.defaultValue(), String.valueOf(c.seed()));
    assertEquals(Setting.HEAD_MODE.defaultValue(), c.headMode().name().toLowerCase(Locale.ROOT));
    assertEquals(Setting.REPLAY_SIZE.defaultValue(), String.valueOf(c.replaySize()));
    assertEquals(Setting.CALIBRATE.defaultValue(), String.valueOf(c.calibration() != null));
    assertEquals(
        Double.parseDouble(Setting.CALIBRATE_P.defaultValue()), Calibration.defaults().p());
    assertEquals(
        Integer.parseInt(Setting.CALIBRATE_TRIALS.defaultValue()),
        Calibration.defaults().maxTrials());
    assertEquals(
        Setting.KEEP_OPTIMISER_STATE.defaultValue(), String.valueOf(c.keepOptimiserState()));
  }

  /**
   * The adapters build the search's settings from their two options (calibrateP, calibrateTrials)
   * with {@link Calibration#of}: everything else is the defaults', and a budget below the reference
   * plus one λ is refused naming the option.
   */
  @Test
  void calibrationOfSetsPAndTheTrialBudgetAndNamesABadBudget() {
    Calibration c = Calibration.of(0.3, 5);
    assertEquals(0.3, c.p());
    assertEquals(5, c.maxTrials());
    assertEquals(Calibration.withP(0.3), Calibration.of(0.3, Calibration.DEFAULT_MAX_TRIALS));
    assertEquals(
        Calibration.defaults(),
        new Calibration(
            Calibration.DEFAULT_P,
            c.decay(),
            c.validationFraction(),
            c.startFactor(),
            Calibration.DEFAULT_MAX_TRIALS,
            c.holdRows()));
    assertEquals(2, Calibration.of(0.3, 2).maxTrials(), "the reference and one λ");
    for (int bad : new int[] {1, 0, -3}) {
      OptionException e = assertThrows(OptionException.class, () -> Calibration.of(0.3, bad));
      assertEquals(Setting.CALIBRATE_TRIALS.key(), e.option());
      // the option's own name, as every adapter spells it, not the record's maxTrials
      assertEquals(
          "calibrateTrials must be >= 2 (the fine-tuning reference and at least one lambda), got "
              + bad,
          e.getMessage());
    }
  }

  /**
   * Each of the search's settings is refused just outside its range and accepted just inside it: p,
   * the ladder's decay and the validation share in the open interval (0, 1), the start factor
   * positive and finite, at least two trials and one held row.
   */
  @Test
  void theSearchsSettingsAreCheckedAtTheirBounds() {
    double below = Math.nextDown(1.0);
    double above = Double.MIN_VALUE;
    for (double[] ok :
        new double[][] {
          {above, 0.1, 0.2, 1, 2, 1}, {below, 0.1, 0.2, 1, 2, 1},
          {0.1, above, 0.2, 1, 2, 1}, {0.1, below, 0.2, 1, 2, 1},
          {0.1, 0.1, above, 1, 2, 1}, {0.1, 0.1, below, 1, 2, 1},
          {0.1, 0.1, 0.2, Double.MIN_VALUE, 2, 1}, {0.1, 0.1, 0.2, Double.MAX_VALUE, 2, 1},
        }) {
      calibration(ok);
    }
    for (double[] bad :
        new double[][] {
          {0, 0.1, 0.2, 1, 2, 1},
          {1, 0.1, 0.2, 1, 2, 1},
          {Double.NaN, 0.1, 0.2, 1, 2, 1},
          {0.1, 0, 0.2, 1, 2, 1},
          {0.1, 1, 0.2, 1, 2, 1},
          {0.1, Double.NaN, 0.2, 1, 2, 1},
          {0.1, 0.1, 0, 1, 2, 1},
          {0.1, 0.1, 1, 1, 2, 1},
          {0.1, 0.1, Double.NaN, 1, 2, 1},
          {0.1, 0.1, 0.2, 0, 2, 1},
          {0.1, 0.1, 0.2, Double.POSITIVE_INFINITY, 2, 1},
          {0.1, 0.1, 0.2, Double.NaN, 2, 1},
          {0.1, 0.1, 0.2, 1, 1, 1},
          {0.1, 0.1, 0.2, 1, 2, 0},
        }) {
      assertThrows(
          IllegalArgumentException.class, () -> calibration(bad), java.util.Arrays.toString(bad));
    }
  }

  private static Calibration calibration(double[] v) {
    return new Calibration(v[0], v[1], v[2], v[3], (int) v[4], (int) v[5]);
  }

  /**
   * The search a configuration runs: its settings when set, the defaults with an automatic λ, none
   * with a given λ and no settings or with a method that has no λ.
   */
  @Test
  void theLambdaSearchIsTheSettingsOrTheDefaultsOrNone() {
    MethodSpec ewc = MethodSpec.of(Method.EWC);
    LearnerConfig auto = LearnerConfig.builder().method(ewc).build();
    assertEquals(Calibration.defaults(), auto.lambdaSearch());
    assertEquals(
        Calibration.of(0.3, 4),
        auto.toBuilder().calibration(Calibration.of(0.3, 4)).build().lambdaSearch());
    LearnerConfig given = auto.toBuilder().method(ewc.withLambda(10)).build();
    assertEquals(null, given.lambdaSearch());
    assertEquals(
        Calibration.of(0.3, 4),
        given.toBuilder().calibration(Calibration.of(0.3, 4)).build().lambdaSearch());
    assertEquals(
        null,
        LearnerConfig.builder().method(MethodSpec.of(Method.FINE_TUNE)).build().lambdaSearch());
  }
}
