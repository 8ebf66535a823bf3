package org.engram.weka;

import java.io.EOFException;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.engram.cl.ContinualLearner;
import org.engram.cl.TaskReport;
import org.engram.cl.TrainingDivergedException;
import org.engram.cl.data.TaskData;
import weka.core.Attribute;
import weka.core.Instance;
import weka.core.Instances;

/**
 * What a ContinualMLP has learned and how it goes on learning: the training header, the input
 * encoding, the core learner, the {@link TaskRegistry} and the {@link StreamBuffer}.
 *
 * <p><b>Failures lose nothing.</b> A row is checked before anything changes; a call that fails (a
 * refused row, a diverged step) leaves the encoder's statistics, the registry, the buffer and the
 * learner as they were before it.
 *
 * <p><b>Threads.</b> Training calls ({@link #update}, {@link #endStream}) are serialised on this
 * object. Predictions may run at the same time from any number of threads: the encoder, the
 * registry and the buffer are changed under a write lock that predictions read under, and the core
 * learner lets predictions see the network between two optimiser steps, never during one or during
 * the growth of an output layer. A prediction first trains the rows still waiting in the buffer,
 * under the training lock, so it reflects every row given to {@link #update}.
 */
public final class ModelState implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Instances header;
  private final int taskIndex;
  private volatile InputEncoder encoder;
  private volatile TaskRegistry tasks;
  private volatile StreamBuffer buffer;
  private final double[][] trainAccuracy;
  private final HashSet<String> warned = new HashSet<>();

  /** Rows of the stream skipped for a missing class value. */
  private long skippedRows;

  private transient volatile ContinualLearner learner;
  private transient ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  /**
   * The data set whose header {@link #checkHeader} last found equal to the model's, and the
   * attributes it had then: a stream's rows (or the rows to classify) share one, so it is compared
   * once, not once per row. One field, so that predicting threads see the pair together.
   */
  private transient volatile Checked checked;

  /** A data set found equal to the model's header, and the attributes it had then. */
  private record Checked(Instances data, Attribute[] attributes) {}

  /** The waiting rows a prediction last failed to train ({@link #trainWaitingRows}), or null. */
  private transient String untrainedRows;

  ModelState(
      Instances header,
      int taskIndex,
      InputEncoder encoder,
      ContinualLearner learner,
      TaskRegistry tasks,
      double[][] trainAccuracy) {
    this.header = header;
    this.taskIndex = taskIndex;
    this.encoder = encoder;
    this.learner = named(learner);
    this.tasks = tasks;
    this.buffer = new StreamBuffer();
    this.trainAccuracy = trainAccuracy;
  }

  static void checkRow(
      Instances header,
      int taskIndex,
      InputEncoder encoder,
      Instance row,
      double[] values,
      String where) {
    InputEncoder.checkIndex(
        row.classValue(), header.numClasses(), header.classAttribute().name(), where);
    encoder.check(values, row.weight(), where);
    if (taskIndex >= 0) {
      TaskAttribute.check(header, taskIndex, row.value(taskIndex), where);
    }
  }

  /** A core failure as the Weka user should read it, with where it happened; no stack trace. */
  static RuntimeException translate(RuntimeException e, String where) {
    if (e instanceof BadInputException
        || e instanceof TrainingFailedException
        || e instanceof CancellationException) {
      return e;
    }
    if (e instanceof TrainingDivergedException d) {
      // where names the task as the user does (the task attribute's value), the core by its id
      return new TrainingFailedException(where + ": " + d.withoutTask().getMessage());
    }
    if (e instanceof IllegalArgumentException) {
      return new BadInputException(where + ": " + e.getMessage());
    }
    if (e instanceof IllegalStateException) {
      return new TrainingFailedException(where + ": " + e.getMessage());
    }
    return e;
  }

  /**
   * Trains a new model (a batch build, see {@link BatchTraining}).
   *
   * @param data training data (an empty header is fine: incremental training follows)
   * @param options the classifier's options
   * @param log Weka's log
   * @return the model
   * @throws BadInputException for a bad row or an option that cannot work with the data
   * @throws TrainingFailedException if training diverged
   */
  public static ModelState train(Instances data, ContinualMLPOptions options, WekaLog log) {
    return BatchTraining.train(data, options, log);
  }

  // ------------------------------------------------------------------ stream

  /**
   * Trains on one row of a stream. The row is checked first (header, class, weight, values, task
   * value) and refused, naming its number in the stream and the attribute, before anything changes.
   * Rows are buffered into minibatches; a change of the task attribute's value ends the open task
   * (consolidation) and begins a new one. A row with a missing class is skipped.
   *
   * @param row the row
   * @param log Weka's log
   * @throws BadInputException for a bad row or a method that cannot learn from a stream
   * @throws TrainingFailedException if training diverged (the model is as before the call)
   */
  public synchronized void update(Instance row, WekaLog log) {
    buffer.release();
    long number = buffer.next();
    String where = "row " + number + " of the stream";
    checkHeader(row, where);
    if (row.classIsMissing()) {
      skippedRows++;
      warnOnce(
          log,
          "missing-class",
          "rows whose class value is missing are skipped, as Weka's classifiers do (the first: "
              + where
              + ")");
      return;
    }
    double[] values = buffer.values(row);
    checkRow(header, taskIndex, encoder, row, values, where);
    if (!learner.method().streams()) {
      throw new TrainingFailedException(
          learner.config().method().method().label()
              + " trains on every task's data at once and cannot learn from a stream ("
              + where
              + "): build the model in batch (the Explorer, or -force-batch-training on the"
              + " command line)");
    }
    double key = taskIndex >= 0 ? row.value(taskIndex) : Double.NaN;
    boolean open = learner.openTask() >= 0;
    boolean boundary = open && taskIndex >= 0 && key != tasks.openKey();
    if (open && !boundary && buffer.size() + 1 < learner.config().batchSize()) {
      // Most rows only wait for their minibatch: the buffer takes the row without allocating once
      // it has begun to change, and the statistics' update is arithmetic, so nothing can fail
      // midway and there is nothing to undo.
      write(
          () -> {
            buffer.add(values, row.weight(), number);
            encoder.observe(values, row.weight());
            return null;
          });
      return;
    }
    // The learner's own undo covers one core call; a call that makes several (ending a task and
    // beginning the next, or beginning one and training a minibatch of one row) copies it whole.
    Snapshot before = new Snapshot(boundary || (!open && learner.config().batchSize() == 1));
    undoingOnFailure(
        before,
        () -> {
          if (boundary) {
            endTask(log);
          }
          if (learner.openTask() < 0) {
            String name =
                taskIndex >= 0
                    ? TaskAttribute.label(header, taskIndex, key)
                    : row.dataset() != null ? row.dataset().relationName() : header.relationName();
            int id = write(() -> tasks.begin(name, key));
            learner.beginTask(id);
            if (learner.method().warmupEpochs() > 0
                && learner.config().headMode() == org.engram.cl.HeadMode.PER_TASK) {
              warnOnce(
                  log,
                  "stream-warmup",
                  "warmupEpochs is not applied to streamed tasks: the warm-up trains a new task's"
                      + " output layer on the whole task first, which a stream does not have; build"
                      + " the model in batch for it");
            }
          }
          write(
              () -> {
                buffer.add(values, row.weight(), number);
                encoder.observe(values, row.weight());
                return null;
              });
          if (buffer.size() >= learner.config().batchSize()) {
            flush(log);
          }
        });
  }

  /**
   * Ends the stream (Weka's {@code batchFinished}): trains the rows waiting and ends the open task.
   *
   * @param log Weka's log
   * @throws BadInputException if the stream's every row had a missing class value
   * @throws TrainingFailedException if training diverged (the model is as before the call)
   */
  public synchronized void endStream(WekaLog log) {
    if (skippedRows > 0 && tasks.tasks().isEmpty()) {
      throw new BadInputException(
          "every row's class value ('"
              + header.classAttribute().name()
              + "') in the stream is missing: there is nothing to train on");
    }
    if (learner.openTask() >= 0) {
      undoingOnFailure(new Snapshot(true), () -> endTask(log));
    }
    buffer.endStream();
  }

  /**
   * Runs a call that changes the model: if it fails, the model is put back as {@code before} holds
   * it, and the failure is translated into Weka's terms with what was being trained.
   */
  private void undoingOnFailure(Snapshot before, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      String failed = context();
      before.restore();
      throw translate(e, failed);
    } catch (Error e) {
      before.restore();
      throw e;
    }
  }

  private String context() {
    List<TaskRegistry.Task> all = tasks.tasks();
    String task = all.isEmpty() ? "" : "task '" + all.get(all.size() - 1).name() + "', ";
    return task + (buffer.size() > 0 ? buffer.describe() : "the stream");
  }

  private void endTask(WekaLog log) {
    flush(log);
    TaskReport report = learner.endTask();
    if (report != null) {
      List<TaskRegistry.Task> all = tasks.tasks();
      log.progress("task '" + all.get(all.size() - 1).name() + "': " + report.describe());
    }
    boolean tiny =
        write(
            () -> {
              encoder.freeze();
              return tasks.end();
            });
    if (tiny && taskIndex >= 0) {
      warnOnce(
          log,
          "tiny",
          "tasks are tiny: three streamed tasks had fewer than "
              + TaskRegistry.TINY_TASK_ROWS
              + " rows. Each change of the task attribute '"
              + header.attribute(taskIndex).name()
              + "' ends a task and consolidates it (EWC keeps an importance per task); sort the"
              + " rows by task, or check the task attribute");
    }
  }

  /** Trains the rows waiting in the buffer (one {@code update} of {@code epochs} passes). */
  private void flush(WekaLog log) {
    if (buffer.size() == 0) {
      return;
    }
    TaskData batch = buffer.encode(encoder, header.classIndex());
    String rows = buffer.describe();
    learner.update(batch, learner.config().epochs());
    log.progress("trained " + rows + ", " + learner.config().epochs() + " passes");
    write(
        () -> {
          tasks.addRows(batch.size());
          buffer.clear();
          return null;
        });
  }

  private void warnOnce(WekaLog log, String key, String message) {
    if (warned.add(key)) {
      log.warning(message);
    }
  }

  private void checkHeader(Instance row, String where) {
    checkHeader(row.dataset(), row.numAttributes(), where);
  }

  /**
   * Refuses data whose header differs from the model's (attribute order, a nominal value's order,
   * the class): values are read by position and by a nominal value's index, so such data would be
   * trained on or answered wrongly, in silence.
   *
   * @param ds the data's header, or null for a row that has none (only its width is known)
   * @param width the row's number of attributes
   * @param where the rows, for the message
   */
  public void checkHeader(Instances ds, int width, String where) {
    if (ds == header || (ds != null && checkedBefore(ds))) {
      return;
    }
    if (ds == null ? width != header.numAttributes() : !header.equalHeaders(ds)) {
      String why =
          ds == null
              ? "it has " + width + " attributes, the model " + header.numAttributes()
              : header.equalHeadersMsg(ds);
      throw new BadInputException(
          where + ": the data's header differs from the one the model was built on: " + why);
    }
    if (ds != null) {
      Attribute[] atts = new Attribute[ds.numAttributes()];
      for (int a = 0; a < atts.length; a++) {
        atts[a] = ds.attribute(a);
      }
      checked = new Checked(ds, atts);
    }
  }

  /**
   * Whether {@code ds} is the data set last found equal and still holds the very attributes it had
   * then, with the same class: Weka replaces an attribute to rename or change it (renaming a value,
   * inserting or deleting one copies it), so the same objects describe the same header.
   */
  private boolean checkedBefore(Instances ds) {
    Checked c = checked;
    if (c == null
        || ds != c.data()
        || ds.numAttributes() != c.attributes().length
        || ds.classIndex() != header.classIndex()) {
      return false;
    }
    for (int a = 0; a < c.attributes().length; a++) {
      if (ds.attribute(a) != c.attributes()[a]) {
        return false;
      }
    }
    return true;
  }

  private <T> T write(java.util.function.Supplier<T> change) {
    lock.writeLock().lock();
    try {
      return change.get();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** What a training call may change, to put back if it fails. */
  private final class Snapshot {
    private final InputEncoder encoder =
        ModelState.this.encoder.fixed() ? ModelState.this.encoder : ModelState.this.encoder.copy();
    private final TaskRegistry tasks = ModelState.this.tasks.copy();
    private final StreamBuffer buffer = ModelState.this.buffer.copy();
    private final byte[] learner;

    /** Takes the learner's bytes too when the call makes several core calls. */
    Snapshot(boolean wholeLearner) {
      this.learner = wholeLearner ? ModelState.this.learner.toBytes() : null;
    }

    void restore() {
      ContinualLearner l = learner == null ? null : ContinualLearner.fromBytes(learner);
      write(
          () -> {
            ModelState.this.encoder = encoder;
            ModelState.this.tasks = tasks;
            ModelState.this.buffer = buffer;
            if (l != null) {
              ModelState.this.learner = named(l);
            }
            return null;
          });
    }
  }

  // ------------------------------------------------------------------ prediction

  /**
   * Class probabilities, after training the rows waiting in the buffer (see {@link Predictions}).
   *
   * @param batch rows to classify
   * @param log Weka's log
   * @return one distribution per row, of length numClasses; uniform before any training
   * @throws BadInputException if a row does not fit the model or, with one output layer per task,
   *     its task has none
   */
  public double[][] distributions(Instances batch, WekaLog log) {
    if (buffer.size() > 0) {
      trainWaitingRows(log);
    }
    if (learner.tasksLearned() == 0 && learner.openTask() < 0) {
      warnUntrained(log);
    }
    return Predictions.of(this, batch);
  }

  /**
   * A model built on no rows (a header-only file, or a stream that has not begun) predicts uniform
   * distributions; said once, as an evaluation of it would otherwise look like a trained model's.
   */
  private synchronized void warnUntrained(WekaLog log) {
    warnOnce(
        log,
        "untrained",
        "the model has learned from no rows yet: every prediction is the uniform distribution");
  }

  /**
   * Trains the rows waiting in the buffer before a prediction. When they cannot be trained
   * (training diverges: a setting such as λ or the learning rate that this task cannot train with),
   * the prediction still answers, with the model as it is, and Weka's log says so once for those
   * rows; they stay waiting, and the next {@link #update} or the end of the stream tries them again
   * and fails with the reason.
   */
  private synchronized void trainWaitingRows(WekaLog log) {
    String waiting = buffer.describe();
    if (buffer.size() == 0 || waiting.equals(untrainedRows)) {
      return;
    }
    try {
      flush(log);
    } catch (TrainingDivergedException e) {
      untrainedRows = waiting;
      log.warning(
          "predicting with the model as it is, without "
              + waiting
              + ": they could not be trained ("
              + e.withoutTask().getMessage()
              + ")");
    } catch (RuntimeException e) {
      throw translate(e, context());
    }
  }

  /**
   * @return the lock predictions read the encoder, the registry and the buffer under
   */
  ReentrantReadWriteLock.ReadLock readLock() {
    return lock.readLock();
  }

  // ------------------------------------------------------------------ reading

  /**
   * @return the learner (read it; train it through this class)
   */
  public ContinualLearner learner() {
    return learner;
  }

  /**
   * The core's messages (a divergence, the λ search's log) name a task by the task attribute's
   * value, as Weka's own messages do, not by the core's id from 0.
   */
  private ContinualLearner named(ContinualLearner l) {
    l.nameTasks(
        id -> {
          for (TaskRegistry.Task t : tasks.tasks()) {
            if (t.id() == id) {
              return "task '" + t.name() + "'";
            }
          }
          return "task " + id;
        });
    return l;
  }

  /**
   * @return the training header (no rows)
   */
  public Instances header() {
    return header;
  }

  /**
   * @return the task attribute's index, or -1
   */
  public int taskIndex() {
    return taskIndex;
  }

  /**
   * @return the input encoding
   */
  public InputEncoder encoder() {
    return encoder;
  }

  /**
   * @return the tasks learned and the one open
   */
  public TaskRegistry tasks() {
    return tasks;
  }

  /**
   * @return rows waiting in the stream buffer
   */
  public int buffered() {
    return buffer.size();
  }

  /**
   * @return accuracy on each task's training rows after each task of a batch build with several
   *     tasks (row: after task i; column: task j), or null
   */
  public double[][] trainAccuracy() {
    return trainAccuracy == null ? null : trainAccuracy.clone();
  }

  // ------------------------------------------------------------------ serialization

  private synchronized void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    byte[] state = learner.toBytes();
    out.writeObject(state);
    StateChecksum.write(out, c -> addTo(c, state));
  }

  /**
   * Adds what a saved model holds to its checksum: the header, the encoding, the tasks, the rows
   * waiting, the accuracies and warnings, and the learner's bytes.
   */
  private void addTo(StateChecksum c, byte[] state) {
    c.add(header.toString()).add((long) header.classIndex()).add((long) taskIndex);
    encoder.addTo(c);
    tasks.addTo(c);
    buffer.addTo(c);
    c.add(trainAccuracy == null ? -1L : trainAccuracy.length);
    if (trainAccuracy != null) {
      for (double[] row : trainAccuracy) {
        c.add(row);
      }
    }
    c.add(new java.util.TreeSet<>(warned).toString()).add(skippedRows).add(state);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    try {
      in.defaultReadObject();
      byte[] state = (byte[]) in.readObject();
      StateChecksum.verify(in, c -> addTo(c, state));
      learner = named(ContinualLearner.fromBytes(state));
    } catch (EOFException e) {
      throw new InvalidObjectException(ModelFiles.TRUNCATED);
    } catch (IllegalArgumentException e) {
      throw new InvalidObjectException("ContinualMLP: the model cannot be read: " + e.getMessage());
    }
    lock = new ReentrantReadWriteLock();
  }
}
