package org.engram.cl.method;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.engram.cl.importance.ImportanceEstimator;
import org.engram.cl.nn.IndexMap;
import org.engram.cl.nn.Mlp;

/**
 * Every importance-weighted quadratic method in one class: an {@link ImportanceEstimator} computes
 * Ω at the end of each task, a {@link QuadraticPenalty} consolidates it with the anchor θ* and adds
 * s Σ Ω (θ − θ*)² to every later step, with s = c λ.
 *
 * <p>EWC, online EWC, MAS, SI and L2 differ only in the estimator, the consolidation rule and the
 * convention c (½ for EWC and online EWC, 1 for the others); their {@link Method} constants choose
 * them.
 */
public final class RegularisationMethod implements ContinualMethod {
  private final MethodSpec spec;
  private final ImportanceEstimator estimator;
  private final QuadraticPenalty penalty;
  private final double convention;
  private double lambda;

  /**
   * @param spec the description (for saving)
   * @param estimator the importance estimator
   * @param consolidation the consolidation rule
   * @param convention c in s = c λ: ½ where the paper writes λ/2 (EWC), else 1
   */
  public RegularisationMethod(
      MethodSpec spec,
      ImportanceEstimator estimator,
      Consolidation consolidation,
      double convention) {
    this.spec = spec;
    this.estimator = estimator;
    this.convention = convention;
    this.penalty = new QuadraticPenalty(consolidation, 0);
  }

  @Override
  public MethodSpec spec() {
    return spec;
  }

  @Override
  public double lambda() {
    return lambda;
  }

  @Override
  public void setLambda(double value) {
    penalty.setStrength(convention * value);
    this.lambda = value;
  }

  /**
   * @return the consolidation memory
   */
  public QuadraticPenalty penaltyMemory() {
    return penalty;
  }

  /**
   * @return the importance estimator
   */
  public ImportanceEstimator estimator() {
    return estimator;
  }

  /**
   * @return c in s = c λ
   */
  public double convention() {
    return convention;
  }

  /**
   * The penalty per unit λ, per task the memory adds up: for EWC's slots and the summed importances
   * of MAS, SI and online EWC it grows with every task, so the average old task's cost is what one
   * new task's gain is balanced against (a fixed λ then protects every old task as much as the
   * first).
   */
  @Override
  public double unitPenalty(Mlp net, org.engram.cl.data.TaskData inputs) {
    double tasks = Math.max(1, penalty.tasksHeld());
    return convention * penalty.unitValue(net.params()) / tasks;
  }

  @Override
  public int samplesWanted() {
    return estimator.needsSamples() ? spec.get(Hyperparameter.IMPORTANCE_SAMPLES) : 0;
  }

  @Override
  public void beforeTask(Mlp net, int taskId) {
    estimator.beforeTask(net.params());
  }

  @Override
  public double penalty(float[] params, float[] grad, int from, int to) {
    estimator.observeGradient(grad, from, to);
    return penalty.addTo(params, grad, from, to);
  }

  @Override
  public void penaltyGradient(float[] params, float[] grad, int from, int to) {
    estimator.observeGradient(grad, from, to);
    penalty.addGradientTo(params, grad, from, to);
  }

  @Override
  public void afterStep(float[] params) {
    estimator.observeStep(params);
  }

  @Override
  public void afterTask(TaskEnd end) {
    float[] omega = estimator.estimate(end.net(), end.sample(), end.head(), end.rng());
    penalty.consolidate(end.net().params(), omega);
  }

  @Override
  public void onGrow(IndexMap map, float[] params) {
    penalty.remap(map);
    estimator.remap(map, params);
  }

  @Override
  public Runnable checkpoint() {
    return estimator.checkpoint();
  }

  @Override
  public long memoryBytes() {
    return penalty.memoryBytes() + estimator.memoryBytes();
  }

  @Override
  public void write(DataOutputStream out) throws IOException {
    out.writeDouble(lambda);
    penalty.write(out);
    estimator.write(out);
  }

  @Override
  public void read(DataInputStream in) throws IOException {
    double l = in.readDouble();
    if (!(l >= 0) || Double.isInfinite(l)) {
      throw new IOException("invalid lambda in state: " + l);
    }
    setLambda(l);
    penalty.read(in);
    estimator.read(in);
  }
}
