package org.engram.cl.importance;

import org.engram.cl.data.TaskData;
import org.engram.cl.nn.IndexMap;
import org.engram.cl.nn.Mlp;
import org.engram.cl.util.Rng;

/**
 * Synaptic Intelligence (Zenke et al. 2017, "Continual Learning Through Synaptic Intelligence",
 * ICML): the path integral ω_i = −Σ_steps g_i Δθ_i of the task loss's gradient along the training
 * trajectory, normalised at the end of the task (eq. 5): Ω_i = max(0, ω_i / ((Δθ_i)² + ξ)), Δθ the
 * parameter change over the whole task, ξ the damping.
 *
 * <p>g is the data gradient before any penalty, as in the paper. Negative contributions are clipped
 * to zero so that the importance, like every other estimator's, is non-negative.
 */
public final class SynapticIntelligence implements ImportanceEstimator {
  private final double damping;
  private float[] start;
  private float[] previous;
  private float[] gradient;
  private double[] omega;

  /**
   * @param damping ξ, positive
   */
  public SynapticIntelligence(double damping) {
    if (!(damping > 0)) {
      throw new IllegalArgumentException("damping must be positive, got " + damping);
    }
    this.damping = damping;
  }

  @Override
  public boolean needsSamples() {
    return false;
  }

  @Override
  public void beforeTask(float[] params) {
    start = params.clone();
    previous = params.clone();
    gradient = new float[params.length];
    omega = new double[params.length];
  }

  @Override
  public void observeGradient(float[] grad, int from, int to) {
    System.arraycopy(grad, from, gradient, from, to - from);
  }

  @Override
  public void observeStep(float[] params) {
    for (int i = 0; i < params.length; i++) {
      omega[i] -= gradient[i] * (params[i] - previous[i]);
      previous[i] = params[i];
    }
  }

  @Override
  public float[] estimate(Mlp net, TaskData sample, int head, Rng rng) {
    float[] params = net.params();
    float[] out = new float[params.length];
    if (omega == null) {
      return out;
    }
    for (int i = 0; i < params.length; i++) {
      double delta = params[i] - start[i];
      out[i] = (float) Math.max(0, omega[i] / (delta * delta + damping));
    }
    return out;
  }

  @Override
  public void remap(IndexMap map) {
    start = map.remap(start);
    previous = map.remap(previous);
    gradient = map.remap(gradient);
    omega = map.remap(omega);
  }
}
