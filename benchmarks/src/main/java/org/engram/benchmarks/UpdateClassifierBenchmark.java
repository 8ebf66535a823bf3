package org.engram.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.engram.cl.ContinualLearner;
import org.engram.cl.data.TaskData;
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
import org.openjdk.jmh.annotations.Warmup;
import weka.classifiers.functions.ContinualMLP;
import weka.core.Attribute;
import weka.core.DenseInstance;
import weka.core.Instances;

/**
 * Weka's streaming path against the core's minibatch path, per 1024 rows, MLP 784-256-256-10, one
 * pass: {@code weka-updateClassifier} feeds the rows one {@code updateClassifier} call at a time
 * (ContinualMLP buffers them into minibatches and encodes each row, and trains each full minibatch
 * with one core {@code update}), {@code core-update} hands the same rows to {@link
 * ContinualLearner#update} as one block, in minibatches of the same size. Their ratio is the
 * per-row overhead of the Weka path. {@code batch} is Weka's default minibatch (no {@code
 * -batch-size} option given) or 128.
 */
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class UpdateClassifierBenchmark {
  private static final int ROWS = 1024;

  /** Which path. */
  @Param({"weka-updateClassifier", "core-update"})
  public String path;

  /** The minibatch: {@code default} (ContinualMLP's own) or a size. */
  @Param({"default", "128"})
  public String batch;

  private ContinualMLP weka;
  private Instances rows;
  private ContinualLearner core;
  private TaskData block;

  /**
   * Builds both models on an empty task and the 1024 rows in both forms.
   *
   * @throws Exception if Weka refuses the setup
   */
  @Setup
  public void setup() throws Exception {
    block = Fixtures.data(ROWS, 10, 3);
    ArrayList<Attribute> atts = new ArrayList<>();
    for (int j = 0; j < Fixtures.INPUTS; j++) {
      atts.add(new Attribute("p" + j));
    }
    ArrayList<String> labels = new ArrayList<>();
    for (int c = 0; c < 10; c++) {
      labels.add(Integer.toString(c));
    }
    atts.add(new Attribute("class", labels));
    rows = new Instances("bench", atts, ROWS);
    rows.setClassIndex(Fixtures.INPUTS);
    for (int r = 0; r < ROWS; r++) {
      double[] v = new double[Fixtures.INPUTS + 1];
      for (int j = 0; j < Fixtures.INPUTS; j++) {
        v[j] = block.feature(r, j);
      }
      v[Fixtures.INPUTS] = block.label(r);
      rows.add(new DenseInstance(1, v));
    }
    List<String> options =
        new ArrayList<>(List.of("-method", "NONE", "-hidden", "256,256", "-epochs", "1"));
    if (!batch.equals("default")) {
      options.addAll(List.of("-batch-size", batch));
    }
    options.add("-no-scaling");
    weka = new ContinualMLP();
    weka.setOptions(options.toArray(new String[0]));
    weka.buildClassifier(new Instances(rows, 0));
    core = Fixtures.learner(Method.FINE_TUNE, weka.learner().config().batchSize());
    core.beginTask(0);
  }

  /**
   * @return the model, so that the work is not eliminated
   * @throws Exception if Weka refuses a row
   */
  @Benchmark
  public Object pass() throws Exception {
    if (path.equals("core-update")) {
      core.update(block);
      return core;
    }
    for (int r = 0; r < ROWS; r++) {
      weka.updateClassifier(rows.instance(r));
    }
    return weka;
  }
}
