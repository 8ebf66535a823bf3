package org.engram.cl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.engram.cl.data.Scenario;
import org.engram.cl.data.Task;
import org.engram.cl.linalg.Kernels;
import org.engram.cl.linalg.PackedGemm;
import org.engram.cl.method.Hyperparameter;
import org.engram.cl.method.Method;
import org.engram.cl.method.MethodSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A training step shards its batch over the threads, and the pure-Java kernel splits products over
 * them: neither may change a single bit of the result, for any method, head layout or replay.
 */
class ThreadCountTest {

  @ParameterizedTest(name = "{0} {1} replay={2} warm-up={3}")
  @CsvSource({
    "EWC, TASK_INCREMENTAL, 40, 0",
    "SI, DOMAIN_INCREMENTAL, 0, 0",
    "LWF, DOMAIN_INCREMENTAL, 0, 0",
    "LWF, TASK_INCREMENTAL, 40, 1",
    "MAS, CLASS_INCREMENTAL, 40, 0"
  })
  void resultsAreBitIdenticalForOneTwoAndThreeThreads(
      Method kind, Scenario scenario, int replay, int warmup) {
    byte[] one = train(kind, scenario, replay, warmup, 1);
    assertArrayEquals(one, train(kind, scenario, replay, warmup, 2), "2 threads differ from 1");
    assertArrayEquals(one, train(kind, scenario, replay, warmup, 3), "3 threads differ from 1");
  }

  @org.junit.jupiter.api.Test
  void predictionsAreBitIdenticalForOneAndThreeThreads() {
    ContinualLearner l =
        ContinualLearner.fromBytes(train(Method.EWC, Scenario.DOMAIN_INCREMENTAL, 0, 0, 1));
    var test = Fixtures.splitDigits(Scenario.DOMAIN_INCREMENTAL).get(0).test();
    int before = Kernels.threads();
    try {
      Kernels.setThreads(1);
      float[][] one = l.predictProbabilities(test, 0);
      Kernels.setThreads(3);
      float[][] three = l.predictProbabilities(test, 0);
      for (int r = 0; r < one.length; r++) {
        assertArrayEquals(one[r], three[r], "row " + r);
      }
    } finally {
      Kernels.setThreads(before);
    }
  }

  private static byte[] train(Method kind, Scenario scenario, int replay, int warmup, int threads) {
    int before = Kernels.threads();
    var kernel = Kernels.gemm();
    Kernels.setThreads(threads);
    Kernels.use(new PackedGemm());
    try {
      MethodSpec method = Fixtures.spec(kind);
      if (warmup > 0) {
        method = method.with(Hyperparameter.WARMUP_EPOCHS, warmup);
      }
      LearnerConfig c =
          Fixtures.config(scenario, method, 3).toBuilder()
              .epochs(2)
              .batchSize(48)
              .replaySize(replay)
              .build();
      ContinualLearner l = new ContinualLearner(c, 64);
      List<Task> tasks = Fixtures.splitDigits(scenario);
      for (int t = 0; t < 2; t++) {
        l.learnTask(tasks.get(t).train(), t, TrainingListener.NONE);
      }
      assertFalse(Double.isNaN(l.accuracy(tasks.get(0).test(), 0)));
      return l.toBytes();
    } finally {
      Kernels.setThreads(before);
      Kernels.use(kernel);
    }
  }
}
