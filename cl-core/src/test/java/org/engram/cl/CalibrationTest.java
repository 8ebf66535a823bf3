package org.engram.cl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.engram.cl.data.Scenario;
import org.engram.cl.data.Task;
import org.engram.cl.eval.Experiment;
import org.engram.cl.method.Method;
import org.engram.cl.method.MethodSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * On split digits, domain-incremental, calibrated λ (found on the new task's data only) comes close
 * to the best point of a λ grid chosen with hindsight on the test data.
 */
class CalibrationTest {
  static final java.util.Map<Method, Double> REFERENCE =
      java.util.Map.of(Method.EWC, 1e5, Method.MAS, 10.0);

  static final long[] SEEDS = {1, 2};
  static final List<Task> TASKS = Fixtures.splitDigits(Scenario.DOMAIN_INCREMENTAL);

  @ParameterizedTest
  @EnumSource(
      value = Method.class,
      names = {"EWC", "MAS"})
  void calibratedLambdaComesCloseToTheBestGridPoint(Method kind) {
    double best = Double.NEGATIVE_INFINITY;
    for (double factor : new double[] {0.1, 1, 10}) {
      double acc = 0;
      for (long seed : SEEDS) {
        MethodSpec m = MethodSpec.of(kind).withLambda(REFERENCE.get(kind) * factor);
        acc +=
            Experiment.run(
                        Fixtures.config(Scenario.DOMAIN_INCREMENTAL, m, seed),
                        TASKS,
                        TrainingListener.NONE)
                    .matrix()
                    .acc()
                / SEEDS.length;
      }
      best = Math.max(best, acc);
    }
    double calibrated = 0;
    for (long seed : SEEDS) {
      LearnerConfig c =
          Fixtures.config(Scenario.DOMAIN_INCREMENTAL, MethodSpec.of(kind), seed).toBuilder()
              .calibration(Calibration.defaults())
              .build();
      Experiment.Result r = Experiment.run(c, TASKS, TrainingListener.NONE);
      calibrated += r.matrix().acc() / SEEDS.length;
      assertEquals(
          0, r.reports().get(0).lambda(), "task 1 has nothing to protect and is not calibrated");
      assertEquals(0, r.reports().get(0).lambdaSeconds());
      for (TaskReport t : r.reports().subList(1, TASKS.size())) {
        assertTrue(t.lambda() > 0 && t.lambda() <= 100 * REFERENCE.get(kind), "λ " + t.lambda());
        assertTrue(t.lambdaSeconds() > 0, "the trials were not reported");
      }
    }
    assertTrue(
        calibrated > best - 0.06, kind + ": calibrated " + calibrated + " vs best grid " + best);
  }

  /**
   * When no trial keeps enough plasticity, the search uses the last λ it tried (never a smaller,
   * untried one) and counts its trials: here the one trial, at 100 × 1e5, stops EWC from learning.
   */
  @Test
  void whenNoTrialPassesTheLastTriedLambdaIsUsed() {
    LearnerConfig c =
        Fixtures.config(Scenario.DOMAIN_INCREMENTAL, MethodSpec.of(Method.EWC).withLambda(1e5), 1)
            .toBuilder()
            .epochs(3)
            .calibration(new Calibration(0.01, 0.5, 0.2, 100, 2))
            .build();
    Experiment.Result r = Experiment.run(c, TASKS.subList(0, 2), TrainingListener.NONE);
    TaskReport second = r.reports().get(1);
    assertEquals(1e7, second.lambda());
    assertEquals(2, second.lambdaTrials());
  }

  @Test
  void invalidSettingsNameTheSetting() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> Calibration.withP(1.2))
            .getMessage()
            .contains("calibration p must be in (0, 1)"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> new Calibration(0.2, 1.5, 0.2, 100, 10))
            .getMessage()
            .contains("decay"));
  }
}
