package org.engram.cl.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleSupplier;
import org.engram.cl.util.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Finite-difference checks of every analytic gradient: the network loss through every layer and
 * both heads, the distillation loss and the MAS objective. Central differences in double around
 * float parameters; tanh and ReLU both checked.
 */
class GradientCheckTest {
  static final int ROWS = 5;
  static final int IN = 4;

  static Mlp net(Activation act, long seed) {
    Rng rng = new Rng(seed);
    Mlp m = new Mlp(IN, new int[] {6, 5}, act, Initialisation.XAVIER, rng);
    m.ensureClasses(0, new int[] {0, 1, 2}, rng);
    m.ensureClasses(1, new int[] {3, 4}, rng);
    // Non-zero biases so that every parameter matters.
    float[] p = m.params();
    for (int i = 0; i < p.length; i++) {
      p[i] += 0.05f * (float) rng.nextGaussian();
    }
    return m;
  }

  static Workspace input(Mlp m, long seed) {
    Workspace ws = m.workspace(ROWS);
    Rng rng = new Rng(seed);
    for (int i = 0; i < ROWS * IN; i++) {
      ws.input()[i] = (float) rng.nextGaussian();
    }
    return ws;
  }

  /**
   * Checks the analytic gradient against central differences of {@code loss}. Where a ReLU kink
   * lies inside the difference interval the central difference averages two slopes; the analytic
   * gradient is then one of the one-sided slopes, which is accepted instead.
   */
  static void check(Mlp m, float[] analytic, DoubleSupplier loss) {
    float[] p = m.params();
    float h = 1e-3f;
    int kinks = 0;
    for (int i = 0; i < p.length; i++) {
      float saved = p[i];
      double f0 = loss.getAsDouble();
      p[i] = saved + h;
      double up = loss.getAsDouble();
      p[i] = saved - h;
      double down = loss.getAsDouble();
      p[i] = saved;
      double central = (up - down) / (2 * h);
      if (close(central, analytic[i])) {
        continue;
      }
      boolean oneSided = close((up - f0) / h, analytic[i]) || close((f0 - down) / h, analytic[i]);
      assertTrue(oneSided, "parameter " + i + ": analytic " + analytic[i] + " numeric " + central);
      kinks++;
    }
    assertTrue(kinks <= p.length / 20, kinks + " parameters needed one-sided differences");
  }

  private static boolean close(double numeric, double analytic) {
    return Math.abs(numeric - analytic) / Math.max(1e-2, Math.abs(numeric) + Math.abs(analytic))
        < 3e-2;
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void crossEntropyThroughEveryLayerAndBothHeads(Activation act) {
    Mlp m = net(act, 3);
    Workspace ws = input(m, 4);
    int[] t0 = {0, 2, 1, -1, -1};
    int[] t1 = {-1, -1, -1, 1, 0};
    float[] w = {1f, 0.5f, 2f, 1f, 1.5f};
    DoubleSupplier loss =
        () -> {
          m.forwardTrunk(ws, ROWS);
          float[] d0 = new float[ROWS * 3];
          float[] d1 = new float[ROWS * 2];
          double l = Softmax.crossEntropy(m.forwardHead(ws, 0, ROWS), 3, 0, ROWS, t0, w, ROWS, d0);
          l += Softmax.crossEntropy(m.forwardHead(ws, 1, ROWS), 2, 0, ROWS, t1, w, ROWS, d1);
          return l;
        };
    float[] grad = new float[m.parameterCount()];
    m.forwardTrunk(ws, ROWS);
    m.beginBackward(ws, ROWS);
    float[] d0 = new float[ROWS * 3];
    float[] d1 = new float[ROWS * 2];
    Softmax.crossEntropy(m.forwardHead(ws, 0, ROWS), 3, 0, ROWS, t0, w, ROWS, d0);
    m.backwardHead(ws, 0, ROWS, d0, grad, GradientMode.SUM);
    Softmax.crossEntropy(m.forwardHead(ws, 1, ROWS), 2, 0, ROWS, t1, w, ROWS, d1);
    m.backwardHead(ws, 1, ROWS, d1, grad, GradientMode.SUM);
    m.backwardTrunk(ws, ROWS, grad, GradientMode.SUM);
    check(m, grad, loss);
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void distillationLoss(Activation act) {
    Mlp old = net(act, 5);
    Mlp m = old.copy();
    Rng rng = new Rng(9);
    float[] p = m.params();
    for (int i = 0; i < p.length; i++) {
      p[i] += 0.2f * (float) rng.nextGaussian();
    }
    // The new network has one more unit than the old; only the old units are distilled.
    m.ensureClasses(0, new int[] {7}, rng);
    Workspace ws = input(m, 6);
    Workspace oldWs = input(old, 6);
    old.forwardTrunk(oldWs, ROWS);
    float[] oldZ = old.forwardHead(oldWs, 0, ROWS).clone();
    double temperature = 2.0;
    // each row's example weight, one weighted out: the check covers the weighted gradient
    float[] rowWeights = new float[ROWS];
    for (int r = 0; r < ROWS; r++) {
      rowWeights[r] = r == 1 ? 0f : 0.5f + r % 3;
    }
    DoubleSupplier loss =
        () -> {
          m.forwardTrunk(ws, ROWS);
          float[] z = m.forwardHead(ws, 0, ROWS);
          return Softmax.distillation(
              z, 4, oldZ, 3, 0, ROWS, temperature, ROWS, 0.7, rowWeights, new float[ROWS * 4]);
        };
    float[] grad = new float[m.parameterCount()];
    m.forwardTrunk(ws, ROWS);
    m.beginBackward(ws, ROWS);
    float[] dz = new float[ROWS * 4];
    Softmax.distillation(
        m.forwardHead(ws, 0, ROWS), 4, oldZ, 3, 0, ROWS, temperature, ROWS, 0.7, rowWeights, dz);
    m.backwardHead(ws, 0, ROWS, dz, grad, GradientMode.SUM);
    m.backwardTrunk(ws, ROWS, grad, GradientMode.SUM);
    check(m, grad, loss);
    assertEquals(0f, dz[3], "the new unit gets no distillation gradient");
    for (int j = 0; j < 4; j++) {
      assertEquals(0f, dz[4 + j], "a row of weight 0 is not distilled");
    }
    // weights of 1 are no weights
    java.util.Arrays.fill(rowWeights, 1f);
    float[] ones = new float[ROWS * 4];
    float[] none = new float[ROWS * 4];
    m.forwardTrunk(ws, ROWS);
    float[] z = m.forwardHead(ws, 0, ROWS);
    assertEquals(
        Softmax.distillation(z, 4, oldZ, 3, 0, ROWS, temperature, ROWS, 0.7, null, none),
        Softmax.distillation(z, 4, oldZ, 3, 0, ROWS, temperature, ROWS, 0.7, rowWeights, ones));
    org.junit.jupiter.api.Assertions.assertArrayEquals(none, ones);
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void masObjectiveIsTheSquaredNormOfTheLogits(Activation act) {
    Mlp m = net(act, 7);
    Workspace ws = input(m, 8);
    DoubleSupplier loss =
        () -> {
          m.forwardTrunk(ws, ROWS);
          float[] z = m.forwardHead(ws, 0, ROWS);
          double s = 0;
          for (int i = 0; i < ROWS * 3; i++) {
            s += (double) z[i] * z[i];
          }
          return s;
        };
    float[] grad = new float[m.parameterCount()];
    m.forwardTrunk(ws, ROWS);
    m.beginBackward(ws, ROWS);
    float[] z = m.forwardHead(ws, 0, ROWS);
    float[] dz = new float[ROWS * 3];
    for (int i = 0; i < dz.length; i++) {
      dz[i] = 2 * z[i];
    }
    m.backwardHead(ws, 0, ROWS, dz, grad, GradientMode.SUM);
    m.backwardTrunk(ws, ROWS, grad, GradientMode.SUM);
    check(m, grad, loss);
  }
}
