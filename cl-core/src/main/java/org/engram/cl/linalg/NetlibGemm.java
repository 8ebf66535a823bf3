package org.engram.cl.linalg;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The optional native path: {@code sgemm} of netlib's BLAS binding ({@code dev.ludovic.netlib:blas}
 * 3.x), found reflectively so that cl-core keeps depending on the JDK only.
 *
 * <p>Put netlib's jars on the class path (and a system BLAS such as OpenBLAS on the library path)
 * and {@link Kernels} picks this kernel up; without them this class is never linked against
 * anything. The row-major product is handed over as the column-major product Cᵀ = op(B)ᵀ·op(A)ᵀ,
 * which needs no copy. Threads are the native library's ({@code OPENBLAS_NUM_THREADS}).
 */
public final class NetlibGemm implements Gemm {
  private final Object blas;
  private final MethodHandle sgemm;

  private NetlibGemm(Object blas, MethodHandle sgemm) {
    this.blas = blas;
    this.sgemm = sgemm;
  }

  /**
   * Loads netlib's BLAS if it is on the class path.
   *
   * @param nativeOnly accept only a native (JNI) implementation; netlib's pure-Java fallbacks are
   *     slower than {@link PackedGemm}
   * @return the kernel, or null when netlib (or, if required, its native library) is absent
   */
  public static NetlibGemm load(boolean nativeOnly) {
    try {
      String factory =
          nativeOnly ? "dev.ludovic.netlib.blas.NativeBLAS" : "dev.ludovic.netlib.blas.BLAS";
      Class<?> api = Class.forName("dev.ludovic.netlib.blas.BLAS");
      Object blas = Class.forName(factory).getMethod("getInstance").invoke(null);
      MethodHandle h =
          MethodHandles.publicLookup()
              .findVirtual(
                  api,
                  "sgemm",
                  MethodType.methodType(
                      void.class,
                      String.class,
                      String.class,
                      int.class,
                      int.class,
                      int.class,
                      float.class,
                      float[].class,
                      int.class,
                      int.class,
                      float[].class,
                      int.class,
                      int.class,
                      float.class,
                      float[].class,
                      int.class,
                      int.class));
      NetlibGemm g = new NetlibGemm(blas, h.bindTo(blas));
      // One tiny product proves the native library really links before it is chosen.
      float[] c = {Float.NaN};
      g.gemm(
          false, false, 1, 1, 1, 1f, new float[] {2f}, 0, 1, new float[] {3f}, 0, 1, 0f, c, 0, 1);
      return c[0] == 6f ? g : null;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }

  /**
   * @return the class netlib chose (JNIBLAS, VectorBLAS, JavaBLAS ...)
   */
  public String implementation() {
    return blas.getClass().getSimpleName();
  }

  @Override
  public String name() {
    return "netlib-" + implementation();
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
    if (k == 0) {
      // BLAS would accept null A and B here only in some implementations.
      GemmChecks.scale(m, n, beta, c, cOff, ldc);
      return;
    }
    // Typed locals: invokeExact matches static argument types, and a conditional expression in
    // this polymorphic-signature position would be typed Object.
    String opB = transB ? "T" : "N";
    String opA = transA ? "T" : "N";
    try {
      sgemm.invokeExact(opB, opA, n, m, k, alpha, b, bOff, ldb, a, aOff, lda, beta, c, cOff, ldc);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("netlib sgemm failed", e);
    }
  }
}
