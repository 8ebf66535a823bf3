package org.engram.cl.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.engram.cl.ContinualLearner;
import org.engram.cl.Fixtures;
import org.engram.cl.HeadMode;
import org.engram.cl.LearnerConfig;
import org.engram.cl.NaiveNetwork;
import org.engram.cl.TaskReport;
import org.engram.cl.TrainingListener;
import org.engram.cl.data.Digits;
import org.engram.cl.data.Scenario;
import org.engram.cl.data.Task;
import org.engram.cl.data.TaskData;
import org.engram.cl.method.Method;
import org.engram.cl.method.MethodSpec;
import org.engram.cl.nn.Mlp;
import org.junit.jupiter.api.Test;

/**
 * Experiment's forward-transfer rule on the shipped digits: b_j is the accuracy of the untrained
 * network (same seed, units for every task's classes), computed here by a plain argmax over {@link
 * NaiveNetwork}'s logits, and it is defined only where the learner after task j−1 has a unit for
 * every class of task j.
 */
class ForwardTransferBaselineTest {
  static final TaskData[] SPLIT = Digits.load().split(0.7, 7);

  static LearnerConfig config(HeadMode heads) {
    return LearnerConfig.builder()
        .hidden(16)
        .epochs(1)
        .batchSize(32)
        .seed(4)
        .headMode(heads)
        .method(MethodSpec.of(Method.FINE_TUNE))
        .build();
  }

  static Task task(int id, int[] digits, int[] labels) {
    TaskData[] d = new TaskData[2];
    for (int s = 0; s < 2; s++) {
      TaskData rows = SPLIT[s].filterClasses(digits);
      int[] y = rows.labels();
      for (int r = 0; r < y.length; r++) {
        for (int k = 0; k < digits.length; k++) {
          if (y[r] == digits[k]) {
            y[r] = labels[k];
          }
        }
      }
      d[s] = rows.withLabels(y);
    }
    return new Task(id, d[0], d[1]);
  }

  /** The untrained network's accuracy on a task: argmax of the reference logits, by hand. */
  static double untrainedAccuracy(LearnerConfig config, List<Task> tasks, Task on) {
    ContinualLearner fresh = new ContinualLearner(config, on.test().featureCount());
    for (Task t : tasks) {
      fresh.declareClasses(t.id(), t.train().classes());
    }
    Mlp net = fresh.network();
    NaiveNetwork ref = new NaiveNetwork(net);
    int head = net.headIndex(Mlp.SHARED_HEAD);
    int[] classes = net.headClasses(head);
    int correct = 0;
    TaskData test = on.test();
    for (int r = 0; r < test.size(); r++) {
      double[] x = new double[test.featureCount()];
      for (int j = 0; j < x.length; j++) {
        x[j] = test.feature(r, j);
      }
      double[] z = ref.logits(net.params(), x, head);
      int best = 0;
      for (int u = 1; u < z.length; u++) {
        if (z[u] > z[best]) {
          best = u;
        }
      }
      correct += classes[best] == test.label(r) ? 1 : 0;
    }
    return (double) correct / test.size();
  }

  /**
   * A shared head; task 1 has the classes of task 0 (digits 2/3 labelled 0/1), task 2 an old one
   * and a new one (digits 3/5 labelled 1/4: the learner already predicts digit 3 as 1). b_1 is
   * defined, b_2 is not: FWT is R[0][1] − b_1 alone.
   */
  @Test
  void theBaselineCountsOnlyWhereTheLearnerHasAUnitForEveryClass() {
    List<Task> tasks =
        List.of(
            task(0, new int[] {0, 1}, new int[] {0, 1}),
            task(1, new int[] {2, 3}, new int[] {0, 1}),
            task(2, new int[] {3, 5}, new int[] {1, 4}));
    LearnerConfig config = config(HeadMode.SHARED);
    Experiment.Result result = Experiment.run(config, tasks, TrainingListener.NONE);
    AccuracyMatrix m = result.matrix();
    double b1 = untrainedAccuracy(config, tasks, tasks.get(1));
    double slack = 1.0 / tasks.get(1).test().size(); // one near-tie decided otherwise in float
    assertEquals(m.get(0, 1) - b1, m.fwt(), slack + 1e-12);
    // had b_2 been defined, FWT would have averaged in R[1][2] − b_2: the case tells them apart
    double b2 = untrainedAccuracy(config, tasks, tasks.get(2));
    double withB2 = ((m.get(0, 1) - b1) + (m.get(1, 2) - b2)) / 2;
    assertTrue(Math.abs(withB2 - m.fwt()) > 3 * slack, "b_2 " + b2 + " must matter");
    // every entry is measured: the shared head predicts some class for every task
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        assertFalse(Double.isNaN(m.get(i, j)), i + "," + j);
      }
    }
    assertTrue(m.get(1, 2) > 0.15, "digit 3 is still class 1 after task 1: " + m.get(1, 2));
    assertEquals(3, result.reports().size());
    double train = 0;
    double consolidation = 0;
    for (TaskReport r : result.reports()) {
      train += r.trainSeconds();
      consolidation += r.consolidationSeconds();
    }
    assertTrue(train > 0);
    assertEquals(train, result.trainSeconds(), 1e-12);
    assertEquals(consolidation, result.consolidationSeconds(), 1e-12);
    assertEquals(3, result.learner().tasksLearned());
  }

  /** Domain-incremental: every b_j is defined, FWT = mean_j (R[j−1][j] − b_j). */
  @Test
  void domainIncrementalHasEveryBaseline() {
    List<Task> tasks = Fixtures.splitDigits(Scenario.DOMAIN_INCREMENTAL).subList(0, 3);
    LearnerConfig config = config(HeadMode.SHARED);
    AccuracyMatrix m = Experiment.run(config, tasks, TrainingListener.NONE).matrix();
    double expected = 0;
    double slack = 0;
    for (int j = 1; j < 3; j++) {
      expected += (m.get(j - 1, j) - untrainedAccuracy(config, tasks, tasks.get(j))) / 2;
      slack += 1.0 / tasks.get(j).test().size() / 2;
    }
    assertEquals(expected, m.fwt(), slack + 1e-12);
  }

  /** One head per task: a task's head does not exist before it is learned, so nothing compares. */
  @Test
  void taskIncrementalHasNoForwardTransfer() {
    List<Task> tasks = Fixtures.splitDigits(Scenario.TASK_INCREMENTAL).subList(0, 3);
    AccuracyMatrix m =
        Experiment.run(config(HeadMode.PER_TASK), tasks, TrainingListener.NONE).matrix();
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        assertEquals(j > i, Double.isNaN(m.get(i, j)), i + "," + j);
      }
    }
    assertTrue(Double.isNaN(m.fwt()));
    assertTrue(m.acc() > 0.6, "task-IL digits are easy: " + m.acc());
  }
}
