package org.engram.tribuo;

import org.engram.cl.HeadMode;
import org.engram.cl.method.Method;

/**
 * Fine-tuning: a {@link ContinualTrainer} preset with the method {@link Method#FINE_TUNE}. Each
 * task simply continues training the network, with no protection of earlier tasks: the baseline
 * that shows how much the other methods prevent catastrophic forgetting (M. McCloskey and N. J.
 * Cohen, "Catastrophic interference in connectionist networks", 1989).
 */
public final class FineTuneTrainer extends ContinualTrainer {
  /** A fine-tuning trainer with the core's defaults. */
  public FineTuneTrainer() {
    postConfig();
  }

  /**
   * A fine-tuning trainer.
   *
   * @param hiddenSizes hidden layer sizes
   * @param epochs epochs per task
   * @param minibatchSize minibatch size
   * @param learningRate learning rate
   * @param optimiser the optimiser
   * @param seed the seed
   * @param headMode shared head or one head per task
   * @throws IllegalArgumentException naming an invalid value
   */
  public FineTuneTrainer(
      int[] hiddenSizes,
      int epochs,
      int minibatchSize,
      double learningRate,
      OptimiserType optimiser,
      long seed,
      HeadMode headMode) {
    super(hiddenSizes, epochs, minibatchSize, learningRate, optimiser, seed, headMode);
    postConfig();
  }

  @Override
  protected Method presetMethod() {
    return Method.FINE_TUNE;
  }
}
