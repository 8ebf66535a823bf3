package org.engram.cl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CancellationException;
import org.engram.cl.data.Scenario;
import org.engram.cl.data.Task;
import org.engram.cl.data.TaskData;
import org.engram.cl.method.Hyperparameter;
import org.engram.cl.method.Method;
import org.engram.cl.method.MethodSpec;
import org.engram.cl.method.RegularisationMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ContinualLearnerTest {
  static final List<Task> DOMAIN = Fixtures.splitDigits(Scenario.DOMAIN_INCREMENTAL);

  static ContinualLearner trained(MethodSpec method, int tasks, long seed) {
    ContinualLearner l =
        new ContinualLearner(Fixtures.config(Scenario.DOMAIN_INCREMENTAL, method, seed), 64);
    for (int t = 0; t < tasks; t++) {
      l.learnTask(DOMAIN.get(t).train(), t, TrainingListener.NONE);
    }
    return l;
  }

  @Test
  void aReportNamesItsTaskFromOneAsMessagesDo() {
    // the second task (id 1) is "task 2" in warnings, the bench and the Tribuo command line
    List<TaskReport> h = trained(Fixtures.spec(Method.FINE_TUNE), 2, 5).history();
    assertTrue(h.get(0).toString().startsWith("task 1: "), h.get(0).toString());
    assertTrue(h.get(1).toString().startsWith("task 2: "), h.get(1).toString());
    assertEquals("task 2: " + h.get(1).describe(), h.get(1).toString());
  }

  @Test
  void lambdaZeroTrainsExactlyLikeFineTuning() {
    float[] fineTune = trained(Fixtures.spec(Method.FINE_TUNE), 2, 5).network().params();
    for (Method k :
        new Method[] {
          Method.EWC, Method.ONLINE_EWC, Method.MAS, Method.SI, Method.L2, Method.LWF
        }) {
      float[] zero = trained(Fixtures.spec(k).withLambda(0), 2, 5).network().params();
      assertArrayEquals(fineTune, zero, 0f, k + " with lambda 0 differs from fine-tuning");
    }
  }

  @Test
  void penaltyReachesTheOptimiser() {
    float[] fineTune = trained(Fixtures.spec(Method.FINE_TUNE), 2, 5).network().params();
    for (Method k :
        new Method[] {
          Method.EWC, Method.ONLINE_EWC, Method.MAS, Method.SI, Method.L2, Method.LWF
        }) {
      float[] p = trained(Fixtures.spec(k), 2, 5).network().params();
      double diff = 0;
      for (int i = 0; i < p.length; i++) {
        diff += Math.abs(p[i] - fineTune[i]);
      }
      assertTrue(diff / p.length > 1e-3, k + " trained like fine-tuning: its term never acted");
    }
  }

  @Test
  void veryLargeLambdaKeepsTheParametersAtTheAnchor() {
    ContinualLearner l = trained(Fixtures.spec(Method.L2).withLambda(1e6), 1, 5);
    float[] anchor = l.network().params().clone();
    l.learnTask(DOMAIN.get(1).train(), 1, TrainingListener.NONE);
    ContinualLearner free = trained(Fixtures.spec(Method.FINE_TUNE), 1, 5);
    float[] start = free.network().params().clone();
    free.learnTask(DOMAIN.get(1).train(), 1, TrainingListener.NONE);
    double held = meanAbsDiff(l.network().params(), anchor);
    double moved = meanAbsDiff(free.network().params(), start);
    assertTrue(held < moved / 20, "held " + held + " vs fine-tune drift " + moved);
  }

  private static double meanAbsDiff(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += Math.abs(a[i] - b[i]);
    }
    return s / a.length;
  }

  @ParameterizedTest
  @EnumSource(
      value = Method.class,
      names = {"EWC", "ONLINE_EWC", "MAS", "SI", "L2"})
  void importanceIsNonNegativeAndNonZeroAfterATask(Method kind) {
    ContinualLearner l = trained(Fixtures.spec(kind), 1, 3);
    RegularisationMethod m = (RegularisationMethod) l.method();
    assertEquals(1, m.penaltyMemory().slots());
    float[] omega = m.penaltyMemory().importance(0);
    double sum = 0;
    for (float v : omega) {
      assertTrue(v >= 0 && Float.isFinite(v), "importance must be finite and >= 0, got " + v);
      sum += v;
    }
    assertTrue(sum > 0, "importance is all zero");
    assertArrayEquals(l.network().params(), m.penaltyMemory().anchor(0), 0f);
  }

  @Test
  void perTaskEwcKeepsOneSlotPerTaskOnlineKeepsOne() {
    ContinualLearner ewc = trained(Fixtures.spec(Method.EWC), 3, 3);
    ContinualLearner online =
        trained(Fixtures.spec(Method.ONLINE_EWC).with(Hyperparameter.GAMMA, 0.9), 3, 3);
    assertEquals(3, ((RegularisationMethod) ewc.method()).penaltyMemory().slots());
    assertEquals(1, ((RegularisationMethod) online.method()).penaltyMemory().slots());
    assertTrue(ewc.memoryBytes() > 2.5 * online.memoryBytes());
  }

  @Test
  void withoutHiddenLayersItIsASoftmaxRegressionThatStillConsolidates() {
    LearnerConfig c =
        Fixtures.config(Scenario.DOMAIN_INCREMENTAL, Fixtures.spec(Method.EWC).withLambda(10), 1)
            .toBuilder()
            .hidden()
            .build();
    ContinualLearner l = new ContinualLearner(c, 64);
    l.learnTask(DOMAIN.get(0).train(), 0, TrainingListener.NONE);
    assertTrue(l.accuracy(DOMAIN.get(0).test(), 0) > 0.95);
    l.learnTask(DOMAIN.get(1).train(), 1, TrainingListener.NONE);
    assertEquals(64 * 2 + 2, l.network().parameterCount());
    assertTrue(l.accuracy(DOMAIN.get(1).test(), 1) > 0.6);
    assertEquals(2, ((RegularisationMethod) l.method()).penaltyMemory().slots());
  }

  @Test
  void onlineMethodsHoldConstantMemoryFromTwoToTwentyTasksEwcGrowsPerTask() {
    TaskData small =
        DOMAIN.get(0).train().subset(java.util.stream.IntStream.range(0, 40).toArray());
    for (Method k :
        new Method[] {
          Method.ONLINE_EWC, Method.MAS, Method.SI, Method.L2, Method.LWF, Method.EWC
        }) {
      LearnerConfig c =
          Fixtures.config(Scenario.DOMAIN_INCREMENTAL, Fixtures.spec(k), 1).toBuilder()
              .hidden(16)
              .epochs(1)
              .build();
      ContinualLearner l = new ContinualLearner(c, 64);
      long atTwo = 0;
      for (int t = 0; t < 20; t++) {
        l.learnTask(small, t, TrainingListener.NONE);
        if (t == 1) {
          atTwo = l.memoryBytes();
        }
      }
      assertTrue(atTwo > 0, k + " holds nothing");
      if (k == Method.EWC) {
        assertEquals(10 * atTwo, l.memoryBytes(), "EWC keeps one anchor and Fisher per task");
      } else {
        assertEquals(atTwo, l.memoryBytes(), k + " memory grew with the number of tasks");
      }
    }
  }

  @Test
  void sameSeedSameResult() {
    assertArrayEquals(
        trained(Fixtures.spec(Method.SI), 2, 9).network().params(),
        trained(Fixtures.spec(Method.SI), 2, 9).network().params(),
        0f);
  }

  @ParameterizedTest
  @EnumSource(
      value = Method.class,
      names = {"EWC", "MAS", "SI", "LWF", "JOINT"})
  void saveLoadGivesIdenticalPredictionsAndContinuedTraining(Method kind) throws Exception {
    ContinualLearner a = trained(Fixtures.spec(kind), 2, 4);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    a.save(out);
    ContinualLearner b = ContinualLearner.load(new java.io.ByteArrayInputStream(out.toByteArray()));
    TaskData test = DOMAIN.get(0).test();
    assertArrayEquals(a.predict(test, 0), b.predict(test, 0));
    a.learnTask(DOMAIN.get(2).train(), 2, TrainingListener.NONE);
    b.learnTask(DOMAIN.get(2).train(), 2, TrainingListener.NONE);
    assertArrayEquals(a.network().params(), b.network().params(), 0f);
    assertEquals(a.memoryBytes(), b.memoryBytes());
  }

  @Test
  void streamingMatchesItsOwnContractAndConsolidates() {
    ContinualLearner l =
        new ContinualLearner(
            Fixtures.config(Scenario.DOMAIN_INCREMENTAL, Fixtures.spec(Method.EWC), 1), 64);
    TaskData task = DOMAIN.get(0).train();
    l.beginTask(0);
    assertThrows(IllegalStateException.class, () -> l.beginTask(1));
    for (int from = 0; from < task.size(); from += 50) {
      int to = Math.min(task.size(), from + 50);
      l.update(task.subset(java.util.stream.IntStream.range(from, to).toArray()));
    }
    ContinualLearner saved = l.copy();
    assertEquals(0, saved.openTask(), "an open task survives save and load");
    l.endTask();
    assertEquals(1, l.tasksLearned());
    assertEquals(-1, l.openTask());
    assertTrue(l.accuracy(DOMAIN.get(0).test(), 0) > 0.9);
    assertEquals(1, ((RegularisationMethod) l.method()).penaltyMemory().slots());
  }

  @Test
  void cancellationLeavesTheLearnerAsItWas() {
    ContinualLearner l = trained(Fixtures.spec(Method.EWC), 1, 2);
    byte[] before = l.toBytes();
    int[] polls = {0};
    TrainingListener cancelLater =
        new TrainingListener() {
          @Override
          public boolean isCancelled() {
            return ++polls[0] > 20;
          }
        };
    assertThrows(
        CancellationException.class, () -> l.learnTask(DOMAIN.get(1).train(), 1, cancelLater));
    assertArrayEquals(before, l.toBytes());
    assertTrue(polls[0] > 20, "training ran before the cancel");
  }

  @Test
  void classIncrementalHeadGrowsAndNeverPredictsUnseenClasses() {
    List<Task> tasks = Fixtures.splitDigits(Scenario.CLASS_INCREMENTAL);
    ContinualLearner l =
        new ContinualLearner(
            Fixtures.config(Scenario.CLASS_INCREMENTAL, Fixtures.spec(Method.FINE_TUNE), 1), 64);
    l.learnTask(tasks.get(0).train(), 0, TrainingListener.NONE);
    assertArrayEquals(new int[] {0, 1}, l.classes(0));
    for (int p : l.predict(tasks.get(3).test(), 0)) {
      assertTrue(p == 0 || p == 1);
    }
    l.learnTask(tasks.get(1).train(), 1, TrainingListener.NONE);
    assertArrayEquals(new int[] {0, 1, 2, 3}, l.classes(1));
    assertTrue(l.accuracy(tasks.get(1).test(), 1) > 0.9);
  }

  @Test
  void taskIncrementalUsesOneHeadPerTask() {
    List<Task> tasks = Fixtures.splitDigits(Scenario.TASK_INCREMENTAL);
    ContinualLearner l =
        new ContinualLearner(
            Fixtures.config(Scenario.TASK_INCREMENTAL, Fixtures.spec(Method.FINE_TUNE), 1), 64);
    l.learnTask(tasks.get(0).train(), 0, TrainingListener.NONE);
    l.learnTask(tasks.get(1).train(), 1, TrainingListener.NONE);
    assertEquals(2, l.network().headCount());
    assertArrayEquals(new int[] {2, 3}, l.classes(1));
    assertTrue(l.accuracy(tasks.get(0).test(), 0) > 0.9);
    assertFalse(l.canPredict(2));
  }

  @Test
  void lwfWithHeadWarmupLearnsTheNewTaskAndKeepsTheOld() {
    List<Task> tasks = Fixtures.splitDigits(Scenario.TASK_INCREMENTAL);
    LearnerConfig c =
        Fixtures.config(
                Scenario.TASK_INCREMENTAL,
                Fixtures.spec(Method.LWF).with(Hyperparameter.WARMUP_EPOCHS, 3),
                1)
            .toBuilder()
            .epochs(3)
            .build();
    ContinualLearner lwf = new ContinualLearner(c, 64);
    ContinualLearner noWarmup =
        new ContinualLearner(
            c.toBuilder()
                .method(Fixtures.spec(Method.LWF).with(Hyperparameter.WARMUP_EPOCHS, 0))
                .build(),
            64);
    for (ContinualLearner l : new ContinualLearner[] {lwf, noWarmup}) {
      l.learnTask(tasks.get(0).train(), 0, TrainingListener.NONE);
      l.learnTask(tasks.get(1).train(), 1, TrainingListener.NONE);
    }
    assertTrue(lwf.accuracy(tasks.get(1).test(), 1) > 0.9);
    assertTrue(lwf.accuracy(tasks.get(0).test(), 0) > 0.9);
    assertTrue(
        meanAbsDiff(lwf.network().params(), noWarmup.network().params()) > 1e-4,
        "the warm-up had no effect");
  }
}
