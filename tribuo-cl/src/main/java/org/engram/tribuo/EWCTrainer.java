package org.engram.tribuo;

import com.oracle.labs.mlrg.olcut.config.Config;
import org.engram.cl.HeadMode;
import org.engram.cl.importance.FisherImportance;
import org.engram.cl.method.Hyperparameter;
import org.engram.cl.method.Method;
import org.engram.cl.method.MethodSpec;

/**
 * Elastic weight consolidation: after each task, the diagonal Fisher information F of the
 * parameters θ* is estimated, and later tasks pay (λ/2) Σ F (θ − θ*)² for moving them.
 *
 * <p>With {@code online = true} this is online EWC: one running Fisher, decayed by γ at each task
 * boundary, and one anchor (the parameters after the last task).
 *
 * <p>J. Kirkpatrick et al., "Overcoming catastrophic forgetting in neural networks", PNAS 114(13),
 * 2017. J. Schwarz et al., "Progress &amp; Compress: A scalable framework for continual learning",
 * ICML 2018 (online EWC).
 */
public final class EWCTrainer extends ContinualTrainer {
  @Config(
      description =
          "Penalty strength λ in (λ/2) Σ F (θ − θ*)², with the per-sample Fisher F (>= 0).")
  private double lambda = 1e5;

  @Config(description = "Online EWC: one decayed Fisher and one anchor instead of one per task.")
  private boolean online = false;

  @Config(description = "Online EWC's Fisher decay γ in (0, 1] (used when online is true).")
  private double gamma = 1.0;

  @Config(
      description =
          "Fisher variant: EMPIRICAL (true labels), SAMPLED (labels sampled from the model) or"
              + " EXACT (expectation over the model's distribution).")
  private FisherImportance.Variant fisher = FisherImportance.Variant.EMPIRICAL;

  @Config(description = "Examples of a task used to estimate the Fisher (> 0).")
  private int importanceSamples = 1000;

  /** An EWC trainer with the default hyperparameters. */
  public EWCTrainer() {
    postConfig();
  }

  /**
   * An EWC trainer.
   *
   * @param hiddenSizes hidden layer sizes
   * @param epochs epochs per task
   * @param minibatchSize minibatch size
   * @param learningRate learning rate
   * @param optimiser the optimiser
   * @param seed the seed
   * @param headMode shared head or one head per task
   * @param lambda penalty strength λ
   * @param online online EWC (one decayed Fisher) instead of one Fisher per task
   * @param gamma online EWC's decay γ
   * @param fisher the Fisher variant
   * @param importanceSamples examples used to estimate the Fisher
   * @throws IllegalArgumentException naming an invalid value
   */
  public EWCTrainer(
      int[] hiddenSizes,
      int epochs,
      int minibatchSize,
      double learningRate,
      OptimiserType optimiser,
      long seed,
      HeadMode headMode,
      double lambda,
      boolean online,
      double gamma,
      FisherImportance.Variant fisher,
      int importanceSamples) {
    super(hiddenSizes, epochs, minibatchSize, learningRate, optimiser, seed, headMode);
    this.lambda = lambda;
    this.online = online;
    this.gamma = gamma;
    this.fisher = fisher;
    this.importanceSamples = importanceSamples;
    postConfig();
  }

  @Override
  protected MethodSpec methodSpec() {
    MethodSpec s =
        MethodSpec.of(online ? Method.ONLINE_EWC : Method.EWC)
            .withLambda(lambda)
            .with(Hyperparameter.FISHER, fisher)
            .with(Hyperparameter.IMPORTANCE_SAMPLES, importanceSamples);
    return online ? s.with(Hyperparameter.GAMMA, gamma) : s;
  }

  @Override
  public String toString() {
    return "EWCTrainer("
        + sharedParameters()
        + ",lambda="
        + lambda
        + ",online="
        + online
        + ",gamma="
        + gamma
        + ",fisher="
        + fisher
        + ",importanceSamples="
        + importanceSamples
        + ")";
  }
}
