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
 *       dev.ludovic.netlib:blas} is on the class path and reaches a native library, otherwise the
 *       pure-Java {@link PackedGemm};
 *   <li>{@code java}: always {@link PackedGemm} (forces any native path off);
 *   <li>{@code naive}: the reference loops of {@link JavaGemm} (slow; for comparisons);
 *   <li>{@code netlib}: netlib's BLAS whatever implementation it found (falls back to {@link
 *       PackedGemm}, with a warning, when netlib is absent).
 * </ul>
 *
 * <p>The choice is logged once at INFO through {@link System.Logger} and returned by {@link
 * #describe()}. {@link #use(Gemm)} replaces it for the whole JVM.
 *
 * <p>Threads: {@link #threads()} defaults to the number of available processors, or to the system
 * property {@code engram.threads}. The pure-Java kernel splits the rows of C across that many
 * threads without changing any sum, so results do not depend on the thread count. A native BLAS
 * uses its own threads ({@code OPENBLAS_NUM_THREADS}); there results may depend on them.
 */
public final class Kernels {
  /** The system property that selects the kernel: auto, java, naive or netlib. */
  public static final String KERNEL_PROPERTY = "engram.kernel";

  /** The system property that sets the default thread count. */
  public static final String THREADS_PROPERTY = "engram.threads";

  private static final System.Logger LOG = System.getLogger(Kernels.class.getName());

  private static volatile int threads = defaultThreads();
  private static volatile Gemm gemm = choose();

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
    return describe(gemm);
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
    switch (p) {
      case "java":
        chosen = new PackedGemm();
        break;
      case "naive":
        chosen = new JavaGemm();
        break;
      case "netlib":
        chosen = NetlibGemm.load(false);
        if (chosen == null) {
          LOG.log(Level.WARNING, "-D" + KERNEL_PROPERTY + "=netlib but netlib BLAS is absent");
          chosen = new PackedGemm();
        }
        break;
      default:
        if (!p.equals("auto")) {
          LOG.log(
              Level.WARNING,
              "Unknown -D" + KERNEL_PROPERTY + "=" + p + " (expected auto, java, naive, netlib)");
        }
        chosen = NetlibGemm.load(true);
        if (chosen == null) {
          chosen = new PackedGemm();
        }
    }
    Gemm logged = chosen;
    LOG.log(Level.INFO, () -> "Engram GEMM kernel: " + describe(logged));
    return chosen;
  }

  private static String describe(Gemm g) {
    if (g instanceof PackedGemm) {
      return g.name() + ", pure Java, " + ((PackedGemm) g).threads() + " thread(s)";
    }
    if (g instanceof NetlibGemm) {
      return g.name() + ", native BLAS via netlib (" + ((NetlibGemm) g).implementation() + ")";
    }
    return g.name();
  }
}
