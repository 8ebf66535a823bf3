package org.engram.cl;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.engram.cl.data.TaskData;
import org.engram.cl.util.FloatIO;
import org.engram.cl.util.Rng;

/**
 * A fixed-capacity, class-balanced memory of raw training examples for experience replay (Chaudhry
 * et al. 2019, "On Tiny Episodic Memories in Continual Learning"; Rolnick et al. 2019).
 *
 * <p>Each (task, class) pair seen gets an equal share of the capacity (the remainder goes to the
 * earliest pairs); within a pair the examples kept are a uniform random choice. When a task ends,
 * older pairs give up random examples to make room for the new pairs. Keyed by (task, class) so
 * that domain-incremental tasks, which reuse class ids, each keep their share.
 *
 * <p>It is a part of the learner that composes with every method: while a task is open it keeps a
 * uniform sample of each class as candidates ({@link #offer}), it joins every minibatch with as
 * many examples drawn from the memory ({@link #draw}), and when the task ends the candidates take
 * their share ({@link #endTask}). With capacity 0 it does nothing.
 *
 * <p>Replay keeps raw training data: unlike EWC, MAS, SI and LwF, which keep none.
 */
final class ReplayMemory {
  /** Most entries (classes, (task, class) pairs) a saved memory may list. */
  private static final int MAX_ENTRIES = 1 << 20;

  private final int capacity;
  private final int features;
  private final TreeMap<Long, List<float[]>> byKey = new TreeMap<>();
  private final TreeMap<Integer, Reservoir> candidates = new TreeMap<>();
  private int size;

  ReplayMemory(int capacity, int features) {
    this.capacity = capacity;
    this.features = features;
  }

  private static long key(int task, int label) {
    return ((long) task << 32) | (label & 0xffffffffL);
  }

  int size() {
    return size;
  }

  int capacity() {
    return capacity;
  }

  /** Number of stored examples per (task, class) pair, keyed "task:class". */
  Map<String, Integer> counts() {
    Map<String, Integer> out = new TreeMap<>();
    byKey.forEach((k, v) -> out.put((k >> 32) + ":" + (int) (long) k, v.size()));
    return out;
  }

  /**
   * Offers rows of the open task: each class keeps a uniform sample of up to the capacity, so the
   * memory can give every class its full share when the task ends.
   *
   * @param data rows of the open task
   * @param rng random choices
   */
  void offer(TaskData data, Rng rng) {
    if (capacity == 0) {
      return;
    }
    for (int c : data.classes()) {
      candidates
          .computeIfAbsent(c, k -> new Reservoir(capacity, features, "replaySize"))
          .offer(data.filterClasses(c), rng);
    }
  }

  /**
   * Ends the open task: its candidates take their share of the memory.
   *
   * @param taskId the task
   * @param rng random choices
   */
  void endTask(int taskId, Rng rng) {
    if (!candidates.isEmpty()) {
      add(
          TaskData.concat(candidates.values().stream().map(Reservoir::sample).toList()),
          taskId,
          rng);
    }
    candidates.clear();
  }

  /** Drops the open task's candidates (its rows were refused). */
  void abandonTask() {
    candidates.clear();
  }

  /**
   * Makes room for a finished task's pairs and stores a random share of its candidates.
   *
   * @param candidates examples of the task (a uniform sample of it is enough)
   * @param taskId the task
   * @param rng random choices
   */
  void add(TaskData candidates, int taskId, Rng rng) {
    if (capacity == 0 || candidates.size() == 0) {
      return;
    }
    TreeMap<Long, List<float[]>> fresh = new TreeMap<>();
    for (int r = 0; r < candidates.size(); r++) {
      float[] row = new float[features];
      System.arraycopy(candidates.features(), r * features, row, 0, features);
      fresh.computeIfAbsent(key(taskId, candidates.label(r)), k -> new ArrayList<>()).add(row);
    }
    for (var e : fresh.entrySet()) {
      byKey.merge(
          e.getKey(),
          e.getValue(),
          (old, add) -> {
            old.addAll(add);
            return old;
          });
    }
    int pairs = byKey.size();
    int i = 0;
    size = 0;
    for (List<float[]> rows : byKey.values()) {
      int share = capacity / pairs + (i++ < capacity % pairs ? 1 : 0);
      while (rows.size() > share) {
        int victim = rng.nextInt(rows.size());
        rows.set(victim, rows.get(rows.size() - 1));
        rows.remove(rows.size() - 1);
      }
      size += rows.size();
    }
  }

  /**
   * Copies {@code n} examples drawn uniformly at random (with replacement) into the given arrays,
   * if the memory holds any.
   *
   * @param n how many
   * @param x destination rows, from row {@code at}
   * @param labels destination labels
   * @param tasks destination task ids
   * @param at first destination row
   * @param rng random choices
   * @return the number of rows drawn: n, or 0 when the memory is empty
   */
  int draw(int n, float[] x, int[] labels, int[] tasks, int at, Rng rng) {
    if (size == 0) {
      return 0;
    }
    for (int k = 0; k < n; k++) {
      int pick = rng.nextInt(size);
      for (var e : byKey.entrySet()) {
        List<float[]> rows = e.getValue();
        if (pick < rows.size()) {
          System.arraycopy(rows.get(pick), 0, x, (at + k) * features, features);
          labels[at + k] = (int) (long) e.getKey();
          tasks[at + k] = (int) (e.getKey() >> 32);
          break;
        }
        pick -= rows.size();
      }
    }
    return n;
  }

  long memoryBytes() {
    long candidateRows = candidates.values().stream().mapToLong(Reservoir::held).sum();
    return (size + candidateRows) * (4L * features + 8);
  }

  void write(DataOutputStream out) throws IOException {
    out.writeInt(candidates.size());
    for (var e : candidates.entrySet()) {
      out.writeInt(e.getKey());
      e.getValue().write(out);
    }
    out.writeInt(byKey.size());
    for (var e : byKey.entrySet()) {
      out.writeLong(e.getKey());
      out.writeInt(e.getValue().size());
      for (float[] row : e.getValue()) {
        FloatIO.write(out, row, 0, row.length);
      }
    }
  }

  void read(DataInputStream in) throws IOException {
    candidates.clear();
    int classes = entries(in, "replay candidates", "classes");
    for (int c = 0; c < classes; c++) {
      candidates.put(in.readInt(), Reservoir.read(in, features, "replaySize"));
    }
    byKey.clear();
    size = 0;
    // a pair keeps its entry when its share falls to 0 (more pairs seen than the capacity holds),
    // so its entries are bounded as the candidates' classes are; their rows by the capacity below
    int pairs = entries(in, "replay memory", "pairs");
    for (int p = 0; p < pairs; p++) {
      long key = in.readLong();
      int n = in.readInt();
      if (n < 0 || size + n > capacity) {
        throw new IOException("replay memory in state exceeds its capacity " + capacity);
      }
      List<float[]> rows = new ArrayList<>(n);
      for (int r = 0; r < n; r++) {
        float[] row = new float[features];
        FloatIO.read(in, row, 0, features);
        rows.add(row);
      }
      byKey.put(key, rows);
      size += n;
    }
  }

  /** Reads a count of entries, refusing one no memory of this capacity could have written. */
  private int entries(DataInputStream in, String what, String unit) throws IOException {
    int n = in.readInt();
    if (n < 0 || (n > 0 && capacity == 0) || n > MAX_ENTRIES) {
      throw new IOException("implausible " + what + " in state: " + n + " " + unit);
    }
    return n;
  }
}
