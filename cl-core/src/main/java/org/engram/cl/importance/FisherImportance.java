package org.engram.cl.importance;

import org.engram.cl.data.TaskData;
import org.engram.cl.nn.GradientMode;
import org.engram.cl.nn.Mlp;
import org.engram.cl.nn.Softmax;
import org.engram.cl.util.Rng;

/**
 * The diagonal of the Fisher information, EWC's importance (Kirkpatrick et al. 2017, "Overcoming
 * catastrophic forgetting in neural networks", PNAS): F_i = E_x E_y [(∂ log p(y|x,θ) / ∂θ_i)²],
 * averaged per sample over up to N examples of the task.
 *
 * <p>This is the per-sample Fisher of the paper. Avalanche squares the gradient of each minibatch's
 * mean loss instead, which is about batch-size times smaller, so its λ values do not transfer.
 */
public final class FisherImportance implements ImportanceEstimator {

  /** Where the label y in the expectation comes from. */
  public enum Variant {
    /** The true label of each example (the "empirical Fisher"; Avalanche, FACIL). */
    EMPIRICAL,
    /** A label drawn from the model's predictive distribution p(y|x). */
    SAMPLED,
    /**
     * The expectation over all labels, Σ_y p(y|x)(∂ log p(y|x)/∂θ)² (van de Ven 2025's default).
     */
    EXACT
  }

  private final Variant variant;

  /**
   * @param variant how labels are chosen
   */
  public FisherImportance(Variant variant) {
    this.variant = variant;
  }

  @Override
  public float[] estimate(Mlp net, TaskData sample, int head, Rng rng) {
    int[] classes = net.headClasses(head);
    return PerSampleGradients.mean(
        net,
        sample,
        head,
        GradientMode.SQUARED,
        (z, n, rows, first, pass) -> {
          float[] p = z.clone();
          for (int r = 0; r < rows; r++) {
            Softmax.probabilities(p, r * n, n);
          }
          float[] dz = new float[rows * n];
          if (variant == Variant.EXACT) {
            // One pass per label, each row scaled by sqrt(p_y): squaring then weights it by p_y.
            for (int y = 0; y < n; y++) {
              for (int r = 0; r < rows; r++) {
                float s = (float) Math.sqrt(p[r * n + y]);
                for (int j = 0; j < n; j++) {
                  dz[r * n + j] = s * (p[r * n + j] - (j == y ? 1f : 0f));
                }
              }
              pass.backward(dz);
            }
            return;
          }
          for (int r = 0; r < rows; r++) {
            int y =
                variant == Variant.EMPIRICAL
                    ? unitOf(classes, sample.label(first + r))
                    : draw(p, r * n, n, rng);
            for (int j = 0; j < n; j++) {
              dz[r * n + j] = p[r * n + j] - (j == y ? 1f : 0f);
            }
          }
          pass.backward(dz);
        });
  }

  private static int unitOf(int[] classes, int label) {
    for (int j = 0; j < classes.length; j++) {
      if (classes[j] == label) {
        return j;
      }
    }
    throw new IllegalArgumentException("class " + label + " has no unit in the task's head");
  }

  private static int draw(float[] p, int off, int n, Rng rng) {
    double u = rng.nextDouble();
    double c = 0;
    for (int j = 0; j < n - 1; j++) {
      c += p[off + j];
      if (u < c) {
        return j;
      }
    }
    return n - 1;
  }
}
