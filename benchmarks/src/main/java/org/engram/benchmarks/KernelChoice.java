package org.engram.benchmarks;

import org.engram.cl.linalg.Gemm;
import org.engram.cl.linalg.JavaGemm;
import org.engram.cl.linalg.Kernels;
import org.engram.cl.linalg.NetlibGemm;
import org.engram.cl.linalg.PackedGemm;

/** Maps the benchmarks' {@code kernel} parameter to a {@link Gemm}. */
public final class KernelChoice {
  private KernelChoice() {}

  /**
   * @param name {@code naive} (the reference loops), {@code java-N} (packed pure Java on N threads)
   *     or {@code netlib} (netlib's JNI BLAS; threads from {@code OPENBLAS_NUM_THREADS})
   * @return the kernel
   * @throws IllegalStateException if netlib's native BLAS is not available
   */
  public static Gemm of(String name) {
    if (name.equals("naive")) {
      return new JavaGemm();
    }
    if (name.startsWith("java-")) {
      return new PackedGemm(Integer.parseInt(name.substring("java-".length())));
    }
    if (name.equals("netlib")) {
      Gemm g = NetlibGemm.load(true);
      if (g == null) {
        throw new IllegalStateException(
            "netlib's native BLAS is not available (is libblas.so.3 / OpenBLAS installed?)");
      }
      return g;
    }
    throw new IllegalArgumentException("unknown kernel: " + name + " (naive, java-N, netlib)");
  }

  /**
   * Installs a kernel for the whole JVM together with Engram's thread count, which also sizes the
   * training step's row shards and the optimiser's blocks: N for {@code java-N}, 1 otherwise (a
   * native library's threads come from {@code OPENBLAS_NUM_THREADS}).
   *
   * @param name as for {@link #of}
   * @param kernel the kernel {@link #of} returned for it
   */
  public static void install(String name, Gemm kernel) {
    Kernels.use(kernel);
    Kernels.setThreads(
        name.startsWith("java-") ? Integer.parseInt(name.substring("java-".length())) : 1);
  }
}
