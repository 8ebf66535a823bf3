package org.engram.cl.linalg;

/** Argument checks and the beta-only update shared by the kernels. */
final class GemmChecks {
  private GemmChecks() {}

  /**
   * Checks sizes, strides and that every addressed element lies inside its array, so a kernel
   * either completes or fails before writing anything.
   */
  static void check(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float[] a,
      int aOff,
      int lda,
      float[] b,
      int bOff,
      int ldb,
      float[] c,
      int cOff,
      int ldc) {
    if (m < 0 || n < 0 || k < 0) {
      throw new IllegalArgumentException(
          "gemm sizes must be >= 0: m=" + m + ", n=" + n + ", k=" + k);
    }
    if (m == 0 || n == 0) {
      return;
    }
    matrix("C", c, cOff, ldc, m, n);
    if (k > 0) {
      matrix("A", a, aOff, lda, transA ? k : m, transA ? m : k);
      matrix("B", b, bOff, ldb, transB ? n : k, transB ? k : n);
    }
  }

  private static void matrix(String name, float[] x, int off, int ld, int rows, int cols) {
    if (x == null) {
      throw new IllegalArgumentException("gemm matrix " + name + " must not be null");
    }
    if (ld < Math.max(1, cols)) {
      throw new IllegalArgumentException(
          "gemm leading dimension of "
              + name
              + " ("
              + ld
              + ") is smaller than its "
              + cols
              + " columns");
    }
    long last = (long) off + (long) (rows - 1) * ld + cols - 1;
    if (off < 0 || last >= x.length) {
      throw new IllegalArgumentException(
          "gemm matrix "
              + name
              + " ("
              + rows
              + "×"
              + cols
              + ", offset "
              + off
              + ", stride "
              + ld
              + ") does not fit its array of length "
              + x.length);
    }
  }

  /** C = beta·C; beta = 0 overwrites (NaNs included), as in BLAS. */
  static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
    if (beta == 1f) {
      return;
    }
    for (int i = 0; i < m; i++) {
      int ci = cOff + i * ldc;
      for (int j = 0; j < n; j++) {
        c[ci + j] = beta == 0f ? 0f : beta * c[ci + j];
      }
    }
  }
}
