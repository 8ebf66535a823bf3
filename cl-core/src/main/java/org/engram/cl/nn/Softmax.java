package org.engram.cl.nn;

/**
 * Softmax, cross-entropy and knowledge-distillation losses on row-major logit blocks.
 *
 * <p>All functions are numerically stable (max subtraction) and write their gradient with respect
 * to the logits into a caller-owned array, so the training loop allocates nothing.
 */
public final class Softmax {
  private Softmax() {}

  /**
   * Turns one row of logits into probabilities in place.
   *
   * @param z logits
   * @param off row offset
   * @param n row length
   */
  public static void probabilities(float[] z, int off, int n) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < n; j++) {
      max = Math.max(max, z[off + j]);
    }
    double sum = 0;
    for (int j = 0; j < n; j++) {
      double e = Math.exp(z[off + j] - max);
      z[off + j] = (float) e;
      sum += e;
    }
    for (int j = 0; j < n; j++) {
      z[off + j] = (float) (z[off + j] / sum);
    }
  }

  /**
   * Weighted softmax cross-entropy over a batch, L = (1/scale) Σ_r w_r · −log p(y_r | x_r).
   *
   * <p>Works on rows [from, to) of row-major blocks with n columns; rows are independent, so
   * disjoint ranges of one batch may be computed concurrently.
   *
   * @param z logits, row-major with n columns
   * @param n units per row
   * @param from first row
   * @param to one past the last row
   * @param target target unit per row, or -1 for a row that does not take part
   * @param weight per-row weight, or null for all ones
   * @param scale divisor (the batch size, to average)
   * @param dz receives the gradient with respect to z (rows without a target get zeros)
   * @return the loss of those rows
   */
  public static double crossEntropy(
      float[] z, int n, int from, int to, int[] target, float[] weight, double scale, float[] dz) {
    double loss = 0;
    for (int r = from; r < to; r++) {
      int off = r * n;
      int t = target[r];
      if (t < 0) {
        java.util.Arrays.fill(dz, off, off + n, 0f);
        continue;
      }
      double w = (weight == null ? 1.0 : weight[r]) / scale;
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < n; j++) {
        max = Math.max(max, z[off + j]);
      }
      double sum = 0;
      for (int j = 0; j < n; j++) {
        sum += Math.exp(z[off + j] - max);
      }
      double logSum = max + Math.log(sum);
      loss += w * (logSum - z[off + t]);
      for (int j = 0; j < n; j++) {
        double p = Math.exp(z[off + j] - logSum);
        dz[off + j] = (float) (w * (p - (j == t ? 1 : 0)));
      }
    }
    return loss;
  }

  /**
   * Knowledge distillation (Hinton et al. 2015; LwF, Li and Hoiem 2017, eq. 2): L = (T² / scale)
   * Σ_r KL(q_r ‖ p_r) with q = softmax(old / T) and p = softmax(new / T), over the first {@code n}
   * units of each row.
   *
   * <p>The T² factor keeps the gradient's size independent of T (Hinton's convention, also van de
   * Ven's); Avalanche's LwF omits it, so its λ is T² times ours. The gradient with respect to the
   * new logits is T (p − q) / scale.
   *
   * <p>Works on rows [from, to); disjoint ranges of one batch may be computed concurrently.
   *
   * @param newZ new logits, row-major with newStride columns
   * @param newStride units per row of newZ (at least n)
   * @param oldZ old logits, row-major with n columns
   * @param n units distilled
   * @param from first row
   * @param to one past the last row
   * @param temperature T, positive
   * @param scale divisor (the batch size)
   * @param weight factor applied to value and gradient (λ)
   * @param rowWeights each row's weight, indexed by row as the logits are (its example's weight, as
   *     in the cross-entropy: a row weighted out is not distilled either), or null for 1
   * @param dz gradient accumulator for newZ, row-major with newStride columns (added to)
   * @return the loss of those rows
   */
  public static double distillation(
      float[] newZ,
      int newStride,
      float[] oldZ,
      int n,
      int from,
      int to,
      double temperature,
      double scale,
      double weight,
      float[] rowWeights,
      float[] dz) {
    double loss = 0;
    double t = temperature;
    for (int r = from; r < to; r++) {
      double w = rowWeights == null ? weight : weight * rowWeights[r];
      if (w == 0) {
        continue;
      }
      int no = r * newStride;
      int oo = r * n;
      double maxN = Double.NEGATIVE_INFINITY;
      double maxO = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < n; j++) {
        maxN = Math.max(maxN, newZ[no + j] / t);
        maxO = Math.max(maxO, oldZ[oo + j] / t);
      }
      double sN = 0;
      double sO = 0;
      for (int j = 0; j < n; j++) {
        sN += Math.exp(newZ[no + j] / t - maxN);
        sO += Math.exp(oldZ[oo + j] / t - maxO);
      }
      double lseN = maxN + Math.log(sN);
      double lseO = maxO + Math.log(sO);
      for (int j = 0; j < n; j++) {
        double logQ = oldZ[oo + j] / t - lseO;
        double logP = newZ[no + j] / t - lseN;
        double q = Math.exp(logQ);
        double p = Math.exp(logP);
        loss += w * t * t * q * (logQ - logP) / scale;
        dz[no + j] += (float) (w * t * (p - q) / scale);
      }
    }
    return loss;
  }
}
