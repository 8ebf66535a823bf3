package org.engram.cl.linalg;

/**
 * The default pure-Java kernel: op(B) packed into per-row arrays, a 4×2 register-blocked
 * micro-kernel whose innermost loop HotSpot's C2 compiler turns into AVX/FMA vector code, and an
 * optional split of the rows of C across threads.
 *
 * <p>The blocking follows Goto and van de Geijn, "Anatomy of high-performance matrix
 * multiplication", ACM TOMS 34(3), 2008: op(B) is copied once per call into panels of at most 512
 * columns, and blocks of 256 rows of a panel are reused from L2 by every group of 4 rows of op(A).
 * No flags and no native code are needed; the speed comes from C2's superword auto-vectoriser,
 * which vectorises {@code c[j] = fma(a, b[j], c[j])} only when every array in the loop starts at
 * index 0 with unit stride — hence the per-row arrays instead of offsets into one flat array
 * (measured: 35–43 GFLOP/s against 2–6 on this machine, JDK 17).
 *
 * <p>Summation order. Every element of C is accumulated as a plain sequential sum over p in a float
 * accumulator, then {@code C = alpha * acc + beta * C} is applied once. The cache blocking, the
 * register blocking and the thread split never change that order, so results are bit-for-bit
 * identical for any thread count. They differ (within float rounding) between machines that fuse
 * the multiply-add ({@code Math.fma}, used when the JVM reports {@code UseFMA}) and machines that
 * do not (a separate multiply and add, because {@code Math.fma} without hardware support is a slow
 * software routine).
 *
 * <p>Thread safety: instances are stateless apart from configuration; scratch buffers are
 * per-thread, so concurrent calls (for example predictions from several threads) are safe.
 */
public final class PackedGemm implements Gemm {
  /**
   * The widest packed panel of op(B): a 2 KiB row array. Wide panels pay the micro-kernel's fixed
   * cost per pass (its row loads, the vector loop's entry and tail) over more columns: a 400-column
   * B as one panel rather than 208 + 192 made the products of a 784-400-400 network 12–18 % faster
   * (Zen 4, JDK 17). Panels of at most {@link #NC_NARROW} columns are packed into rows of that
   * length instead: rows twice as long as their data slowed the 256-column products by 5 %.
   */
  static final int NC = 512;

  /** Row length of the packed rows and accumulators of panels at most this wide. */
  static final int NC_NARROW = 256;

  /**
   * Depth of a cache block: a KC×NC block of packed B is at most 512 KiB, read from L2 (1 MiB on
   * Zen 4; 128 instead of 256 measured no faster there).
   */
  static final int KC = 256;

  /** Rows of C per accumulator block: 64 rows × NC floats = 128 KiB. */
  static final int MC = 64;

  /** Rows of the register-blocked micro-kernel. */
  static final int MR = 4;

  /**
   * Below this many multiply-adds a product stays on the calling thread (hand-off costs ~20 µs).
   */
  static final long PARALLEL_MIN_WORK = 1L << 20;

  /** When C has fewer columns than this (classifier heads), C transposed is computed instead. */
  static final int NARROW = 24;

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private final int threads;
  private final boolean fma;

  /** A kernel that uses {@link Kernels#threads()} threads and the JVM's FMA support. */
  public PackedGemm() {
    this(0, Fma.AVAILABLE);
  }

  /**
   * A kernel with a fixed thread count and the JVM's FMA support.
   *
   * @param threads threads per product; 0 follows {@link Kernels#threads()}
   */
  public PackedGemm(int threads) {
    this(threads, Fma.AVAILABLE);
  }

  /**
   * A kernel with a fixed configuration (tests and benchmarks).
   *
   * @param threads threads per product; 0 follows {@link Kernels#threads()}
   * @param fma whether to use {@link Math#fma(float, float, float)} in the inner loop; only
   *     sensible when the CPU has FMA instructions (otherwise it is a slow software routine)
   */
  public PackedGemm(int threads, boolean fma) {
    if (threads < 0) {
      throw new IllegalArgumentException(
          "threads must be >= 0 (0 = Kernels.threads()): " + threads);
    }
    this.threads = threads;
    this.fma = fma;
  }

  @Override
  public String name() {
    return "java-packed" + (fma ? "-fma" : "");
  }

  /**
   * @return the number of threads a large product is split across
   */
  public int threads() {
    return threads == 0 ? Kernels.threads() : threads;
  }

  /**
   * @return whether the inner loop uses fused multiply-add
   */
  public boolean fma() {
    return fma;
  }

  @Override
  public String toString() {
    return name() + " (" + threads() + (threads() == 1 ? " thread)" : " threads)");
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
    if (k == 0 || alpha == 0f) {
      GemmChecks.scale(m, n, beta, c, cOff, ldc);
      return;
    }
    // Element (i, p) of op(A) is a[aOff + i*asi + p*asp]; element (p, j) of op(B) is
    // b[bOff + p*bsp + j*bsj]; element (i, j) of C is c[cOff + i*ldc + j].
    int asi = transA ? 1 : lda;
    int asp = transA ? lda : 1;
    int bsp = transB ? 1 : ldb;
    int bsj = transB ? ldb : 1;
    Product p;
    if (n < NARROW && m > n) {
      // A narrow C (a classifier head) would leave the vector loop nearly empty: compute
      // Cᵀ = op(B)ᵀ·op(A)ᵀ instead, so the long dimension m runs in the inner loop.
      p = new Product(n, m, k, alpha, b, bOff, bsj, bsp, a, aOff, asp, asi, beta, c, cOff, 1, ldc);
    } else {
      p = new Product(m, n, k, alpha, a, aOff, asi, asp, b, bOff, bsp, bsj, beta, c, cOff, ldc, 1);
    }
    run(p);
  }

  private void run(Product p) {
    Scratch own = SCRATCH.get();
    int w = p.panelWidth();
    float[][] packed = own.of(w).packed(p.k * ((p.n + w - 1) / w));
    pack(p, packed);
    int t = Parallel.inPart() ? 1 : threads();
    long work = (long) p.m * p.n * p.k;
    if (t <= 1 || work < PARALLEL_MIN_WORK || p.m < 2 * MR) {
      p.rows(0, p.m, packed, own);
      return;
    }
    // Row chunks of C in multiples of MR, several per thread, so that a descheduled thread delays
    // the product by one chunk at most. Which thread computes a row never changes its sum.
    int chunkRows = Math.max(2 * MR, (p.m + 4 * t - 1) / (4 * t) + MR - 1) / MR * MR;
    int chunks = (p.m + chunkRows - 1) / chunkRows;
    Parallel.forEach(
        chunks,
        t,
        q -> p.rows(q * chunkRows, Math.min(p.m, (q + 1) * chunkRows), packed, SCRATCH.get()));
  }

  /** Copies op(B) (k×n) into panel rows: row {@code jb*k + p} holds B[p, jb*w ...], w the width. */
  private static void pack(Product p, float[][] packed) {
    int k = p.k;
    int n = p.n;
    float[] y = p.y;
    int w = p.panelWidth();
    for (int jb = 0, j0 = 0; j0 < n; jb++, j0 += w) {
      int nc = Math.min(w, n - j0);
      int base = jb * k;
      if (p.ysj == 1) {
        for (int q = 0; q < k; q++) {
          System.arraycopy(y, p.yOff + q * p.ysp + j0, packed[base + q], 0, nc);
        }
      } else {
        // A transposed operand: tiles of 16 columns keep the 16 source lines in L1 while p walks,
        // and write each packed row a whole 64-byte cache line at a time (8 columns: half a line;
        // a 64-row δ·Wᵀ of a 400-wide layer, as two threads' shards run it, 7-13 % slower).
        for (int jt = 0; jt < nc; jt += 16) {
          int je = Math.min(nc, jt + 16);
          for (int q = 0; q < k; q++) {
            float[] row = packed[base + q];
            int src = p.yOff + q * p.ysp + (j0 + jt) * p.ysj;
            for (int j = jt; j < je; j++, src += p.ysj) {
              row[j] = y[src];
            }
          }
        }
      }
    }
  }

  /** One product after the optional transposition, in the kernel's own terms. */
  private final class Product {
    final int m;
    final int n;
    final int k;
    final float alpha;
    final float[] x;
    final int xOff;
    final int xsi;
    final int xsp;
    final float[] y;
    final int yOff;
    final int ysp;
    final int ysj;
    final float beta;
    final float[] c;
    final int cOff;
    final int csi;
    final int csj;

    Product(
        int m,
        int n,
        int k,
        float alpha,
        float[] x,
        int xOff,
        int xsi,
        int xsp,
        float[] y,
        int yOff,
        int ysp,
        int ysj,
        float beta,
        float[] c,
        int cOff,
        int csi,
        int csj) {
      this.m = m;
      this.n = n;
      this.k = k;
      this.alpha = alpha;
      this.x = x;
      this.xOff = xOff;
      this.xsi = xsi;
      this.xsp = xsp;
      this.y = y;
      this.yOff = yOff;
      this.ysp = ysp;
      this.ysj = ysj;
      this.beta = beta;
      this.c = c;
      this.cOff = cOff;
      this.csi = csi;
      this.csj = csj;
    }

    /**
     * Panels of equal width, a multiple of 16 floats: a 784-column B as 400 + 384 rather than 512 +
     * 272, because the vector loop's scalar tail is paid per panel (prototype, n = 400 in panels of
     * at most 256: 208 + 192 rather than 256 + 144, 30 → 37 GFLOP/s).
     */
    int panelWidth() {
      int panels = (n + NC - 1) / NC;
      return Math.min(NC, ((n + panels - 1) / panels + 15) / 16 * 16);
    }

    /** Computes rows [i0, i1) of C. */
    void rows(int i0, int i1, float[][] packed, Scratch s) {
      int w = panelWidth();
      float[][] acc = s.of(w).acc;
      for (int ic = i0; ic < i1; ic += MC) {
        int mc = Math.min(MC, i1 - ic);
        for (int jb = 0, j0 = 0; j0 < n; jb++, j0 += w) {
          int nc = Math.min(w, n - j0);
          for (int r = 0; r < mc; r++) {
            java.util.Arrays.fill(acc[r], 0, nc, 0f);
          }
          for (int p0 = 0; p0 < k; p0 += KC) {
            int kc = Math.min(KC, k - p0);
            int bRow = jb * k + p0;
            int r = 0;
            for (; r + MR <= mc; r += MR) {
              int xi = xOff + (ic + r) * xsi + p0 * xsp;
              if (fma) {
                Micro.fma4(acc, r, packed, bRow, x, xi, xsi, xsp, kc, nc);
              } else {
                Micro.mul4(acc, r, packed, bRow, x, xi, xsi, xsp, kc, nc);
              }
            }
            for (; r < mc; r++) {
              int xi = xOff + (ic + r) * xsi + p0 * xsp;
              if (fma) {
                Micro.fma1(acc[r], packed, bRow, x, xi, xsp, kc, nc);
              } else {
                Micro.mul1(acc[r], packed, bRow, x, xi, xsp, kc, nc);
              }
            }
          }
          store(acc, ic, mc, j0, nc);
        }
      }
    }

    private void store(float[][] acc, int ic, int mc, int j0, int nc) {
      for (int r = 0; r < mc; r++) {
        float[] s = acc[r];
        int ci = cOff + (ic + r) * csi + j0 * csj;
        if (beta == 0f) {
          for (int j = 0; j < nc; j++) {
            c[ci + j * csj] = alpha * s[j];
          }
        } else if (beta == 1f) {
          for (int j = 0; j < nc; j++) {
            c[ci + j * csj] += alpha * s[j];
          }
        } else {
          for (int j = 0; j < nc; j++) {
            int o = ci + j * csj;
            c[o] = alpha * s[j] + beta * c[o];
          }
        }
      }
    }
  }

  /**
   * Per-thread scratch, one set per row length ({@link #NC_NARROW} floats for panels that fit in
   * them, {@link #NC} otherwise): the packed copy of op(B) (caller) and the accumulator block
   * (all).
   */
  private static final class Scratch {
    private final Rows narrow = new Rows(NC_NARROW);
    private Rows wide; // on the first wide panel: many threads predict with narrow ones only

    Rows of(int width) {
      if (width <= NC_NARROW) {
        return narrow;
      }
      if (wide == null) {
        wide = new Rows(NC);
      }
      return wide;
    }
  }

  /** Packed rows and an accumulator block whose rows are all {@code length} floats. */
  private static final class Rows {
    private final int length;
    private float[][] packed = new float[0][];
    private final float[][] acc;

    Rows(int length) {
      this.length = length;
      this.acc = new float[MC][length];
    }

    /** At least {@code rows} packed rows; grown (by half at least) and kept. */
    float[][] packed(int rows) {
      if (packed.length < rows) {
        float[][] grown = java.util.Arrays.copyOf(packed, Math.max(rows, packed.length * 3 / 2));
        for (int i = packed.length; i < grown.length; i++) {
          grown[i] = new float[length];
        }
        packed = grown;
      }
      return packed;
    }
  }
}
