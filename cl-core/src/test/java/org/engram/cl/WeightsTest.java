package org.engram.cl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.engram.cl.data.Scenario;
import org.engram.cl.data.Task;
import org.engram.cl.data.TaskData;
import org.engram.cl.method.Method;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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
  void lwfsTermPerUnitLambdaWeighsItsRows() {
    List<Task> tasks = Fixtures.splitDigits(Scenario.DOMAIN_INCREMENTAL);
    LearnerConfig c =
        Fixtures.config(Scenario.DOMAIN_INCREMENTAL, Fixtures.spec(Method.LWF), 1).toBuilder()
            .epochs(2)
            .build();
    ContinualLearner l = new ContinualLearner(c, 64);
    l.learnTask(tasks.get(0).train(), 0, TrainingListener.NONE);
    float[] p = l.network().params(); // moved off the snapshot the distillation compares with
    for (int i = 0; i < p.length; i++) {
      p[i] += (float) (0.05 * Math.sin(i));
    }
    TaskData next = tasks.get(1).train();
    TaskData zeros = withRowOut(next, 0f);
    TaskData ones = withRowOut(next, 1f);
    double a = l.method().unitPenalty(l.network(), zeros);
    double b = l.method().unitPenalty(l.network(), ones);
    assertTrue(a > 0, "the old network is distilled: " + a);
    assertEquals(a, b, "the weighted-out rows changed the distillation's scale");
    TaskData unweighted = new TaskData(ones.features(), 64, ones.labels(), null, null);
    assertNotEquals(a, l.method().unitPenalty(l.network(), unweighted), "the rows do count in");
  }

  @ParameterizedTest
  @EnumSource(
      value = Method.class,
      names = {"MAS", "LWF"})
  void rowsWeightedOutDoNotMoveTheAutomaticLambda(Method method) {
    // LwF on one shared head distils nothing on new digits (λ 0): one head per task for it
    Scenario scenario =
        method == Method.LWF ? Scenario.TASK_INCREMENTAL : Scenario.DOMAIN_INCREMENTAL;
    List<Task> tasks = Fixtures.splitDigits(scenario);
    double[][] lambdas = new double[2][];
    float[][] after = new float[2][];
    int k = 0;
    for (float value : new float[] {0f, 1f}) {
      // λ automatic: the trials are measured on a held-out part of the new task, and λ₀ scales
      // with the method's term there (LwF's distillation)
      LearnerConfig c =
          Fixtures.config(scenario, org.engram.cl.method.MethodSpec.of(method), 1).toBuilder()
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

  /**
   * A task whose every row is weighted out leaves an empty importance sample; its importance was
   * 0/0, NaN, and every later task diverged ("loss is NaN ... lower the learning rate or lambda")
   * with a given λ, or got λ 0 in silence with an automatic one.
   */
  @ParameterizedTest
  @EnumSource(
      value = Method.class,
      names = {"EWC", "ONLINE_EWC", "MAS"})
  void aTaskWeightedOutLeavesNoNaNImportance(Method method) {
    List<Task> tasks = Fixtures.splitDigits(Scenario.DOMAIN_INCREMENTAL);
    TaskData second = tasks.get(1).train();
    TaskData out =
        new TaskData(
            second.features(),
            second.featureCount(),
            second.labels(),
            new float[second.size()],
            null);
    for (boolean automatic : new boolean[] {false, true}) {
      org.engram.cl.method.MethodSpec spec = org.engram.cl.method.MethodSpec.of(method);
      LearnerConfig c =
          Fixtures.config(Scenario.DOMAIN_INCREMENTAL, automatic ? spec : spec.withLambda(100), 1)
              .toBuilder()
              .epochs(2)
              .build();
      ContinualLearner l = new ContinualLearner(c, 64);
      l.learnTask(tasks.get(0).train(), 0, TrainingListener.NONE);
      l.learnTask(out, 1, TrainingListener.NONE);
      l.learnTask(tasks.get(2).train(), 2, TrainingListener.NONE);
      for (float v : l.network().params()) {
        assertTrue(Float.isFinite(v), "a parameter is not finite");
      }
      if (automatic) {
        assertTrue(
            l.lambdaPerTask()[2] > 0,
            "task 1 is still protected: " + Arrays.toString(l.lambdaPerTask()));
      }
    }
  }

  /**
   * A task whose every row has weight 0 trains nothing and gives the protection nothing to keep: it
   * is said, naming the task, whether it came whole or as a stream; a task with one weighted row is
   * not.
   */
  @Test
  void aTaskWeightedOutIsSaid() {
    List<Task> tasks = Fixtures.splitDigits(Scenario.DOMAIN_INCREMENTAL);
    TaskData second = tasks.get(1).train();
    float[] zero = new float[second.size()];
    TaskData out =
        new TaskData(second.features(), second.featureCount(), second.labels(), zero, null);
    float[] one = zero.clone();
    one[7] = 1;
    TaskData almost =
        new TaskData(second.features(), second.featureCount(), second.labels(), one, null);
    LearnerConfig c =
        Fixtures.config(
                Scenario.DOMAIN_INCREMENTAL,
                org.engram.cl.method.MethodSpec.of(Method.MAS).withLambda(1),
                1)
            .toBuilder()
            .epochs(1)
            .build();
    ContinualLearner whole = new ContinualLearner(c, 64);
    whole.learnTask(tasks.get(0).train(), 0, TrainingListener.NONE);
    List<String> said =
        Fixtures.said(ContinualLearner.class, () -> whole.learnTask(out, 1, TrainingListener.NONE));
    assertEquals(1, said.size(), "" + said);
    assertTrue(said.get(0).contains("every row it trained on has weight 0"), said.get(0));
    assertTrue(said.get(0).startsWith(whole.taskName(1)), said.get(0));
    assertEquals(
        List.of(),
        Fixtures.said(
            ContinualLearner.class, () -> whole.learnTask(almost, 2, TrainingListener.NONE)));

    ContinualLearner stream = new ContinualLearner(c, 64);
    stream.learnTask(tasks.get(0).train(), 0, TrainingListener.NONE);
    said =
        Fixtures.said(
            ContinualLearner.class,
            () -> {
              stream.beginTask(1);
              stream.update(out, 1);
              stream.endTask();
            });
    assertEquals(1, said.size(), "" + said);
  }
}
