package org.engram.cl.method;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.engram.cl.nn.Mlp;
import org.engram.cl.nn.Softmax;

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
  private Mlp snapshot;
  private Mlp.Workspace snapshotWs;
  private float[] dz = new float[0];

  /**
   * @param spec the description: λ, temperature, warm-up epochs
   */
  public LearningWithoutForgetting(MethodSpec spec) {
    this.spec = spec;
  }

  @Override
  public MethodSpec spec() {
    return spec;
  }

  @Override
  public int warmupEpochs() {
    return spec.warmupEpochs();
  }

  @Override
  public double outputLoss(Step step) {
    if (snapshot == null || spec.lambda() == 0) {
      return 0;
    }
    int rows = step.rows();
    Mlp net = step.net();
    if (snapshotWs == null || snapshotWs.capacity() < rows) {
      snapshotWs = snapshot.workspace(step.workspace().capacity());
    }
    System.arraycopy(
        step.workspace().input(), 0, snapshotWs.input(), 0, rows * snapshot.inputSize());
    snapshot.forwardTrunk(snapshotWs, rows);
    double loss = 0;
    for (int h = 0; h < snapshot.headCount(); h++) {
      int key = snapshot.headKey(h);
      if (key == step.headKey() && key != Mlp.SHARED_HEAD) {
        continue; // the head being learned has no old outputs to keep
      }
      int current = net.headIndex(key);
      int nOld = snapshot.headSize(h);
      int nNew = net.headSize(current);
      float[] old = snapshot.forwardHead(snapshotWs, h, rows);
      float[] now = net.forwardHead(step.workspace(), current, rows);
      if (dz.length < rows * nNew) {
        dz = new float[step.workspace().capacity() * nNew];
      }
      java.util.Arrays.fill(dz, 0, rows * nNew, 0f);
      loss +=
          Softmax.distillation(
              now, nNew, old, nOld, rows, spec.temperature(), rows, spec.lambda(), dz);
      net.backwardHead(
          step.workspace(), current, rows, dz, step.grad(), org.engram.cl.nn.GradientMode.SUM);
    }
    return loss;
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
    out.writeBoolean(snapshot != null);
    if (snapshot != null) {
      snapshot.write(out);
    }
  }

  @Override
  public void read(DataInputStream in) throws IOException {
    snapshot = in.readBoolean() ? Mlp.read(in) : null;
    snapshotWs = null;
  }
}
