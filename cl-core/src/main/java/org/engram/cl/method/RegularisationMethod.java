package org.engram.cl.method;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.engram.cl.importance.ImportanceEstimator;
import org.engram.cl.nn.IndexMap;

/**
 * Every importance-weighted quadratic method in one class: an {@link ImportanceEstimator} computes
 * Ω at the end of each task, a {@link QuadraticPenalty} consolidates it with the anchor θ* and adds
 * s Σ Ω (θ − θ*)² to every later step.
 *
 * <p>EWC, online EWC, MAS, SI and L2 differ only in the estimator, the consolidation rule and the
 * strength convention; {@link MethodSpec#create()} chooses them.
 */
public final class RegularisationMethod implements ContinualMethod {
  private final MethodSpec spec;
  private final ImportanceEstimator estimator;
  private final QuadraticPenalty penalty;

  /**
   * @param spec the description (for saving)
   * @param estimator the importance estimator
   * @param consolidation the consolidation rule
   * @param strength s in P(θ) = s Σ Ω (θ − θ*)², e.g. λ/2 for EWC
   */
  public RegularisationMethod(
      MethodSpec spec,
      ImportanceEstimator estimator,
      Consolidation consolidation,
      double strength) {
    this.spec = spec;
    this.estimator = estimator;
    this.penalty = new QuadraticPenalty(consolidation, strength);
  }

  @Override
  public MethodSpec spec() {
    return spec;
  }

  /**
   * @return the consolidation memory
   */
  public QuadraticPenalty penaltyMemory() {
    return penalty;
  }

  @Override
  public int samplesWanted() {
    return estimator.needsSamples() ? spec.importanceSamples() : 0;
  }

  @Override
  public void beforeTask(org.engram.cl.nn.Mlp net, int taskId) {
    estimator.beforeTask(net.params());
  }

  @Override
  public double penalty(float[] params, float[] grad, int from, int to) {
    estimator.observeGradient(grad, from, to);
    return penalty.addTo(params, grad, from, to);
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
  public void onGrow(IndexMap map) {
    penalty.remap(map);
    estimator.remap(map);
  }

  @Override
  public long memoryBytes() {
    return penalty.memoryBytes() + estimator.memoryBytes();
  }

  @Override
  public void write(DataOutputStream out) throws IOException {
    penalty.write(out);
    estimator.write(out);
  }

  @Override
  public void read(DataInputStream in) throws IOException {
    penalty.read(in);
    estimator.read(in);
  }
}
