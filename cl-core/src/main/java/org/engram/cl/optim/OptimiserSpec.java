package org.engram.cl.optim;

import org.engram.cl.util.OptionException;

/**
 * The choice of optimiser and its hyperparameters, validated at construction.
 *
 * @param kind SGD (with momentum) or Adam
 * @param learningRate step size, positive
 * @param momentum SGD momentum in [0, 1)
 * @param beta1 Adam's first-moment decay in [0, 1)
 * @param beta2 Adam's second-moment decay in [0, 1)
 * @param epsilon Adam's denominator guard, positive
 */
public record OptimiserSpec(
    Kind kind, double learningRate, double momentum, double beta1, double beta2, double epsilon) {

  /** The optimisers. */
  public enum Kind {
    /** Stochastic gradient descent with (PyTorch-style) momentum. */
    SGD,
    /** Adam (Kingma and Ba 2015). */
    ADAM
  }

  /** Validates the values. */
  public OptimiserSpec {
    if (kind == null) {
      throw new IllegalArgumentException("optimiser kind must not be null");
    }
    check(
        learningRate > 0 && Double.isFinite(learningRate),
        "learningRate",
        learningRate,
        "positive");
    check(momentum >= 0 && momentum < 1, "momentum", momentum, "in [0, 1)");
    if (kind == Kind.ADAM && momentum != 0) {
      throw new OptionException(
          "momentum",
          "momentum is SGD's: Adam does not read it (its beta1 plays that part), got " + momentum);
    }
    check(beta1 >= 0 && beta1 < 1, "beta1", beta1, "in [0, 1)");
    check(beta2 >= 0 && beta2 < 1, "beta2", beta2, "in [0, 1)");
    check(epsilon > 0, "epsilon", epsilon, "positive");
  }

  private static void check(boolean ok, String name, double v, String rule) {
    if (!ok) {
      throw new OptionException(name, name + " must be " + rule + ", got " + v);
    }
  }

  /** SGD's default momentum (see {@link org.engram.cl.Setting#MOMENTUM}). */
  public static final double DEFAULT_MOMENTUM = 0.9;

  /**
   * @param learningRate step size
   * @return Adam with β1 = 0.9, β2 = 0.999, ε = 1e-8
   */
  public static OptimiserSpec adam(double learningRate) {
    return new OptimiserSpec(Kind.ADAM, learningRate, 0, 0.9, 0.999, 1e-8);
  }

  /**
   * @param learningRate step size
   * @param momentum momentum in [0, 1)
   * @return SGD with momentum
   */
  public static OptimiserSpec sgd(double learningRate, double momentum) {
    return new OptimiserSpec(Kind.SGD, learningRate, momentum, 0.9, 0.999, 1e-8);
  }
}
