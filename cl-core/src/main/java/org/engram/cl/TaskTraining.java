package org.engram.cl;

import java.util.Arrays;
import java.util.concurrent.CancellationException;
import org.engram.cl.data.TaskData;
import org.engram.cl.linalg.Kernels;
import org.engram.cl.linalg.Parallel;
import org.engram.cl.method.ContinualMethod;
import org.engram.cl.nn.GradientMode;
import org.engram.cl.nn.IndexMap;
import org.engram.cl.nn.Mlp;
import org.engram.cl.nn.Softmax;
import org.engram.cl.nn.Workspace;
import org.engram.cl.optim.Optimiser;

/**
 * The training loop of one open task: its minibatch buffers, the samples it keeps for the task's
 * end (the importance sample and the replay candidates), and the training step.
 *
 * <p>A step on a minibatch, joined by as many replayed examples when replay is on: the batch is cut
 * into row shards, one per thread, that run the forward pass, the loss gradients with respect to
 * the logits (cross-entropy through each row's own head, then the method's output terms such as
 * distillation) and the backward pass down the trunk concurrently; the parameter gradients are then
 * reduced over the whole batch by products whose sums run in a fixed order, and the optimiser
 * updates the parameters block by block with the method's penalty folded in. No number depends on
 * the shards, so the result is the same for every thread count.
 *
 * <p>Every step computes its data loss (cross-entropy and the method's output terms), which the
 * forward pass gives anyway, but adds only the gradient of the parameter penalty: the penalty's
 * value, a reduction over every parameter, is computed only on the last step of each epoch, whose
 * loss the epoch reports. A stream reports no loss, so its steps never compute it.
 *
 * <p>A non-finite data loss stops training with a {@link TrainingDivergedException} before the step
 * changes anything; a non-finite penalty value, on an epoch's last step, after it (the learner puts
 * back its state from before the call, as it does for non-finite parameters).
 */
final class TaskTraining {
  /** Fewer rows per thread than this are not worth a hand-off (~20 µs): the batch stays whole. */
  private static final int MIN_SHARD_ROWS = 16;

  /**
   * Inputs larger than this in absolute value are warned about once, and named when training
   * diverges.
   */
  static final float LARGE_INPUT = 1e4f;

  private final ContinualLearner learner;
  final int taskId;
  final Reservoir sample;
  private Workspace ws;
  private Optimiser warmupOptimiser;
  private int[] rowTask = new int[0];
  private int[] unit = new int[0];
  private int[] rowHead = new int[0];
  private int[] target = new int[0];
  private float[] weight = new float[0];
  private float[] grad;
  private boolean[] present;
  private boolean[] backprop;
  private double[] penalty;

  /** The rows the last step trained on (the task's, or a streamed update's). */
  private TaskData stepData;

  /** The penalty's value at the last step that computed it (an epoch's last). */
  private double lastPenalty;

  private int[][] unitOf;
  long steps;
  long examples;

  /**
   * A streamed task's rows kept while its automatic λ is not chosen yet (they train provisionally
   * meanwhile), or null once it is (or when there is nothing to choose).
   */
  TaskData held;

  /** The passes the held rows are to be trained with. */
  int heldPasses = 1;

  /** The learner's state when the task began, while λ is not chosen (to restart from). */
  byte[] startState;

  /** Whether a step since {@link #takeNonFinite} was last called wrote a non-finite parameter. */
  private boolean wroteNonFinite;

  /**
   * @return whether a step wrote a non-finite parameter since the last call (and forgets it)
   */
  boolean takeNonFinite() {
    boolean r = wroteNonFinite;
    wroteNonFinite = false;
    return r;
  }

  /** What choosing this task's λ cost. */
  double lambdaSeconds;

  int lambdaTrials;

  TaskTraining(ContinualLearner learner, int taskId) {
    this(
        learner,
        taskId,
        new Reservoir(learner.method.samplesWanted(), learner.inputSize(), "importanceSamples"));
  }

  TaskTraining(ContinualLearner learner, int taskId, Reservoir sample) {
    this.learner = learner;
    this.taskId = taskId;
    this.sample = sample;
    fitHeads();
  }

  /**
   * @return this task's training, continued by another learner (which took over this one's state)
   */
  TaskTraining movedTo(ContinualLearner other) {
    TaskTraining t = new TaskTraining(other, taskId, sample);
    t.steps = steps;
    t.examples = examples;
    t.held = held;
    t.heldPasses = heldPasses;
    t.startState = startState;
    t.lambdaSeconds = lambdaSeconds;
    t.lambdaTrials = lambdaTrials;
    t.weighted = weighted;
    return t;
  }

  /** Rows a step holds for a minibatch of {@code rows}: doubled when replay joins it. */
  private int capacityFor(int rows) {
    return learner.config().replaySize() > 0 ? 2 * rows : rows;
  }

  /**
   * Sizes the minibatch buffers for batches of up to {@code rows} examples (a stream's batches, or
   * the task's size when smaller than the configured minibatch): memory follows the data, not the
   * configured batch size.
   */
  private void ensureCapacity(int rows) {
    int b = capacityFor(Math.min(rows, learner.config().batchSize()));
    if (ws != null && ws.capacity() >= b) {
      return;
    }
    Mlp net = learner.net;
    Sizes.checkBatch(b, net);
    ws = net.workspace(b);
    rowHead = new int[b];
    target = new int[b];
    weight = new float[b];
    rowTask = new int[b];
    unit = new int[b];
  }

  /** Re-sizes what follows the parameter vector and the heads, after growth. */
  void fitHeads() {
    Mlp net = learner.net;
    grad = new float[net.parameterCount()];
    present = new boolean[net.headCount()];
    backprop = new boolean[net.headCount()];
    penalty = new double[Optimiser.blocks(net.parameterCount())];
    if (ws != null) {
      ws.fitHeads();
    }
    unitOf = new int[net.headCount()][];
    for (int h = 0; h < net.headCount(); h++) {
      int[] classes = net.headClasses(h);
      int max = Arrays.stream(classes).max().orElse(-1);
      unitOf[h] = new int[max + 1];
      Arrays.fill(unitOf[h], -1);
      for (int u = 0; u < classes.length; u++) {
        unitOf[h][classes[u]] = u;
      }
    }
  }

  /** Follows the network's growth. */
  void onGrow(IndexMap map) {
    fitHeads();
  }

  /** Whether a row of weight above 0 has trained in this task. */
  boolean weighted;

  /** Offers each row once to the importance sample and to the replay memory's candidates. */
  void offer(TaskData data) {
    sample.offer(data, learner.rng);
    learner.replay.offer(data, learner.rng);
    for (int r = 0; !weighted && r < data.size(); r++) {
      weighted = data.weight(r) > 0;
    }
  }

  /**
   * LwF's warm-up (the paper's first stage): epochs that train only the heads, trunk frozen, with
   * their own optimiser.
   */
  void warmup(TaskData data, int[] order, int epochs, TrainingListener listener) {
    warmupOptimiser = Optimiser.create(learner.config().optimiser(), learner.net.parameterCount());
    try {
      for (int e = 0; e < epochs; e++) {
        epoch(data, order, true, listener);
      }
    } finally {
      warmupOptimiser = null;
    }
  }

  /**
   * One epoch over the data in a fresh random order.
   *
   * @return the epoch's loss as {@link TrainingListener#epochFinished} reports it: the mean over
   *     its steps of the data loss (cross-entropy and output terms such as distillation), plus the
   *     parameter penalty's value at its last step (from the parameters that step started from, as
   *     each step's data loss is); no penalty in a warm-up epoch
   */
  double epoch(TaskData data, int[] order, boolean warmup, TrainingListener listener) {
    ensureCapacity(data.size());
    learner.rng.shuffle(order, order.length);
    double sum = 0;
    double penaltyValue = 0;
    int n = 0;
    int b = learner.config().batchSize();
    for (int from = 0; from < data.size(); from += b) {
      if (listener.isCancelled()) {
        throw new CancellationException("training cancelled; the learner is unchanged");
      }
      int rows = Math.min(b, data.size() - from);
      boolean last = from + rows == data.size();
      sum += step(data, order, from, rows, warmup, last && !warmup);
      if (last && !warmup) {
        penaltyValue = lastPenalty;
      }
      n++;
    }
    return sum / n + penaltyValue;
  }

  /**
   * Trains on a batch of a stream: {@code passes} passes over it in minibatches, each pass in a
   * fresh random order (as each epoch of a whole task is), so a stream's batch trains exactly as a
   * task of that batch would. A stream reports no loss: its steps add the penalty's gradient
   * without computing its value.
   */
  void passes(TaskData data, int passes) {
    ensureCapacity(data.size());
    int[] order = java.util.stream.IntStream.range(0, data.size()).toArray();
    int b = learner.config().batchSize();
    for (int p = 0; p < passes; p++) {
      learner.rng.shuffle(order, order.length);
      for (int from = 0; from < data.size(); from += b) {
        step(data, order, from, Math.min(b, data.size() - from), false, false);
      }
    }
  }

  /**
   * One optimisation step on rows order[from .. from+rows) of data, joined by as many examples
   * drawn from the replay memory (each through its own task's head).
   *
   * @param valued whether to compute the penalty's value too (into {@link #lastPenalty})
   * @return the step's data loss: cross-entropy and output terms
   */
  private double step(
      TaskData data, int[] order, int from, int rows, boolean warmup, boolean valued) {
    Mlp net = learner.net;
    ContinualMethod method = learner.method;
    gather(data, order, from, rows);
    int total = rows;
    if (!warmup) {
      total += learner.replay.draw(rows, ws.input(), target, rowTask, rows, learner.rng);
      Arrays.fill(weight, rows, total, 1f);
    }
    assignHeads(net, total);
    System.arraycopy(present, 0, backprop, 0, present.length);
    if (!warmup) {
      for (int h : method.outputHeads(net, learner.headKey(taskId))) {
        backprop[h] = true;
      }
    }
    int batch = total;
    stepData = data;
    int shards =
        Kernels.gemm().concurrent()
            ? Math.max(1, Math.min(Parallel.threads(), total / MIN_SHARD_ROWS))
            : 1;
    double[] loss = new double[shards];
    boolean weighted = data.hasWeights() || total > rows;
    Parallel.forEach(
        shards,
        shards,
        s -> {
          // each shard also clears its share of the gradient the reduction below fills
          int n = grad.length;
          Arrays.fill(grad, (int) ((long) s * n / shards), (int) ((long) (s + 1) * n / shards), 0f);
          loss[s] =
              shard(
                  data,
                  order,
                  from,
                  rows,
                  batch,
                  s * batch / shards,
                  (s + 1) * batch / shards,
                  warmup,
                  weighted);
        });
    double sum = 0;
    for (double l : loss) {
      sum += l;
    }
    if (!Double.isFinite(sum)) {
      throw diverged(sum, "loss");
    }
    float[] params = net.params();
    for (int h = 0; h < backprop.length; h++) {
      if (backprop[h]) {
        net.accumulateHead(ws, h, total, ws.logitGradient(h), grad, GradientMode.SUM);
      }
    }
    Optimiser optimiser = learner.optimiser;
    var lock = learner.lock.writeLock();
    if (warmup) {
      lock.lock();
      try {
        wroteNonFinite |= !warmupOptimiser.step(params, grad);
      } finally {
        lock.unlock();
      }
    } else {
      net.accumulateTrunk(ws, total, grad, GradientMode.SUM);
      double[] pen = penalty;
      double value = 0;
      lock.lock();
      try {
        if (valued) {
          wroteNonFinite |=
              !optimiser.step(
                  params, grad, (block, a, b) -> pen[block] = method.penalty(params, grad, a, b));
          for (double p : pen) {
            value += p;
          }
        } else {
          wroteNonFinite |=
              !optimiser.step(
                  params, grad, (block, a, b) -> method.penaltyGradient(params, grad, a, b));
        }
        method.afterStep(params);
      } finally {
        lock.unlock();
      }
      if (valued) {
        if (!Double.isFinite(value)) {
          throw diverged(value, "penalty");
        }
        lastPenalty = value;
      }
    }
    steps++;
    examples += rows;
    return sum;
  }

  // The loops over a step's rows live in these small methods rather than in step and shard: a
  // loop in a method that runs for seconds makes HotSpot compile that method a second time while it
  // runs (on-stack replacement), and step and shard inline the whole network. Moved out here, C2's
  // on-stack compilations in a fresh JVM took 0.4-0.7 s instead of 0.7-1.9 s, and two threads,
  // which share their vCPUs with the compiler, trained a one-epoch Fashion-MNIST run 10 % faster
  // (docs/performance.md).

  /** Copies the step's rows' task, label and weight into the step's arrays. */
  private void gather(TaskData data, int[] order, int from, int rows) {
    for (int r = 0; r < rows; r++) {
      int idx = order[from + r];
      rowTask[r] = data.task(idx, taskId);
      target[r] = data.label(idx);
      weight[r] = data.weight(idx);
    }
  }

  /** Routes each of the step's rows to its task's head and marks the heads present. */
  private void assignHeads(Mlp net, int total) {
    Arrays.fill(present, false);
    for (int r = 0; r < total; r++) {
      int h = net.headIndex(learner.headKey(rowTask[r]));
      rowHead[r] = h;
      present[h] = true;
    }
  }

  /** Copies the features of rows [a, b) of the step into the workspace's input. */
  private static void copyRows(
      float[] features, int[] order, int from, int a, int b, int inputSize, float[] in) {
    for (int r = a; r < b; r++) {
      System.arraycopy(features, order[from + r] * inputSize, in, r * inputSize, inputSize);
    }
  }

  /** Each row's target unit in head h, or -1 for a row of another head (rows [a, b)). */
  private void units(int h, int a, int b) {
    for (int r = a; r < b; r++) {
      unit[r] = rowHead[r] == h ? unitOf[h][target[r]] : -1;
    }
  }

  private TrainingDivergedException diverged(double value, String what) {
    return new TrainingDivergedException(
        learner, taskId, steps + 1, what + " is " + value + inputHint());
  }

  /**
   * Inputs beyond {@value #LARGE_INPUT} in absolute value make a network diverge whatever its
   * learning rate or λ (an unscaled 1e30 in one cell does it): then a divergence's message says so,
   * naming the largest value of the rows being trained and its example.
   *
   * @return that remark, or "" when the inputs are not that large
   */
  String inputHint() {
    if (stepData == null) {
      return "";
    }
    String large = stepData.largestInputAbove(LARGE_INPUT);
    return large == null ? "" : "; " + large + ": scale the data first";
  }

  /**
   * The row-local part of a step, for rows [a, b) of a batch of {@code total} rows: copies the data
   * rows in, runs the forward pass, writes the logit gradients (cross-entropy, then the method's
   * output terms) and propagates them down the trunk.
   *
   * @return the loss of these rows
   */
  private double shard(
      TaskData data,
      int[] order,
      int from,
      int rows,
      int total,
      int a,
      int b,
      boolean warmup,
      boolean weighted) {
    Mlp net = learner.net;
    int inputSize = learner.inputSize();
    float[] in = ws.input();
    copyRows(data.features(), order, from, a, Math.min(b, rows), inputSize, in);
    net.forwardTrunk(ws, a, b);
    double loss = 0;
    for (int h = 0; h < backprop.length; h++) {
      if (!backprop[h]) {
        continue;
      }
      int n = net.headSize(h);
      float[] dz = ws.logitGradient(h);
      if (!present[h]) {
        Arrays.fill(dz, a * n, b * n, 0f);
        continue;
      }
      units(h, a, b);
      float[] z = net.forwardHead(ws, h, a, b);
      loss += Softmax.crossEntropy(z, n, a, b, unit, weighted ? weight : null, total, dz);
    }
    if (!warmup) {
      loss +=
          learner.method.outputLoss(
              new ContinualMethod.Step(
                  net, ws, a, b, total, taskId, learner.headKey(taskId), weighted ? weight : null));
      net.beginBackward(ws, a, b);
      for (int h = 0; h < backprop.length; h++) {
        if (backprop[h]) {
          net.propagateHead(ws, h, a, b, ws.logitGradient(h));
        }
      }
      net.propagateTrunk(ws, a, b);
    }
    return loss;
  }
}
