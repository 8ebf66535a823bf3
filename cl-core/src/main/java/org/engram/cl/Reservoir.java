package org.engram.cl;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.engram.cl.data.TaskData;
import org.engram.cl.util.FloatIO;
import org.engram.cl.util.Rng;

/**
 * A uniform sample of up to {@code capacity} rows of a stream (Vitter's algorithm R): the examples
 * importance is estimated on at the end of a task, and each class's replay candidates, whether the
 * task came as one block or as a stream of small batches. Rows of weight 0 are not sampled (they
 * count for nothing in the task's loss); other weights are not kept.
 *
 * <p>Storage grows with the rows held, never beyond what the stream has delivered, so a large
 * capacity costs nothing until data fills it.
 */
final class Reservoir {
  private final int capacity;
  private final int features;
  private final String option;
  private float[] x = new float[0];
  private int[] y = new int[0];
  private long seen;

  /**
   * @param capacity the most rows kept
   * @param features features per row
   * @param option the option that set the capacity, named when it cannot fit in memory
   */
  Reservoir(int capacity, int features, String option) {
    this.capacity = capacity;
    this.features = features;
    this.option = option;
  }

  void offer(TaskData data, Rng rng) {
    if (capacity == 0) {
      return;
    }
    for (int r = 0; r < data.size(); r++) {
      if (!(data.weight(r) > 0)) {
        // a row the user weighted out counts for nothing in the task's loss: it is neither
        // replayed later (at weight 1) nor part of the importance sample
        continue;
      }
      long slot = seen < capacity ? seen : (long) (rng.nextDouble() * (seen + 1));
      seen++;
      if (slot < capacity) {
        int s = (int) slot;
        if (s >= y.length) {
          grow(s + 1);
        }
        System.arraycopy(data.features(), r * features, x, s * features, features);
        y[s] = data.label(r);
      }
    }
  }

  private void grow(int rows) {
    int n = (int) Math.min(capacity, Math.max(rows, Math.min(2L * y.length, Integer.MAX_VALUE)));
    Sizes.checkArray((long) n * features, option, capacity, features);
    x = Arrays.copyOf(x, n * features);
    y = Arrays.copyOf(y, n);
  }

  long seen() {
    return seen;
  }

  /**
   * @return rows held
   */
  int held() {
    return (int) Math.min(seen, capacity);
  }

  TaskData sample() {
    int n = held();
    return new TaskData(Arrays.copyOf(x, n * features), features, Arrays.copyOf(y, n));
  }

  void write(DataOutputStream out) throws IOException {
    out.writeInt(capacity);
    out.writeLong(seen);
    int n = held();
    FloatIO.write(out, x, 0, n * features);
    for (int i = 0; i < n; i++) {
      out.writeInt(y[i]);
    }
  }

  static Reservoir read(DataInputStream in, int features, String option) throws IOException {
    int capacity = in.readInt();
    long seen = in.readLong();
    if (capacity < 0 || seen < 0 || Math.min(seen, capacity) * features > 1 << 28) {
      throw new IOException("implausible sample in state: capacity " + capacity + ", seen " + seen);
    }
    Reservoir r = new Reservoir(capacity, features, option);
    r.seen = seen;
    int n = r.held();
    r.x = new float[n * features];
    r.y = new int[n];
    FloatIO.read(in, r.x, 0, n * features);
    for (int i = 0; i < n; i++) {
      r.y[i] = in.readInt();
    }
    return r;
  }
}
