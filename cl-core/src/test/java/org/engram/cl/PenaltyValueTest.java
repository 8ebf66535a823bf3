package org.engram.cl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.engram.cl.data.Scenario;
import org.engram.cl.data.Task;
import org.engram.cl.data.TaskData;
import org.engram.cl.method.Method;
import org.engram.cl.method.MethodSpec;
import org.engram.cl.method.QuadraticPenalty;
import org.engram.cl.method.RegularisationMethod;
import org.engram.cl.optim.OptimiserSpec;
import org.junit.jupiter.api.Test;

/**
 * The parameter penalty's value is computed only where a loss is reported, the last step of each
 * epoch: the reported loss against an independent computation, and a value that overflows still
 * stopping the task with the learner unchanged.
 */
class PenaltyValueTest {
  static final List<Task> DOMAIN = Fixtures.splitDigits(Scenario.DOMAIN_INCREMENTAL);
  static final double LAMBDA = 1e4;

  static ContinualLearner ewc(double lambda, OptimiserSpec optimiser, int epochs) {
    LearnerConfig config =
        Fixtures.config(
                Scenario.DOMAIN_INCREMENTAL, MethodSpec.of(Method.EWC).withLambda(lambda), 3)
            .toBuilder()
            .hidden(16)
            .optimiser(optimiser)
            .epochs(epochs)
            .build();
    return new ContinualLearner(config, 64);
  }

  static QuadraticPenalty memory(ContinualLearner l) {
    return ((RegularisationMethod) l.method()).penaltyMemory();
  }

  /** The first 224 rows of task 1: seven full minibatches of 32. */
  static TaskData secondTask() {
    return DOMAIN.get(1).train().subset(IntStream.range(0, 224).toArray());
  }

  /**
   * With a learning rate too small to move the parameters, every step sees the same network, so the
   * epoch's loss must be the task's mean cross-entropy (read from the predictions) plus (λ/2) Σ F
   * (θ − θ*)² of the first task's slot, summed here in double.
   */
  @Test
  void theReportedLossIsTheMeanDataLossPlusThePenaltyValue() {
    ContinualLearner l = ewc(LAMBDA, OptimiserSpec.adam(1e-12), 2);
    l.learnTask(DOMAIN.get(0).train(), 0, TrainingListener.NONE);
    float[] anchor = memory(l).anchor(0);
    for (int i = 0; i < anchor.length; i++) {
      anchor[i] += 0.05f * (i % 7 - 3); // move the anchor so that the penalty counts
    }
    float[] start = l.network().params().clone();
    List<Double> reported = new ArrayList<>();
    TrainingListener listener =
        new TrainingListener() {
          @Override
          public void epochFinished(int taskId, int epoch, int epochs, double meanLoss) {
            reported.add(meanLoss);
          }
        };
    TaskData task = secondTask();
    TaskReport report = l.learnTask(task, 1, listener);
    float[] end = l.network().params();
    for (int i = 0; i < start.length; i++) {
      assertEquals(start[i], end[i], 1e-9, "the steps must not move the network");
    }
    float[] omega = memory(l).importance(0);
    double penalty = 0;
    for (int i = 0; i < start.length; i++) {
      double d = (double) start[i] - anchor[i];
      penalty += omega[i] * d * d;
    }
    penalty *= LAMBDA / 2;
    double expected = l.fit(task, 1).loss() + penalty;
    assertTrue(penalty > 0.2 * expected, "the penalty must take part: " + penalty);
    assertEquals(2, reported.size());
    for (double loss : reported) {
      assertEquals(expected, loss, 1e-4 * expected);
    }
    assertEquals(reported.get(1), report.finalLoss());
  }

  /**
   * An importance so large that Ω (θ − θ*)² overflows while the gradient 2sΩ(θ − θ*) does not: no
   * parameter and no data loss becomes non-finite, only the penalty's value, which the epoch's last
   * step computes and refuses, leaving the learner as it was. A stream reports no loss and never
   * computes the value: it trains on.
   */
  @Test
  void aPenaltyValueThatOverflowsStopsTheTaskWhereTheLossIsReported() {
    ContinualLearner l = ewc(1, OptimiserSpec.adam(0.01), 1);
    l.learnTask(DOMAIN.get(0).train(), 0, TrainingListener.NONE);
    memory(l).anchor(0)[0] = l.network().params()[0] - 10;
    memory(l).importance(0)[0] = 1e37f;
    byte[] before = l.toBytes();
    TrainingDivergedException e =
        assertThrows(
            TrainingDivergedException.class,
            () -> l.learnTask(secondTask(), 1, TrainingListener.NONE));
    assertTrue(e.getMessage().contains("penalty is Infinity"), e.getMessage());
    assertTrue(e.getMessage().contains("step 7 of task 2"), "the epoch's last step: " + e);
    assertArrayEquals(before, l.toBytes(), "the learner is unchanged");

    l.beginTask(1);
    l.update(secondTask());
    for (float p : l.network().params()) {
      assertTrue(Float.isFinite(p));
    }
  }
}
