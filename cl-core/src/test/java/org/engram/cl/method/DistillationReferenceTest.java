package org.engram.cl.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import org.engram.cl.NaiveNetwork;
import org.engram.cl.data.TaskData;
import org.engram.cl.nn.Activation;
import org.engram.cl.nn.Initialisation;
import org.engram.cl.nn.Mlp;
import org.engram.cl.nn.Workspace;
import org.engram.cl.util.Rng;
import org.junit.jupiter.api.Test;

/**
 * LwF's output term against a reference written here: λ · T² · (1/B) Σ_rows Σ_old heads
 * KL(softmax(old/T) ‖ softmax(new/T)) over the units the snapshot had (Hinton et al. 2015's T²
 * convention; Li and Hoiem 2017, eq. 2), its logit gradient by central differences of that
 * reference, which heads are distilled in each head mode, and the saved state.
 */
class DistillationReferenceTest {
  static final int IN = 3;
  static final int ROWS = 7;
  static final double LAMBDA = 0.7;
  static final double T = 3;

  static MethodSpec spec(double lambda) {
    return MethodSpec.of(Method.LWF)
        .withLambda(lambda)
        .with(Hyperparameter.TEMPERATURE, T)
        .with(Hyperparameter.WARMUP_EPOCHS, 2);
  }

  /** The method as the learner creates it: the spec's λ applied. */
  static LearningWithoutForgetting lwf(double lambda) {
    return (LearningWithoutForgetting) spec(lambda).create();
  }

  static void perturb(Mlp m, long seed, double size) {
    Random r = new Random(seed);
    float[] p = m.params();
    for (int i = 0; i < p.length; i++) {
      p[i] += (float) (size * r.nextGaussian());
    }
  }

  /** The network after one task ({@code key} 0 or the shared head), and its snapshot taken. */
  static Mlp trained(int key, LearningWithoutForgetting lwf) {
    Rng rng = new Rng(8);
    Mlp net = new Mlp(IN, new int[] {5}, Activation.TANH, Initialisation.XAVIER, rng);
    net.ensureClasses(key, new int[] {0, 1, 2}, rng);
    perturb(net, 1, 0.5);
    lwf.afterTask(new ContinualMethod.TaskEnd(net, null, 0, 0, rng));
    return net;
  }

  static Workspace batch(Mlp net, long seed) {
    return batch(net, seed, ROWS);
  }

  static Workspace batch(Mlp net, long seed, int rows) {
    Workspace ws = net.workspace(rows);
    Random r = new Random(seed);
    for (int i = 0; i < rows * IN; i++) {
      ws.input()[i] = (float) r.nextGaussian();
    }
    net.forwardTrunk(ws, 0, rows);
    return ws;
  }

  static double[] row(Workspace ws, int r) {
    double[] x = new double[IN];
    for (int j = 0; j < IN; j++) {
      x[j] = ws.input()[r * IN + j];
    }
    return x;
  }

  /** λ T² KL over the old units, divided by the batch's rows. */
  static double reference(double[] oldZ, double[] newZ, int units, double lambda, int rows) {
    return lambda * T * T * NaiveNetwork.kl(oldZ, newZ, units, T) / rows;
  }

  /**
   * Runs the term on two row ranges (as two shards would) over logit gradients already holding
   * something (the cross-entropy's), and checks value and gradient of each distilled head.
   */
  static void check(
      LearningWithoutForgetting lwf, Mlp snapshot, Mlp net, int trainedKey, int[] distilledKeys) {
    check(lwf, snapshot, net, trainedKey, distilledKeys, ROWS);
  }

  static void check(
      LearningWithoutForgetting lwf,
      Mlp snapshot,
      Mlp net,
      int trainedKey,
      int[] distilledKeys,
      int rows) {
    Workspace ws = batch(net, 5, rows);
    float[][] before = new float[net.headCount()][];
    for (int h = 0; h < net.headCount(); h++) {
      float[] dz = ws.logitGradient(h);
      for (int i = 0; i < dz.length; i++) {
        dz[i] = (float) Math.sin(i + h);
      }
      before[h] = dz.clone();
    }
    double value = 0;
    for (int[] range : new int[][] {{0, 3}, {3, rows}}) {
      value +=
          lwf.outputLoss(
              new ContinualMethod.Step(net, ws, range[0], range[1], rows, 1, trainedKey, null));
    }
    NaiveNetwork now = new NaiveNetwork(net);
    NaiveNetwork old = new NaiveNetwork(snapshot);
    double expected = 0;
    boolean[] distilled = new boolean[net.headCount()];
    for (int key : distilledKeys) {
      int h = net.headIndex(key);
      distilled[h] = true;
      int units = snapshot.headSize(snapshot.headIndex(key));
      int n = net.headSize(h);
      for (int r = 0; r < rows; r++) {
        double[] x = row(ws, r);
        double[] oldZ = old.logits(snapshot.params(), x, snapshot.headIndex(key));
        double[] newZ = now.logits(net.params(), x, h);
        expected += reference(oldZ, newZ, units, LAMBDA, rows);
        for (int j = 0; j < n; j++) {
          double[] up = newZ.clone();
          double[] down = newZ.clone();
          up[j] += 1e-4;
          down[j] -= 1e-4;
          double numeric =
              (reference(oldZ, up, units, LAMBDA, rows)
                      - reference(oldZ, down, units, LAMBDA, rows))
                  / 2e-4;
          float added = ws.logitGradient(h)[r * n + j] - before[h][r * n + j];
          assertEquals(
              numeric, added, 1e-5 + 1e-3 * Math.abs(numeric), "head " + key + " " + r + "," + j);
        }
      }
    }
    assertTrue(expected > 1e-3, "the snapshot and the network must differ: " + expected);
    assertEquals(expected, value, 1e-5 * expected);
    for (int h = 0; h < net.headCount(); h++) {
      if (!distilled[h]) {
        assertArrayEquals(before[h], ws.logitGradient(h), "head " + h + " is not distilled");
      }
    }
  }

  /** One head per task: every old head but the one being trained is distilled. */
  @Test
  void perTaskHeadsDistilEveryOldHead() {
    LearningWithoutForgetting lwf = lwf(LAMBDA);
    Mlp net = trained(0, lwf);
    Mlp task0 = net.copy();
    Rng rng = new Rng(9);
    net.ensureClasses(1, new int[] {3, 4}, rng);
    perturb(net, 2, 0.3);
    lwf.afterTask(new ContinualMethod.TaskEnd(net, null, 1, 1, rng));
    Mlp snapshot = net.copy();
    net.ensureClasses(2, new int[] {5, 6}, rng);
    perturb(net, 3, 0.3);
    // training task 2: heads 0 and 1 are distilled
    assertArrayEquals(new int[] {net.headIndex(0), net.headIndex(1)}, lwf.outputHeads(net, 2));
    check(lwf, snapshot, net, 2, new int[] {0, 1});
    // training task 0 again: its own head is trained, not distilled
    assertArrayEquals(new int[] {net.headIndex(1)}, lwf.outputHeads(net, 0));
    check(lwf, snapshot, net, 0, new int[] {1});
    // a larger batch than before (replay doubles a step's rows): the snapshot's buffers follow
    check(lwf, snapshot, net, 2, new int[] {0, 1}, 3 * ROWS);
    assertTrue(task0.parameterCount() < snapshot.parameterCount());
  }

  /**
   * The automatic λ's scale ({@link LearningWithoutForgetting#unitPenalty}) is the term per unit of
   * λ on the rows given: T² KL(old ‖ new) averaged over the rows, summed over every head the
   * snapshot has (the new task's head does not exist in it), computed here by per-example loops.
   */
  @Test
  void unitPenaltyIsTheTermPerUnitLambdaOverTheSnapshotsHeads() {
    LearningWithoutForgetting lwf = lwf(LAMBDA);
    Mlp net = trained(0, lwf);
    Rng rng = new Rng(12);
    net.ensureClasses(1, new int[] {3, 4}, rng);
    perturb(net, 6, 0.3);
    lwf.afterTask(new ContinualMethod.TaskEnd(net, null, 1, 1, rng));
    Mlp snapshot = net.copy();
    net.ensureClasses(2, new int[] {5, 6}, rng);
    perturb(net, 7, 0.3);
    int rows = 9;
    Workspace ws = batch(net, 8, rows);
    float[] x = java.util.Arrays.copyOf(ws.input(), rows * IN);
    double expected = 0;
    NaiveNetwork now = new NaiveNetwork(net);
    NaiveNetwork old = new NaiveNetwork(snapshot);
    for (int key : new int[] {0, 1}) {
      int h = snapshot.headIndex(key);
      for (int r = 0; r < rows; r++) {
        double[] oldZ = old.logits(snapshot.params(), row(ws, r), h);
        double[] newZ = now.logits(net.params(), row(ws, r), net.headIndex(key));
        expected += reference(oldZ, newZ, snapshot.headSize(h), 1, rows);
      }
    }
    assertTrue(expected > 1e-3, "the snapshot and the network must differ: " + expected);
    double unit = lwf.unitPenalty(net, new TaskData(x, IN, new int[rows]));
    assertEquals(expected, unit, 1e-5 * expected);
    assertEquals(
        0, lwf(LAMBDA).unitPenalty(net, new TaskData(x, IN, new int[rows])), "no snapshot");
    assertEquals(0, lwf.unitPenalty(net, new TaskData(new float[0], IN, new int[0])), "no rows");
  }

  /** One shared head: the units of the old classes are distilled, the new ones are not. */
  @Test
  void aSharedHeadDistilsTheOldClassesUnits() {
    LearningWithoutForgetting lwf = lwf(LAMBDA);
    Mlp net = trained(Mlp.SHARED_HEAD, lwf);
    Mlp snapshot = net.copy();
    net.ensureClasses(Mlp.SHARED_HEAD, new int[] {3, 4}, new Rng(10));
    perturb(net, 4, 0.3);
    assertArrayEquals(new int[] {0}, lwf.outputHeads(net, Mlp.SHARED_HEAD));
    check(lwf, snapshot, net, Mlp.SHARED_HEAD, new int[] {Mlp.SHARED_HEAD});
  }

  @Test
  void nothingIsDistilledBeforeASnapshotOrWithLambdaZero() {
    LearningWithoutForgetting fresh = lwf(LAMBDA);
    Rng rng = new Rng(11);
    Mlp net = new Mlp(IN, new int[] {5}, Activation.TANH, Initialisation.XAVIER, rng);
    net.ensureClasses(0, new int[] {0, 1}, rng);
    Workspace ws = batch(net, 6);
    assertEquals(0, fresh.outputHeads(net, 1).length);
    assertEquals(0, fresh.outputLoss(new ContinualMethod.Step(net, ws, 0, ROWS, ROWS, 1, 1, null)));
    assertEquals(0, fresh.memoryBytes());
    LearningWithoutForgetting zero = lwf(0);
    Mlp trained = trained(0, zero);
    trained.ensureClasses(1, new int[] {3}, rng);
    perturb(trained, 5, 0.3);
    Workspace ws2 = batch(trained, 7);
    float[] dz = ws2.logitGradient(0).clone();
    assertEquals(0, zero.outputHeads(trained, 1).length);
    assertEquals(
        0, zero.outputLoss(new ContinualMethod.Step(trained, ws2, 0, ROWS, ROWS, 1, 1, null)));
    assertArrayEquals(dz, ws2.logitGradient(0));
  }

  @Test
  void lambdaTemperatureAndWarmupComeFromTheSpec() {
    LearningWithoutForgetting lwf = lwf(LAMBDA);
    assertEquals(2, lwf.warmupEpochs());
    assertEquals(0, new LearningWithoutForgetting(MethodSpec.of(Method.LWF)).warmupEpochs());
    assertEquals(0, new LearningWithoutForgetting(MethodSpec.of(Method.LWF)).lambda());
    assertEquals(LAMBDA, lwf.lambda());
    lwf.setLambda(0);
    assertEquals(0, lwf.lambda());
    lwf.setLambda(5);
    for (double bad : new double[] {-0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> lwf.setLambda(bad));
      assertTrue(e.getMessage().contains("lambda"), e.getMessage());
    }
    assertEquals(5, lwf.lambda());
    assertEquals(Method.LWF, lwf.spec().method());
  }

  @Test
  void savedStateDistilsTheSame() throws IOException {
    LearningWithoutForgetting lwf = lwf(LAMBDA);
    Mlp net = trained(0, lwf);
    assertEquals(4L * net.parameterCount(), lwf.memoryBytes());
    Mlp snapshot = net.copy();
    net.ensureClasses(1, new int[] {3, 4}, new Rng(12));
    perturb(net, 6, 0.3);
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    lwf.write(new DataOutputStream(bos));
    LearningWithoutForgetting back = lwf(1);
    back.read(new DataInputStream(new ByteArrayInputStream(bos.toByteArray())));
    assertEquals(LAMBDA, back.lambda());
    assertEquals(lwf.memoryBytes(), back.memoryBytes());
    check(back, snapshot, net, 1, new int[] {0});
    // a state without a snapshot reads back as one
    ByteArrayOutputStream empty = new ByteArrayOutputStream();
    lwf(2).write(new DataOutputStream(empty));
    back.read(new DataInputStream(new ByteArrayInputStream(empty.toByteArray())));
    assertEquals(2, back.lambda());
    assertEquals(0, back.memoryBytes());
    assertEquals(0, back.outputHeads(net, 1).length);
  }

  @Test
  void aStateWithLambdaZeroReadsBack() throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    lwf(0).write(new DataOutputStream(bos));
    LearningWithoutForgetting back = lwf(3);
    back.read(new DataInputStream(new ByteArrayInputStream(bos.toByteArray())));
    assertEquals(0, back.lambda());
  }

  @Test
  void anInvalidLambdaInAStateIsRefused() throws IOException {
    for (double bad :
        new double[] {-1, Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY}) {
      ByteArrayOutputStream bos = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bos);
      out.writeDouble(bad);
      out.writeBoolean(false);
      LearningWithoutForgetting lwf = lwf(1);
      IOException e =
          assertThrows(
              IOException.class,
              () -> lwf.read(new DataInputStream(new ByteArrayInputStream(bos.toByteArray()))));
      assertTrue(e.getMessage().contains("lambda"), e.getMessage());
      assertEquals(1, lwf.lambda());
    }
  }
}
