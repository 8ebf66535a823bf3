package org.engram.cl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.engram.cl.data.TaskData;
import org.engram.cl.importance.SynapticIntelligence;
import org.engram.cl.method.Method;
import org.engram.cl.method.MethodSpec;
import org.engram.cl.method.RegularisationMethod;
import org.engram.cl.nn.Activation;
import org.engram.cl.nn.Initialisation;
import org.engram.cl.nn.Mlp;
import org.engram.cl.optim.OptimiserSpec;
import org.junit.jupiter.api.Test;

/**
 * The streaming route ({@code beginTask} / {@code update} / {@code endTask}) keeps the science of
 * the batch route: SI's path integral (its identity, the data gradient only, parameters created
 * mid-task), the optimiser's state across growth, and each row offered once to the samples.
 */
class StreamingScienceTest {
  static final int IN = 4;

  static TaskData rows(Random rng, int n, int... labels) {
    double[][] x = new double[n][IN];
    int[] y = new int[n];
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < IN; j++) {
        x[r][j] = rng.nextGaussian() + labels[r % labels.length] * 0.5 * (j == 0 ? 1 : -1);
      }
      y[r] = labels[r % labels.length];
    }
    return TaskData.of(x, y);
  }

  static LearnerConfig.Builder config(MethodSpec m, int batch, OptimiserSpec opt) {
    return LearnerConfig.builder()
        .hidden(6)
        .activation(Activation.TANH)
        .initialisation(Initialisation.XAVIER)
        .batchSize(batch)
        .optimiser(opt)
        .method(m)
        .seed(2);
  }

  static SynapticIntelligence si(ContinualLearner l) {
    return (SynapticIntelligence) ((RegularisationMethod) l.method()).estimator();
  }

  static double meanLoss(ContinualLearner l, TaskData d) {
    Mlp net = l.network();
    NaiveNetwork ref = new NaiveNetwork(net);
    int head = net.headIndex(Mlp.SHARED_HEAD);
    double s = 0;
    for (int r = 0; r < d.size(); r++) {
      double[] x = new double[IN];
      for (int j = 0; j < IN; j++) {
        x[j] = d.feature(r, j);
      }
      s += ref.crossEntropy(net.params(), x, head, d.label(r));
    }
    return s / d.size();
  }

  /**
   * Zenke et al. 2017, eq. 3: along a gradient-descent path with small steps, Σ_i ω_i = −Σ g·Δθ is
   * the decrease of the loss. On the second task, with the penalty pulling hard, it is still the
   * decrease of the <em>data</em> loss alone: ω reads the gradient before the penalty is added.
   */
  @Test
  void pathIntegralIsTheDecreaseOfTheDataLoss() {
    Random rng = new Random(7);
    TaskData t0 = rows(rng, 64, 0, 1);
    TaskData t1 = rows(rng, 64, 1, 0, 1, 1);
    MethodSpec spec = MethodSpec.of(Method.SI).withLambda(5);
    ContinualLearner l =
        new ContinualLearner(config(spec, 64, OptimiserSpec.sgd(0.02, 0)).build(), IN);
    l.beginTask(0);
    l.update(t0, 1); // creates the head; the path starts at the head's initial values
    double start = meanLoss(l, t0);
    double omega0 = sum(si(l).pathIntegral());
    l.update(t0, 300);
    double decrease = start - meanLoss(l, t0);
    double omega = sum(si(l).pathIntegral()) - omega0;
    assertTrue(decrease > 0.05, "the task must be learned: " + decrease);
    assertEquals(decrease, omega, 0.02 * decrease, "task 0: Σω vs the loss's decrease");
    l.endTask();

    l.beginTask(1);
    double start1 = meanLoss(l, t1);
    l.update(t1, 300);
    double decrease1 = start1 - meanLoss(l, t1);
    double omega1 = sum(si(l).pathIntegral());
    double penalty = penaltyNow(l);
    assertTrue(penalty > 0.1 * decrease1, "the penalty must matter here: " + penalty);
    assertEquals(decrease1, omega1, 0.02 * decrease1, "task 1: Σω vs the data loss's decrease");
  }

  private static double penaltyNow(ContinualLearner l) {
    var memory = ((RegularisationMethod) l.method()).penaltyMemory();
    float[] p = l.network().params();
    double v = 0;
    for (int i = 0; i < p.length; i++) {
      double d = p[i] - memory.anchor(0)[i];
      v += memory.importance(0)[i] * d * d;
    }
    return memory.strength() * v;
  }

  private static double sum(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v;
    }
    return s;
  }

  /**
   * With plain SGD every step is Δθ = −ηg, so SI's path integral is ω = Σ Δθ²/η, counted from the
   * step after a parameter exists, and Ω = ω / ((θ_end − θ_created)² + ξ). A head created during
   * the task, and a unit added to it later, must start their paths at their initial values, not at
   * zero (growth hands the estimator the current parameters).
   */
  @Test
  void siInAStreamStartsParametersCreatedMidTaskAtTheirInitialValues() {
    Random rng = new Random(8);
    double lr = 0.05;
    MethodSpec spec = MethodSpec.of(Method.SI).withLambda(1);
    ContinualLearner l =
        new ContinualLearner(config(spec, 16, OptimiserSpec.sgd(lr, 0)).build(), IN);
    l.beginTask(0);
    java.util.Map<String, double[]> path = new java.util.HashMap<>(); // key -> {created, ω}
    for (int k = 0; k < 12; k++) {
      TaskData b = k < 4 ? rows(rng, 16, 0, 1) : rows(rng, 16, 0, 1, 2);
      l.declareClasses(0, b.classes()); // growth (if any) while the task is open
      Mlp net = l.network();
      String[] keys = keys(net);
      float[] pre = net.params().clone();
      for (int i = 0; i < keys.length; i++) {
        path.putIfAbsent(keys[i], new double[] {pre[i], 0});
      }
      l.update(b); // one step
      float[] post = l.network().params();
      for (int i = 0; i < keys.length; i++) {
        double d = post[i] - pre[i];
        path.get(keys[i])[1] += d * d / lr;
      }
    }
    Mlp net = l.network();
    String[] keys = keys(net);
    float[] end = net.params().clone();
    l.endTask();
    float[] importance = ((RegularisationMethod) l.method()).penaltyMemory().importance(0);
    int headParams = 0;
    for (int i = 0; i < end.length; i++) {
      double[] p = path.get(keys[i]);
      double d = end[i] - p[0];
      double expected = p[1] / (d * d + 0.1);
      assertEquals(expected, importance[i], 1e-5 + 1e-3 * expected, keys[i]);
      headParams += keys[i].startsWith("head") && expected > 1e-4 ? 1 : 0;
    }
    assertTrue(headParams > 10, "the head's parameters must be checked: " + headParams);
  }

  /** A name for each parameter that survives growth: layer and position, or head and class. */
  static String[] keys(Mlp net) {
    String[] k = new String[net.parameterCount()];
    int in = net.inputSize();
    for (int l = 0; l < net.hiddenCount(); l++) {
      int out = net.hiddenSize(l);
      for (int i = 0; i < in * out; i++) {
        k[net.trunkWeightOffset(l) + i] = "trunk" + l + "w" + i;
      }
      for (int j = 0; j < out; j++) {
        k[net.trunkBiasOffset(l) + j] = "trunk" + l + "b" + j;
      }
      in = out;
    }
    for (int h = 0; h < net.headCount(); h++) {
      int[] classes = net.headClasses(h);
      for (int r = 0; r < net.featureSize(); r++) {
        for (int c = 0; c < classes.length; c++) {
          k[net.headWeightOffset(h) + r * classes.length + c] =
              "head" + net.headKey(h) + "w" + r + "," + classes[c];
        }
      }
      for (int c = 0; c < classes.length; c++) {
        k[net.headBiasOffset(h) + c] = "head" + net.headKey(h) + "b" + classes[c];
      }
    }
    return k;
  }

  /**
   * Growth mid-task keeps Adam's moments (remapped; new parameters start at zero) instead of
   * starting a fresh Adam, whose first step moves every parameter by ±η exactly.
   */
  @Test
  void growthMidTaskKeepsTheOptimisersState() {
    Random rng = new Random(9);
    double lr = 0.01;
    ContinualLearner l =
        new ContinualLearner(
            config(MethodSpec.of(Method.FINE_TUNE), 32, OptimiserSpec.adam(lr)).build(), IN);
    l.beginTask(0);
    for (int k = 0; k < 20; k++) {
      l.update(rows(rng, 32, 0, 1));
    }
    int trunk = l.network().trunkSize();
    float[] before = java.util.Arrays.copyOf(l.network().params(), trunk);
    l.update(rows(rng, 32, 0, 1, 2)); // grows a unit for class 2, then one step
    float[] after = l.network().params();
    int fresh = 0;
    for (int i = 0; i < trunk; i++) {
      if (Math.abs(Math.abs(after[i] - before[i]) - lr) < 1e-3 * lr) {
        fresh++;
      }
    }
    assertTrue(
        fresh < trunk / 4,
        fresh + " of " + trunk + " trunk parameters took a fresh Adam's ±η step");
  }

  /**
   * {@code update(batch, passes)} trains several passes but offers each row once: with room for all
   * of them, the replay memory ends up holding the task's rows, not copies of them.
   */
  @Test
  void severalPassesOfferEachRowOnce() {
    Random rng = new Random(10);
    ContinualLearner l =
        new ContinualLearner(
            config(MethodSpec.of(Method.FINE_TUNE), 16, OptimiserSpec.adam(0.001))
                .replaySize(1000)
                .build(),
            IN);
    l.beginTask(0);
    for (int k = 0; k < 5; k++) {
      l.update(rows(rng, 16, 0, 1), 10);
    }
    l.endTask();
    assertEquals(80, l.replayStored());
    assertEquals(java.util.Map.of("0:0", 40, "0:1", 40), l.replayCounts());
  }

  /**
   * A task handed over as one streamed batch with as many passes as epochs trains exactly as {@code
   * learnTask} does: the same steps, in the same random order, from the same random stream.
   */
  @Test
  void aTaskStreamedAsOneBatchTrainsExactlyAsAWholeTask() {
    Random rng = new Random(11);
    TaskData task = rows(rng, 20, 0, 1);
    LearnerConfig c = config(MethodSpec.of(Method.FINE_TUNE), 32, OptimiserSpec.adam(0.01)).build();
    ContinualLearner whole = new ContinualLearner(c, IN);
    whole.learnTask(task, 0, TrainingListener.NONE);
    ContinualLearner streamed = new ContinualLearner(c, IN);
    streamed.beginTask(0);
    streamed.update(task, c.epochs());
    streamed.endTask();
    org.junit.jupiter.api.Assertions.assertArrayEquals(
        whole.network().params(), streamed.network().params());
  }
}
