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
      for (int i = off; i < off + len; i++) {
        if (v[i] < 0f) {
          v[i] = 0f;
        }
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
  void backward(float[] a, float[] g, int len) {
    if (this == RELU) {
      for (int i = 0; i < len; i++) {
        if (a[i] <= 0f) {
          g[i] = 0f;
        }
      }
    } else {
      for (int i = 0; i < len; i++) {
        g[i] *= 1f - a[i] * a[i];
      }
    }
  }
}
