package org.engram.tribuo;

import com.oracle.labs.mlrg.olcut.config.Config;
import org.engram.cl.HeadMode;
import org.engram.cl.method.Hyperparameter;
import org.engram.cl.method.Method;
import org.engram.cl.method.MethodSpec;

/**
 * Learning without forgetting: a frozen copy of the network from the end of the previous task
 * labels the new task's examples with its softened outputs, and the network pays λ · T² · KL
 * between those and its own outputs at temperature T, so old outputs are kept without old data.
 *
 * <p>Z. Li and D. Hoiem, "Learning without Forgetting", IEEE TPAMI 40(12), 2018 (ECCV 2016).
 */
public final class LwFTrainer extends ContinualTrainer {
  @Config(description = "Distillation weight λ in λ · T² · KL (>= 0).")
  private double lambda = 1;

  @Config(description = "Distillation temperature T (> 0).")
  private double temperature = 2.0;

  @Config(
      description =
          "Epochs that train only a new task's head before the whole network (PER_TASK heads"
              + " only; >= 0).")
  private int warmupEpochs = 0;

  /** An LwF trainer with the default hyperparameters. */
  public LwFTrainer() {
    postConfig();
  }

  /**
   * An LwF trainer.
   *
   * @param hiddenSizes hidden layer sizes
   * @param epochs epochs per task
   * @param minibatchSize minibatch size
   * @param learningRate learning rate
   * @param optimiser the optimiser
   * @param seed the seed
   * @param headMode shared head or one head per task
   * @param lambda distillation weight λ
   * @param temperature distillation temperature T
   * @throws IllegalArgumentException naming an invalid value
   */
  public LwFTrainer(
      int[] hiddenSizes,
      int epochs,
      int minibatchSize,
      double learningRate,
      OptimiserType optimiser,
      long seed,
      HeadMode headMode,
      double lambda,
      double temperature) {
    super(hiddenSizes, epochs, minibatchSize, learningRate, optimiser, seed, headMode);
    this.lambda = lambda;
    this.temperature = temperature;
    postConfig();
  }

  @Override
  protected MethodSpec methodSpec() {
    return MethodSpec.of(Method.LWF)
        .withLambda(lambda)
        .with(Hyperparameter.TEMPERATURE, temperature)
        .with(Hyperparameter.WARMUP_EPOCHS, warmupEpochs);
  }

  @Override
  public String toString() {
    return "LwFTrainer("
        + sharedParameters()
        + ",lambda="
        + lambda
        + ",temperature="
        + temperature
        + ",warmupEpochs="
        + warmupEpochs
        + ")";
  }
}
