package org.engram.cl.nn;

import org.engram.cl.util.Rng;

/** How weights are drawn at creation (biases start at zero). */
public enum Initialisation {
  /** He et al. 2015: N(0, 2 / fan_in); the usual choice for ReLU. */
  HE,
  /** Glorot and Bengio 2010: U(±sqrt(6 / (fan_in + fan_out))); the usual choice for tanh. */
  XAVIER;

  float sample(Rng rng, int fanIn, int fanOut) {
    if (this == HE) {
      return (float) (rng.nextGaussian() * Math.sqrt(2.0 / fanIn));
    }
    double limit = Math.sqrt(6.0 / (fanIn + fanOut));
    return (float) ((2 * rng.nextDouble() - 1) * limit);
  }
}
