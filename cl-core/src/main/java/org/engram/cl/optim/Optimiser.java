package org.engram.cl.optim;

/**
 * Updates parameters in place from a gradient that is already the minibatch average (plus any
 * penalty gradient).
 *
 * <p>State (momentum, moments) is aligned with the parameter vector; a fresh optimiser is created
 * at the start of each task, as in the reference implementations, so growth between tasks never has
 * to carry optimiser state.
 */
public interface Optimiser {

  /**
   * Applies one update.
   *
   * @param params parameters, updated in place
   * @param grad gradient, same length
   */
  void step(float[] params, float[] grad);

  /**
   * Creates an optimiser from its description.
   *
   * @param spec the description
   * @param size number of parameters
   * @return the optimiser
   */
  static Optimiser create(OptimiserSpec spec, int size) {
    return switch (spec.kind()) {
      case SGD -> new Sgd(spec.learningRate(), spec.momentum(), size);
      case ADAM -> new Adam(spec.learningRate(), spec.beta1(), spec.beta2(), spec.epsilon(), size);
    };
  }
}
