package org.engram.benchmarks;

import java.util.concurrent.TimeUnit;
import org.engram.cl.ContinualLearner;
import org.engram.cl.TrainingListener;
import org.engram.cl.data.TaskData;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The learner's binary state, which every task's undo keeps and every λ trial copies through: write
 * it ({@code toBytes}), read it ({@code fromBytes}), both ({@code copy}), for a 784-256-256-10
 * learner with Adam after two tasks (EWC: two anchors and two Fishers; SI: its path integral).
 * Compare with {@code TrainingStepBenchmark}'s step to see what a copy costs in steps.
 */
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StateCopyBenchmark {
  /** The method, which decides what the state holds besides the network and Adam's moments. */
  @Param({"EWC", "SI"})
  public String method;

  private ContinualLearner learner;
  private byte[] state;

  /** Two tasks of 500 rows, learned and consolidated. */
  @Setup(Level.Trial)
  public void setup() {
    learner = Fixtures.learner(Method.valueOf(method));
    for (int t = 0; t < 2; t++) {
      TaskData task = Fixtures.data(500, 10, t + 1);
      learner.learnTask(task, t, TrainingListener.NONE);
    }
    state = learner.toBytes();
  }

  /**
   * @return the state
   */
  @Benchmark
  public byte[] toBytes() {
    return learner.toBytes();
  }

  /**
   * @return the learner read back
   */
  @Benchmark
  public ContinualLearner fromBytes() {
    return ContinualLearner.fromBytes(state);
  }

  /**
   * @return a deep copy, as a λ trial makes
   */
  @Benchmark
  public ContinualLearner copy() {
    return learner.copy();
  }
}
