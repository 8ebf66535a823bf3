package org.engram.cl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntFunction;
import org.engram.cl.data.TaskData;
import org.engram.cl.linalg.Parallel;
import org.engram.cl.method.ContinualMethod;
import org.engram.cl.nn.IndexMap;
import org.engram.cl.nn.Mlp;
import org.engram.cl.nn.Softmax;
import org.engram.cl.nn.Workspace;
import org.engram.cl.optim.Optimiser;
import org.engram.cl.util.Bytes;
import org.engram.cl.util.Finite;
import org.engram.cl.util.Rng;

/**
 * The one learner API the Tribuo and Weka adapters call: learn a task, consolidate at its boundary,
 * predict, save and load. It is a facade over the parts that do the work: the network ({@link
 * Mlp}), the method ({@link ContinualMethod}), the replay memory, the training loop of the open
 * task ({@code TaskTraining}), the λ search ({@link LambdaSearch}) and the state format ({@code
 * LearnerCodec}).
 *
 * <p>A task is learned either in one call, {@link #learnTask}, which runs the configured epochs
 * over the task's examples and consolidates, or as a stream: {@link #beginTask}, any number of
 * {@link #update} calls, then {@link #endTask}. Class ids are global non-negative ints; each head
 * grows a unit the first time it sees a class, so classes not seen yet are never predicted.
 *
 * <p><b>Failures lose nothing.</b> Every argument is validated before anything changes; if a call
 * fails, diverges ({@link TrainingDivergedException}) or is cancelled midway, the learner is
 * restored to its state before the call.
 *
 * <p><b>Threads.</b> Training calls (and saving) are serialised on the learner. Predictions may run
 * concurrently with each other and with training: they see the network between two optimiser steps,
 * never during one or during growth.
 */
public final class ContinualLearner {
  private final LearnerConfig config;
  private final int inputSize;
  final Rng rng;
  final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  volatile Mlp net;
  ContinualMethod method;
  ReplayMemory replay;
  Optimiser optimiser;
  int tasksLearned;
  final List<TaskReport> history = new ArrayList<>();
  TaskTraining open;

  /**
   * A λ search's trial copy learns with this λ and does not consolidate (its memory stays the one
   * the trial is measured against); NaN for every other learner.
   */
  double trialLambda = Double.NaN;

  /**
   * Whether this learner has said that a task was too small to choose λ on ({@link LambdaSearch}
   * says it once: a stream whose task changes every few rows would say it on every task).
   */
  boolean warnedTooFewRows;

  /**
   * Whether this learner has said that plain SGD's stability bound limited an automatic λ ({@link
   * LambdaSearch} says it once).
   */
  boolean saidSgdBound;

  /**
   * How messages (a divergence, the λ search's log) name a task: counted from 1, as {@link
   * TaskReport#toString()} does ("task 2" for id 1), unless an adapter that numbers or names tasks
   * otherwise says how ({@link #nameTasks}). Not part of the saved state; {@link #copy()} keeps it,
   * and the two "said once" flags below.
   */
  private IntFunction<String> taskNames = DEFAULT_TASK_NAMES;

  private static final IntFunction<String> DEFAULT_TASK_NAMES = id -> "task " + (id + 1L);

  /**
   * Whether this learner has said that its inputs are far from order 1 ({@link #checkFeatures}).
   */
  private boolean warnedLargeInputs;

  private static final System.Logger LOG = System.getLogger(ContinualLearner.class.getName());

  /** Rows per chunk of a prediction. */
  private static final int PREDICTION_CHUNK = 256;

  /**
   * Creates an untrained learner.
   *
   * @param config the configuration
   * @param inputSize number of input features, positive
   * @throws IllegalArgumentException if the network would not fit in memory, naming the option
   */
  public ContinualLearner(LearnerConfig config, int inputSize) {
    this(config, inputSize, null);
  }

  /**
   * @param net the network, or null for a new one drawn from the configuration's seed (a learner
   *     read back from its state gets its own network, and the draw would be thrown away)
   */
  ContinualLearner(LearnerConfig config, int inputSize, Mlp net) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    this.config = config;
    this.inputSize = inputSize;
    this.rng = new Rng(config.seed());
    this.net =
        net != null
            ? net
            : new Mlp(
                inputSize, config.hidden(), config.activation(), config.initialisation(), rng);
    this.method = config.method().create();
    this.replay = new ReplayMemory(config.replaySize(), inputSize);
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
   * @return the network (read it, do not train it directly; it grows while a task is streamed)
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
   * @return what each consolidated task did and cost, in order: λ used, λ-search time and trials,
   *     training and importance seconds
   */
  public synchronized List<TaskReport> history() {
    return List.copyOf(history);
  }

  /**
   * @return the λ each consolidated task was trained with (0 where nothing was protected yet)
   */
  public synchronized double[] lambdaPerTask() {
    return history.stream().mapToDouble(TaskReport::lambda).toArray();
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
    TaskTraining o = open;
    return o == null ? -1 : o.taskId;
  }

  int headKey(int taskId) {
    return config.headMode() == HeadMode.PER_TASK ? taskId : Mlp.SHARED_HEAD;
  }

  // ---------------------------------------------------------------- training

  /**
   * Learns one task: the configured epochs over its examples, then consolidation. With λ automatic
   * (or calibration on), λ is first chosen on the task's own data ({@link LambdaSearch}). On any
   * failure or cancellation the learner is left exactly as before the call.
   *
   * @param data the task's examples
   * @param taskId the task id, ≥ 0
   * @param listener progress and cancellation (may be {@link TrainingListener#NONE})
   * @return what the task cost
   * @throws IllegalArgumentException on invalid data, naming the example and feature
   * @throws TrainingDivergedException if the loss or the parameters became non-finite
   * @throws CancellationException if the listener cancelled
   */
  public synchronized TaskReport learnTask(TaskData data, int taskId, TrainingListener listener) {
    requireNoOpenTask();
    validate(data, taskId, true);
    if (listener == null) {
      throw new IllegalArgumentException("listener must not be null (TrainingListener.NONE)");
    }
    byte[] before = toBytes();
    try {
      LambdaSearch.Choice choice = LambdaSearch.choose(this, data, taskId, listener);
      method.setLambda(choice.lambda());
      open = new TaskTraining(this, taskId);
      open.offer(data);
      TaskData train = method.trainingData(data.withTask(taskId));
      grow(train, taskId);
      method.beforeTask(net, taskId);
      startOptimiser();
      int[] order = java.util.stream.IntStream.range(0, train.size()).toArray();
      int warmup = config.headMode() == HeadMode.PER_TASK ? method.warmupEpochs() : 0;
      if (warmup > 0) {
        open.warmup(train, order, warmup, listener);
      }
      listener.taskStarted(taskId, train.size(), config.epochs());
      long t0 = System.nanoTime();
      double loss = 0;
      for (int e = 1; e <= config.epochs(); e++) {
        loss = open.epoch(train, order, false, listener);
        checkParameters();
        listener.epochFinished(taskId, e, config.epochs(), loss);
      }
      TaskReport report = consolidate(loss, (System.nanoTime() - t0) / 1e9, choice);
      listener.taskFinished(report);
      return report;
    } catch (RuntimeException | Error e) {
      restore(before);
      throw e;
    }
  }

  /**
   * Opens a task for streaming: {@link #update} calls train on it until {@link #endTask}. With an
   * automatic λ (and from the second task on), the task's first rows, up to {@link
   * Calibration#holdRows()}, are kept to choose λ on ({@link LambdaSearch}): meanwhile they train
   * provisionally with the last task's λ (so predictions follow the stream), and once λ is chosen
   * the task restarts from where it began and learns them with it (unless both λ's are 0: then the
   * streamed training stands, exactly fine-tuning's).
   *
   * @param taskId the task id, ≥ 0
   * @throws IllegalStateException if a task is already open, or the method needs whole tasks
   */
  public synchronized void beginTask(int taskId) {
    requireNoOpenTask();
    if (taskId < 0) {
      throw new IllegalArgumentException("task id must be >= 0, got " + taskId);
    }
    if (!method.streams()) {
      throw new IllegalStateException(
          config.method().method().token()
              + " needs whole tasks and cannot learn from a stream: train each task in one call"
              + " (a batch build)");
    }
    method.setLambda(LambdaSearch.streamedLambda(this));
    open = new TaskTraining(this, taskId);
    method.beforeTask(net, taskId);
    startOptimiser();
    if (searchesLambda()) {
      open.held = new TaskData(new float[0], inputSize, new int[0]);
      open.startState = toBytes();
    }
  }

  /** Whether the next task's λ is chosen on its data (automatic, or calibration on). */
  private boolean searchesLambda() {
    return tasksLearned > 0
        && config.method().method().hasLambda()
        && config.lambdaSearch() != null;
  }

  /**
   * Trains one pass over a batch of the open task, in order, in minibatches.
   *
   * @param batch examples of the open task
   * @throws IllegalStateException if no task is open
   * @throws IllegalArgumentException on invalid data (nothing is changed)
   */
  public void update(TaskData batch) {
    update(batch, 1);
  }

  /**
   * Trains {@code passes} passes over a batch of the open task, in order, in minibatches: how a
   * stream that delivers each row once still trains about as much per row as a batch build with
   * that many epochs. Each row is offered once to the importance sample and the replay memory. If
   * the call fails, the learner is as it was before it. The learner keeps no reference to {@code
   * batch}: the caller may reuse its arrays afterwards.
   *
   * @param batch examples of the open task
   * @param passes passes over the batch, ≥ 1
   * @throws IllegalStateException if no task is open
   * @throws IllegalArgumentException on invalid data (nothing is changed)
   * @throws TrainingDivergedException if a step's loss or the parameters became non-finite (nothing
   *     is changed). A stream reports no loss, so its steps add the parameter penalty's gradient
   *     without computing its value: the penalty stops an update only when its gradient makes the
   *     parameters non-finite.
   */
  public synchronized void update(TaskData batch, int passes) {
    if (open == null) {
      throw new IllegalStateException("no task is open: call beginTask(taskId) first");
    }
    if (passes < 1) {
      throw new IllegalArgumentException("passes must be at least 1, got " + passes);
    }
    validate(batch, open.taskId, false);
    if (batch.size() == 0) {
      return;
    }
    TaskData held = open.held;
    if (held != null && held.size() + batch.size() >= config.lambdaSearch().holdRows()) {
      decideWith(batch, passes);
      return;
    }
    if (lacksUnits(batch, open.taskId)) {
      // Growth changes the network's shape: the rare case that keeps a full copy.
      byte[] before = toBytes();
      try {
        grow(batch, open.taskId);
        train(batch, passes);
      } catch (RuntimeException | Error e) {
        restore(before);
        throw e;
      }
    } else {
      Runnable undo = checkpoint();
      try {
        train(batch, passes);
      } catch (RuntimeException | Error e) {
        undo.run();
        throw e;
      }
    }
    if (held != null) {
      open.held = TaskData.concat(java.util.List.of(held, batch.withTask(open.taskId)));
      open.heldPasses = passes;
    }
  }

  /**
   * The kept rows and this batch are enough to choose λ on: the task restarts from where it began,
   * chooses λ on them and learns them with it. On failure the learner is as before the call.
   */
  private void decideWith(TaskData batch, int passes) {
    TaskData rows = TaskData.concat(java.util.List.of(open.held, batch.withTask(open.taskId)));
    byte[] before = toBytes();
    try {
      if (decide(rows, passes, before)) {
        // the kept rows stay as they trained; this batch has not trained yet
        grow(batch, open.taskId);
        train(batch, passes);
      }
    } catch (RuntimeException | Error e) {
      restore(before);
      throw e;
    }
  }

  /**
   * Chooses λ on the open task's kept rows from where the task began. When it is 0 and they trained
   * provisionally with 0 too (LwF on a shared head, on a task the old network is at chance on,
   * after another such task), the method adds nothing to fine-tuning and that training stands: the
   * rows trained as the stream delivered them, so the task ends exactly where streamed fine-tuning
   * ends it. Otherwise the task restarts from where it began and learns the rows with the chosen λ,
   * in {@code passes} passes over them all (trained as they arrived, each minibatch its passes in a
   * row, the regularisers lost 6–13 points on the README's Weka example: docs/benchmarks.md).
   *
   * @param provisional the learner's state with the kept rows trained provisionally
   * @return whether the provisional training stands
   */
  private boolean decide(TaskData rows, int passes, byte[] provisional) {
    boolean untouched = method.lambda() == 0;
    restore(open.startState);
    LambdaSearch.Choice choice =
        LambdaSearch.choose(this, rows, open.taskId, TrainingListener.NONE);
    boolean stands = untouched && choice.lambda() == 0;
    if (stands) {
      restore(provisional);
    }
    method.setLambda(choice.lambda());
    open.held = null;
    open.startState = null;
    open.lambdaSeconds = choice.seconds();
    open.lambdaTrials = choice.trials();
    if (!stands) {
      grow(rows, open.taskId);
      train(rows, passes);
    }
    return stands;
  }

  private void train(TaskData batch, int passes) {
    open.passes(batch, passes);
    checkParameters();
    open.offer(batch);
  }

  /**
   * Captures what a streamed update changes when the network does not grow. The parameters and the
   * optimiser's moments are copied by the update's first step, block by block as it writes them
   * ({@link Optimiser#checkpoint}), into arrays kept for the next update: an update allocates no
   * copy of the model and makes no separate pass over it.
   */
  private Runnable checkpoint() {
    Runnable parameters = optimiser.checkpoint(net.params());
    Runnable methodState = method.checkpoint();
    long rngState = rng.state();
    long steps = open.steps;
    long examples = open.examples;
    return () -> {
      lock.writeLock().lock();
      try {
        parameters.run();
      } finally {
        lock.writeLock().unlock();
      }
      methodState.run();
      rng.setState(rngState);
      open.steps = steps;
      open.examples = examples;
    };
  }

  /**
   * Ends the open task and consolidates it (importance, anchor, snapshot). A task that received no
   * examples is closed without consolidation.
   *
   * @return what the task did and cost (null for a task that received no examples)
   * @throws IllegalStateException if no task is open
   */
  public synchronized TaskReport endTask() {
    if (open == null) {
      throw new IllegalStateException("no task is open");
    }
    if (open.examples == 0) {
      open = null;
      replay.abandonTask();
      return null;
    }
    byte[] before = toBytes();
    try {
      if (open.held != null) {
        decide(open.held, open.heldPasses, before);
      }
      return consolidate(
          Double.NaN,
          0,
          new LambdaSearch.Choice(method.lambda(), open.lambdaSeconds, open.lambdaTrials));
    } catch (RuntimeException | Error e) {
      restore(before);
      throw e;
    }
  }

  /**
   * A fresh optimiser for the task, unless the configuration keeps one across tasks (then its step
   * scale is kept and its momentum cleared: {@link Optimiser#startTask()}).
   */
  private void startOptimiser() {
    if (optimiser == null || !config.keepOptimiserState()) {
      optimiser = Optimiser.create(config.optimiser(), net.parameterCount());
    } else {
      optimiser.startTask();
    }
  }

  private TaskReport consolidate(double loss, double trainSeconds, LambdaSearch.Choice choice) {
    long t0 = System.nanoTime();
    if (!open.weighted && Double.isNaN(trialLambda)) {
      LOG.log(
          System.Logger.Level.WARNING,
          taskName(open.taskId)
              + ": every row it trained on has weight 0, so it taught the network nothing and"
              + " gives the old tasks' protection nothing to keep (its importance is 0)");
    }
    if (Double.isNaN(trialLambda)) {
      int head = net.headIndex(headKey(open.taskId));
      method.afterTask(
          new ContinualMethod.TaskEnd(net, open.sample.sample(), open.taskId, head, rng));
      replay.endTask(open.taskId, rng);
    }
    TaskReport report =
        new TaskReport(
            open.taskId,
            open.examples,
            open.steps,
            loss,
            trainSeconds,
            (System.nanoTime() - t0) / 1e9,
            choice.lambda(),
            choice.seconds(),
            choice.trials());
    open = null;
    tasksLearned++;
    history.add(report);
    if (!config.keepOptimiserState()) {
      optimiser = null;
    }
    return report;
  }

  /**
   * Stops training (checked once per epoch or update) when a step wrote a non-finite parameter.
   * Each optimiser step checks the blocks it writes while they are in cache ({@link
   * Optimiser#step}), so a call whose steps all came out finite pays no pass over the parameters
   * here.
   */
  private void checkParameters() {
    float[] p = net.params();
    if (!open.takeNonFinite() || Finite.all(p, 0, p.length)) {
      return;
    }
    int i = 0;
    while (Float.isFinite(p[i])) {
      i++;
    }
    throw new TrainingDivergedException(
        this, open.taskId, open.steps, "parameter " + i + " is " + p[i] + open.inputHint());
  }

  private boolean lacksUnits(TaskData data, int taskId) {
    for (var e : classesByHead(data, taskId).entrySet()) {
      if (net.lacks(e.getKey(), e.getValue())) {
        return true;
      }
    }
    return false;
  }

  private TreeMap<Integer, int[]> classesByHead(TaskData data, int taskId) {
    TreeMap<Integer, TreeSet<Integer>> byHead = new TreeMap<>();
    for (int r = 0; r < data.size(); r++) {
      byHead
          .computeIfAbsent(headKey(data.task(r, taskId)), k -> new TreeSet<>())
          .add(data.label(r));
    }
    TreeMap<Integer, int[]> out = new TreeMap<>();
    byHead.forEach((k, v) -> out.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
    return out;
  }

  /** Adds heads and units for every (task, class) in the data. */
  private void grow(TaskData data, int taskId) {
    for (var e : classesByHead(data, taskId).entrySet()) {
      ensure(e.getKey(), e.getValue());
    }
  }

  private void ensure(int key, int[] classes) {
    IndexMap map;
    lock.writeLock().lock();
    try {
      map = net.ensureClasses(key, classes, rng);
    } finally {
      lock.writeLock().unlock();
    }
    if (map != null) {
      method.onGrow(map, net.params());
      if (optimiser != null) {
        optimiser.remap(map);
      }
      if (open != null) {
        open.onGrow(map);
      }
    }
  }

  /**
   * Creates the head for a task, and units for classes, before any training (to evaluate an
   * untrained network, e.g. for forward transfer's random-init baseline, or to give a shared head
   * every class from the start).
   *
   * @param taskId the task
   * @param classes global class ids
   */
  public synchronized void declareClasses(int taskId, int... classes) {
    for (int c : classes) {
      checkLabel(c, "declared class");
    }
    ensure(headKey(taskId), classes);
  }

  // ---------------------------------------------------------------- λ search support

  /**
   * @return a copy of this learner as it was when the open task began (without that task), for the
   *     λ search's trial trainings
   */
  ContinualLearner copyForTrial() {
    ContinualLearner c = copy();
    c.open = null;
    c.replay.abandonTask();
    if (!config.keepOptimiserState()) {
      c.optimiser = null;
    }
    return c;
  }

  /**
   * A head's mean cross-entropy and accuracy on labelled rows, each weighted by its example's
   * weight.
   */
  record Fit(double loss, double accuracy) {}

  /**
   * @return the mean cross-entropy (0 on no rows) and the accuracy (NaN on no rows) of the task's
   *     head on labelled rows, from one forward pass (every class must have a unit)
   */
  Fit fit(TaskData data, int taskId) {
    Distribution d = distribution(data, taskId);
    int[] classes = d.classes();
    float[][] p = d.probabilities();
    double sum = 0;
    double correct = 0;
    double total = 0;
    for (int r = 0; r < data.size(); r++) {
      double w = data.weight(r); // each example counts as the loss counts it
      if (!(w > 0)) {
        continue;
      }
      total += w;
      int unit = -1;
      int best = 0;
      for (int u = 0; u < classes.length; u++) {
        if (classes[u] == data.label(r)) {
          unit = u;
        }
        if (p[r][u] > p[r][best]) {
          best = u;
        }
      }
      if (unit < 0) {
        throw new IllegalArgumentException("class " + data.label(r) + " has no output unit");
      }
      sum -= w * Math.log(Math.max(p[r][unit], Float.MIN_NORMAL));
      if (best == unit) {
        correct += w;
      }
    }
    return total == 0 ? new Fit(0, Double.NaN) : new Fit(sum / total, correct / total);
  }

  // ---------------------------------------------------------------- prediction

  /**
   * @param taskId the task (ignored with a shared head)
   * @return whether predictions can be made for the task
   */
  public boolean canPredict(int taskId) {
    lock.readLock().lock();
    try {
      int h = net.headIndex(headKey(taskId));
      return h >= 0 && net.headSize(h) > 0;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * @param taskId the task (ignored with a shared head)
   * @return the global class id of each unit of the task's head, the order of {@link
   *     #predictProbabilities}'s columns
   */
  public int[] classes(int taskId) {
    lock.readLock().lock();
    try {
      return net.headClasses(predictionHead(taskId));
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Class probabilities for each row.
   *
   * @param data the rows (labels ignored)
   * @param taskId the task whose head to use (ignored with a shared head)
   * @return one row per example, one column per entry of {@link #classes(int)}
   */
  public float[][] predictProbabilities(TaskData data, int taskId) {
    checkFeatures(data);
    lock.readLock().lock();
    try {
      return probabilities(net, data, predictionHead(taskId));
    } finally {
      lock.readLock().unlock();
    }
  }

  private float[][] probabilities(Mlp net, TaskData data, int head) {
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
          Workspace ws = net.workspace(rows);
          System.arraycopy(data.features(), from * inputSize, ws.input(), 0, rows * inputSize);
          net.forwardTrunk(ws, rows);
          float[] z = net.forwardHead(ws, head, rows);
          for (int r = 0; r < rows; r++) {
            Softmax.probabilities(z, r * n, n);
            System.arraycopy(z, r * n, out[from + r], 0, n);
          }
        });
    return out;
  }

  /**
   * Class probabilities with the classes they are for, read together (a stream may grow the head
   * between two separate calls).
   *
   * @param classes the global class id of each column
   * @param probabilities one row per example, one column per class
   */
  public record Distribution(int[] classes, float[][] probabilities) {}

  /**
   * @param data the rows (labels ignored)
   * @param taskId the task whose head to use (ignored with a shared head)
   * @return each row's class probabilities and the classes of the columns, consistently
   */
  public Distribution distribution(TaskData data, int taskId) {
    checkFeatures(data);
    lock.readLock().lock();
    try {
      int head = predictionHead(taskId);
      return new Distribution(net.headClasses(head), probabilities(net, data, head));
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * @param data the rows (labels ignored)
   * @param taskId the task whose head to use (ignored with a shared head)
   * @return the predicted global class id of each row
   */
  public int[] predict(TaskData data, int taskId) {
    Distribution d = distribution(data, taskId);
    int[] classes = d.classes();
    float[][] p = d.probabilities();
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

  // ---------------------------------------------------------------- validation

  private void checkFeatures(TaskData data) {
    if (data.featureCount() != inputSize) {
      throw new IllegalArgumentException(
          "expected " + inputSize + " features per example, got " + data.featureCount());
    }
    float[] x = data.features();
    if (Finite.all(x, 0, x.length)) {
      if (!warnedLargeInputs) {
        warnIfLarge(data);
      }
      return;
    }
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

  /**
   * Says once when inputs exceed {@link TaskTraining#LARGE_INPUT} in absolute value: a network
   * trains on inputs of order 1, and an unscaled 1e30 in one cell leaves Adam at a loss of 1e26 or
   * makes SGD diverge, with no error to say why.
   */
  private void warnIfLarge(TaskData data) {
    String large = data.largestInputAbove(TaskTraining.LARGE_INPUT);
    if (large != null) {
      warnedLargeInputs = true;
      LOG.log(
          System.Logger.Level.WARNING,
          large
              + ": a network trains on inputs of order 1, and inputs this large train a useless"
              + " model or diverge; scale the data, e.g. standardise each feature (said once)");
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
      throw new IllegalArgumentException(taskName(taskId) + " has no examples");
    }
    checkFeatures(data);
    for (int r = 0; r < data.size(); r++) {
      if (!inRange(data.label(r))) {
        checkLabel(data.label(r), "example " + r + " has label"); // the message, built only now
      }
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

  private boolean inRange(int label) {
    int max = config.maxClasses();
    return label >= 0 && (max <= 0 || label < max);
  }

  private void checkLabel(int label, String what) {
    int max = config.maxClasses();
    if (!inRange(label)) {
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
          taskName(open.taskId) + " is still open: call endTask() first");
    }
  }

  // ---------------------------------------------------------------- state

  /**
   * @return an independent deep copy
   */
  public synchronized ContinualLearner copy() {
    ContinualLearner c = fromBytes(toBytes());
    // what is not saved: how tasks are named, and what was already said once (a λ search's trial
    // copies would otherwise say it again)
    c.taskNames = taskNames;
    c.warnedLargeInputs = warnedLargeInputs;
    c.warnedTooFewRows = warnedTooFewRows;
    c.saidSgdBound = saidSgdBound;
    return c;
  }

  /**
   * Says how messages name a task, for an adapter that gives the count or names tasks (a task
   * attribute's value): a divergence's message and the λ search's log then say, e.g., "task 2 of 5"
   * or "task 't2'" where the core would say "task 2". Not saved with the learner.
   *
   * @param names the name of the task with each id, e.g. {@code id -> "task " + (id + 1) + " of 5"}
   */
  public void nameTasks(IntFunction<String> names) {
    taskNames = names == null ? DEFAULT_TASK_NAMES : names;
  }

  /**
   * @param taskId a task id
   * @return how messages name that task ({@link #nameTasks})
   */
  public String taskName(int taskId) {
    return taskNames.apply(taskId);
  }

  /**
   * @return the whole state in the binary format of {@link #save(OutputStream)}
   */
  public synchronized byte[] toBytes() {
    try {
      return LearnerCodec.encode(this);
    } catch (IOException e) {
      throw new IllegalStateException("cannot happen for a byte array", e);
    }
  }

  /**
   * @param bytes a state written by {@link #toBytes()} or {@link #save(OutputStream)}
   * @return the learner
   * @throws IllegalArgumentException if the bytes are not a valid state
   */
  public static ContinualLearner fromBytes(byte[] bytes) {
    if (bytes == null) {
      throw new IllegalArgumentException("no state given (null)");
    }
    try {
      return load(new Bytes.In(bytes));
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * Writes the whole state: configuration, network, consolidation memory, replay memory, history,
   * random stream, and an open task with its optimiser and samples, so a stream continues after
   * loading exactly as it would have. Format: magic "ENGR", version, payload, CRC-32.
   *
   * @param out the stream (not closed)
   * @throws IOException if writing fails
   */
  public synchronized void save(OutputStream out) throws IOException {
    LearnerCodec.write(this, out);
  }

  /**
   * Reads a state written by {@link #save(OutputStream)}.
   *
   * @param in the stream
   * @return the learner
   * @throws IOException naming the problem: not an Engram state, a newer format, or corrupted
   */
  public static ContinualLearner load(InputStream in) throws IOException {
    return LearnerCodec.read(in);
  }

  /** Puts back a state taken by {@link #toBytes()} before a failed call. */
  private void restore(byte[] state) {
    ContinualLearner saved = fromBytes(state);
    lock.writeLock().lock();
    try {
      this.net = saved.net;
    } finally {
      lock.writeLock().unlock();
    }
    this.method = saved.method;
    this.replay = saved.replay;
    this.optimiser = saved.optimiser;
    this.rng.setState(saved.rng.state());
    this.tasksLearned = saved.tasksLearned;
    // Tasks are only ever appended, so the saved history is a prefix of this one: keep this one's
    // reports, which carry the wall times the saved form drops.
    if (saved.history.size() <= history.size()) {
      history.subList(saved.history.size(), history.size()).clear();
    } else {
      history.clear();
      history.addAll(saved.history);
    }
    this.open = saved.open == null ? null : saved.open.movedTo(this);
  }
}
