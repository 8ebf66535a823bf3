package org.engram.tribuo;

import org.engram.cl.HeadMode;
import org.engram.cl.method.Hyperparameter;
import org.engram.cl.method.Method;

/**
 * Synaptic intelligence: a {@link ContinualTrainer} preset with the method {@link Method#SI}. While
 * a task is learned, each parameter accumulates its contribution to the drop in loss (the path
 * integral −Σ g Δθ); at the boundary its importance is that sum divided by (Δθ)² + ξ, importances
 * add up over tasks, and later tasks pay c Σ Ω (θ − θ*)² (c is {@code lambda}, ξ is {@code
 * damping}).
 *
 * <p>F. Zenke, B. Poole and S. Ganguli, "Continual Learning Through Synaptic Intelligence", ICML
 * 2017, eq. 4-5.
 */
public final class SITrainer extends ContinualTrainer {
  /** An SI trainer with the core's defaults (c automatic). */
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
    assign(Hyperparameter.LAMBDA, lambda);
    assign(Hyperparameter.DAMPING, damping);
    postConfig();
  }

  @Override
  protected Method presetMethod() {
    return Method.SI;
  }
}
