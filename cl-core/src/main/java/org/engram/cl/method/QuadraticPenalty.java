package org.engram.cl.method;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.engram.cl.nn.IndexMap;
import org.engram.cl.util.Denormals;

/**
 * The consolidation memory and its penalty: P(θ) = s · g · Σ_slots Σ_i Ω_i (θ_i − θ*_i)², with g
 * the rule's {@link Consolidation#penaltyScale()} (γ for online EWC, 1 otherwise).
 *
 * <p>The strength s carries each paper's convention: EWC and online EWC use s = λ/2 (Kirkpatrick et
 * al. 2017, eq. 3), MAS, SI and L2 use s = λ (Aljundi et al. 2018, eq. 4; Zenke et al. 2017, eq. 4
 * with c = λ). Its gradient 2 s g Ω (θ − θ*) is added to the gradient, in place, once per
 * optimisation step, block by block inside the optimiser's pass (see {@link
 * org.engram.cl.optim.Optimiser.BlockTerm}): {@link #addGradientTo} on an ordinary step, {@link
 * #addTo}, which also returns the value, on a step whose loss is reported.
 */
public final class QuadraticPenalty {
  private final Consolidation rule;
  private double strength;
  private final List<float[]> anchors = new ArrayList<>();
  private final List<float[]> importances = new ArrayList<>();
  private double tasks;

  /**
   * @param rule how new importance is merged with the old
   * @param strength s, non-negative
   */
  public QuadraticPenalty(Consolidation rule, double strength) {
    this.rule = rule;
    setStrength(strength);
  }

  /**
   * @param value s, finite and non-negative (the memory is kept)
   */
  public void setStrength(double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("penalty strength must be finite and >= 0, got " + value);
    }
    this.strength = value;
  }

  /**
   * @return s
   */
  public double strength() {
    return strength;
  }

  /**
   * @return the largest Σ_slots Ω_i the penalty applies to one parameter, times its scale: with s
   *     it bounds the curvature the penalty adds (2 s max Σ Ω, every slot's term pulling on the
   *     same parameter), which limits plain SGD's stable step
   */
  public double maxImportance() {
    if (importances.isEmpty()) {
      return 0;
    }
    double[] sum = new double[importances.get(0).length];
    for (float[] omega : importances) {
      for (int i = 0; i < omega.length; i++) {
        sum[i] += omega[i];
      }
    }
    double max = 0;
    for (double v : sum) {
      max = Math.max(max, v);
    }
    return max * rule.penaltyScale();
  }

  /**
   * Stores the anchor and importance of a task that just ended, following the consolidation rule.
   * Subnormal importances are flushed ({@link Denormals}): the penalty reads them every step.
   *
   * @param params the parameters at the end of the task (copied)
   * @param importance the task's importance, one entry per parameter (copied; may be negative only
   *     under {@link Consolidation.Kind#CLIPPED_SUM}, which clips the sum)
   */
  public void consolidate(float[] params, float[] importance) {
    if (importance.length != params.length) {
      throw new IllegalArgumentException("importance and parameters differ in length");
    }
    tasks =
        switch (rule.kind()) {
          case PER_TASK, SUM, CLIPPED_SUM -> tasks + 1;
          case ONLINE -> rule.factor() * tasks + 1;
          case RUNNING_AVERAGE, LATEST -> 1;
        };
    if (rule.kind() == Consolidation.Kind.PER_TASK || importances.isEmpty()) {
      anchors.add(params.clone());
      float[] omega = importance.clone();
      boolean clip = rule.kind() == Consolidation.Kind.CLIPPED_SUM;
      for (int i = 0; i < omega.length; i++) {
        omega[i] = Denormals.flush(clip ? Math.max(0f, omega[i]) : omega[i]);
      }
      importances.add(omega);
      return;
    }
    float[] omega = importances.get(0);
    float g = (float) rule.factor();
    for (int i = 0; i < omega.length; i++) {
      omega[i] =
          switch (rule.kind()) {
            case ONLINE -> g * omega[i] + importance[i];
            case RUNNING_AVERAGE -> g * omega[i] + (1 - g) * importance[i];
            case SUM -> omega[i] + importance[i];
            case CLIPPED_SUM -> Math.max(0f, omega[i] + importance[i]);
            case LATEST -> importance[i];
            case PER_TASK -> throw new AssertionError();
          };
      omega[i] = Denormals.flush(omega[i]);
    }
    anchors.set(0, params.clone());
  }

  /**
   * Adds the penalty's gradient to grad[from..to): what an ordinary training step needs (its value
   * is left out). Disjoint ranges may be computed concurrently.
   *
   * @param params current parameters
   * @param grad gradient, added to in place
   * @param from first parameter
   * @param to one past the last parameter
   */
  public void addGradientTo(float[] params, float[] grad, int from, int to) {
    double s = strength * rule.penaltyScale();
    if (s == 0) {
      return;
    }
    float twoS = (float) (2 * s);
    for (int k = 0; k < anchors.size(); k++) {
      addGradient(params, anchors.get(k), importances.get(k), grad, twoS, from, to);
    }
  }

  /**
   * Adds the penalty's gradient to grad[from..to) and returns the penalty's value over those
   * parameters: a step whose loss is reported. Disjoint ranges may be computed concurrently.
   *
   * @param params current parameters
   * @param grad gradient, added to in place
   * @param from first parameter
   * @param to one past the last parameter
   * @return s g Σ_slots Σ_{i ∈ [from, to)} Ω_i (θ_i − θ*_i)²
   */
  public double addTo(float[] params, float[] grad, int from, int to) {
    double s = strength * rule.penaltyScale();
    if (s == 0) {
      return 0;
    }
    float twoS = (float) (2 * s);
    double value = 0;
    for (int k = 0; k < anchors.size(); k++) {
      float[] anchor = anchors.get(k);
      float[] omega = importances.get(k);
      addGradient(params, anchor, omega, grad, twoS, from, to);
      value += s * value(params, anchor, omega, from, to);
    }
    return value;
  }

  /** One slot's gradient over one range: a plain element-wise loop that C2 vectorises. */
  private static void addGradient(
      float[] params, float[] anchor, float[] omega, float[] grad, float twoS, int from, int to) {
    for (int i = from; i < to; i++) {
      grad[i] += twoS * omega[i] * (params[i] - anchor[i]);
    }
  }

  /**
   * One slot's value over one range, a reduction kept in eight independent float lanes (measured
   * 1.4× faster than four; a range of an optimiser block is still in L1 after the gradient).
   *
   * @return Σ Ω (θ − θ*)² over the range
   */
  private static double value(float[] params, float[] anchor, float[] omega, int from, int to) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    float s4 = 0;
    float s5 = 0;
    float s6 = 0;
    float s7 = 0;
    int i = from;
    for (; i + 7 < to; i += 8) {
      float d0 = params[i] - anchor[i];
      float d1 = params[i + 1] - anchor[i + 1];
      float d2 = params[i + 2] - anchor[i + 2];
      float d3 = params[i + 3] - anchor[i + 3];
      float d4 = params[i + 4] - anchor[i + 4];
      float d5 = params[i + 5] - anchor[i + 5];
      float d6 = params[i + 6] - anchor[i + 6];
      float d7 = params[i + 7] - anchor[i + 7];
      s0 += omega[i] * d0 * d0;
      s1 += omega[i + 1] * d1 * d1;
      s2 += omega[i + 2] * d2 * d2;
      s3 += omega[i + 3] * d3 * d3;
      s4 += omega[i + 4] * d4 * d4;
      s5 += omega[i + 5] * d5 * d5;
      s6 += omega[i + 6] * d6 * d6;
      s7 += omega[i + 7] * d7 * d7;
    }
    for (; i < to; i++) {
      float d = params[i] - anchor[i];
      s0 += omega[i] * d * d;
    }
    return ((double) s0 + s1 + s2 + s3) + ((double) s4 + s5 + s6 + s7);
  }

  /**
   * @return how many tasks the memory adds up: the count of tasks for per-task slots and sums, the
   *     decayed count Σ γ^j for online consolidation, 1 for a latest-only or averaged memory (0
   *     before the first task)
   */
  public double tasksHeld() {
    return tasks;
  }

  /**
   * @param params parameters (the layout the memory follows)
   * @return g Σ_slots Σ_i Ω_i (θ_i − θ*_i)²: the penalty per unit of strength
   */
  public double unitValue(float[] params) {
    double v = 0;
    for (int k = 0; k < anchors.size(); k++) {
      float[] anchor = anchors.get(k);
      float[] omega = importances.get(k);
      for (int i = 0; i < params.length; i++) {
        double d = params[i] - anchor[i];
        v += omega[i] * d * d;
      }
    }
    return v * rule.penaltyScale();
  }

  /**
   * @return number of (θ*, Ω) slots held
   */
  public int slots() {
    return anchors.size();
  }

  /**
   * @param slot a slot
   * @return its importance vector (live; do not modify)
   */
  public float[] importance(int slot) {
    return importances.get(slot);
  }

  /**
   * @param slot a slot
   * @return its anchor (live; do not modify)
   */
  public float[] anchor(int slot) {
    return anchors.get(slot);
  }

  /**
   * Follows the network's growth: new parameters get zero importance.
   *
   * @param map where the old parameters went
   */
  public void remap(IndexMap map) {
    anchors.replaceAll(map::remap);
    importances.replaceAll(map::remap);
  }

  /**
   * @return bytes held by anchors and importances
   */
  public long memoryBytes() {
    long b = 0;
    for (int k = 0; k < anchors.size(); k++) {
      b += 4L * (anchors.get(k).length + importances.get(k).length);
    }
    return b;
  }

  void write(DataOutputStream out) throws IOException {
    out.writeDouble(tasks);
    out.writeInt(anchors.size());
    for (int k = 0; k < anchors.size(); k++) {
      States.writeFloats(out, anchors.get(k));
      States.writeFloats(out, importances.get(k));
    }
  }

  void read(DataInputStream in) throws IOException {
    tasks = in.readDouble();
    if (!(tasks >= 0) || Double.isInfinite(tasks)) {
      throw new IOException("invalid task count in penalty state: " + tasks);
    }
    anchors.clear();
    importances.clear();
    int n = States.count(in.readInt(), "penalty slots");
    for (int k = 0; k < n; k++) {
      anchors.add(States.readFloats(in));
      importances.add(States.readFloats(in));
    }
  }
}
