package org.engram.cl.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;

/** A double-precision reference product and a checker shared by the kernel tests. */
final class GemmReference {
  private GemmReference() {}

  /** One randomly filled problem with padded leading dimensions and offsets. */
  static final class Problem {
    final boolean ta;
    final boolean tb;
    final int m;
    final int n;
    final int k;
    final float alpha;
    final float beta;
    final float[] a;
    final int aOff;
    final int lda;
    final float[] b;
    final int bOff;
    final int ldb;
    final float[] c0;
    final int cOff;
    final int ldc;

    Problem(
        boolean ta,
        boolean tb,
        int m,
        int n,
        int k,
        float alpha,
        float beta,
        int pad,
        int off,
        boolean nanC,
        long seed) {
      this.ta = ta;
      this.tb = tb;
      this.m = m;
      this.n = n;
      this.k = k;
      this.alpha = alpha;
      this.beta = beta;
      Random r = new Random(seed);
      int aRows = ta ? k : m;
      int aCols = ta ? m : k;
      int bRows = tb ? n : k;
      int bCols = tb ? k : n;
      lda = Math.max(1, aCols) + pad;
      ldb = Math.max(1, bCols) + pad;
      ldc = Math.max(1, n) + pad;
      aOff = off;
      bOff = off + 1;
      cOff = off + 2;
      a = fill(r, aOff + aRows * lda + 3);
      b = fill(r, bOff + bRows * ldb + 3);
      c0 = fill(r, cOff + m * ldc + 3);
      if (nanC) {
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < n; j++) {
            c0[cOff + i * ldc + j] = Float.NaN;
          }
        }
      }
    }

    private static float[] fill(Random r, int len) {
      float[] x = new float[len];
      for (int i = 0; i < len; i++) {
        x[i] = (float) r.nextGaussian();
      }
      return x;
    }

    float[] run(Gemm g) {
      float[] c = c0.clone();
      g.gemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
      return c;
    }

    double opA(int i, int p) {
      return ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
    }

    double opB(int p, int j) {
      return tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
    }

    /**
     * Checks c against the double-precision product within float rounding, and untouched padding.
     */
    void check(float[] c, String what) {
      boolean[] inside = new boolean[c.length];
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          int o = cOff + i * ldc + j;
          inside[o] = true;
          double s = 0;
          double mag = 0;
          for (int p = 0; p < k; p++) {
            double t = opA(i, p) * opB(p, j);
            s += t;
            mag += Math.abs(t);
          }
          double old = beta == 0f ? 0 : (double) beta * c0[o];
          double want = alpha * s + old;
          double tol = 1e-6 * (k + 4) * (Math.abs(alpha) * mag + Math.abs(old)) + 1e-6;
          if (!(Math.abs(c[o] - want) <= tol)) {
            fail(what + ": C[" + i + "," + j + "] = " + c[o] + ", expected " + want + " ± " + tol);
          }
        }
      }
      for (int o = 0; o < c.length; o++) {
        if (!inside[o]) {
          assertEquals(
              Float.floatToRawIntBits(c0[o]),
              Float.floatToRawIntBits(c[o]),
              what + ": element " + o + " outside C was written");
        }
      }
      assertTrue(c.length > 0);
    }

    @Override
    public String toString() {
      return (ta ? "T" : "N")
          + (tb ? "T" : "N")
          + " m="
          + m
          + " n="
          + n
          + " k="
          + k
          + " alpha="
          + alpha
          + " beta="
          + beta
          + " lda="
          + lda
          + " ldb="
          + ldb
          + " ldc="
          + ldc
          + " off="
          + aOff;
    }
  }
}
