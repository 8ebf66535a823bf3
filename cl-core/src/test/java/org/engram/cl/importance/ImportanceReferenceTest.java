package org.engram.cl.importance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.ToDoubleFunction;
import org.engram.cl.NaiveNetwork;
import org.engram.cl.data.TaskData;
import org.engram.cl.nn.Activation;
import org.engram.cl.nn.Initialisation;
import org.engram.cl.nn.Mlp;
import org.engram.cl.util.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each data-based importance estimator against a naive reference written here: a loop over the
 * examples, one example at a time, whose per-example gradients are central finite differences of
 * the {@link NaiveNetwork}'s loss in double precision. 300 examples cover more than one of the
 * estimators' 256-row chunks; the second head checks the head offsets.
 */
class ImportanceReferenceTest {
  static final int IN = 4;
  static final int ROWS = 300;

  static Mlp net() {
    Rng rng = new Rng(3);
    Mlp m = new Mlp(IN, new int[] {5, 3}, Activation.TANH, Initialisation.XAVIER, rng);
    m.ensureClasses(0, new int[] {0, 1, 2}, rng);
    m.ensureClasses(1, new int[] {7, 4, 5}, rng);
    float[] p = m.params();
    for (int i = 0; i < p.length; i++) {
      p[i] += 0.3f * (float) rng.nextGaussian(); // non-zero biases, larger weights
    }
    return m;
  }

  static TaskData sample(int[] labels) {
    java.util.Random r = new java.util.Random(5);
    double[][] x = new double[ROWS][IN];
    int[] y = new int[ROWS];
    for (int i = 0; i < ROWS; i++) {
      for (int j = 0; j < IN; j++) {
        x[i][j] = r.nextGaussian();
      }
      y[i] = labels[i % labels.length];
    }
    return TaskData.of(x, y);
  }

  static double[] row(TaskData d, int r) {
    double[] x = new double[IN];
    for (int j = 0; j < IN; j++) {
      x[j] = d.feature(r, j);
    }
    return x;
  }

  /** ∂f/∂θ_i for one example by central differences; f reads the (perturbed) parameters. */
  static double[] gradient(float[] p, ToDoubleFunction<float[]> f) {
    double[] g = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      float saved = p[i];
      p[i] = saved + 1e-3f;
      double up = f.applyAsDouble(p);
      float hu = p[i] - saved;
      p[i] = saved - 1e-3f;
      double down = f.applyAsDouble(p);
      float hd = saved - p[i];
      p[i] = saved;
      g[i] = (up - down) / (hu + hd);
    }
    return g;
  }

  static void assertClose(double[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length);
    double scale = 0;
    for (double v : expected) {
      scale = Math.max(scale, Math.abs(v));
    }
    assertTrue(scale > 1e-3, what + ": the reference is all but zero");
    for (int i = 0; i < expected.length; i++) {
      assertEquals(
          expected[i], actual[i], 1e-5 * scale + 2e-3 * Math.abs(expected[i]), what + ", " + i);
    }
  }

  @ParameterizedTest
  @EnumSource(FisherImportance.Variant.class)
  void fisherEqualsTheMeanSquaredPerExampleGradient(FisherImportance.Variant variant) {
    Mlp m = net();
    int head = 1;
    TaskData data = sample(new int[] {7, 4, 5, 4});
    NaiveNetwork ref = new NaiveNetwork(m);
    float[] p = m.params();
    int[] classes = m.headClasses(head);
    Rng draws = new Rng(9);
    double[] expected = new double[p.length];
    for (int r = 0; r < ROWS; r++) {
      double[] x = row(data, r);
      double[] prob = NaiveNetwork.logSoftmax(ref.logits(p, x, head), 1);
      for (int j = 0; j < prob.length; j++) {
        prob[j] = Math.exp(prob[j]);
      }
      for (int u = 0; u < classes.length; u++) {
        double weight =
            switch (variant) {
              case EMPIRICAL -> classes[u] == data.label(r) ? 1 : 0;
              case EXACT -> prob[u];
              case SAMPLED -> 0; // drawn below
            };
        if (weight == 0) {
          continue;
        }
        int label = classes[u];
        double[] g = gradient(p, q -> -ref.crossEntropy(q, x, head, label));
        for (int i = 0; i < p.length; i++) {
          expected[i] += weight * g[i] * g[i] / ROWS;
        }
      }
      if (variant == FisherImportance.Variant.SAMPLED) {
        // inverse-CDF draw of y ~ p(y | x), one uniform number per example in order
        double u = draws.nextDouble();
        int y = classes.length - 1;
        double c = 0;
        for (int j = 0; j < classes.length - 1; j++) {
          c += prob[j];
          if (u < c) {
            y = j;
            break;
          }
        }
        int label = classes[y];
        double[] g = gradient(p, q -> -ref.crossEntropy(q, x, head, label));
        for (int i = 0; i < p.length; i++) {
          expected[i] += g[i] * g[i] / ROWS;
        }
      }
    }
    float[] fisher = new FisherImportance(variant).estimate(m, data, head, new Rng(9));
    assertClose(expected, fisher, variant + " Fisher");
  }

  @Test
  void masEqualsTheMeanAbsolutePerExampleGradientOfTheSquaredOutputNorm() {
    Mlp m = net();
    int head = 0;
    TaskData data = sample(new int[] {0, 1, 2});
    NaiveNetwork ref = new NaiveNetwork(m);
    float[] p = m.params();
    double[] expected = new double[p.length];
    for (int r = 0; r < ROWS; r++) {
      double[] x = row(data, r);
      double[] g =
          gradient(
              p,
              q -> {
                double s = 0;
                for (double z : ref.logits(q, x, head)) {
                  s += z * z;
                }
                return s;
              });
      for (int i = 0; i < p.length; i++) {
        expected[i] += Math.abs(g[i]) / ROWS;
      }
    }
    float[] omega = new MasImportance().estimate(m, data, head, new Rng(1));
    assertClose(expected, omega, "MAS");
  }
}
