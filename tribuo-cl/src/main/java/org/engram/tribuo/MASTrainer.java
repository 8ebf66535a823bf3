package org.engram.tribuo;

import org.engram.cl.HeadMode;
import org.engram.cl.method.Hyperparameter;
import org.engram.cl.method.Method;

/**
 * Memory aware synapses: a {@link ContinualTrainer} preset with the method {@link Method#MAS}.
 * After each task, a parameter's importance Ω is the mean magnitude of the gradient of the squared
 * L2 norm of the network's output with respect to it (no labels needed); importances add up over
 * tasks and later tasks pay λ Σ Ω (θ − θ*)².
 *
 * <p>R. Aljundi et al., "Memory Aware Synapses: Learning what (not) to forget", ECCV 2018, eq. 4.
 */
public final class MASTrainer extends ContinualTrainer {
  /** A MAS trainer with the core's defaults (λ automatic). */
  public MASTrainer() {
    postConfig();
  }

  /**
   * A MAS trainer.
   *
   * @param hiddenSizes hidden layer sizes
   * @param epochs epochs per task
   * @param minibatchSize minibatch size
   * @param learningRate learning rate
   * @param optimiser the optimiser
   * @param seed the seed
   * @param headMode shared head or one head per task
   * @param lambda penalty strength λ
   * @param importanceSamples examples used to estimate the importance
   * @throws IllegalArgumentException naming an invalid value
   */
  public MASTrainer(
      int[] hiddenSizes,
      int epochs,
      int minibatchSize,
      double learningRate,
      OptimiserType optimiser,
      long seed,
      HeadMode headMode,
      double lambda,
      int importanceSamples) {
    super(hiddenSizes, epochs, minibatchSize, learningRate, optimiser, seed, headMode);
    assign(Hyperparameter.LAMBDA, lambda);
    assign(Hyperparameter.IMPORTANCE_SAMPLES, importanceSamples);
    postConfig();
  }

  @Override
  protected Method presetMethod() {
    return Method.MAS;
  }
}
