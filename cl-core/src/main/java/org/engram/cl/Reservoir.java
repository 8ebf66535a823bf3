package org.engram.cl;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.engram.cl.data.TaskData;
import org.engram.cl.util.Rng;

/**
 * A uniform sample of up to {@code capacity} rows of a stream (Vitter's algorithm R): the examples
 * importance is estimated on at the end of a task, whether the task came as one block or as a
 * stream of small batches.
 */
final class Reservoir {
  private final int capacity;
  private final int features;
  private final float[] x;
  private final int[] y;
  private long seen;

  Reservoir(int capacity, int features) {
    this.capacity = capacity;
    this.features = features;
    this.x = new float[capacity * features];
    this.y = new int[capacity];
  }

  void offer(TaskData data, Rng rng) {
    if (capacity == 0) {
      return;
    }
    for (int r = 0; r < data.size(); r++) {
      long slot = seen < capacity ? seen : (long) (rng.nextDouble() * (seen + 1));
      seen++;
      if (slot < capacity) {
        int s = (int) slot;
        System.arraycopy(data.features(), r * features, x, s * features, features);
        y[s] = data.label(r);
      }
    }
  }

  long seen() {
    return seen;
  }

  TaskData sample() {
    int n = (int) Math.min(seen, capacity);
    return new TaskData(Arrays.copyOf(x, n * features), features, Arrays.copyOf(y, n));
  }

  void write(DataOutputStream out) throws IOException {
    out.writeInt(capacity);
    out.writeLong(seen);
    int n = (int) Math.min(seen, capacity);
    for (int i = 0; i < n * features; i++) {
      out.writeFloat(x[i]);
    }
    for (int i = 0; i < n; i++) {
      out.writeInt(y[i]);
    }
  }

  static Reservoir read(DataInputStream in, int features) throws IOException {
    int capacity = in.readInt();
    if (capacity < 0 || (long) capacity * features > 1 << 28) {
      throw new IOException("implausible sample capacity in state: " + capacity);
    }
    Reservoir r = new Reservoir(capacity, features);
    r.seen = in.readLong();
    int n = (int) Math.min(r.seen, capacity);
    for (int i = 0; i < n * features; i++) {
      r.x[i] = in.readFloat();
    }
    for (int i = 0; i < n; i++) {
      r.y[i] = in.readInt();
    }
    return r;
  }
}
