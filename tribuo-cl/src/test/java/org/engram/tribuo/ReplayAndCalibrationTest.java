package org.engram.tribuo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.engram.cl.HeadMode;
import org.engram.cl.TaskReport;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;

/** The core's experience replay and λ calibration, reached through the trainers' fields. */
class ReplayAndCalibrationTest {
  private static final ContinualTrainer.OptimiserType ADAM = ContinualTrainer.OptimiserType.ADAM;

  @Test
  void replayKeepsOldClassesInClassIncrementalLearning() {
    List<DigitsTasks.Task> tasks =
        DigitsTasks.tasks(
            DigitsDataSource.Labelling.DIGIT, false, new int[] {0, 1}, new int[] {2, 3});
    for (long seed = 1; seed <= 2; seed++) {
      ContinualTrainer plain =
          new FineTuneTrainer(new int[] {64}, 5, 32, 0.001, ADAM, seed, HeadMode.SHARED);
      ContinualTrainer replay =
          new FineTuneTrainer(new int[] {64}, 5, 32, 0.001, ADAM, seed, HeadMode.SHARED)
              .setReplaySize(100);
      ContinualModel p =
          plain.incrementalTrain(tasks.get(1).train(), plain.train(tasks.get(0).train()));
      ContinualModel r =
          replay.incrementalTrain(tasks.get(1).train(), replay.train(tasks.get(0).train()));
      double without = DigitsTasks.accuracy(p, tasks.get(0).test());
      double with = DigitsTasks.accuracy(r, tasks.get(0).test());
      assertTrue(with >= without + 0.3, "seed " + seed + ": replay " + with + " vs " + without);
      assertEquals(100, r.replaySize());
      assertEquals(0, p.replaySize());
      // The memory travels with the model.
      ContinualModel back = (ContinualModel) Model.deserialize(r.serialize());
      assertEquals(100, back.replaySize());
      // A model with a replay memory continues only with the same replay size.
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> plain.incrementalTrain(tasks.get(0).train(), r));
      assertTrue(e.getMessage().contains("replaySize 100 vs 0"), e.getMessage());
    }
  }

  @Test
  void calibrateSearchesAGivenLambdaOnEveryTaskThatHasSomethingToProtect() {
    List<DigitsTasks.Task> tasks =
        DigitsTasks.tasks(
            DigitsDataSource.Labelling.POSITION, false, new int[] {0, 1}, new int[] {2, 3});
    ContinualTrainer fixed =
        new MASTrainer(new int[] {32}, 2, 32, 0.001, ADAM, 1, HeadMode.SHARED, 10, 200);
    ContinualTrainer searched =
        new MASTrainer(new int[] {32}, 2, 32, 0.001, ADAM, 1, HeadMode.SHARED, 10, 200)
            .setCalibration(true, 0.2);
    ContinualModel f =
        fixed.incrementalTrain(tasks.get(1).train(), fixed.train(tasks.get(0).train()));
    ContinualModel m1 = searched.train(tasks.get(0).train());
    ContinualModel m2 = searched.incrementalTrain(tasks.get(1).train(), m1);
    // The first task has nothing to protect: no search on train(), as in the core.
    assertEquals(0, m1.history().get(0).lambdaTrials());
    assertEquals(0, f.history().get(1).lambdaTrials());
    assertEquals(10, f.lambdaPerTask()[1]);
    TaskReport report = m2.history().get(1);
    assertTrue(report.lambdaTrials() > 0, "calibrate searched λ on incrementalTrain");
    assertTrue(report.lambdaSeconds() > 0);
    assertEquals(report.lambda(), m2.lambdaPerTask()[1]);
    // The choice and its cost survive serialization.
    ContinualModel back = (ContinualModel) Model.deserialize(m2.serialize());
    assertArrayEquals(m2.lambdaPerTask(), back.lambdaPerTask());
    assertEquals(m2.history(), back.history());
    assertThrows(IllegalArgumentException.class, () -> new MASTrainer().setCalibration(true, 1.5));
  }

  @Test
  void automaticLambdaIsChosenPerTaskFromItsDataAndReported() {
    List<DigitsTasks.Task> tasks =
        DigitsTasks.tasks(
            DigitsDataSource.Labelling.POSITION, false, new int[] {0, 1}, new int[] {2, 3});
    ContinualTrainer t =
        new ContinualTrainer(
            org.engram.cl.LearnerConfig.builder()
                .hidden(16)
                .epochs(2)
                .method(org.engram.cl.method.MethodSpec.of(org.engram.cl.method.Method.MAS))
                .build());
    assertTrue(t.methodSpec().automaticLambda());
    ContinualModel m1 = t.train(tasks.get(0).train());
    ContinualModel m2 = t.incrementalTrain(tasks.get(1).train(), m1);
    TaskReport second = m2.history().get(1);
    assertTrue(second.lambdaTrials() > 0, "λ searched on the second task");
    assertTrue(second.lambda() > 0 && second.lambdaSeconds() > 0, second.toString());
    assertEquals(second.lambda(), m2.lambdaPerTask()[1]);
    var run = m2.getProvenance().getInstanceProvenance().getMap();
    assertEquals(
        String.valueOf(second.lambdaTrials()),
        run.get(ContinualModel.LAMBDA_TRIALS_PROVENANCE).toString().replaceAll(".*=", ""));
  }
}
