package org.engram.cl.importance;

import java.util.Arrays;
import org.engram.cl.data.TaskData;
import org.engram.cl.nn.Mlp;
import org.engram.cl.util.Rng;

/**
 * Ω = 1 for every parameter: the L2 baseline of the EWC paper (Kirkpatrick et al. 2017, fig. 2).
 */
public final class UniformImportance implements ImportanceEstimator {

  @Override
  public float[] estimate(Mlp net, TaskData sample, int head, Rng rng) {
    float[] omega = new float[net.parameterCount()];
    Arrays.fill(omega, 1f);
    return omega;
  }

  @Override
  public boolean needsSamples() {
    return false;
  }
}
