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
          for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
              double sum = 0;
              double mag = 0;
              for (int p = 0; p < k; p++) {
                double x = ta ? a[5 + p * lda + i] : a[5 + i * lda + p];
                double y = tb ? b[4 + j * ldb + p] : b[4 + p * ldb + j];
                sum += x * y;
                mag += Math.abs(x * y);
              }
              int o = 6 + i * ldc + j;
              double old = ab[1] == 0f ? 0 : ab[1] * c0[o];
              double want = ab[0] * sum + old;
              double tol = 1e-6 * (k + 4) * (Math.abs(ab[0]) * mag + Math.abs(old)) + 1e-6;
              String where = (ta ? "T" : "N") + (tb ? "T" : "N") + " " + m + "x" + n + "x" + k;
              assertEquals(want, cn[o], tol, "netlib " + where + " C[" + i + "," + j + "]");
              assertEquals(want, cj[o], tol, "java " + where + " C[" + i + "," + j + "]");
            }
          }
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
      assertTrue(described.contains("GFLOP/s on a 128×784·784×256 product, below"), described);
    } else {
      // e.g. Debian's reference libblas3 behind libblas.so.3: slower than the pure-Java kernel
      assertTrue(Kernels.gemm() instanceof PackedGemm, described);
      assertTrue(described.contains("refused netlib JNIBLAS"), described);
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
