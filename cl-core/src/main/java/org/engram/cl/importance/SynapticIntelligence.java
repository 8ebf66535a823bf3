package org.engram.cl.importance;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.engram.cl.data.TaskData;
import org.engram.cl.nn.IndexMap;
import org.engram.cl.nn.Mlp;
import org.engram.cl.util.Rng;
import org.engram.cl.util.Spare;

/**
 * Synaptic Intelligence (Zenke et al. 2017, "Continual Learning Through Synaptic Intelligence",
 * ICML): the path integral ω_i = −Σ_steps g_i Δθ_i of the task loss's gradient along the training
 * trajectory, normalised at the end of the task (eq. 5): Ω_i = ω_i / ((Δθ_i)² + ξ), Δθ the
 * parameter change over the whole task, ξ the damping.
 *
 * <p>g is the data gradient before any penalty is added, as in the paper and the authors' code
 * (ganguli-lab/pathint, {@code unreg_grads}). A task's Ω may be negative here: the consolidation
 * ({@link org.engram.cl.method.Consolidation#clippedSum()}) adds it to the accumulated importance
 * and clips the sum at zero, as the authors' code does ({@code relu(prev + ω/(Δ² + ξ))}), rather
 * than clipping each task's contribution.
 *
 * <p>Parameters created while a task runs (a new output unit) start their path at their initial
 * value, so their Δθ is the change since they were created.
 */
public final class SynapticIntelligence implements ImportanceEstimator {
  private final double damping;
  private float[] start;
  private float[] previous;
  private float[] gradient;
  private double[] omega;

  /** What the last checkpoint copied (reused by the next; null once restored). */
  private float[] savedPrevious;

  private double[] savedOmega;

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
    if (gradient != null) { // no path outside a task
      System.arraycopy(grad, from, gradient, from, to - from);
    }
  }

  @Override
  public void observeStep(float[] params) {
    if (omega == null) {
      return;
    }
    for (int i = 0; i < params.length; i++) {
      omega[i] -= gradient[i] * (params[i] - previous[i]);
      previous[i] = params[i];
    }
  }

  /**
   * @return the running path integral ω of the task so far (a copy; empty before a task)
   */
  public double[] pathIntegral() {
    return omega == null ? new double[0] : omega.clone();
  }

  /** Returns this task's Ω and ends its path (the next {@link #beforeTask} starts a new one). */
  @Override
  public float[] estimate(Mlp net, TaskData sample, int head, Rng rng) {
    float[] params = net.params();
    float[] out = new float[params.length];
    if (omega == null) {
      return out;
    }
    for (int i = 0; i < params.length; i++) {
      double delta = params[i] - start[i];
      out[i] = (float) (omega[i] / (delta * delta + damping));
    }
    // The task's path ends here; the next task starts a new one.
    start = previous = gradient = null;
    omega = null;
    return out;
  }

  @Override
  public void remap(IndexMap map, float[] params) {
    if (start == null) {
      return;
    }
    start = map.remap(start);
    previous = map.remap(previous);
    gradient = map.remap(gradient);
    omega = map.remap(omega);
    // A parameter created now starts its path here, not at zero.
    boolean[] old = map.inherited();
    for (int i = 0; i < params.length; i++) {
      if (!old[i]) {
        start[i] = params[i];
        previous[i] = params[i];
      }
    }
  }

  @Override
  public Runnable checkpoint() {
    if (omega == null) {
      return () -> {};
    }
    savedPrevious = Spare.copy(previous, savedPrevious);
    savedOmega = Spare.copy(omega, savedOmega);
    float[] s = start;
    float[] p = savedPrevious;
    double[] o = savedOmega;
    return () -> {
      start = s;
      previous = p;
      omega = o;
      gradient = new float[p.length];
      savedPrevious = null; // live again: the next checkpoint copies into new arrays
      savedOmega = null;
    };
  }

  @Override
  public long memoryBytes() {
    return omega == null ? 0 : 16L * omega.length;
  }

  @Override
  public void write(DataOutputStream out) throws IOException {
    out.writeBoolean(omega != null);
    if (omega != null) {
      out.writeInt(omega.length);
      for (int i = 0; i < omega.length; i++) {
        out.writeFloat(start[i]);
        out.writeFloat(previous[i]);
        out.writeDouble(omega[i]);
      }
    }
  }

  @Override
  public void read(DataInputStream in) throws IOException {
    if (!in.readBoolean()) {
      start = previous = gradient = null;
      omega = null;
      return;
    }
    int n = in.readInt();
    if (n < 0 || n > (1 << 28)) {
      throw new IOException("implausible path integral length in state: " + n);
    }
    start = new float[n];
    previous = new float[n];
    gradient = new float[n];
    omega = new double[n];
    for (int i = 0; i < n; i++) {
      start[i] = in.readFloat();
      previous[i] = in.readFloat();
      omega[i] = in.readDouble();
    }
  }
}
