package org.engram.examples;

import org.engram.cl.linalg.Gemm;
import org.engram.cl.linalg.Kernels;
import org.engram.cl.linalg.NetlibGemm;
import org.engram.cl.linalg.PackedGemm;

/**
 * The {@code --kernel auto|java|netlib} flag of {@code bench} and {@code demo}: the same choice as
 * {@code java -Dengram.kernel=... -jar engram-examples.jar}, made on the command line.
 *
 * <p>In a fresh JVM the flag only sets the system property before the kernel is first used, so
 * {@link Kernels} chooses (and logs) once, and {@code --kernel java} never loads a native library.
 * When the kernel was already chosen in this JVM (a caller running several commands in one process,
 * such as the tests), the requested kernel is installed over it for the command and the previous
 * one is put back afterwards.
 */
final class KernelFlag implements AutoCloseable {
  /** The accepted values, as the usage text lists them. */
  static final String[] VALUES = {"auto", "java", "netlib"};

  /** The flag's help, shared by both commands. */
  static final String HELP =
      "Matrix kernel: auto (default) takes a native BLAS through netlib when an optimised one"
          + " (OpenBLAS, MKL, BLIS) is installed, else pure Java; java forces the native path off;"
          + " netlib takes whatever netlib finds, even the slow reference BLAS. Same as java"
          + " -Dengram.kernel=K -jar ... Native threads: OPENBLAS_NUM_THREADS (--threads is the"
          + " Java kernel's)";

  private final Gemm before;
  private final String property;
  private final boolean restore;

  private KernelFlag(Gemm before, String property, boolean restore) {
    this.before = before;
    this.property = property;
    this.restore = restore;
  }

  /**
   * Applies the flag for one command.
   *
   * @param kernel the flag's value (already validated), or null when not given
   * @return what {@link #close()} restores
   * @throws UsageException if {@code netlib} is asked for and netlib is not on the class path
   */
  static KernelFlag apply(String kernel) {
    if (kernel == null) {
      return new KernelFlag(null, null, false);
    }
    String property = System.getProperty(Kernels.KERNEL_PROPERTY);
    System.setProperty(Kernels.KERNEL_PROPERTY, kernel);
    Gemm current = Kernels.gemm(); // chooses now if nothing in this JVM has used a kernel yet
    Gemm wanted =
        switch (kernel) {
          case "java" -> current instanceof PackedGemm ? current : new PackedGemm();
          case "netlib" -> current instanceof NetlibGemm ? current : NetlibGemm.load(false);
          default -> {
            if (property == null || property.equals("auto")) {
              yield current;
            }
            NetlibGemm n = NetlibGemm.load(true);
            yield n != null && n.isOptimised() ? n : new PackedGemm();
          }
        };
    if (wanted == null) {
      restoreProperty(property);
      throw new UsageException(
          "--kernel netlib: netlib's BLAS (dev.ludovic.netlib:blas) is absent");
    }
    if (wanted != current) {
      Kernels.use(wanted);
    }
    return new KernelFlag(current, property, true);
  }

  /** Puts back the kernel and the system property that were in force before {@link #apply}. */
  @Override
  public void close() {
    if (restore) {
      Kernels.use(before);
      restoreProperty(property);
    }
  }

  private static void restoreProperty(String value) {
    if (value == null) {
      System.clearProperty(Kernels.KERNEL_PROPERTY);
    } else {
      System.setProperty(Kernels.KERNEL_PROPERTY, value);
    }
  }
}
