package org.engram.benchmarks;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.engram.cl.linalg.Gemm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One float GEMM per operation, at the shapes an MLP minibatch of 128 rows produces.
 *
 * <p>Shapes are {@code OP:m:n:k}: {@code NN:128:400:784} is a forward layer 784→400, {@code
 * NT:128:400:400} the backward pass through a 400→400 layer, {@code TN:784:400:128} the weight
 * gradient of the 784→400 layer (beta = 1), {@code NN:128:10:400} a 10-class head, and {@code
 * NN:128:256:784} the 128×784·784×256 product quoted in the performance notes. GFLOP/s = 2·m·n·k /
 * time.
 */
// Short one-second iterations: the operations take micro- to milliseconds, and the whole suite
// should finish in minutes.
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GemmBenchmark {
  /** The product: transposes and sizes. */
  @Param({
    "NN:128:256:784",
    "NN:128:400:784",
    "NT:128:400:400",
    "TN:784:400:128",
    "NN:128:10:400",
    "NN:128:100:64"
  })
  public String shape;

  /** The kernel (see {@link KernelChoice}). */
  @Param({"naive", "java-1", "java-2", "netlib"})
  public String kernel;

  private Gemm gemm;
  private boolean ta;
  private boolean tb;
  private int m;
  private int n;
  private int k;
  private float[] a;
  private float[] b;
  private float[] c;
  private float beta;

  /** Builds the operands. */
  @Setup
  public void setup() {
    gemm = KernelChoice.of(kernel);
    String[] s = shape.split(":");
    ta = s[0].charAt(0) == 'T';
    tb = s[0].charAt(1) == 'T';
    m = Integer.parseInt(s[1]);
    n = Integer.parseInt(s[2]);
    k = Integer.parseInt(s[3]);
    Random r = new Random(1);
    a = random(r, m * k);
    b = random(r, k * n);
    c = new float[m * n];
    // The weight gradient accumulates into the gradient (beta = 1), the others overwrite.
    beta = ta ? 1f : 0f;
  }

  private static float[] random(Random r, int len) {
    float[] x = new float[len];
    for (int i = 0; i < len; i++) {
      x[i] = (float) r.nextGaussian();
    }
    return x;
  }

  /**
   * @return C, so that the product is not eliminated
   */
  @Benchmark
  public float[] gemm() {
    gemm.gemm(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, beta, c, 0, n);
    return c;
  }
}
