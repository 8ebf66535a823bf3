package org.engram.cl.linalg;

/**
 * The register-blocked inner kernels of {@link PackedGemm}.
 *
 * <p>Each adds x[i, p..p+kc) · packed rows to accumulator rows. Their shape is what C2's superword
 * vectoriser accepts: every array indexed by the loop counter alone, one straight-line body. Four
 * rows of C by two steps of p per pass (measured best on Zen 3, JDK 17: 35–43 GFLOP/s; six rows or
 * four steps of p lose vectorisation to register pressure). Every variant accumulates each element
 * as the same sequential sum over p, so which variant handles a row never changes its value.
 */
final class Micro {
  private Micro() {}

  static void fma4(
      float[][] acc,
      int r,
      float[][] packed,
      int bRow,
      float[] x,
      int xi,
      int xsi,
      int xsp,
      int kc,
      int nc) {
    float[] c0 = acc[r];
    float[] c1 = acc[r + 1];
    float[] c2 = acc[r + 2];
    float[] c3 = acc[r + 3];
    int p = 0;
    for (; p + 1 < kc; p += 2) {
      float[] b0 = packed[bRow + p];
      float[] b1 = packed[bRow + p + 1];
      int x0 = xi + p * xsp;
      int x1 = x0 + xsi;
      int x2 = x1 + xsi;
      int x3 = x2 + xsi;
      float a0 = x[x0];
      float a1 = x[x1];
      float a2 = x[x2];
      float a3 = x[x3];
      float e0 = x[x0 + xsp];
      float e1 = x[x1 + xsp];
      float e2 = x[x2 + xsp];
      float e3 = x[x3 + xsp];
      for (int j = 0; j < nc; j++) {
        float u = b0[j];
        float v = b1[j];
        c0[j] = Math.fma(e0, v, Math.fma(a0, u, c0[j]));
        c1[j] = Math.fma(e1, v, Math.fma(a1, u, c1[j]));
        c2[j] = Math.fma(e2, v, Math.fma(a2, u, c2[j]));
        c3[j] = Math.fma(e3, v, Math.fma(a3, u, c3[j]));
      }
    }
    if (p < kc) {
      float[] b0 = packed[bRow + p];
      int x0 = xi + p * xsp;
      float a0 = x[x0];
      float a1 = x[x0 + xsi];
      float a2 = x[x0 + 2 * xsi];
      float a3 = x[x0 + 3 * xsi];
      for (int j = 0; j < nc; j++) {
        float u = b0[j];
        c0[j] = Math.fma(a0, u, c0[j]);
        c1[j] = Math.fma(a1, u, c1[j]);
        c2[j] = Math.fma(a2, u, c2[j]);
        c3[j] = Math.fma(a3, u, c3[j]);
      }
    }
  }

  static void fma1(
      float[] c0, float[][] packed, int bRow, float[] x, int xi, int xsp, int kc, int nc) {
    int p = 0;
    for (; p + 1 < kc; p += 2) {
      float[] b0 = packed[bRow + p];
      float[] b1 = packed[bRow + p + 1];
      float a0 = x[xi + p * xsp];
      float e0 = x[xi + (p + 1) * xsp];
      for (int j = 0; j < nc; j++) {
        c0[j] = Math.fma(e0, b1[j], Math.fma(a0, b0[j], c0[j]));
      }
    }
    if (p < kc) {
      float[] b0 = packed[bRow + p];
      float a0 = x[xi + p * xsp];
      for (int j = 0; j < nc; j++) {
        c0[j] = Math.fma(a0, b0[j], c0[j]);
      }
    }
  }

  // Without hardware FMA, C2 vectorises only the one-step form (the two-step form of separate
  // multiplies and adds stays scalar: measured 8 against 25 GFLOP/s).
  static void mul4(
      float[][] acc,
      int r,
      float[][] packed,
      int bRow,
      float[] x,
      int xi,
      int xsi,
      int xsp,
      int kc,
      int nc) {
    float[] c0 = acc[r];
    float[] c1 = acc[r + 1];
    float[] c2 = acc[r + 2];
    float[] c3 = acc[r + 3];
    for (int p = 0; p < kc; p++) {
      float[] b0 = packed[bRow + p];
      int x0 = xi + p * xsp;
      float a0 = x[x0];
      float a1 = x[x0 + xsi];
      float a2 = x[x0 + 2 * xsi];
      float a3 = x[x0 + 3 * xsi];
      for (int j = 0; j < nc; j++) {
        float u = b0[j];
        c0[j] += a0 * u;
        c1[j] += a1 * u;
        c2[j] += a2 * u;
        c3[j] += a3 * u;
      }
    }
  }

  static void mul1(
      float[] c0, float[][] packed, int bRow, float[] x, int xi, int xsp, int kc, int nc) {
    for (int p = 0; p < kc; p++) {
      float[] b0 = packed[bRow + p];
      float a0 = x[xi + p * xsp];
      for (int j = 0; j < nc; j++) {
        c0[j] += a0 * b0[j];
      }
    }
  }
}
