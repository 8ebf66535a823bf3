package org.engram.benchmarks;

import java.util.concurrent.TimeUnit;
import org.engram.cl.ContinualLearner;
import org.engram.cl.data.TaskData;
import org.engram.cl.linalg.Gemm;
import org.engram.cl.linalg.Kernels;
import org.engram.cl.method.Method;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The importance pass against the training it follows: {@code endTask} (importance on the default
 * 1000-sample reservoir, anchor, snapshot) after a task of 1000 rows, and {@code epoch1000}, one
 * training pass over the same 1000 rows. Their ratio is the consolidation's share per epoch; the
 * target is ≤ 10 % of a task's training time.
 */
// Short one-second iterations: the operations take micro- to milliseconds, and the whole suite
// should finish in minutes.
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ImportanceBenchmark {
  /** Rows in the task (and samples for the importance, the default). */
  static final int ROWS = 1000;

  /** The kernel (see {@link KernelChoice}). */
  @Param({"java-1", "java-2", "netlib"})
  public String kernel;

  /** The method whose importance is estimated. */
  @Param({"EWC", "MAS"})
  public String method;

  private Gemm before;
  private TaskData task;
  private ContinualLearner trained;
  private ContinualLearner trainer;
  private ContinualLearner consolidating;

  /** Trains one task of 1000 rows, left open. */
  @Setup(Level.Trial)
  public void setup() {
    before = Kernels.gemm();
    KernelChoice.install(kernel, KernelChoice.of(kernel));
    task = Fixtures.data(ROWS, 10, 3);
    trained = Fixtures.learner(Method.valueOf(method));
    trained.beginTask(0);
    trained.update(task);
    trainer = trained.copy();
  }

  /** A fresh copy with the task still open for each {@code endTask} call. */
  @Setup(Level.Invocation)
  public void reopen() {
    consolidating = trained.copy();
  }

  /** Restores the JVM-wide kernel. */
  @TearDown(Level.Trial)
  public void tearDown() {
    Kernels.use(before);
  }

  /**
   * @return the consolidation's own measure of its seconds
   */
  @Benchmark
  public double endTask() {
    return consolidating.endTask().consolidationSeconds();
  }

  /**
   * @return the learner, so that the epoch is not eliminated
   */
  @Benchmark
  public ContinualLearner epoch1000() {
    trainer.update(task);
    return trainer;
  }
}
