package org.engram.tribuo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.engram.cl.HeadMode;
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
  void calibrationChoosesAndRecordsLambdaPerTask() {
    List<DigitsTasks.Task> tasks =
        DigitsTasks.tasks(
            DigitsDataSource.Labelling.POSITION, false, new int[] {0, 1}, new int[] {2, 3});
    double lambda = 10;
    ContinualTrainer t =
        new MASTrainer(new int[] {32}, 3, 32, 0.001, ADAM, 1, HeadMode.SHARED, lambda, 200)
            .setCalibration(true, 0.2);
    ContinualModel m1 = t.train(tasks.get(0).train());
    ContinualModel m2 = t.incrementalTrain(tasks.get(1).train(), m1);
    double[] lambdas = m2.lambdaPerTask();
    assertEquals(2, lambdas.length);
    assertEquals(m1.lambdaPerTask()[0], lambdas[0]);
    // Stability decay searches 100 λ, 50 λ, ... for at most 12 trials.
    assertTrue(
        lambdas[1] <= 100 * lambda && lambdas[1] >= 100 * lambda * Math.pow(0.5, 11),
        "chosen λ " + lambdas[1]);
    ContinualModel back = (ContinualModel) Model.deserialize(m2.serialize());
    assertArrayEquals(lambdas, back.lambdaPerTask());
    assertThrows(IllegalArgumentException.class, () -> new MASTrainer().setCalibration(true, 1.5));
  }
}
