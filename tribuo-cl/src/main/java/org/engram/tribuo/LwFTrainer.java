package org.engram.tribuo;

import org.engram.cl.HeadMode;
import org.engram.cl.method.Hyperparameter;
import org.engram.cl.method.Method;

/**
 * Learning without forgetting: a {@link ContinualTrainer} preset with the method {@link
 * Method#LWF}. A frozen copy of the network from the end of the previous task labels the new task's
 * examples with its softened outputs, and the network pays λ · T² · KL between those and its own
 * outputs at temperature T, so old outputs are kept without old data.
 *
 * <p>Z. Li and D. Hoiem, "Learning without Forgetting", IEEE TPAMI 40(12), 2018, eq. 2 (ECCV 2016).
 */
public final class LwFTrainer extends ContinualTrainer {
  /** An LwF trainer with the core's defaults (λ automatic). */
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
    assign(Hyperparameter.LAMBDA, lambda);
    assign(Hyperparameter.TEMPERATURE, temperature);
    postConfig();
  }

  @Override
  protected Method presetMethod() {
    return Method.LWF;
  }
}
