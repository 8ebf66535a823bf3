package org.engram.cl.linalg;

/**
 * The naive reference kernel: plain Java loops ordered so the innermost loop walks contiguous
 * memory.
 *
 * <p>Kept for comparisons ({@code -Dengram.kernel=naive}, the benchmarks' baseline); the default is
 * {@link PackedGemm}, 10–20× faster, because C2 does not vectorise these loops over offsets into
 * flat arrays.
 */
public final class JavaGemm implements Gemm {

  @Override
  public String name() {
    return "java";
  }

  @Override
  public void gemm(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float alpha,
      float[] a,
      int aOff,
      int lda,
      float[] b,
      int bOff,
      int ldb,
      float beta,
      float[] c,
      int cOff,
      int ldc) {
    GemmChecks.check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    if (m == 0 || n == 0) {
      return;
    }
    GemmChecks.scale(m, n, beta, c, cOff, ldc);
    if (k == 0 || alpha == 0f) {
      return; // BLAS: A and B are not read (a NaN there does not reach C)
    }
    if (!transB) {
      // C[i, :] += alpha * op(A)[i, p] * B[p, :] — contiguous rows of B and C.
      for (int i = 0; i < m; i++) {
        int ci = cOff + i * ldc;
        for (int p = 0; p < k; p++) {
          float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
          if (av == 0f) {
            continue;
          }
          av *= alpha;
          int bp = bOff + p * ldb;
          for (int j = 0; j < n; j++) {
            c[ci + j] += av * b[bp + j];
          }
        }
      }
    } else if (!transA) {
      // C[i, j] += alpha * dot(A[i, :], B[j, :]) — both rows contiguous.
      for (int i = 0; i < m; i++) {
        int ai = aOff + i * lda;
        int ci = cOff + i * ldc;
        for (int j = 0; j < n; j++) {
          int bj = bOff + j * ldb;
          float s = 0f;
          for (int p = 0; p < k; p++) {
            s += a[ai + p] * b[bj + p];
          }
          c[ci + j] += alpha * s;
        }
      }
    } else {
      // Aᵀ·Bᵀ is rare; keep it simple and correct.
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          float s = 0f;
          for (int p = 0; p < k; p++) {
            s += a[aOff + p * lda + i] * b[bOff + j * ldb + p];
          }
          c[cOff + i * ldc + j] += alpha * s;
        }
      }
    }
  }
}
