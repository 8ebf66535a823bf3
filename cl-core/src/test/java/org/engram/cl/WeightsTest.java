package org.engram.cl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.engram.cl.data.Scenario;
import org.engram.cl.data.Task;
import org.engram.cl.data.TaskData;
import org.engram.cl.method.Method;
import org.junit.jupiter.api.Test;

/** A row of weight 0 counts for nothing: changing it changes nothing the learner does. */
class WeightsTest {

  /** Task 2's data with every seventh row weighted out and its features replaced by value. */
  private static TaskData withRowOut(TaskData d, float value) {
    float[] w = new float[d.size()];
    Arrays.fill(w, 1f);
    float[] x = d.features().clone();
    for (int r = 5; r < d.size(); r += 7) {
      w[r] = 0f;
      Arrays.fill(x, r * d.featureCount(), (r + 1) * d.featureCount(), value);
    }
    return new TaskData(x, d.featureCount(), d.labels(), w, null);
  }

  @Test
  void rowsWeightedOutDoNotMoveTheAutomaticLambda() {
    List<Task> tasks = Fixtures.splitDigits(Scenario.DOMAIN_INCREMENTAL);
    double[][] lambdas = new double[2][];
    float[][] after = new float[2][];
    int k = 0;
    for (float value : new float[] {0f, 1f}) {
      // MAS with λ automatic: the trials are measured on a held-out part of the new task
      LearnerConfig c =
          Fixtures.config(
                  Scenario.DOMAIN_INCREMENTAL, org.engram.cl.method.MethodSpec.of(Method.MAS), 1)
              .toBuilder()
              .epochs(2)
              .build();
      ContinualLearner l = new ContinualLearner(c, 64);
      l.learnTask(tasks.get(0).train(), 0, TrainingListener.NONE);
      l.learnTask(withRowOut(tasks.get(1).train(), value), 1, TrainingListener.NONE);
      lambdas[k] = l.lambdaPerTask();
      after[k++] = l.network().params().clone();
    }
    assertTrue(lambdas[0][1] > 0, "a λ was chosen: " + Arrays.toString(lambdas[0]));
    assertArrayEquals(lambdas[0], lambdas[1], "the weighted-out rows moved λ");
    assertArrayEquals(after[0], after[1]);
  }

  @Test
  void aRowWeightedOutIsNeitherLearnedNorDistilled() {
    List<Task> tasks = Fixtures.splitDigits(Scenario.DOMAIN_INCREMENTAL);
    float[][] after = new float[2][];
    int k = 0;
    for (float value : new float[] {0f, 1f}) {
      // LwF with a given λ (no search): its distillation runs on every row of the batch
      LearnerConfig c =
          Fixtures.config(Scenario.DOMAIN_INCREMENTAL, Fixtures.spec(Method.LWF).withLambda(1), 1)
              .toBuilder()
              .epochs(2)
              .build();
      ContinualLearner l = new ContinualLearner(c, 64);
      l.learnTask(tasks.get(0).train(), 0, TrainingListener.NONE);
      l.learnTask(withRowOut(tasks.get(1).train(), value), 1, TrainingListener.NONE);
      after[k++] = l.network().params().clone();
    }
    assertFalse(Arrays.equals(new float[after[0].length], after[0]));
    assertArrayEquals(after[0], after[1], "the weighted-out row's features changed the model");
  }
}
