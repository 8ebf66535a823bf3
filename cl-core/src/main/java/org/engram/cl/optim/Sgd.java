package org.engram.cl.optim;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.engram.cl.nn.IndexMap;
import org.engram.cl.util.Denormals;
import org.engram.cl.util.Spare;

/** SGD with momentum, PyTorch's form: v ← μ v + g, θ ← θ − η v. */
final class Sgd extends Optimiser {
  private final float lr;
  private final float momentum;
  private float[] velocity;
  private int size;

  /** The velocity as the step after a checkpoint found it (reused by the next checkpoint). */
  private float[] savedVelocity;

  Sgd(double lr, double momentum, int size) {
    this.lr = (float) lr;
    this.momentum = (float) momentum;
    this.velocity = momentum == 0 ? null : new float[size];
    this.size = size;
  }

  @Override
  public void startTask() {
    if (velocity != null) {
      java.util.Arrays.fill(velocity, 0f);
    }
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public void remap(IndexMap map) {
    velocity = map.remap(velocity);
    size = map.newSize();
  }

  @Override
  void prepareSave() {
    if (velocity != null) {
      savedVelocity = Spare.sized(savedVelocity, velocity.length);
    }
  }

  @Override
  void saveBlock(int from, int to) {
    if (velocity != null) {
      System.arraycopy(velocity, from, savedVelocity, from, to - from);
    }
  }

  @Override
  void restoreBlock(int from, int to) {
    if (velocity != null) {
      System.arraycopy(savedVelocity, from, velocity, from, to - from);
    }
  }

  @Override
  Runnable saveScalars() {
    return () -> {};
  }

  @Override
  public long memoryBytes() {
    return velocity == null ? 0 : 4L * velocity.length;
  }

  @Override
  public void write(DataOutputStream out) throws IOException {
    writeArray(out, velocity);
  }

  @Override
  public void read(DataInputStream in) throws IOException {
    readInto(in, velocity, "velocity");
  }

  @Override
  void update(float[] params, float[] grad, int from, int to) {
    float[] velocity = this.velocity;
    if (velocity == null) {
      for (int i = from; i < to; i++) {
        params[i] -= lr * grad[i];
      }
      return;
    }
    for (int i = from; i < to; i++) {
      float v = Denormals.flush(momentum * velocity[i] + grad[i]);
      velocity[i] = v;
      params[i] -= lr * v;
    }
  }
}
