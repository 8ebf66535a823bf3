package org.engram.benchmarks;

import java.util.concurrent.TimeUnit;
import org.engram.cl.ContinualLearner;
import org.engram.cl.TrainingListener;
import org.engram.cl.data.TaskData;
import org.engram.cl.linalg.Gemm;
import org.engram.cl.linalg.Kernels;
import org.engram.cl.method.Method;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step of {@link ContinualLearner#update} on a 128-row minibatch, MLP 784-256-256-10,
 * Adam, in the second task, so the regularised methods pay their penalty: the difference between
 * {@code EWC} (or {@code MAS}) and {@code FINE_TUNE} is the penalty's cost per step.
 */
// Short one-second iterations: the operations take micro- to milliseconds, and the whole suite
// should finish in minutes.
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TrainingStepBenchmark {
  /** The kernel (see {@link KernelChoice}). */
  @Param({"java-1", "java-2", "netlib"})
  public String kernel;

  /** The continual-learning method. */
  @Param({"FINE_TUNE", "EWC"})
  public String method;

  private Gemm before;
  private ContinualLearner learner;
  private TaskData batch;

  /** Learns a first task, so that the second task's steps carry the penalty. */
  @Setup
  public void setup() {
    before = Kernels.gemm();
    KernelChoice.install(kernel, KernelChoice.of(kernel));
    learner = Fixtures.learner(Method.valueOf(method));
    learner.learnTask(Fixtures.data(1024, 10, 1), 0, TrainingListener.NONE);
    learner.beginTask(1);
    batch = Fixtures.data(Fixtures.BATCH, 10, 2);
  }

  /** Restores the JVM-wide kernel. */
  @TearDown
  public void tearDown() {
    Kernels.use(before);
  }

  /**
   * @return the learner, so that the step is not eliminated
   */
  @Benchmark
  public ContinualLearner step() {
    learner.update(batch);
    return learner;
  }
}
