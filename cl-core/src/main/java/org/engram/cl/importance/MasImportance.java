package org.engram.cl.importance;

import org.engram.cl.data.TaskData;
import org.engram.cl.nn.GradientMode;
import org.engram.cl.nn.Mlp;
import org.engram.cl.util.Rng;

/**
 * Memory Aware Synapses (Aljundi et al. 2018, "Memory Aware Synapses: Learning what (not) to
 * forget", ECCV, eq. 2-3): Ω_i = mean over samples of |∂ ‖f(x)‖² / ∂θ_i|, f the head's logits.
 * Needs no labels.
 */
public final class MasImportance implements ImportanceEstimator {

  @Override
  public float[] estimate(Mlp net, TaskData sample, int head, Rng rng) {
    return PerSampleGradients.mean(
        net,
        sample,
        head,
        GradientMode.ABSOLUTE,
        (z, n, rows, first, pass) -> {
          float[] dz = new float[rows * n];
          for (int i = 0; i < rows * n; i++) {
            dz[i] = 2f * z[i];
          }
          pass.backward(dz);
        });
  }
}
