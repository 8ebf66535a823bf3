package org.engram.cl.linalg;

/**
 * The one seam between the network and its matrix kernels: single-precision general matrix multiply
 * on row-major flat arrays, with BLAS {@code sgemm} semantics.
 *
 * <p>{@code C = alpha * op(A) * op(B) + beta * C}, where {@code op(X)} is {@code X} or its
 * transpose, {@code op(A)} is m×k, {@code op(B)} is k×n and C is m×n. {@code lda}, {@code ldb},
 * {@code ldc} are the row strides of the arrays as stored. Every matrix product of the network goes
 * through here, so a faster implementation (packed kernels, threads, a native BLAS) speeds up
 * training, importance estimation and prediction at once.
 */
public interface Gemm {

  /**
   * Computes {@code C = alpha * op(A) * op(B) + beta * C}.
   *
   * @param transA whether to use Aᵀ
   * @param transB whether to use Bᵀ
   * @param m rows of op(A) and C
   * @param n columns of op(B) and C
   * @param k columns of op(A), rows of op(B)
   * @param alpha scale of the product
   * @param a A's storage
   * @param aOff offset of A's first element
   * @param lda row stride of A as stored
   * @param b B's storage
   * @param bOff offset of B's first element
   * @param ldb row stride of B as stored
   * @param beta scale of the existing C (0 overwrites, NaNs in C included)
   * @param c C's storage
   * @param cOff offset of C's first element
   * @param ldc row stride of C
   */
  void gemm(
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
      int ldc);

  /**
   * @return a short name for logs and benchmarks
   */
  String name();

  /**
   * Whether products may be issued from several threads at once to run in parallel. True for the
   * pure-Java kernels, which run a product issued inside a {@link Parallel} part on that thread
   * alone. False for a native library that runs its own threads: the training step then keeps its
   * batch whole and lets the library split each product.
   *
   * @return whether the training step may shard its batch over {@link Kernels#threads()}
   */
  default boolean concurrent() {
    return true;
  }
}
