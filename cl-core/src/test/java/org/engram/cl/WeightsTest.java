package org.engram.cl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.List;
import org.engram.cl.data.Scenario;
import org.engram.cl.data.Task;
import org.engram.cl.data.TaskData;
import org.engram.cl.method.Method;
import org.junit.jupiter.api.Test;

/** A row of weight 0 counts for nothing: changing it changes nothing the learner does. */
class WeightsTest {

  /** Task 2's data with row 5 weighted out and its features replaced by {@code value}. */
  private static TaskData withRowOut(TaskData d, float value) {
    float[] w = new float[d.size()];
    Arrays.fill(w, 1f);
    w[5] = 0f;
    float[] x = d.features().clone();
    Arrays.fill(x, 5 * d.featureCount(), 6 * d.featureCount(), value);
    return new TaskData(x, d.featureCount(), d.labels(), w, null);
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
