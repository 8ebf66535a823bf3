package org.engram.cl.method;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.engram.cl.data.TaskData;
import org.engram.cl.nn.Mlp;
import org.engram.cl.nn.Softmax;
import org.engram.cl.nn.Workspace;

/**
 * Learning without Forgetting (Li and Hoiem 2017, "Learning without Forgetting", TPAMI): keeps a
 * frozen snapshot of the network after each task and, while training the next, adds λ times the
 * distillation loss between the snapshot's and the network's outputs on the new task's inputs (eq.
 * 2, with temperature T; see {@link Softmax#distillation} for the T² convention).
 *
 * <p>With one head per task, every old head is distilled. With one shared head, the units that
 * existed at the end of the last task (the old classes' logits) are distilled. The optional warm-up
 * (the paper's first stage) trains a new task's head with the trunk frozen; it applies with one
 * head per task only, since with a shared head it would move the old classes' units unguarded.
 */
public final class LearningWithoutForgetting implements ContinualMethod {
  private final MethodSpec spec;
  private final double temperature;
  private double lambda;
  private Mlp snapshot;
  private Workspace snapshotWs;

  /**
   * @param spec the description: λ, temperature, warm-up epochs
   */
  public LearningWithoutForgetting(MethodSpec spec) {
    this.spec = spec;
    this.temperature = spec.get(Hyperparameter.TEMPERATURE);
  }

  @Override
  public double lambda() {
    return lambda;
  }

  @Override
  public void setLambda(double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("lambda must be finite and >= 0, got " + value);
    }
    this.lambda = value;
  }

  @Override
  public MethodSpec spec() {
    return spec;
  }

  @Override
  public int warmupEpochs() {
    return spec.get(Hyperparameter.WARMUP_EPOCHS);
  }

  @Override
  public int[] outputHeads(Mlp net, int headKey) {
    if (snapshot == null || lambda == 0) {
      return new int[0];
    }
    return java.util.stream.IntStream.range(0, snapshot.headCount())
        .filter(h -> distilled(snapshot.headKey(h), headKey))
        .map(h -> net.headIndex(snapshot.headKey(h)))
        .toArray();
  }

  /** Every old head is distilled but the one the new task trains from scratch. */
  private static boolean distilled(int key, int trainedKey) {
    return key != trainedKey || key == Mlp.SHARED_HEAD;
  }

  @Override
  public double outputLoss(Step step) {
    if (snapshot == null || lambda == 0) {
      return 0;
    }
    Mlp net = step.net();
    Workspace ws = step.workspace();
    Workspace old = snapshotWorkspace(ws.capacity());
    int from = step.from();
    int to = step.to();
    int in = snapshot.inputSize();
    System.arraycopy(ws.input(), from * in, old.input(), from * in, (to - from) * in);
    snapshot.forwardTrunk(old, from, to);
    double loss = 0;
    for (int h = 0; h < snapshot.headCount(); h++) {
      int key = snapshot.headKey(h);
      if (!distilled(key, step.headKey())) {
        continue;
      }
      int current = net.headIndex(key);
      float[] oldZ = snapshot.forwardHead(old, h, from, to);
      float[] now = net.forwardHead(ws, current, from, to);
      loss +=
          Softmax.distillation(
              now,
              net.headSize(current),
              oldZ,
              snapshot.headSize(h),
              from,
              to,
              temperature,
              step.rows(),
              lambda,
              step.weights(),
              ws.logitGradient(current));
    }
    return loss;
  }

  @Override
  public double unitPenalty(Mlp net, TaskData inputs) {
    if (snapshot == null || inputs.size() == 0) {
      return 0;
    }
    int rows = inputs.size();
    int in = snapshot.inputSize();
    Workspace oldWs = snapshot.workspace(rows);
    Workspace newWs = net.workspace(rows);
    System.arraycopy(inputs.features(), 0, oldWs.input(), 0, rows * in);
    System.arraycopy(inputs.features(), 0, newWs.input(), 0, rows * in);
    snapshot.forwardTrunk(oldWs, rows);
    net.forwardTrunk(newWs, rows);
    float[] weights = null; // the rows count as training weighs them
    if (inputs.hasWeights()) {
      weights = new float[rows];
      for (int r = 0; r < rows; r++) {
        weights[r] = inputs.weight(r);
      }
    }
    double value = 0;
    for (int h = 0; h < snapshot.headCount(); h++) {
      int current = net.headIndex(snapshot.headKey(h));
      float[] dz = new float[rows * net.headSize(current)];
      value +=
          Softmax.distillation(
              net.forwardHead(newWs, current, 0, rows),
              net.headSize(current),
              snapshot.forwardHead(oldWs, h, 0, rows),
              snapshot.headSize(h),
              0,
              rows,
              temperature,
              rows,
              1,
              weights,
              dz);
    }
    return value;
  }

  /** The snapshot's buffers, created once for all row ranges (which use disjoint rows of it). */
  private synchronized Workspace snapshotWorkspace(int capacity) {
    if (snapshotWs == null || snapshotWs.capacity() < capacity) {
      snapshotWs = snapshot.workspace(capacity);
    }
    return snapshotWs;
  }

  @Override
  public void afterTask(TaskEnd end) {
    snapshot = end.net().copy();
    snapshotWs = null;
  }

  @Override
  public long memoryBytes() {
    return snapshot == null ? 0 : 4L * snapshot.parameterCount();
  }

  @Override
  public void write(DataOutputStream out) throws IOException {
    out.writeDouble(lambda);
    out.writeBoolean(snapshot != null);
    if (snapshot != null) {
      snapshot.write(out);
    }
  }

  @Override
  public void read(DataInputStream in) throws IOException {
    double l = in.readDouble();
    if (!(l >= 0) || Double.isInfinite(l)) {
      throw new IOException("invalid lambda in state: " + l);
    }
    lambda = l;
    snapshot = in.readBoolean() ? Mlp.read(in) : null;
    snapshotWs = null;
  }
}
