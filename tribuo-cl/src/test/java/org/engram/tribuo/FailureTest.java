package org.engram.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.engram.cl.HeadMode;
import org.engram.cl.LearnerConfig;
import org.engram.cl.TrainingDivergedException;
import org.engram.cl.importance.FisherImportance;
import org.engram.cl.method.Hyperparameter;
import org.engram.cl.method.Method;
import org.engram.cl.method.MethodSpec;
import org.engram.cl.optim.OptimiserSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.test.Helpers;

/**
 * Fail loudly, lose nothing: divergence stops training with the core's message and leaves the
 * previous model as it was; sizes far beyond the data give the core's message or train with buffers
 * that follow the data; prediction is safe while another thread continues the model.
 */
class FailureTest {
  private static List<DigitsTasks.Task> tasks;

  @BeforeAll
  static void setUp() {
    tasks =
        DigitsTasks.tasks(
            DigitsDataSource.Labelling.DIGIT, false, new int[] {0, 1}, new int[] {2, 3});
  }

  private static EWCTrainer ewc(double lr, ContinualTrainer.OptimiserType opt, double lambda) {
    return new EWCTrainer(
        new int[] {16},
        2,
        32,
        lr,
        opt,
        1,
        HeadMode.SHARED,
        lambda,
        false,
        1.0,
        FisherImportance.Variant.EMPIRICAL,
        100);
  }

  private static void assertDiverged(ContinualModel previous, Runnable call, String... words) {
    ModelProto before = previous == null ? null : previous.serialize();
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class, call::run);
    for (String w : words) {
      assertTrue(e.getMessage().contains(w), "'" + e.getMessage() + "' lacks '" + w + "'");
    }
    assertTrue(e.getMessage().contains("The model is unchanged"), e.getMessage());
    if (previous != null) {
      assertEquals(before, previous.serialize(), "the previous model changed");
    }
  }

  @Test
  void divergenceIsAClearErrorAndTheModelStaysAsItWas() {
    var sgd = ContinualTrainer.OptimiserType.SGD;
    var adam = ContinualTrainer.OptimiserType.ADAM;
    // A learning rate far too large, on the first task and on the next.
    assertDiverged(
        null,
        () -> ewc(1e30, sgd, 100).train(tasks.get(0).train()),
        "learning rate 1.0E30",
        "of the model's task 1 (");
    ContinualModel m1 = ewc(0.01, adam, 1e300).train(tasks.get(0).train());
    // λ far too large: the penalty overflows on the second task.
    assertDiverged(
        m1,
        () -> ewc(0.01, adam, 1e300).incrementalTrain(tasks.get(1).train(), m1),
        "method ewc",
        "lambda 1.0E300",
        "optimiser adam",
        "of the model's task 2 (");
    // EWC with SGD and a λ beyond plain SGD's stability bound on the penalty is refused before
    // anything trains (issue 13: a combination of two options never produces garbage), naming
    // the bound; the previous model is untouched.
    EWCTrainer sgdEwc = ewc(0.01, sgd, 1e5);
    ContinualModel s1 = sgdEwc.train(tasks.get(0).train());
    ModelProto before = s1.serialize();
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> sgdEwc.incrementalTrain(tasks.get(1).train(), s1));
    assertTrue(refused.getMessage().contains("diverges on the ewc penalty"), refused.getMessage());
    assertTrue(refused.getMessage().contains("use Adam"), refused.getMessage());
    assertEquals(before, s1.serialize(), "the previous model changed");
    // The trainer is not moved on by a failed call either: the next train() is the first one.
    ContinualTrainer t = ewc(1e30, sgd, 100);
    assertThrows(TrainingDivergedException.class, () -> t.train(tasks.get(0).train()));
    assertEquals(0, t.getInvocationCount());
  }

  @Test
  void sizesBeyondTheDataTrainOrGiveTheCoresMessage() {
    LearnerConfig.Builder small = LearnerConfig.builder().hidden(8).epochs(1);
    // Buffers follow the data: these capacities cost nothing on 250 rows.
    for (LearnerConfig c :
        List.of(
            small.batchSize(Integer.MAX_VALUE).build(),
            small.batchSize(32).replaySize(Integer.MAX_VALUE).build(),
            small
                .replaySize(0)
                .method(
                    MethodSpec.of(Method.MAS)
                        .withLambda(1)
                        .with(Hyperparameter.IMPORTANCE_SAMPLES, 5_000_000))
                .build())) {
      ContinualTrainer t = new ContinualTrainer(c);
      ContinualModel m = t.incrementalTrain(tasks.get(1).train(), t.train(tasks.get(0).train()));
      assertEquals(2, m.tasksLearned());
    }
    // A network that cannot fit: the core's message, naming the option and the memory.
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new ContinualTrainer(LearnerConfig.builder().hidden(2_000_000_000).build())
                    .train(tasks.get(0).train()));
    assertTrue(e.getMessage().contains("hidden layer sizes [2000000000]"), e.getMessage());
    assertTrue(e.getMessage().contains("GB"), e.getMessage());
  }

  @Test
  void predictionsAreSafeWhileAnotherThreadContinuesTheModel() throws Exception {
    ContinualTrainer t =
        new ContinualTrainer(
            LearnerConfig.builder()
                .hidden(32)
                .epochs(3)
                .optimiser(OptimiserSpec.adam(0.003))
                .method(MethodSpec.of(Method.EWC).withLambda(100))
                .build());
    ContinualModel m1 = t.train(tasks.get(0).train());
    List<Prediction<Label>> expected = m1.predict(tasks.get(0).test());
    ExecutorService pool = Executors.newFixedThreadPool(3);
    AtomicBoolean training = new AtomicBoolean(true);
    try {
      List<Future<Integer>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(
            pool.submit(
                () -> {
                  int rounds = 0;
                  do {
                    List<Prediction<Label>> p = m1.predict(tasks.get(0).test());
                    assertTrue(Helpers.predictionListDistributionEquals(expected, p, 0));
                    rounds++;
                  } while (training.get());
                  return rounds;
                }));
      }
      // Class-incremental: the continued model's head grows while the readers predict.
      List<ContinualModel> continued = new ArrayList<>();
      for (int k = 0; k < 3; k++) {
        continued.add(t.incrementalTrain(tasks.get(1).train(), m1));
      }
      training.set(false);
      for (Future<Integer> f : readers) {
        assertTrue(f.get(60, TimeUnit.SECONDS) > 0);
      }
      for (ContinualModel c : continued) {
        assertEquals(4, c.getOutputIDInfo().size());
        assertTrue(
            Helpers.predictionListDistributionEquals(
                continued.get(0).predict(tasks.get(1).test()), c.predict(tasks.get(1).test()), 0));
      }
      assertEquals(2, m1.getOutputIDInfo().size());
    } finally {
      pool.shutdownNow();
    }
  }
}
