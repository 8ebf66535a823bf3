package org.engram.tribuo;

import com.oracle.labs.mlrg.olcut.config.Config;
import org.engram.cl.HeadMode;
import org.engram.cl.method.Hyperparameter;
import org.engram.cl.method.Method;
import org.engram.cl.method.MethodSpec;

/**
 * Memory aware synapses: after each task, a parameter's importance Ω is the mean magnitude of the
 * gradient of the squared L2 norm of the network's output with respect to it (no labels needed);
 * importances add up over tasks and later tasks pay λ Σ Ω (θ − θ*)².
 *
 * <p>R. Aljundi et al., "Memory Aware Synapses: Learning what (not) to forget", ECCV 2018.
 */
public final class MASTrainer extends ContinualTrainer {
  @Config(description = "Penalty strength λ in λ Σ Ω (θ − θ*)² (>= 0).")
  private double lambda = 10;

  @Config(description = "Examples of a task used to estimate the importance (> 0).")
  private int importanceSamples = 1000;

  /** A MAS trainer with the default hyperparameters. */
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
    this.lambda = lambda;
    this.importanceSamples = importanceSamples;
    postConfig();
  }

  @Override
  protected MethodSpec methodSpec() {
    return MethodSpec.of(Method.MAS)
        .withLambda(lambda)
        .with(Hyperparameter.IMPORTANCE_SAMPLES, importanceSamples);
  }

  @Override
  public String toString() {
    return "MASTrainer("
        + sharedParameters()
        + ",lambda="
        + lambda
        + ",importanceSamples="
        + importanceSamples
        + ")";
  }
}
