package org.engram.cl.linalg;

/**
 * Chooses the {@link Gemm} implementation the network uses.
 *
 * <p>The default is the portable {@link JavaGemm}. {@link #use(Gemm)} installs another one for the
 * whole JVM (benchmarks, or a faster kernel found at run time).
 */
public final class Kernels {
  private static volatile Gemm gemm = new JavaGemm();

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
}
