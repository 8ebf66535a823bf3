package org.engram.tribuo;

import com.oracle.labs.mlrg.olcut.config.Config;
import org.engram.cl.HeadMode;
import org.engram.cl.importance.FisherImportance;
import org.engram.cl.method.Hyperparameter;
import org.engram.cl.method.Method;

/**
 * Elastic weight consolidation: a {@link ContinualTrainer} preset with the method {@link
 * Method#EWC}, or {@link Method#ONLINE_EWC} with {@code online = true}. After each task the
 * diagonal Fisher information F of the parameters θ* is estimated, and later tasks pay (λ/2) Σ F (θ
 * − θ*)² for moving them; online EWC keeps one Fisher, decayed by γ at each task boundary, and one
 * anchor.
 *
 * <p>J. Kirkpatrick et al., "Overcoming catastrophic forgetting in neural networks", PNAS 114(13),
 * 2017, eq. 3. J. Schwarz et al., "Progress &amp; Compress: A scalable framework for continual
 * learning", ICML 2018, eq. 8 (online EWC).
 *
 * <p>{@code gamma} is online EWC's; with {@code online = false} a configured {@code gamma} is
 * accepted for the configuration files written before it was checked, and ignored with a warning.
 */
public final class EWCTrainer extends ContinualTrainer {
  @Config(description = "Online EWC: one decayed Fisher and one anchor instead of one per task.")
  private boolean online = false;

  /** An EWC trainer with the core's defaults (λ automatic). */
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
   * @param gamma online EWC's decay γ (read only when online)
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
    if (fisher == null) {
      // refused like a null optimiser or head mode, not read as the default variant
      throw new IllegalArgumentException("fisher must not be null (EMPIRICAL, SAMPLED or EXACT)");
    }
    this.online = online;
    assign(Hyperparameter.LAMBDA, lambda);
    assign(Hyperparameter.GAMMA, online ? gamma : null);
    assign(Hyperparameter.FISHER, fisher);
    assign(Hyperparameter.IMPORTANCE_SAMPLES, importanceSamples);
    postConfig();
  }

  @Override
  protected Method presetMethod() {
    return online ? Method.ONLINE_EWC : Method.EWC;
  }

  @Override
  protected boolean tolerates(Hyperparameter<?> p) {
    return p == Hyperparameter.GAMMA;
  }
}
