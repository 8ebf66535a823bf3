package org.engram.benchmarks;

import org.engram.cl.linalg.Gemm;
import org.engram.cl.linalg.JavaGemm;
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
}
