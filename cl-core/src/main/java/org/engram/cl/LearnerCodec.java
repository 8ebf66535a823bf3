package org.engram.cl;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import org.engram.cl.data.TaskData;
import org.engram.cl.nn.Mlp;
import org.engram.cl.optim.Optimiser;
import org.engram.cl.util.Bytes;
import org.engram.cl.util.FloatIO;

/**
 * The learner's binary state format: magic "ENGR", format version, payload length, payload, CRC-32
 * of the payload. The payload holds the configuration, the random stream, the task history, the
 * network, the method's memory, the replay memory, the optimiser (when it outlives a task or a task
 * is open) and an open task's sample. Wall times and losses are not saved (they read back as NaN):
 * the same training gives the same bytes whatever the machine and thread count.
 */
final class LearnerCodec {
  /** File magic, "ENGR". */
  static final int MAGIC = 0x454E4752;

  /**
   * Version of the format; version 1 (before methods described their hyperparameters) is refused.
   */
  static final int FORMAT_VERSION = 2;

  private LearnerCodec() {}

  static void write(ContinualLearner l, OutputStream out) throws IOException {
    out.write(encode(l));
    out.flush();
  }

  /**
   * @return the whole state as {@link #write} writes it
   */
  static byte[] encode(ContinualLearner l) throws IOException {
    Bytes.Out payload = new Bytes.Out(1 << 16);
    DataOutputStream d = new DataOutputStream(payload);
    l.config().write(d);
    d.writeInt(l.inputSize());
    d.writeLong(l.rng.state());
    d.writeInt(l.tasksLearned);
    d.writeInt(l.history.size());
    for (TaskReport r : l.history) {
      writeReport(d, r);
    }
    l.net.write(d);
    l.method.write(d);
    l.replay.write(d);
    d.writeBoolean(l.optimiser != null);
    if (l.optimiser != null) {
      d.writeInt(l.optimiser.size());
      l.optimiser.write(d);
    }
    d.writeBoolean(l.open != null);
    if (l.open != null) {
      d.writeInt(l.open.taskId);
      d.writeLong(l.open.steps);
      d.writeLong(l.open.examples);
      l.open.sample.write(d);
      d.writeDouble(l.open.lambdaSeconds);
      d.writeInt(l.open.lambdaTrials);
      d.writeBoolean(l.open.held != null);
      if (l.open.held != null) {
        d.writeInt(l.open.heldPasses);
        writeRows(d, l.open.held);
        // -1 inside the start state itself, which is taken before it exists
        d.writeInt(l.open.startState == null ? -1 : l.open.startState.length);
        if (l.open.startState != null) {
          d.write(l.open.startState);
        }
      }
    }
    d.flush();
    CRC32 crc = new CRC32();
    crc.update(payload.buffer(), 0, payload.size());
    byte[] whole = new byte[12 + payload.size() + 8];
    ByteBuffer.wrap(whole) // big-endian, as DataOutputStream writes
        .putInt(MAGIC)
        .putInt(FORMAT_VERSION)
        .putInt(payload.size())
        .put(payload.buffer(), 0, payload.size())
        .putLong(crc.getValue());
    return whole;
  }

  static ContinualLearner read(InputStream in) throws IOException {
    DataInputStream d = new DataInputStream(in);
    int magic;
    try {
      magic = d.readInt();
    } catch (EOFException e) {
      throw new IOException("not an Engram learner state: the input is empty or too short");
    }
    if (magic != MAGIC) {
      throw new IOException(
          "not an Engram learner state (file starts with 0x" + Integer.toHexString(magic) + ")");
    }
    int version;
    byte[] body;
    long expected;
    try {
      version = d.readInt();
      if (version != FORMAT_VERSION) {
        throw new IOException(
            "Engram state format version "
                + version
                + " is not supported by this version (which reads version "
                + FORMAT_VERSION
                + (version < FORMAT_VERSION ? "; retrain the model with this version" : "")
                + ")");
      }
      int length = d.readInt();
      if (length < 0 || length > (1 << 30)) {
        throw new IOException("corrupted Engram state: implausible length " + length);
      }
      body = d.readNBytes(length);
      if (body.length != length) {
        throw new IOException(
            "corrupted Engram state: truncated (" + body.length + " of " + length + " bytes)");
      }
      expected = d.readLong();
    } catch (EOFException e) {
      throw new IOException("corrupted Engram state: truncated", e);
    }
    CRC32 crc = new CRC32();
    crc.update(body);
    if (crc.getValue() != expected) {
      throw new IOException("corrupted Engram state: checksum mismatch");
    }
    try {
      return payload(new DataInputStream(new Bytes.In(body)));
    } catch (EOFException e) {
      throw new IOException("corrupted Engram state: the payload ends early", e);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IOException("invalid Engram state: " + e.getMessage(), e);
    }
  }

  private static ContinualLearner payload(DataInputStream b) throws IOException {
    LearnerConfig config = LearnerConfig.read(b);
    int inputSize = b.readInt();
    long rngState = b.readLong();
    int tasksLearned = b.readInt();
    int reports = b.readInt();
    if (reports < 0 || reports > tasksLearned) {
      throw new IOException("implausible task history in state: " + reports + " tasks");
    }
    java.util.List<TaskReport> history = new java.util.ArrayList<>(); // not sized by the stream
    for (int i = 0; i < reports; i++) {
      history.add(readReport(b));
    }
    Mlp net = Mlp.read(b);
    if (net.inputSize() != inputSize) {
      throw new IOException(
          "inconsistent state: the network has "
              + net.inputSize()
              + " inputs, the learner "
              + inputSize);
    }
    ContinualLearner l = new ContinualLearner(config, inputSize, net);
    l.rng.setState(rngState);
    l.tasksLearned = tasksLearned;
    l.history.addAll(history);
    l.method.read(b);
    l.replay.read(b);
    if (b.readBoolean()) {
      int size = b.readInt();
      if (size != l.net.parameterCount()) {
        throw new IOException(
            "optimiser state in state has "
                + size
                + " parameters, the network "
                + l.net.parameterCount());
      }
      l.optimiser = Optimiser.create(config.optimiser(), size);
      l.optimiser.read(b);
    }
    if (b.readBoolean()) {
      int taskId = b.readInt();
      long steps = b.readLong();
      long examples = b.readLong();
      l.open = new TaskTraining(l, taskId, Reservoir.read(b, inputSize, "importanceSamples"));
      l.open.steps = steps;
      l.open.examples = examples;
      // not saved: a task read back part-way is taken as weighted (no warning at its end), one read
      // back at its start (a streamed task's restart) finds out again as its rows train
      l.open.weighted = examples > 0;
      l.open.lambdaSeconds = b.readDouble();
      l.open.lambdaTrials = b.readInt();
      if (b.readBoolean()) {
        l.open.heldPasses = b.readInt();
        l.open.held = readRows(b, inputSize);
        int n = b.readInt();
        if (n < -1 || n > b.available()) {
          throw new IOException("implausible task start state in state: " + n + " bytes");
        }
        l.open.startState = n < 0 ? null : b.readNBytes(n);
      }
      if (l.optimiser == null) {
        throw new IOException("inconsistent state: an open task without its optimiser");
      }
    }
    return l;
  }

  private static void writeRows(DataOutputStream d, TaskData t) throws IOException {
    d.writeInt(t.size());
    FloatIO.write(d, t.features(), 0, t.features().length);
    for (int r = 0; r < t.size(); r++) {
      d.writeInt(t.label(r));
      d.writeFloat(t.weight(r));
    }
  }

  private static TaskData readRows(DataInputStream d, int features) throws IOException {
    int n = d.readInt();
    if (n < 0 || (long) n * features > 1 << 28) {
      throw new IOException("implausible held rows in state: " + n);
    }
    float[] x = new float[n * features];
    FloatIO.read(d, x, 0, x.length);
    int[] y = new int[n];
    float[] w = new float[n];
    for (int r = 0; r < n; r++) {
      y[r] = d.readInt();
      w[r] = d.readFloat();
    }
    return new TaskData(x, features, y, w, null);
  }

  private static void writeReport(DataOutputStream d, TaskReport r) throws IOException {
    d.writeInt(r.taskId());
    d.writeLong(r.examples());
    d.writeLong(r.steps());
    d.writeDouble(r.lambda());
    d.writeInt(r.lambdaTrials());
  }

  private static TaskReport readReport(DataInputStream d) throws IOException {
    int taskId = d.readInt();
    long examples = d.readLong();
    long steps = d.readLong();
    double lambda = d.readDouble();
    int trials = d.readInt();
    return new TaskReport(
        taskId, examples, steps, Double.NaN, Double.NaN, Double.NaN, lambda, Double.NaN, trials);
  }
}
