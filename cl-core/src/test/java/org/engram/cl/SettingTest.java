package org.engram.cl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.engram.cl.optim.OptimiserSpec;
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
        Setting.KEEP_OPTIMISER_STATE.defaultValue(), String.valueOf(c.keepOptimiserState()));
  }
}
