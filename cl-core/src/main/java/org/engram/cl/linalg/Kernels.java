package org.engram.cl.linalg;

import java.lang.System.Logger.Level;

/**
 * Chooses the {@link Gemm} implementation the network uses, and how many threads it may use.
 *
 * <p>The choice is made once, when this class is first used, from the system property {@code
 * engram.kernel}:
 *
 * <ul>
 *   <li>{@code auto} (default): {@link NetlibGemm netlib's JNI BLAS} when {@code
 *       dev.ludovic.netlib:blas} is on the class path and reaches a native library that {@link
 *       NetlibGemm#isOptimised() is known to be fast} (OpenBLAS, MKL, BLIS) and measures at least
 *       {@value #NATIVE_MIN_GFLOPS} GFLOP/s on a product it runs on the calling thread, otherwise
 *       the pure-Java {@link PackedGemm}. The netlib reference BLAS, which is what {@code
 *       libblas.so.3} is on a fresh Debian or Ubuntu, is refused: it is about ten times slower than
 *       {@link PackedGemm}; so is a library below that speed, such as an OpenBLAS that fell back to
 *       its generic kernel on an AVX2 CPU it does not recognise;
 *   <li>{@code java}: always {@link PackedGemm} (forces any native path off);
 *   <li>{@code naive}: the reference loops of {@link JavaGemm} (slow; for comparisons);
 *   <li>{@code netlib}: netlib's BLAS whatever implementation it found, the reference BLAS or its
 *       pure-Java fallbacks included (falls back to {@link PackedGemm}, with a warning, when netlib
 *       is absent).
 * </ul>
 *
 * <p>The choice is logged once at INFO through {@link System.Logger} (with the reason when {@code
 * auto} did not take the native path) and returned by {@link #describe()}, which names the native
 * library, e.g. {@code netlib-JNIBLAS, native BLAS via netlib: JNIBLAS → OpenBLAS
 * (/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3), OPENBLAS_NUM_THREADS=1}. {@link
 * #use(Gemm)} replaces it for the whole JVM.
 *
 * <p>Threads: {@link #threads()} defaults to the number of available processors, or to the system
 * property {@code engram.threads}. It is the size of every {@link Parallel} loop: the pure-Java
 * kernel's row chunks, a training step's row shards, the optimiser's parameter blocks and
 * prediction chunks, none of which changes any sum, so results do not depend on the thread count. A
 * native BLAS uses its own threads ({@code OPENBLAS_NUM_THREADS}); there results may depend on
 * them.
 */
public final class Kernels {
  /** The system property that selects the kernel: auto, java, naive or netlib. */
  public static final String KERNEL_PROPERTY = "engram.kernel";

  /** The system property that sets the default thread count. */
  public static final String THREADS_PROPERTY = "engram.threads";

  private static final System.Logger LOG = System.getLogger(Kernels.class.getName());

  private static volatile int threads = defaultThreads();

  /** Why the chosen kernel is the pure-Java one, or null; set by {@link #choose()}. */
  private static String fallbackReason;

  /** The native kernel {@code auto} measured and took, or null; set by {@link #choose()}. */
  private static NetlibGemm probed;

  /** Its measured speed. */
  private static double probedGflops;

  /**
   * The speed on the probe's product ({@link #gflops}) below which {@code auto} refuses a native
   * library: one far slower than the pure-Java kernel. Measured on an AVX-512 vCPU: pure Java 28–36
   * GFLOP/s; Debian's OpenBLAS 64–80 alone and 43–72 with other jobs on the machine (its vCPUs
   * share their cores); the same OpenBLAS forced to its generic "Prescott" kernel, what it falls
   * back to on a CPU it does not recognise (common on virtual machines), 31–33 here and about 15 on
   * an AVX2 machine. A bar near the optimised library's speed under load let the choice, and with
   * it the last bits of every result, change from run to run.
   */
  static final double NATIVE_MIN_GFLOPS = 24;

  /**
   * The probe's product, 64×60·60×64: 245,760 multiply-adds, below the 262,144 from which OpenBLAS
   * splits a product across its own threads. A split product waits for the library's other thread:
   * with OPENBLAS_NUM_THREADS unset and another job on the machine, a 128×784·784×256 probe
   * measured 10–13 GFLOP/s instead of 80–130, below the bar in 2 of 8 identical runs.
   */
  private static final int PROBE_M = 64;

  private static final int PROBE_K = 60;
  private static final int PROBE_N = 64;

  private static final Gemm CHOSEN = choose();
  private static volatile Gemm gemm = CHOSEN;

  private Kernels() {}

  /**
   * @return the kernel in use
   */
  public static Gemm gemm() {
    return gemm;
  }

  /**
   * Installs a kernel for the whole JVM.
   *
   * @param kernel the kernel
   */
  public static void use(Gemm kernel) {
    if (kernel == null) {
      throw new IllegalArgumentException("kernel must not be null");
    }
    gemm = kernel;
  }

  /**
   * @return the number of threads the pure-Java kernel splits a large product across
   */
  public static int threads() {
    return threads;
  }

  /**
   * Sets the number of threads for large products in the pure-Java kernel (the default is the
   * number of available processors). Results are the same for every thread count.
   *
   * @param n threads, at least 1
   */
  public static void setThreads(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("threads must be >= 1: " + n);
    }
    threads = n;
  }

  /**
   * @return a one-line description of the kernel in use and its threads, for logs and reports
   */
  public static String describe() {
    Gemm g = gemm;
    return describe(g, g == CHOSEN ? fallbackReason : null, true);
  }

  private static int defaultThreads() {
    String p = System.getProperty(THREADS_PROPERTY);
    if (p != null && !p.isBlank()) {
      try {
        int n = Integer.parseInt(p.trim());
        if (n >= 1) {
          return n;
        }
      } catch (NumberFormatException e) {
        // fall through to the warning
      }
      LOG.log(
          Level.WARNING,
          "Ignoring -D" + THREADS_PROPERTY + "=" + p + " (expected an integer >= 1)");
    }
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  private static Gemm choose() {
    String p =
        System.getProperty(KERNEL_PROPERTY, "auto").trim().toLowerCase(java.util.Locale.ROOT);
    Gemm chosen;
    Level level = Level.INFO;
    switch (p) {
      case "java":
        chosen = new PackedGemm();
        fallbackReason = "-D" + KERNEL_PROPERTY + "=java";
        break;
      case "naive":
        chosen = new JavaGemm();
        break;
      case "netlib":
        chosen = NetlibGemm.load(false);
        if (chosen == null) {
          chosen = new PackedGemm();
          fallbackReason =
              "-D" + KERNEL_PROPERTY + "=netlib, but " + NetlibGemm.unavailableReason();
          level = Level.WARNING;
        }
        break;
      default:
        if (!p.equals("auto")) {
          LOG.log(
              Level.WARNING,
              "Unknown -D" + KERNEL_PROPERTY + "=" + p + " (expected auto, java, naive, netlib)");
        }
        NetlibGemm n = NetlibGemm.load(true);
        double gflops = n != null && n.isOptimised() ? gflops(n) : 0;
        if (gflops >= NATIVE_MIN_GFLOPS) {
          chosen = n;
          probed = n;
          probedGflops = gflops;
        } else {
          chosen = new PackedGemm();
          fallbackReason =
              n == null
                  ? NetlibGemm.unavailableReason()
                  : n.isOptimised()
                      ? String.format(
                          java.util.Locale.ROOT,
                          "refused netlib %s: %.0f GFLOP/s on a %d×%d·%d×%d product, below"
                              + " %.0f (the library may not recognise this CPU: for OpenBLAS set"
                              + " OPENBLAS_CORETYPE, e.g. Haswell or SkylakeX); -D%s=netlib"
                              + " forces it",
                          n.implementation(),
                          gflops,
                          PROBE_M,
                          PROBE_K,
                          PROBE_K,
                          PROBE_N,
                          NATIVE_MIN_GFLOPS,
                          KERNEL_PROPERTY)
                      : "refused netlib "
                          + n.implementation()
                          + ": slower than pure Java; -D"
                          + KERNEL_PROPERTY
                          + "=netlib forces it";
        }
    }
    Gemm logged = chosen;
    String reason = fallbackReason;
    // without the thread count: a run sets its own after this (the bench's --threads), and
    // describe() then gives it
    LOG.log(level, () -> "Engram GEMM kernel: " + describe(logged, reason, false));
    return chosen;
  }

  /**
   * Times the probe's product ({@link #PROBE_M}), best of 200 calls (so that a burst of load
   * elsewhere does not decide: one call of a single thread needs one clean slice of a few µs),
   * about 1–5 ms in all.
   */
  private static double gflops(Gemm g) {
    int m = PROBE_M;
    int n = PROBE_N;
    int k = PROBE_K;
    float[] a = new float[m * k];
    float[] b = new float[k * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = (i % 7) * 0.1f;
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = (i % 5) * 0.1f;
    }
    float[] c = new float[m * n];
    long best = Long.MAX_VALUE;
    for (int r = 0; r < 200; r++) {
      long t0 = System.nanoTime();
      g.gemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
      best = Math.min(best, System.nanoTime() - t0);
    }
    return 2.0 * m * n * k / Math.max(1, best);
  }

  private static String describe(Gemm g, String reason, boolean threads) {
    if (g instanceof PackedGemm) {
      String d =
          g.name()
              + ", pure Java"
              + (threads ? ", " + ((PackedGemm) g).threads() + " thread(s)" : "");
      return reason != null ? d + "; " + reason : d;
    }
    if (g instanceof NetlibGemm) {
      NetlibGemm n = (NetlibGemm) g;
      if (n.vendor() == null) {
        return g.name() + ", netlib's Java implementation (" + n.implementation() + ")";
      }
      String speed =
          g == probed ? String.format(java.util.Locale.ROOT, ", %.0f GFLOP/s", probedGflops) : "";
      return g.name()
          + ", native BLAS via netlib: "
          + n.implementation()
          + nativeThreads(n)
          + speed;
    }
    return g.name();
  }

  /** The environment variable that sets a native library's threads, and its value. */
  private static String nativeThreads(NetlibGemm n) {
    String var = n.threadsVariable();
    if (var == null) {
      return "";
    }
    String v = System.getenv(var);
    return ", " + var + (v == null ? " unset (the library's default)" : "=" + v);
  }
}
