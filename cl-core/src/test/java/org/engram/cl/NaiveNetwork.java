package org.engram.cl;

import java.util.function.DoubleSupplier;
import org.engram.cl.nn.Activation;
import org.engram.cl.nn.Mlp;

/**
 * An independent reference for the science tests: the network's forward pass, the losses and the
 * penalties written as plain per-example loops in double precision, reading only the parameter
 * layout (offsets) from {@link Mlp}. Nothing here calls the code under test's arithmetic.
 */
public final class NaiveNetwork {
  private final Mlp layout;

  /**
   * @param layout the network whose parameter layout (offsets, sizes) to read
   */
  public NaiveNetwork(Mlp layout) {
    this.layout = layout;
  }

  /**
   * @param params parameters in the layout's order
   * @param x one example
   * @param head a head index
   * @return the head's logits for x
   */
  public double[] logits(float[] params, double[] x, int head) {
    double[] a = x;
    int in = layout.inputSize();
    for (int l = 0; l < layout.hiddenCount(); l++) {
      int out = layout.hiddenSize(l);
      int w = layout.trunkWeightOffset(l);
      int b = layout.trunkBiasOffset(l);
      double[] z = new double[out];
      for (int j = 0; j < out; j++) {
        double s = params[b + j];
        for (int i = 0; i < in; i++) {
          s += a[i] * params[w + i * out + j];
        }
        z[j] = layout.activation() == Activation.RELU ? Math.max(0, s) : Math.tanh(s);
      }
      a = z;
      in = out;
    }
    int n = layout.headSize(head);
    int w = layout.headWeightOffset(head);
    int b = layout.headBiasOffset(head);
    double[] z = new double[n];
    for (int j = 0; j < n; j++) {
      double s = params[b + j];
      for (int i = 0; i < in; i++) {
        s += a[i] * params[w + i * n + j];
      }
      z[j] = s;
    }
    return z;
  }

  /**
   * @param z logits
   * @param t temperature
   * @return log softmax(z / t)
   */
  public static double[] logSoftmax(double[] z, double t) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v / t);
    }
    double sum = 0;
    for (double v : z) {
      sum += Math.exp(v / t - max);
    }
    double[] out = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      out[i] = z[i] / t - max - Math.log(sum);
    }
    return out;
  }

  /**
   * @param head a head index
   * @param label a global class id
   * @return the unit of the head that stands for the class
   */
  public int unit(int head, int label) {
    int[] classes = layout.headClasses(head);
    for (int u = 0; u < classes.length; u++) {
      if (classes[u] == label) {
        return u;
      }
    }
    throw new IllegalArgumentException("no unit for class " + label);
  }

  /**
   * @return −log p(label | x) through the head
   */
  public double crossEntropy(float[] params, double[] x, int head, int label) {
    return -logSoftmax(logits(params, x, head), 1)[unit(head, label)];
  }

  /**
   * @return KL(softmax(old/T) ‖ softmax(new/T)) over the first {@code units} logits
   */
  public static double kl(double[] oldZ, double[] newZ, int units, double t) {
    double[] lq = logSoftmax(java.util.Arrays.copyOf(oldZ, units), t);
    double[] lp = logSoftmax(java.util.Arrays.copyOf(newZ, units), t);
    double kl = 0;
    for (int j = 0; j < units; j++) {
      kl += Math.exp(lq[j]) * (lq[j] - lp[j]);
    }
    return kl;
  }

  /**
   * Compares an analytic gradient with central differences of a loss, per parameter. Where a ReLU
   * kink lies inside the interval, a one-sided difference must match instead.
   *
   * @param params the parameters the loss reads (perturbed in place, restored)
   * @param analytic the gradient to check
   * @param loss the loss at the current parameters
   * @param what names the case in failure messages
   * @return the largest absolute difference found where no kink was involved
   */
  public static double checkGradient(
      float[] params, double[] analytic, DoubleSupplier loss, String what) {
    float h = 1e-3f;
    double worst = 0;
    int kinks = 0;
    for (int i = 0; i < params.length; i++) {
      float saved = params[i];
      double f0 = loss.getAsDouble();
      params[i] = saved + h;
      double up = loss.getAsDouble();
      float hu = params[i] - saved;
      params[i] = saved - h;
      double down = loss.getAsDouble();
      float hd = saved - params[i];
      params[i] = saved;
      double central = (up - down) / (hu + hd);
      double tol = 2e-4 + 2e-3 * Math.abs(central);
      if (Math.abs(central - analytic[i]) <= tol) {
        worst = Math.max(worst, Math.abs(central - analytic[i]));
        continue;
      }
      double right = (up - f0) / hu;
      double left = (f0 - down) / hd;
      boolean kink =
          Math.abs(right - left) > 10 * tol
              && (Math.abs(right - analytic[i]) <= 3 * tol
                  || Math.abs(left - analytic[i]) <= 3 * tol);
      if (!kink) {
        throw new AssertionError(
            what
                + ": parameter "
                + i
                + " has gradient "
                + analytic[i]
                + ", finite differences give "
                + central);
      }
      kinks++;
    }
    if (kinks > params.length / 10) {
      throw new AssertionError(what + ": too many kinks (" + kinks + "), the check proves little");
    }
    return worst;
  }
}
