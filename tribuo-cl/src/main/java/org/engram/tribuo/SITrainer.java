package org.engram.tribuo;

import com.oracle.labs.mlrg.olcut.config.Config;
import org.engram.cl.HeadMode;
import org.engram.cl.method.Hyperparameter;
import org.engram.cl.method.Method;
import org.engram.cl.method.MethodSpec;

/**
 * Synaptic intelligence: while a task is learned, each parameter accumulates its contribution to
 * the drop in loss (the path integral −Σ g Δθ); at the boundary its importance is that sum divided
 * by (Δθ)² + ξ, importances add up over tasks, and later tasks pay c Σ Ω (θ − θ*)² (c is {@code
 * lambda}, ξ is {@code damping}).
 *
 * <p>F. Zenke, B. Poole and S. Ganguli, "Continual Learning Through Synaptic Intelligence", ICML
 * 2017.
 */
public final class SITrainer extends ContinualTrainer {
  @Config(description = "Penalty strength c in c Σ Ω (θ − θ*)² (>= 0).")
  private double lambda = 1000;

  @Config(description = "Damping ξ added to the squared parameter change (> 0).")
  private double damping = 0.1;

  /** An SI trainer with the default hyperparameters. */
  public SITrainer() {
    postConfig();
  }

  /**
   * An SI trainer.
   *
   * @param hiddenSizes hidden layer sizes
   * @param epochs epochs per task
   * @param minibatchSize minibatch size
   * @param learningRate learning rate
   * @param optimiser the optimiser
   * @param seed the seed
   * @param headMode shared head or one head per task
   * @param lambda penalty strength c
   * @param damping damping ξ
   * @throws IllegalArgumentException naming an invalid value
   */
  public SITrainer(
      int[] hiddenSizes,
      int epochs,
      int minibatchSize,
      double learningRate,
      OptimiserType optimiser,
      long seed,
      HeadMode headMode,
      double lambda,
      double damping) {
    super(hiddenSizes, epochs, minibatchSize, learningRate, optimiser, seed, headMode);
    this.lambda = lambda;
    this.damping = damping;
    postConfig();
  }

  @Override
  protected MethodSpec methodSpec() {
    return MethodSpec.of(Method.SI).withLambda(lambda).with(Hyperparameter.DAMPING, damping);
  }

  @Override
  public String toString() {
    return "SITrainer(" + sharedParameters() + ",lambda=" + lambda + ",damping=" + damping + ")";
  }
}
