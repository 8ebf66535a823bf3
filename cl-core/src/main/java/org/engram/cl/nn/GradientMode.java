package org.engram.cl.nn;

/**
 * What a backward pass accumulates into the parameter gradient.
 *
 * <p>For a dense layer the gradient of one example is the outer product δ aᵀ, so over a batch the
 * per-example squares and absolute values reduce to one matrix product each (Goodfellow 2015,
 * "Efficient per-example gradient computations"): Σ_s (δ_s a_sᵀ)² = (δ∘δ)ᵀ(a∘a) and Σ_s |δ_s a_sᵀ|
 * = |δ|ᵀ|a|. This is what makes per-sample Fisher and MAS importance cost one batched backward
 * pass.
 */
public enum GradientMode {
  /** The ordinary gradient, summed over the batch rows. */
  SUM,
  /** Σ over rows of the squared per-example gradient (diagonal Fisher). */
  SQUARED,
  /** Σ over rows of the absolute per-example gradient (MAS). */
  ABSOLUTE
}
