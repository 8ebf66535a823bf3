package org.engram.cl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.engram.cl.data.TaskData;
import org.engram.cl.linalg.Kernels;
import org.engram.cl.method.Hyperparameter;
import org.engram.cl.method.Method;
import org.engram.cl.method.MethodSpec;
import org.engram.cl.method.QuadraticPenalty;
import org.engram.cl.method.RegularisationMethod;
import org.engram.cl.nn.Activation;
import org.engram.cl.nn.Initialisation;
import org.engram.cl.nn.Mlp;
import org.engram.cl.optim.OptimiserSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Finite-difference checks of the <em>assembled</em> training step: with plain SGD, one streamed
 * update of one minibatch moves the parameters by −η times the gradient of the whole step's loss,
 * so (θ_before − θ_after)/η must equal the finite-difference gradient of that loss written
 * independently here ({@link NaiveNetwork}): the cross-entropy over the batch's rows and the
 * replayed rows (each through its own task's head, averaged over all of them), the distillation
 * term, and the quadratic penalty. Three threads cut the batch into row shards. The hidden layers
 * use tanh so that no ReLU kink falls inside a difference interval (the layers themselves are
 * checked with ReLU too in {@code nn.GradientCheckTest}).
 */
class TrainingStepTest {
  static final int IN = 5;
  static final int[] HIDDEN = {7, 6};
  static final double LR = 0.1;
  static final int BATCH = 48;
  private int threads;

  @BeforeEach
  void threeThreads() {
    threads = Kernels.threads();
    Kernels.setThreads(3);
  }

  @AfterEach
  void restore() {
    Kernels.setThreads(threads);
  }

  /** Rows of random inputs with the given labels in turn; the first row alone has {@code first}. */
  static TaskData rows(Random rng, int n, int first, int... labels) {
    double[][] x = new double[n][IN];
    int[] y = new int[n];
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < IN; j++) {
        x[r][j] = rng.nextGaussian();
      }
      y[r] = r == 0 ? first : labels[r % labels.length];
    }
    return TaskData.of(x, y);
  }

  static double[] row(TaskData d, int r) {
    double[] x = new double[d.featureCount()];
    for (int j = 0; j < x.length; j++) {
      x[j] = d.feature(r, j);
    }
    return x;
  }

  static LearnerConfig config(HeadMode heads, MethodSpec method, int replay) {
    return LearnerConfig.builder()
        .hidden(HIDDEN)
        .activation(Activation.TANH) // smooth: no ReLU kink inside a difference interval
        .initialisation(Initialisation.XAVIER)
        .headMode(heads)
        .epochs(3)
        .batchSize(BATCH)
        .optimiser(OptimiserSpec.sgd(LR, 0))
        .method(method)
        .replaySize(replay)
        .seed(5)
        .build();
  }

  /** One streamed step on {@code batch}; returns −Δθ/η, the gradient the step followed. */
  static double[] stepGradient(ContinualLearner l, TaskData batch) {
    float[] before = l.network().params().clone();
    l.update(batch);
    float[] after = l.network().params();
    double[] g = new double[before.length];
    for (int i = 0; i < g.length; i++) {
      g[i] = (before[i] - after[i]) / LR;
    }
    System.arraycopy(before, 0, after, 0, before.length);
    return g;
  }

  /** Penalty: s · g · Σ_slots Σ_i Ω_i (θ_i − θ*_i)², read from the stored memory. */
  static double penalty(ContinualLearner l, float[] p, double strength) {
    QuadraticPenalty m = ((RegularisationMethod) l.method()).penaltyMemory();
    double v = 0;
    for (int k = 0; k < m.slots(); k++) {
      float[] anchor = m.anchor(k);
      float[] omega = m.importance(k);
      for (int i = 0; i < p.length; i++) {
        double d = p[i] - anchor[i];
        v += omega[i] * d * d;
      }
    }
    return strength * v;
  }

  @Test
  void ewcStepWithReplayThroughTheSharedHead() {
    Random rng = new Random(1);
    MethodSpec ewc = MethodSpec.of(Method.EWC).withLambda(40);
    ContinualLearner l = new ContinualLearner(config(HeadMode.SHARED, ewc, 1), IN);
    // Task 0 has exactly one example of class 0: the one-example replay memory keeps it.
    TaskData t0 = rows(rng, 30, 0, 1);
    l.learnTask(t0, 0, TrainingListener.NONE);
    assertEquals(1, l.replayStored());
    TaskData t1 = rows(rng, BATCH, 1, 0, 1);
    l.beginTask(1);
    for (int k = 0; k < 5; k++) {
      l.update(rows(rng, BATCH, 0, 1, 0)); // move away from the anchor
    }
    double[] g = stepGradient(l, t1);
    Mlp net = l.network();
    NaiveNetwork ref = new NaiveNetwork(net);
    int head = net.headIndex(Mlp.SHARED_HEAD);
    double[] replayed = row(t0, 0);
    float[] p = net.params();
    double worst =
        NaiveNetwork.checkGradient(
            p,
            g,
            () -> {
              double ce = 0;
              for (int r = 0; r < BATCH; r++) {
                ce += ref.crossEntropy(p, row(t1, r), head, t1.label(r));
                ce += ref.crossEntropy(p, replayed, head, 0);
              }
              return ce / (2 * BATCH) + penalty(l, p, 40 / 2.0);
            },
            "EWC + replay");
    assertTrue(worst < 1e-3, "worst " + worst);
    assertTrue(penalty(l, p, 20) > 1e-3, "the penalty must take part in the check");
  }

  @Test
  void onlineEwcPenalisesWithTheDecayedFisher() {
    Random rng = new Random(2);
    double gamma = 0.5;
    MethodSpec spec =
        MethodSpec.of(Method.ONLINE_EWC).withLambda(30).with(Hyperparameter.GAMMA, gamma);
    ContinualLearner l = new ContinualLearner(config(HeadMode.SHARED, spec, 0), IN);
    l.learnTask(rows(rng, 40, 0, 1), 0, TrainingListener.NONE);
    l.learnTask(rows(rng, 40, 1, 0), 1, TrainingListener.NONE);
    l.beginTask(2);
    for (int k = 0; k < 5; k++) {
      l.update(rows(rng, BATCH, 0, 1));
    }
    TaskData batch = rows(rng, BATCH, 1, 0);
    double[] g = stepGradient(l, batch);
    Mlp net = l.network();
    NaiveNetwork ref = new NaiveNetwork(net);
    int head = net.headIndex(Mlp.SHARED_HEAD);
    float[] p = net.params();
    // Schwarz et al. 2018, eq. 8: (λ/2) Σ γF* (θ − θ*)² with F* = γF_1 + F_2 stored.
    NaiveNetwork.checkGradient(
        p,
        g,
        () -> {
          double ce = 0;
          for (int r = 0; r < BATCH; r++) {
            ce += ref.crossEntropy(p, row(batch, r), head, batch.label(r));
          }
          return ce / BATCH + penalty(l, p, gamma * 30 / 2);
        },
        "online EWC");
  }

  @Test
  void lwfStepDistilsTheSharedHead() {
    Random rng = new Random(3);
    double lambda = 2;
    double t = 2;
    MethodSpec lwf = MethodSpec.of(Method.LWF).withLambda(lambda);
    ContinualLearner l = new ContinualLearner(config(HeadMode.SHARED, lwf, 0), IN);
    l.learnTask(rows(rng, 40, 0, 1, 2), 0, TrainingListener.NONE);
    float[] snapshot = l.network().params().clone();
    l.beginTask(1);
    for (int k = 0; k < 5; k++) {
      l.update(rows(rng, BATCH, 2, 1, 0)); // move away from the snapshot
    }
    TaskData batch = rows(rng, BATCH, 0, 2, 1);
    double[] g = stepGradient(l, batch);
    Mlp net = l.network();
    NaiveNetwork ref = new NaiveNetwork(net);
    int head = net.headIndex(Mlp.SHARED_HEAD);
    float[] p = net.params();
    double[] distill = new double[1];
    NaiveNetwork.checkGradient(
        p,
        g,
        () -> {
          double ce = 0;
          double kd = 0;
          for (int r = 0; r < BATCH; r++) {
            double[] x = row(batch, r);
            ce += ref.crossEntropy(p, x, head, batch.label(r));
            kd += NaiveNetwork.kl(ref.logits(snapshot, x, head), ref.logits(p, x, head), 3, t);
          }
          distill[0] = kd / BATCH;
          return ce / BATCH + lambda * t * t * kd / BATCH;
        },
        "LwF, shared head");
    assertTrue(distill[0] > 1e-4, "the distillation must take part in the check: " + distill[0]);
  }

  @Test
  void lwfStepWithReplayThroughOneHeadPerTask() {
    Random rng = new Random(4);
    double lambda = 1.5;
    double t = 2;
    MethodSpec lwf = MethodSpec.of(Method.LWF).withLambda(lambda);
    ContinualLearner l = new ContinualLearner(config(HeadMode.PER_TASK, lwf, 1), IN);
    TaskData t0 = rows(rng, 30, 0, 1);
    l.learnTask(t0, 0, TrainingListener.NONE);
    float[] snapshot = l.network().params().clone();
    l.beginTask(1);
    for (int k = 0; k < 5; k++) {
      l.update(rows(rng, BATCH, 2, 3));
    }
    TaskData batch = rows(rng, BATCH, 3, 2);
    double[] g = stepGradient(l, batch);
    Mlp net = l.network();
    NaiveNetwork ref = new NaiveNetwork(net);
    int old = net.headIndex(0);
    int now = net.headIndex(1);
    float[] p = net.params();
    double[] replayed = row(t0, 0);
    NaiveNetwork.checkGradient(
        p,
        g,
        () -> {
          double loss = 0;
          for (int r = 0; r < BATCH; r++) {
            double[] x = row(batch, r);
            loss += ref.crossEntropy(p, x, now, batch.label(r));
            loss += ref.crossEntropy(p, replayed, old, 0);
            // the old head is distilled on every row of the step, replayed ones included
            loss +=
                lambda
                    * t
                    * t
                    * (NaiveNetwork.kl(ref.logits(snapshot, x, old), ref.logits(p, x, old), 2, t)
                        + NaiveNetwork.kl(
                            ref.logits(snapshot, replayed, old),
                            ref.logits(p, replayed, old),
                            2,
                            t));
          }
          return loss / (2 * BATCH);
        },
        "LwF, one head per task, replay");
  }
}
