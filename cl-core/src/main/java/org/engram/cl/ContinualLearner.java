package org.engram.cl;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.zip.CRC32;
import org.engram.cl.data.TaskData;
import org.engram.cl.linalg.Kernels;
import org.engram.cl.linalg.Parallel;
import org.engram.cl.method.ContinualMethod;
import org.engram.cl.method.MethodSpec;
import org.engram.cl.nn.GradientMode;
import org.engram.cl.nn.IndexMap;
import org.engram.cl.nn.Mlp;
import org.engram.cl.nn.Softmax;
import org.engram.cl.optim.Optimiser;
import org.engram.cl.util.Rng;

/**
 * The one learner API the Tribuo and Weka adapters call: learn a task, consolidate at its boundary,
 * predict, save and load.
 *
 * <p>A task is learned either in one call, {@link #learnTask}, which runs the configured epochs
 * over the task's examples and consolidates, or as a stream: {@link #beginTask}, any number of
 * {@link #update} calls (one pass each), then {@link #endTask}. Class ids are global non-negative
 * ints; each head grows a unit the first time it sees a class, so classes not seen yet are never
 * predicted.
 *
 * <p>Failures lose nothing: every argument is validated before anything changes, and if {@link
 * #learnTask} fails or is cancelled midway the learner is restored to its state before the call. A
 * learner is not safe for concurrent training; prediction methods allocate their own buffers and
 * may run concurrently with each other.
 */
public final class ContinualLearner {
  /** File magic, "ENGR". */
  private static final int MAGIC = 0x454E4752;

  /** Version of the binary state format written by {@link #save(OutputStream)}. */
  public static final int FORMAT_VERSION = 1;

  private LearnerConfig config;
  private final int inputSize;
  private Mlp net;
  private ContinualMethod method;
  private final Rng rng;
  private int tasksLearned;
  private final ReplayMemory replay;
  private OpenTask open;

  /** The state of a task being learned. */
  private final class OpenTask {
    final int taskId;
    final Reservoir sample;
    final java.util.SortedMap<Integer, Reservoir> replayCandidates = new TreeMap<>();
    final int[] rowTask;
    final int[] unit;
    boolean[] present;
    Mlp.Workspace ws;
    float[] grad;
    Optimiser optimiser;
    boolean[] backprop;
    double[] penalty;
    int[][] unitOf;
    final int[] rowHead;
    final int[] target;
    final float[] weight;
    long steps;
    long examples;

    OpenTask(int taskId, Reservoir sample) {
      this.taskId = taskId;
      this.sample = sample;
      int b = rowsPerStep();
      this.ws = net.workspace(b);
      this.rowHead = new int[b];
      this.target = new int[b];
      this.weight = new float[b];
      this.rowTask = new int[b];
      this.unit = new int[b];
      refresh();
    }

    /** Re-sizes what follows the parameter vector, after growth. */
    void refresh() {
      grad = new float[net.parameterCount()];
      present = new boolean[net.headCount()];
      backprop = new boolean[net.headCount()];
      penalty = new double[Optimiser.blocks(net.parameterCount())];
      ws.fitHeads();
      optimiser = Optimiser.create(config.optimiser(), net.parameterCount());
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
  }

  /**
   * Creates an untrained learner.
   *
   * @param config the configuration
   * @param inputSize number of input features, positive
   */
  public ContinualLearner(LearnerConfig config, int inputSize) {
    this.config = config;
    this.inputSize = inputSize;
    this.rng = new Rng(config.seed());
    this.net =
        new Mlp(inputSize, config.hidden(), config.activation(), config.initialisation(), rng);
    this.method = config.method().create();
    this.replay = new ReplayMemory(config.replaySize(), inputSize);
  }

  /** Rows per chunk of a prediction. */
  private static final int PREDICTION_CHUNK = 256;

  /** Fewer rows per thread than this are not worth a hand-off (~20 µs): the batch stays whole. */
  private static final int MIN_SHARD_ROWS = 16;

  /** A minibatch, plus as many replayed examples when replay is on. */
  private int rowsPerStep() {
    return config.replaySize() > 0 ? 2 * config.batchSize() : config.batchSize();
  }

  /**
   * @return the configuration
   */
  public LearnerConfig config() {
    return config;
  }

  /**
   * @return number of input features
   */
  public int inputSize() {
    return inputSize;
  }

  /**
   * @return number of tasks learned and consolidated
   */
  public int tasksLearned() {
    return tasksLearned;
  }

  /**
   * @return the network (read it, do not train it directly)
   */
  public Mlp network() {
    return net;
  }

  /**
   * @return the method, with its consolidation memory
   */
  public ContinualMethod method() {
    return method;
  }

  /**
   * @return bytes of consolidation memory (anchors, importances, snapshot, stored data, replay)
   */
  public long memoryBytes() {
    return method.memoryBytes() + replay.memoryBytes();
  }

  /**
   * @return examples held in the replay memory
   */
  public int replayStored() {
    return replay.size();
  }

  /**
   * @return examples held in the replay memory per (task, class) pair, keyed "task:class"
   */
  public java.util.Map<String, Integer> replayCounts() {
    return replay.counts();
  }

  /**
   * @return the id of the task being streamed, or -1 when none is open
   */
  public int openTask() {
    return open == null ? -1 : open.taskId;
  }

  /**
   * Learns one task: the configured epochs over its examples, then consolidation. On any failure or
   * cancellation the learner is left exactly as before the call.
   *
   * @param data the task's examples
   * @param taskId the task id, ≥ 0
   * @param listener progress and cancellation (may be {@link TrainingListener#NONE})
   * @return what the task cost
   * @throws IllegalArgumentException on invalid data, naming the example and feature
   * @throws CancellationException if the listener cancelled
   */
  public TaskReport learnTask(TaskData data, int taskId, TrainingListener listener) {
    requireNoOpenTask();
    validate(data, taskId, true);
    byte[] before = toBytes();
    try {
      double calibrationSeconds = 0;
      MethodSpec.Kind kind = config.method().kind();
      if (config.calibration() != null
          && tasksLearned > 0
          && kind != MethodSpec.Kind.FINE_TUNE
          && kind != MethodSpec.Kind.JOINT) {
        long c0 = System.nanoTime();
        method = withLambda(method, calibrateLambda(data, taskId, listener));
        calibrationSeconds = (System.nanoTime() - c0) / 1e9;
      }
      open = new OpenTask(taskId, new Reservoir(method.samplesWanted(), inputSize));
      offer(data);
      TaskData train = method.trainingData(data.withTask(taskId));
      grow(train, taskId);
      method.beforeTask(net, taskId);
      int[] order = java.util.stream.IntStream.range(0, train.size()).toArray();
      int warmup = config.headMode() == HeadMode.PER_TASK ? method.warmupEpochs() : 0;
      if (warmup > 0) {
        Optimiser main = open.optimiser;
        open.optimiser = Optimiser.create(config.optimiser(), net.parameterCount());
        for (int e = 0; e < warmup; e++) {
          epoch(train, order, taskId, true, listener);
        }
        open.optimiser = main;
      }
      listener.taskStarted(taskId, train.size(), config.epochs());
      long t0 = System.nanoTime();
      double loss = 0;
      for (int e = 1; e <= config.epochs(); e++) {
        loss = epoch(train, order, taskId, false, listener);
        listener.epochFinished(taskId, e, config.epochs(), loss);
      }
      double trainSeconds = (System.nanoTime() - t0) / 1e9;
      long steps = open.steps;
      double consolidation = consolidate();
      TaskReport report =
          new TaskReport(
              taskId,
              train.size(),
              config.epochs(),
              steps,
              loss,
              trainSeconds,
              consolidation,
              method.spec().lambda(),
              calibrationSeconds);
      listener.taskFinished(report);
      return report;
    } catch (RuntimeException | Error e) {
      restore(before);
      throw e;
    }
  }

  /**
   * De Lange et al.'s stability decay (see {@link Calibration}): the λ for the new task, found on a
   * validation part of the new task only, with copies of this learner.
   */
  private double calibrateLambda(TaskData data, int taskId, TrainingListener listener) {
    Calibration c = config.calibration();
    TaskData[] parts = data.split(1 - c.validationFraction(), rng.nextLong());
    double lambda = config.method().lambda() * c.startFactor();
    if (parts[0].size() == 0 || parts[1].size() == 0) {
      return config.method().lambda();
    }
    TrainingListener cancelOnly =
        new TrainingListener() {
          @Override
          public boolean isCancelled() {
            return listener.isCancelled();
          }
        };
    double plasticity = trial(parts, taskId, 0, cancelOnly);
    for (int t = 0; t < c.maxTrials() - 1; t++) {
      if (trial(parts, taskId, lambda, cancelOnly) >= (1 - c.p()) * plasticity) {
        return lambda;
      }
      lambda *= c.decay();
    }
    return lambda; // the last, smallest λ, untried: nothing larger kept enough plasticity
  }

  /** Trains a copy with the given λ on the training part; its accuracy on the validation part. */
  private double trial(TaskData[] parts, int taskId, double lambda, TrainingListener listener) {
    ContinualLearner probe = copy();
    probe.config = config.toBuilder().calibration(null).build();
    probe.method = withLambda(probe.method, lambda);
    probe.learnTask(parts[0], taskId, listener);
    return probe.accuracy(parts[1], taskId);
  }

  /** The same method and memory with another λ. */
  private static ContinualMethod withLambda(ContinualMethod m, double lambda) {
    try {
      ByteArrayOutputStream state = new ByteArrayOutputStream();
      m.write(new DataOutputStream(state));
      ContinualMethod other = m.spec().withLambda(lambda).create();
      other.read(new DataInputStream(new ByteArrayInputStream(state.toByteArray())));
      return other;
    } catch (IOException e) {
      throw new IllegalStateException("cannot happen for a byte array", e);
    }
  }

  /**
   * Opens a task for streaming: {@link #update} calls train on it until {@link #endTask}.
   *
   * @param taskId the task id, ≥ 0
   * @throws IllegalStateException if a task is already open
   */
  public void beginTask(int taskId) {
    requireNoOpenTask();
    if (taskId < 0) {
      throw new IllegalArgumentException("task id must be >= 0, got " + taskId);
    }
    open = new OpenTask(taskId, new Reservoir(method.samplesWanted(), inputSize));
    method.beforeTask(net, taskId);
  }

  /**
   * Trains one pass over a batch of the open task, in order, in minibatches.
   *
   * @param batch examples of the open task
   * @throws IllegalStateException if no task is open
   * @throws IllegalArgumentException on invalid data (nothing is changed)
   */
  public void update(TaskData batch) {
    if (open == null) {
      throw new IllegalStateException("no task is open: call beginTask(taskId) first");
    }
    validate(batch, open.taskId, false);
    if (batch.size() == 0) {
      return;
    }
    grow(batch, open.taskId);
    offer(batch);
    int[] order = java.util.stream.IntStream.range(0, batch.size()).toArray();
    for (int from = 0; from < batch.size(); from += config.batchSize()) {
      step(
          batch,
          order,
          from,
          Math.min(config.batchSize(), batch.size() - from),
          open.taskId,
          false);
    }
  }

  /**
   * Ends the open task and consolidates it (importance, anchor, snapshot). A task that received no
   * examples is closed without consolidation.
   *
   * @return seconds spent consolidating
   * @throws IllegalStateException if no task is open
   */
  public double endTask() {
    if (open == null) {
      throw new IllegalStateException("no task is open");
    }
    if (open.examples == 0) {
      open = null;
      return 0;
    }
    return consolidate();
  }

  /**
   * Feeds the importance sample and, per class, the replay candidates (a uniform sample of each
   * class, so the memory can give every class its full share).
   */
  private void offer(TaskData data) {
    open.sample.offer(data, rng);
    if (config.replaySize() == 0) {
      return;
    }
    for (int c : data.classes()) {
      open.replayCandidates
          .computeIfAbsent(c, k -> new Reservoir(config.replaySize(), inputSize))
          .offer(data.filterClasses(c), rng);
    }
  }

  private double consolidate() {
    long t0 = System.nanoTime();
    int head = net.headIndex(headKey(open.taskId));
    method.afterTask(
        new ContinualMethod.TaskEnd(net, open.sample.sample(), open.taskId, head, rng));
    if (!open.replayCandidates.isEmpty()) {
      replay.add(
          TaskData.concat(open.replayCandidates.values().stream().map(Reservoir::sample).toList()),
          open.taskId,
          rng);
    }
    open = null;
    tasksLearned++;
    return (System.nanoTime() - t0) / 1e9;
  }

  private double epoch(
      TaskData data, int[] order, int taskId, boolean warmup, TrainingListener listener) {
    rng.shuffle(order, order.length);
    double sum = 0;
    int steps = 0;
    for (int from = 0; from < data.size(); from += config.batchSize()) {
      if (listener.isCancelled()) {
        throw new CancellationException("training cancelled; the learner is unchanged");
      }
      sum +=
          step(data, order, from, Math.min(config.batchSize(), data.size() - from), taskId, warmup);
      steps++;
    }
    return sum / steps;
  }

  /**
   * One optimisation step on rows order[from .. from+rows) of data, joined by as many examples
   * drawn from the replay memory (each through its own task's head).
   *
   * <p>The batch is cut into row shards, one per thread, that run the forward pass, the loss
   * gradients and the backward pass down the trunk concurrently; the parameter gradients are then
   * reduced over the whole batch by products whose sums run in a fixed order. No number depends on
   * the shards, so the result is the same for every thread count.
   */
  private double step(TaskData data, int[] order, int from, int rows, int taskId, boolean warmup) {
    OpenTask o = open;
    for (int r = 0; r < rows; r++) {
      int idx = order[from + r];
      o.rowTask[r] = data.task(idx, taskId);
      o.target[r] = data.label(idx);
      o.weight[r] = data.weight(idx);
    }
    int total = rows;
    if (replay.size() > 0 && !warmup) {
      replay.draw(rows, o.ws.input(), o.target, o.rowTask, rows, rng);
      java.util.Arrays.fill(o.weight, rows, 2 * rows, 1f);
      total = 2 * rows;
    }
    Arrays.fill(o.present, false);
    for (int r = 0; r < total; r++) {
      int h = net.headIndex(headKey(o.rowTask[r]));
      o.rowHead[r] = h;
      o.present[h] = true;
    }
    System.arraycopy(o.present, 0, o.backprop, 0, o.present.length);
    if (!warmup) {
      for (int h : method.outputHeads(net, headKey(taskId))) {
        o.backprop[h] = true;
      }
    }
    int batch = total;
    int shards =
        Kernels.gemm().concurrent()
            ? Math.max(1, Math.min(Parallel.threads(), total / MIN_SHARD_ROWS))
            : 1;
    double[] loss = new double[shards];
    Parallel.forEach(
        shards,
        shards,
        s -> {
          // each shard also clears its share of the gradient the reduction below fills
          int n = o.grad.length;
          Arrays.fill(
              o.grad, (int) ((long) s * n / shards), (int) ((long) (s + 1) * n / shards), 0f);
          loss[s] =
              shard(
                  data,
                  order,
                  from,
                  rows,
                  batch,
                  s * batch / shards,
                  (s + 1) * batch / shards,
                  taskId,
                  warmup);
        });
    float[] params = net.params();
    float[] grad = o.grad;
    for (int h = 0; h < o.backprop.length; h++) {
      if (o.backprop[h]) {
        net.accumulateHead(o.ws, h, total, o.ws.logitGradient(h), grad, GradientMode.SUM);
      }
    }
    double sum = 0;
    for (double l : loss) {
      sum += l;
    }
    if (warmup) {
      o.optimiser.step(params, grad);
    } else {
      net.accumulateTrunk(o.ws, total, grad, GradientMode.SUM);
      double[] penalty = o.penalty;
      o.optimiser.step(
          params, grad, (block, a, b) -> penalty[block] = method.penalty(params, grad, a, b));
      for (double p : penalty) {
        sum += p;
      }
      method.afterStep(params);
    }
    o.steps++;
    o.examples += rows;
    return sum;
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
      int taskId,
      boolean warmup) {
    OpenTask o = open;
    Mlp.Workspace ws = o.ws;
    float[] in = ws.input();
    for (int r = a; r < Math.min(b, rows); r++) {
      System.arraycopy(data.features(), order[from + r] * inputSize, in, r * inputSize, inputSize);
    }
    boolean weighted = data.hasWeights() || total > rows;
    net.forwardTrunk(ws, a, b);
    double loss = 0;
    for (int h = 0; h < o.backprop.length; h++) {
      if (!o.backprop[h]) {
        continue;
      }
      int n = net.headSize(h);
      float[] dz = ws.logitGradient(h);
      if (!o.present[h]) {
        Arrays.fill(dz, a * n, b * n, 0f);
        continue;
      }
      for (int r = a; r < b; r++) {
        o.unit[r] = o.rowHead[r] == h ? o.unitOf[h][o.target[r]] : -1;
      }
      float[] z = net.forwardHead(ws, h, a, b);
      loss += Softmax.crossEntropy(z, n, a, b, o.unit, weighted ? o.weight : null, total, dz);
    }
    if (!warmup) {
      loss +=
          method.outputLoss(
              new ContinualMethod.Step(net, ws, a, b, total, taskId, headKey(taskId)));
      net.beginBackward(ws, a, b);
      for (int h = 0; h < o.backprop.length; h++) {
        if (o.backprop[h]) {
          net.propagateHead(ws, h, a, b, ws.logitGradient(h));
        }
      }
      net.propagateTrunk(ws, a, b);
    }
    return loss;
  }

  /** Adds heads and units for every (task, class) in the data. */
  private void grow(TaskData data, int taskId) {
    TreeMap<Integer, TreeSet<Integer>> byHead = new TreeMap<>();
    for (int r = 0; r < data.size(); r++) {
      byHead
          .computeIfAbsent(headKey(data.task(r, taskId)), k -> new TreeSet<>())
          .add(data.label(r));
    }
    boolean grew = false;
    for (var e : byHead.entrySet()) {
      int[] classes = e.getValue().stream().mapToInt(Integer::intValue).toArray();
      IndexMap map = net.ensureClasses(e.getKey(), classes, rng);
      if (map != null) {
        method.onGrow(map);
        grew = true;
      }
    }
    if (grew && open != null) {
      open.refresh();
    }
  }

  /**
   * Creates the head for a task, and units for classes, before any training (to evaluate an
   * untrained network, e.g. for forward transfer's random-init baseline).
   *
   * @param taskId the task
   * @param classes global class ids
   */
  public void declareClasses(int taskId, int... classes) {
    for (int c : classes) {
      checkLabel(c, "declared class");
    }
    IndexMap map = net.ensureClasses(headKey(taskId), classes, rng);
    if (map != null) {
      method.onGrow(map);
      if (open != null) {
        open.refresh();
      }
    }
  }

  private int headKey(int taskId) {
    return config.headMode() == HeadMode.PER_TASK ? taskId : Mlp.SHARED_HEAD;
  }

  /**
   * @param taskId the task (ignored with a shared head)
   * @return whether predictions can be made for the task
   */
  public boolean canPredict(int taskId) {
    int h = net.headIndex(headKey(taskId));
    return h >= 0 && net.headSize(h) > 0;
  }

  /**
   * @param taskId the task (ignored with a shared head)
   * @return the global class id of each unit of the task's head, the order of {@link
   *     #predictProbabilities}'s columns
   */
  public int[] classes(int taskId) {
    return net.headClasses(predictionHead(taskId));
  }

  /**
   * Class probabilities for each row.
   *
   * @param data the rows (labels ignored)
   * @param taskId the task whose head to use (ignored with a shared head)
   * @return one row per example, one column per entry of {@link #classes(int)}
   */
  public float[][] predictProbabilities(TaskData data, int taskId) {
    int head = predictionHead(taskId);
    checkFeatures(data);
    int n = net.headSize(head);
    float[][] out = new float[data.size()][n];
    // Chunks of rows in parallel, each with its own buffers; rows are independent, so the
    // probabilities do not depend on the thread count.
    int chunk = Math.min(Math.max(1, data.size()), PREDICTION_CHUNK);
    int chunks = (data.size() + chunk - 1) / chunk;
    Parallel.forEach(
        chunks,
        Parallel.threads(),
        q -> {
          int from = q * chunk;
          int rows = Math.min(chunk, data.size() - from);
          Mlp.Workspace ws = net.workspace(rows);
          System.arraycopy(data.features(), from * inputSize, ws.input(), 0, rows * inputSize);
          net.forwardTrunk(ws, rows);
          float[] z = net.forwardHead(ws, head, rows);
          for (int r = 0; r < rows; r++) {
            Softmax.probabilities(z, r * n, n, 1.0);
            System.arraycopy(z, r * n, out[from + r], 0, n);
          }
        });
    return out;
  }

  /**
   * @param data the rows (labels ignored)
   * @param taskId the task whose head to use (ignored with a shared head)
   * @return the predicted global class id of each row
   */
  public int[] predict(TaskData data, int taskId) {
    int[] classes = classes(taskId);
    float[][] p = predictProbabilities(data, taskId);
    int[] out = new int[p.length];
    for (int r = 0; r < p.length; r++) {
      int best = 0;
      for (int j = 1; j < p[r].length; j++) {
        if (p[r][j] > p[r][best]) {
          best = j;
        }
      }
      out[r] = classes[best];
    }
    return out;
  }

  /**
   * @param data labelled rows
   * @param taskId the task whose head to use (ignored with a shared head)
   * @return the fraction of rows predicted correctly
   */
  public double accuracy(TaskData data, int taskId) {
    int[] pred = predict(data, taskId);
    int correct = 0;
    for (int r = 0; r < pred.length; r++) {
      if (pred[r] == data.label(r)) {
        correct++;
      }
    }
    return pred.length == 0 ? Double.NaN : (double) correct / pred.length;
  }

  private int predictionHead(int taskId) {
    int h = net.headIndex(headKey(taskId));
    if (h < 0 || net.headSize(h) == 0) {
      if (config.headMode() == HeadMode.PER_TASK) {
        int[] known = new int[net.headCount()];
        for (int i = 0; i < known.length; i++) {
          known[i] = net.headKey(i);
        }
        throw new IllegalArgumentException(
            "unknown task id "
                + taskId
                + ": the learner has heads for tasks "
                + Arrays.toString(known));
      }
      throw new IllegalStateException("the learner has not seen any class yet");
    }
    return h;
  }

  private void checkFeatures(TaskData data) {
    if (data.featureCount() != inputSize) {
      throw new IllegalArgumentException(
          "expected " + inputSize + " features per example, got " + data.featureCount());
    }
    float[] x = data.features();
    for (int i = 0; i < x.length; i++) {
      if (!Float.isFinite(x[i])) {
        throw new IllegalArgumentException(
            "example "
                + i / inputSize
                + ", feature "
                + i % inputSize
                + " is "
                + x[i]
                + "; features must be finite");
      }
    }
  }

  private void validate(TaskData data, int taskId, boolean requireRows) {
    if (data == null) {
      throw new IllegalArgumentException("data must not be null");
    }
    if (taskId < 0) {
      throw new IllegalArgumentException("task id must be >= 0, got " + taskId);
    }
    if (requireRows && data.size() == 0) {
      throw new IllegalArgumentException("task " + taskId + " has no examples");
    }
    checkFeatures(data);
    for (int r = 0; r < data.size(); r++) {
      checkLabel(data.label(r), "example " + r + " has label");
      float w = data.weight(r);
      if (!(w >= 0) || Float.isInfinite(w)) {
        throw new IllegalArgumentException(
            "example " + r + " has weight " + w + "; weights must be finite and >= 0");
      }
      if (data.task(r, taskId) < 0) {
        throw new IllegalArgumentException(
            "example " + r + " has task id " + data.task(r, taskId) + "; task ids must be >= 0");
      }
    }
  }

  private void checkLabel(int label, String what) {
    int max = config.maxClasses();
    if (label < 0 || (max > 0 && label >= max)) {
      throw new IllegalArgumentException(
          what
              + " "
              + label
              + ", outside the output range [0, "
              + (max > 0 ? String.valueOf(max) : "∞")
              + ")");
    }
  }

  private void requireNoOpenTask() {
    if (open != null) {
      throw new IllegalStateException(
          "task " + open.taskId + " is still open: call endTask() first");
    }
  }

  // ---------------------------------------------------------------- state

  /**
   * @return an independent deep copy
   */
  public ContinualLearner copy() {
    return fromBytes(toBytes());
  }

  /**
   * @return the whole state in the binary format of {@link #save(OutputStream)}
   */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      save(bytes);
    } catch (IOException e) {
      throw new IllegalStateException("cannot happen for a byte array", e);
    }
    return bytes.toByteArray();
  }

  /**
   * @param bytes a state written by {@link #toBytes()} or {@link #save(OutputStream)}
   * @return the learner
   * @throws IllegalArgumentException if the bytes are not a valid state
   */
  public static ContinualLearner fromBytes(byte[] bytes) {
    try {
      return load(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * Writes the whole state: configuration, network, consolidation memory, random stream, and an
   * open task's sample (its optimiser moments and pending path integral are not kept: a task
   * continued after loading starts them afresh). Format: magic "ENGR", version, payload, CRC-32.
   *
   * @param out the stream (not closed)
   * @throws IOException if writing fails
   */
  public void save(OutputStream out) throws IOException {
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(payload);
    config.write(d);
    d.writeInt(inputSize);
    d.writeLong(rng.state());
    d.writeInt(tasksLearned);
    net.write(d);
    method.write(d);
    replay.write(d);
    d.writeBoolean(open != null);
    if (open != null) {
      d.writeInt(open.taskId);
      d.writeLong(open.examples);
      open.sample.write(d);
      d.writeInt(open.replayCandidates.size());
      for (var e : open.replayCandidates.entrySet()) {
        d.writeInt(e.getKey());
        e.getValue().write(d);
      }
    }
    d.flush();
    byte[] body = payload.toByteArray();
    CRC32 crc = new CRC32();
    crc.update(body);
    DataOutputStream o = new DataOutputStream(out);
    o.writeInt(MAGIC);
    o.writeInt(FORMAT_VERSION);
    o.writeInt(body.length);
    o.write(body);
    o.writeLong(crc.getValue());
    o.flush();
  }

  /**
   * Reads a state written by {@link #save(OutputStream)}.
   *
   * @param in the stream
   * @return the learner
   * @throws IOException naming the problem: not an Engram state, a newer format, or corrupted
   */
  public static ContinualLearner load(InputStream in) throws IOException {
    DataInputStream d = new DataInputStream(in);
    int magic;
    try {
      magic = d.readInt();
    } catch (java.io.EOFException e) {
      throw new IOException("not an Engram learner state: the input is empty or too short");
    }
    if (magic != MAGIC) {
      throw new IOException(
          "not an Engram learner state (file starts with 0x" + Integer.toHexString(magic) + ")");
    }
    int version = d.readInt();
    if (version != FORMAT_VERSION) {
      throw new IOException(
          "Engram state format version "
              + version
              + " is not supported by this version (which reads version "
              + FORMAT_VERSION
              + ")");
    }
    byte[] body;
    long expected;
    try {
      int length = d.readInt();
      if (length < 0 || length > (1 << 30)) {
        throw new IOException("corrupted Engram state: implausible length " + length);
      }
      body = d.readNBytes(length);
      if (body.length != length) {
        throw new IOException("corrupted Engram state: truncated");
      }
      expected = d.readLong();
    } catch (java.io.EOFException e) {
      throw new IOException("corrupted Engram state: truncated", e);
    }
    CRC32 crc = new CRC32();
    crc.update(body);
    if (crc.getValue() != expected) {
      throw new IOException("corrupted Engram state: checksum mismatch");
    }
    DataInputStream b = new DataInputStream(new ByteArrayInputStream(body));
    LearnerConfig config = LearnerConfig.read(b);
    int inputSize = b.readInt();
    ContinualLearner l;
    try {
      l = new ContinualLearner(config, inputSize);
    } catch (IllegalArgumentException e) {
      throw new IOException("invalid Engram state: " + e.getMessage(), e);
    }
    l.rng.setState(b.readLong());
    l.tasksLearned = b.readInt();
    l.net = Mlp.read(b);
    l.method.read(b);
    l.replay.read(b);
    if (b.readBoolean()) {
      int taskId = b.readInt();
      long examples = b.readLong();
      l.open = l.new OpenTask(taskId, Reservoir.read(b, inputSize));
      int classes = b.readInt();
      for (int c = 0; c < classes; c++) {
        l.open.replayCandidates.put(b.readInt(), Reservoir.read(b, inputSize));
      }
      l.open.examples = examples;
      l.method.beforeTask(l.net, taskId);
    }
    return l;
  }

  private void restore(byte[] state) {
    ContinualLearner saved = fromBytes(state);
    this.net = saved.net;
    this.method = saved.method;
    this.replay.copyFrom(saved.replay);
    this.rng.setState(saved.rng.state());
    this.tasksLearned = saved.tasksLearned;
    this.open = null;
  }
}
