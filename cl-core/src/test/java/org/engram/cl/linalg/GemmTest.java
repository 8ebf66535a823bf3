package org.engram.cl.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GemmTest {

  static Stream<Gemm> kernels() {
    return Stream.of(
        new JavaGemm(),
        new PackedGemm(1, true),
        new PackedGemm(1, false),
        new PackedGemm(2, true),
        new PackedGemm(2, false));
  }

  private static final int[] SIZES = {1, 3, 17, 129};

  @ParameterizedTest
  @MethodSource("kernels")
  void allTransposeCasesAndOddSizesMatchTheReference(Gemm g) {
    long seed = 1;
    for (int t = 0; t < 4; t++) {
      boolean ta = (t & 1) != 0;
      boolean tb = (t & 2) != 0;
      for (int m : SIZES) {
        for (int n : SIZES) {
          for (int k : SIZES) {
            if (m * n * k > 129 * 129 * 17 && !(m == 129 && n == 129 && k == 129)) {
              continue; // keeps the test fast; the full cube stays in
            }
            GemmReference.Problem p =
                new GemmReference.Problem(
                    ta, tb, m, n, k, 1f, 0f, (int) (seed % 3) * 2, (int) (seed % 5), false, seed++);
            p.check(p.run(g), g.name() + " " + p);
          }
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void alphaBetaVariantsLeadingDimensionsAndOffsets(Gemm g) {
    float[][] ab = {
      {1f, 1f}, {-0.5f, 1f}, {2f, 0f}, {1f, -1.5f}, {0f, 3f}, {0f, 0f}, {0.25f, 0.5f}
    };
    long seed = 100;
    for (float[] v : ab) {
      for (int t = 0; t < 4; t++) {
        for (int[] mnk : new int[][] {{5, 33, 7}, {40, 2, 300}, {130, 10, 65}}) {
          GemmReference.Problem p =
              new GemmReference.Problem(
                  (t & 1) != 0,
                  (t & 2) != 0,
                  mnk[0],
                  mnk[1],
                  mnk[2],
                  v[0],
                  v[1],
                  3,
                  7,
                  false,
                  seed++);
          p.check(p.run(g), g.name() + " " + p);
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void betaZeroOverwritesNaN(Gemm g) {
    for (int t = 0; t < 4; t++) {
      GemmReference.Problem p =
          new GemmReference.Problem((t & 1) != 0, (t & 2) != 0, 21, 300, 13, 1f, 0f, 1, 2, true, t);
      float[] c = p.run(g);
      p.check(c, g.name() + " " + p);
      // and the same with k = 0: C must become exactly zero
      float[] z = p.c0.clone();
      g.gemm(false, false, 21, 300, 0, 1f, p.a, 0, 1, p.b, 0, 300, 0f, z, p.cOff, p.ldc);
      for (int i = 0; i < 21; i++) {
        for (int j = 0; j < 300; j++) {
          assertEquals(0f, z[p.cOff + i * p.ldc + j], g.name() + " k=0 beta=0");
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void networkShapesMatchTheReference(Gemm g) {
    // Forward NN, backward NT, weight gradient TN (beta=1) of 64-100-100-10 and a 784-wide layer.
    List<GemmReference.Problem> ps = new ArrayList<>();
    ps.add(new GemmReference.Problem(false, false, 128, 100, 64, 1f, 1f, 0, 0, false, 1));
    ps.add(new GemmReference.Problem(false, false, 128, 10, 100, 1f, 1f, 0, 0, false, 2));
    ps.add(new GemmReference.Problem(false, true, 128, 100, 10, 1f, 1f, 0, 0, false, 3));
    ps.add(new GemmReference.Problem(false, true, 128, 100, 100, 1f, 0f, 0, 0, true, 4));
    ps.add(new GemmReference.Problem(true, false, 100, 10, 128, 1f, 1f, 0, 0, false, 5));
    ps.add(new GemmReference.Problem(true, false, 64, 100, 128, 1f, 1f, 0, 0, false, 6));
    ps.add(new GemmReference.Problem(false, false, 37, 300, 784, 1f, 1f, 0, 0, false, 7));
    for (GemmReference.Problem p : ps) {
      p.check(p.run(g), g.name() + " " + p);
    }
  }

  /**
   * Depths beyond one KC block and widths beyond one NC panel (also of a narrow C, which the packed
   * kernel computes transposed), in all four transpose cases, with padded strides and offsets: the
   * blocking's index arithmetic for a transposed A (whose depth stride is not 1) only shows past
   * the first block. A weight gradient Aᵀδ has the minibatch as its depth, so a minibatch above 256
   * rows runs it.
   */
  @ParameterizedTest
  @MethodSource("kernels")
  void deepAndWideProductsMatchTheReferenceInEveryTransposeCase(Gemm g) {
    int k = 2 * PackedGemm.KC + 37;
    int n = PackedGemm.NC + 44;
    for (int t = 0; t < 4; t++) {
      GemmReference.Problem p =
          new GemmReference.Problem(
              (t & 1) != 0,
              (t & 2) != 0,
              2 * PackedGemm.MC + 6,
              n,
              k,
              0.5f,
              0.75f,
              3,
              2,
              false,
              60 + t);
      p.check(p.run(g), g.name() + " " + p);
      // a narrow C (a head's logits for a minibatch above 256 rows) is computed transposed, and its
      // long side then spans more than one panel
      GemmReference.Problem narrow =
          new GemmReference.Problem(
              (t & 1) != 0, (t & 2) != 0, n, 10, 70, 1f, 0.5f, 1, 3, false, 70 + t);
      narrow.check(narrow.run(g), g.name() + " " + narrow);
    }
  }

  /**
   * BLAS's conventions at the edges: an empty C is not touched (its arrays not even read), k = 0 or
   * α = 0 makes C = β·C without reading A or B (a NaN there does not leak; β = 0 overwrites a NaN
   * in C), and the argument checks accept exactly what fits: a leading dimension equal to the
   * column count, a matrix whose last element is its array's last.
   */
  @ParameterizedTest
  @MethodSource("kernels")
  void degenerateSizesAndExactFitsFollowBlas(Gemm g) {
    float[] c = {1f, 2f, 3f, 4f, 5f, 6f};
    g.gemm(false, false, 0, 3, 2, 1f, null, 0, 2, null, 0, 3, 0f, c, 0, 3);
    g.gemm(false, false, 2, 0, 2, 1f, null, 0, 2, null, 0, 1, 0f, c, 0, 3);
    assertArrayEquals(new float[] {1f, 2f, 3f, 4f, 5f, 6f}, c, "m = 0 or n = 0 writes nothing");
    g.gemm(false, false, 2, 3, 0, 1f, null, 0, 1, null, 0, 3, 2f, c, 0, 3);
    assertArrayEquals(new float[] {2f, 4f, 6f, 8f, 10f, 12f}, c, "k = 0: C = beta C");
    float[] nan = {Float.NaN, Float.NaN, Float.NaN, Float.NaN, Float.NaN, Float.NaN};
    g.gemm(false, false, 2, 3, 2, 0f, nan, 0, 2, nan, 0, 3, 0.5f, c, 0, 3);
    assertArrayEquals(new float[] {1f, 2f, 3f, 4f, 5f, 6f}, c, "alpha = 0: A and B unread");
    float[] dirty = {Float.NaN, 1f, 2f, 3f, 4f, 5f};
    g.gemm(false, false, 2, 3, 0, 1f, null, 0, 1, null, 0, 3, 0f, dirty, 0, 3);
    assertArrayEquals(new float[6], dirty, "beta = 0 overwrites, NaN included");

    // A 2x2 (lda 2), B 2x3 (ldb 3), C 2x3 at offset 1 (ldc 3) in an array of exactly 7
    float[] a = {1f, 2f, 3f, 4f};
    float[] b = {1f, 0f, 2f, 0f, 1f, 3f};
    float[] exact = new float[7];
    g.gemm(false, false, 2, 3, 2, 1f, a, 0, 2, b, 0, 3, 0f, exact, 1, 3);
    assertArrayEquals(new float[] {0f, 1f, 2f, 8f, 3f, 4f, 18f}, exact);
    assertThrows(
        IllegalArgumentException.class,
        () -> g.gemm(false, false, 2, 3, 2, 1f, a, 0, 2, b, 0, 3, 0f, new float[6], 1, 3),
        "one element short");
    assertThrows(
        IllegalArgumentException.class,
        () -> g.gemm(false, false, 2, 3, 2, 1f, a, 0, 1, b, 0, 3, 0f, new float[7], 1, 3),
        "lda below the column count");
    assertThrows(
        IllegalArgumentException.class,
        () -> g.gemm(false, false, 2, 3, 2, 1f, a, -1, 2, b, 0, 3, 0f, new float[7], 1, 3),
        "a negative offset");
    assertThrows(
        IllegalArgumentException.class,
        () -> g.gemm(false, false, 2, 3, -1, 1f, a, 0, 2, b, 0, 3, 0f, new float[7], 1, 3),
        "k < 0");
  }

  @Test
  void twoThreadsGiveBitIdenticalResultsToOne() {
    for (boolean fma : new boolean[] {true, false}) {
      for (int t = 0; t < 4; t++) {
        // Large enough to be split (m·n·k above PackedGemm.PARALLEL_MIN_WORK), odd row count.
        GemmReference.Problem p =
            new GemmReference.Problem(
                (t & 1) != 0, (t & 2) != 0, 131, 300, 70, 0.7f, 0.3f, 2, 3, false, 40 + t);
        assertTrue((long) p.m * p.n * p.k >= PackedGemm.PARALLEL_MIN_WORK);
        float[] one = p.run(new PackedGemm(1, fma));
        float[] two = p.run(new PackedGemm(2, fma));
        float[] three = p.run(new PackedGemm(3, fma));
        assertArrayEquals(one, two, "1 vs 2 threads, fma=" + fma + " " + p);
        assertArrayEquals(one, three, "1 vs 3 threads, fma=" + fma + " " + p);
        p.check(two, "2 threads " + p);
      }
    }
  }

  @Test
  void concurrentCallersGetTheirOwnBuffers() throws Exception {
    PackedGemm g = new PackedGemm(2, true);
    GemmReference.Problem[] ps = new GemmReference.Problem[4];
    float[][] want = new float[ps.length][];
    for (int i = 0; i < ps.length; i++) {
      ps[i] =
          new GemmReference.Problem(
              false, i % 2 == 1, 64 + i, 200 + 7 * i, 90, 1f, 0f, 0, 0, false, i);
      want[i] = ps[i].run(new PackedGemm(1, true));
    }
    Thread[] threads = new Thread[ps.length];
    float[][][] got = new float[ps.length][20][];
    for (int i = 0; i < ps.length; i++) {
      int q = i;
      threads[i] =
          new Thread(
              () -> {
                for (int rep = 0; rep < 20; rep++) {
                  got[q][rep] = ps[q].run(g);
                }
              });
      threads[i].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    for (int i = 0; i < ps.length; i++) {
      for (int rep = 0; rep < 20; rep++) {
        assertArrayEquals(want[i], got[i][rep], "caller " + i + " repetition " + rep);
      }
    }
  }

  @Test
  void badArgumentsAreRejectedBeforeAnyWrite() {
    PackedGemm g = new PackedGemm(1, true);
    float[] a = new float[12];
    float[] b = new float[12];
    float[] c = new float[12];
    c[0] = 42f;
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> g.gemm(false, false, 3, 4, 4, 1f, a, 0, 3, b, 0, 4, 0f, c, 0, 4));
    assertTrue(e.getMessage().contains("leading dimension of A"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> g.gemm(false, false, 3, 4, 4, 1f, a, 0, 4, b, 0, 4, 0f, c, 0, 4));
    assertTrue(e.getMessage().contains("matrix B"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> g.gemm(false, false, -1, 4, 4, 1f, a, 0, 4, b, 0, 4, 0f, c, 0, 4));
    assertTrue(e.getMessage().contains("m=-1"), e.getMessage());
    assertEquals(42f, c[0]);
  }

  @Test
  void kernelsConfigurationIsValidatedAndDescribed() {
    assertThrows(IllegalArgumentException.class, () -> Kernels.setThreads(0));
    assertThrows(IllegalArgumentException.class, () -> new PackedGemm(-1, true));
    assertThrows(IllegalArgumentException.class, () -> Kernels.use(null));
    int before = Kernels.threads();
    try {
      Kernels.setThreads(3);
      assertEquals(3, new PackedGemm().threads());
    } finally {
      Kernels.setThreads(before);
    }
    // netlib is not on cl-core's test class path, so the default is the pure-Java kernel.
    assumeTrue(System.getProperty(Kernels.KERNEL_PROPERTY) == null, "kernel forced");
    assertTrue(Kernels.gemm() instanceof PackedGemm, Kernels.describe());
    assertTrue(Kernels.describe().contains("pure Java"), Kernels.describe());
    assertEquals(null, NetlibGemm.load(false));
  }
}
