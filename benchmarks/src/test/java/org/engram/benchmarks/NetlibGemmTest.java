package org.engram.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.engram.cl.linalg.Gemm;
import org.engram.cl.linalg.Kernels;
import org.engram.cl.linalg.NetlibGemm;
import org.engram.cl.linalg.PackedGemm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The native path (netlib's JNI BLAS, on this module's class path) against a double-precision
 * reference and against the pure-Java kernel. Skipped where no native BLAS is installed.
 */
class NetlibGemmTest {
  private static NetlibGemm netlib;

  @BeforeAll
  static void load() {
    netlib = NetlibGemm.load(true);
  }

  @Test
  void nativeAndPureJavaMatchTheReferenceForAllTransposeCases() {
    assumeTrue(netlib != null, "no native BLAS on this machine");
    Gemm java = new PackedGemm(2);
    Random r = new Random(7);
    int[][] shapes = {{1, 1, 1}, {3, 17, 129}, {129, 3, 17}, {17, 129, 3}, {128, 10, 100}};
    float[][] alphaBeta = {{1f, 0f}, {1f, 1f}, {-0.5f, 2f}};
    for (int t = 0; t < 4; t++) {
      boolean ta = (t & 1) != 0;
      boolean tb = (t & 2) != 0;
      for (int[] s : shapes) {
        for (float[] ab : alphaBeta) {
          int m = s[0];
          int n = s[1];
          int k = s[2];
          int lda = (ta ? m : k) + 2;
          int ldb = (tb ? k : n) + 1;
          int ldc = n + 3;
          float[] a = random(r, 5 + (ta ? k : m) * lda);
          float[] b = random(r, 4 + (tb ? n : k) * ldb);
          float[] c0 = random(r, 6 + m * ldc);
          if (ab[1] == 0f) {
            c0[6] = Float.NaN; // beta = 0 must overwrite it
          }
          float[] cn = c0.clone();
          float[] cj = c0.clone();
          netlib.gemm(ta, tb, m, n, k, ab[0], a, 5, lda, b, 4, ldb, ab[1], cn, 6, ldc);
          java.gemm(ta, tb, m, n, k, ab[0], a, 5, lda, b, 4, ldb, ab[1], cj, 6, ldc);
          String where = (ta ? "T" : "N") + (tb ? "T" : "N") + " " + m + "x" + n + "x" + k;
          assertReference(
              ta,
              tb,
              m,
              n,
              k,
              ab[0],
              a,
              5,
              lda,
              b,
              4,
              ldb,
              ab[1],
              c0,
              cn,
              6,
              ldc,
              "netlib " + where);
          assertReference(
              ta, tb, m, n, k, ab[0], a, 5, lda, b, 4, ldb, ab[1], c0, cj, 6, ldc, "java " + where);
          assertEquals(c0[0], cn[0], "netlib wrote before C");
        }
      }
    }
  }

  @Test
  void autoSelectionPrefersAnOptimisedNativePathAndSaysSo() {
    assumeTrue(netlib != null, "no native BLAS on this machine");
    assumeTrue(System.getProperty(Kernels.KERNEL_PROPERTY) == null, "kernel forced");
    String described = Kernels.describe();
    if (netlib.isOptimised() && Kernels.gemm() instanceof NetlibGemm) {
      assertTrue(described.contains("JNIBLAS → " + netlib.vendor()), described);
      assertTrue(described.contains(netlib.library()), described);
      assertTrue(described.contains("GFLOP/s"), described);
    } else if (netlib.isOptimised()) {
      // an optimised library too slow here (e.g. OpenBLAS on a CPU it does not recognise)
      assertTrue(Kernels.gemm() instanceof PackedGemm, described);
      assertTrue(described.contains("GFLOP/s on a 64×60·60×64 product, below"), described);
    } else {
      // e.g. Debian's reference libblas3 behind libblas.so.3: slower than the pure-Java kernel
      assertTrue(Kernels.gemm() instanceof PackedGemm, described);
      assertTrue(described.contains("refused netlib JNIBLAS"), described);
    }
  }

  @Test
  void aLargeProductIsSplitAcrossEngramsThreadsAndStillExact() {
    assumeTrue(
        netlib != null && netlib.concurrent(),
        "no native BLAS that runs each call on the calling thread (OPENBLAS_NUM_THREADS=1)");
    int before = Kernels.threads();
    Kernels.setThreads(3);
    try {
      Random r = new Random(11);
      // 131 x 90 x 100: above the split threshold, and 131 rows do not divide by 3
      int m = 131;
      int n = 90;
      int k = 100;
      for (int t = 0; t < 4; t++) {
        boolean ta = (t & 1) != 0;
        boolean tb = (t & 2) != 0;
        // Tight operands, as a training step's: Aᵀ is split only when its array has a row to
        // spare (netlib's bounds check), so both cases are tried.
        for (int spare = 0; spare <= 1; spare++) {
          int lda = ta ? m : k;
          int ldb = tb ? k : n;
          float[] a = random(r, ((ta ? k : m) + spare) * lda);
          float[] b = random(r, (tb ? n : k) * ldb);
          float[] c0 = random(r, m * n);
          float[] c = c0.clone();
          netlib.gemm(ta, tb, m, n, k, 0.5f, a, 0, lda, b, 0, ldb, 1f, c, 0, n);
          String where = (ta ? "T" : "N") + (tb ? "T" : "N") + (spare == 1 ? " spare row" : "");
          assertReference(ta, tb, m, n, k, 0.5f, a, 0, lda, b, 0, ldb, 1f, c0, c, 0, n, where);
        }
      }
    } finally {
      Kernels.setThreads(before);
    }
  }

  /** C against the product computed in double from the same operands; c0 is C before. */
  private static void assertReference(
      boolean ta,
      boolean tb,
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
      float[] c0,
      float[] c,
      int cOff,
      int ldc,
      String what) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double sum = 0;
        double mag = 0;
        for (int p = 0; p < k; p++) {
          double x = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
          double y = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
          sum += x * y;
          mag += Math.abs(x * y);
        }
        int o = cOff + i * ldc + j;
        double old = beta == 0f ? 0 : beta * c0[o];
        double want = alpha * sum + old;
        double tol = 1e-6 * (k + 4) * (Math.abs(alpha) * mag + Math.abs(old)) + 1e-6;
        assertEquals(want, c[o], tol, what + " C[" + i + "," + j + "]");
      }
    }
  }

  private static float[] random(Random r, int len) {
    float[] x = new float[len];
    for (int i = 0; i < len; i++) {
      x[i] = (float) r.nextGaussian();
    }
    return x;
  }
}
