package org.engram.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.engram.cl.ContinualLearner;
import org.engram.cl.LearnerConfig;
import org.engram.cl.TrainingListener;
import org.engram.cl.data.Digits;
import org.engram.cl.data.Scenario;
import org.engram.cl.data.Scenarios;
import org.engram.cl.data.Task;
import org.engram.cl.data.TaskData;
import org.engram.cl.linalg.Gemm;
import org.engram.cl.linalg.Kernels;
import org.engram.cl.linalg.NetlibGemm;
import org.engram.cl.linalg.PackedGemm;
import org.engram.cl.method.Method;
import org.engram.cl.method.MethodSpec;
import org.junit.jupiter.api.Test;

/**
 * End to end, the native path gives the pure-Java path's results within float tolerance: the same
 * continual learner (EWC, split digits, 2 tasks, task-incremental) trained once with {@link
 * PackedGemm} and once with netlib's JNI BLAS. Only the order of float additions differs between
 * the two, so the parameters drift apart by rounding and the predictions must agree.
 *
 * <p>Runs with whatever native library netlib's JNI binding reaches (OpenBLAS here; on a machine
 * with only Debian's reference BLAS it checks that one, which {@code -Dengram.kernel=netlib} can
 * force); skipped where no native BLAS loads.
 */
class NativeTrainingAgreesTest {
  /** Largest accepted accuracy difference per task: about one test example of ~110. */
  private static final double ACCURACY_TOLERANCE = 0.01;

  /** Largest accepted difference of a predicted probability. */
  private static final double PROBABILITY_TOLERANCE = 1e-3;

  /**
   * Largest accepted difference of a parameter, relative to the largest parameter (measured: about
   * 2e-7 against OpenBLAS and against the reference BLAS).
   */
  private static final double PARAMETER_TOLERANCE = 1e-4;

  @Test
  void ewcOnSplitDigitsGivesTheSameResultsWithBothKernels() {
    NetlibGemm netlib = NetlibGemm.load(true);
    assumeTrue(netlib != null, "no native BLAS on this machine");
    TaskData[] parts = Digits.load().split(0.7, 7);
    List<Task> tasks =
        Scenarios.splitByClass(
            parts[0], parts[1], Scenarios.consecutiveGroups(10, 5), Scenario.TASK_INCREMENTAL);
    tasks = tasks.subList(0, 2);

    Run java = run(new PackedGemm(1), tasks, parts[0].featureCount());
    Run nat = run(netlib, tasks, parts[0].featureCount());

    String which = "pure Java vs " + netlib.implementation();
    for (int t = 0; t < tasks.size(); t++) {
      assertTrue(java.accuracy[t] > 0.9, "task " + t + " did not learn: " + java.accuracy[t]);
      assertEquals(
          java.accuracy[t],
          nat.accuracy[t],
          ACCURACY_TOLERANCE,
          which + ", task " + t + " accuracy");
      double maxProb = 0;
      for (int r = 0; r < java.probabilities[t].length; r++) {
        for (int c = 0; c < java.probabilities[t][r].length; c++) {
          maxProb =
              Math.max(maxProb, Math.abs(java.probabilities[t][r][c] - nat.probabilities[t][r][c]));
        }
      }
      assertTrue(
          maxProb <= PROBABILITY_TOLERANCE,
          which + ", task " + t + ": max |probability diff| " + maxProb);
    }
    assertEquals(java.params.length, nat.params.length);
    double maxDiff = 0;
    double maxAbs = 0;
    for (int i = 0; i < java.params.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(java.params[i] - nat.params[i]));
      maxAbs = Math.max(maxAbs, Math.abs(java.params[i]));
    }
    System.out.printf("%s: max |param diff| %.3g of max |param| %.3g%n", which, maxDiff, maxAbs);
    assertTrue(
        maxDiff <= PARAMETER_TOLERANCE * maxAbs,
        which + ": max |param diff| " + maxDiff + " of max |param| " + maxAbs);
  }

  /** What one training run gives: per task, test accuracy and probabilities; the parameters. */
  private record Run(double[] accuracy, float[][][] probabilities, float[] params) {}

  /** Trains and evaluates with {@code kernel} installed for the whole JVM, then restores it. */
  private static Run run(Gemm kernel, List<Task> tasks, int inputs) {
    Gemm before = Kernels.gemm();
    Kernels.use(kernel);
    try {
      LearnerConfig config =
          LearnerConfig.builder()
              .hidden(64, 64)
              .epochs(5)
              .batchSize(32)
              .seed(1)
              .headMode(Scenario.TASK_INCREMENTAL.headMode())
              .method(MethodSpec.of(Method.EWC))
              .build();
      ContinualLearner learner = new ContinualLearner(config, inputs);
      for (Task t : tasks) {
        learner.learnTask(t.train(), t.id(), TrainingListener.NONE);
      }
      double[] acc = new double[tasks.size()];
      float[][][] prob = new float[tasks.size()][][];
      for (int i = 0; i < tasks.size(); i++) {
        Task t = tasks.get(i);
        acc[i] = learner.accuracy(t.test(), t.id());
        prob[i] = learner.predictProbabilities(t.test(), t.id());
      }
      return new Run(acc, prob, learner.network().params());
    } finally {
      Kernels.use(before);
    }
  }
}
