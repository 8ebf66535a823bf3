package org.engram.cl.data;

import java.util.Arrays;
import java.util.List;
import org.engram.cl.util.Rng;

/**
 * A block of labelled examples: dense float features (row-major), a global class id per row,
 * optional per-row weights and optional per-row task ids.
 *
 * <p>Immutable by convention: the arrays are not copied on the way in or out, and nothing in the
 * core writes to them.
 */
public final class TaskData {
  private final int rows;
  private final int features;
  private final float[] x;
  private final int[] y;
  private final float[] weights;
  private final int[] tasks;

  /**
   * @param x features, rows × features, row-major
   * @param features number of features per row
   * @param y class id per row (non-negative)
   * @param weights per-row weight, or null for all ones
   * @param tasks per-row task id, or null when the caller says which task the rows belong to
   */
  public TaskData(float[] x, int features, int[] y, float[] weights, int[] tasks) {
    if (x == null || y == null) {
      throw new IllegalArgumentException("features and labels must not be null");
    }
    if (features <= 0) {
      throw new IllegalArgumentException("feature count must be positive, got " + features);
    }
    if (x.length % features != 0 || x.length / features != y.length) {
      throw new IllegalArgumentException(
          "features hold "
              + x.length
              + " values, not "
              + y.length
              + " rows of "
              + features
              + " features");
    }
    if (weights != null && weights.length != y.length) {
      throw new IllegalArgumentException(
          weights.length + " weights given for " + y.length + " rows");
    }
    if (tasks != null && tasks.length != y.length) {
      throw new IllegalArgumentException(
          tasks.length + " task ids given for " + y.length + " rows");
    }
    this.rows = y.length;
    this.features = features;
    this.x = x;
    this.y = y;
    this.weights = weights;
    this.tasks = tasks;
  }

  /**
   * @param x features, rows × features, row-major
   * @param features number of features per row
   * @param y class id per row
   */
  public TaskData(float[] x, int features, int[] y) {
    this(x, features, y, null, null);
  }

  /**
   * Builds a block from a row array.
   *
   * @param rowsOfFeatures one array per row, all of the same length
   * @param y class id per row
   * @return the block
   */
  public static TaskData of(double[][] rowsOfFeatures, int[] y) {
    if (rowsOfFeatures.length == 0) {
      throw new IllegalArgumentException("no rows given");
    }
    int d = rowsOfFeatures[0].length;
    float[] x = new float[rowsOfFeatures.length * d];
    for (int r = 0; r < rowsOfFeatures.length; r++) {
      if (rowsOfFeatures[r].length != d) {
        throw new IllegalArgumentException(
            "example " + r + " has " + rowsOfFeatures[r].length + " features, example 0 has " + d);
      }
      for (int j = 0; j < d; j++) {
        double v = rowsOfFeatures[r][j];
        x[r * d + j] = (float) v;
        if (Double.isFinite(v) && !Float.isFinite(x[r * d + j])) {
          // a double beyond ±3.4e38 would become an infinity the learner then reports instead
          throw new IllegalArgumentException(
              "example "
                  + r
                  + ", feature "
                  + j
                  + " is "
                  + v
                  + ", beyond the float range ±3.4e38 the network computes in");
        }
      }
    }
    return new TaskData(x, d, y.clone());
  }

  /**
   * @return number of rows
   */
  public int size() {
    return rows;
  }

  /**
   * @param bound a magnitude
   * @return "the inputs reach V (example r, feature j)" for the value largest in absolute value, if
   *     that exceeds {@code bound}; else null
   */
  public String largestInputAbove(float bound) {
    int at = -1;
    float largest = bound;
    for (int i = 0; i < x.length; i++) {
      if (Math.abs(x[i]) > largest) {
        largest = Math.abs(x[i]);
        at = i;
      }
    }
    return at < 0
        ? null
        : "the inputs reach "
            + x[at]
            + " (example "
            + at / features
            + ", feature "
            + at % features
            + ")";
  }

  /**
   * @return number of features per row
   */
  public int featureCount() {
    return features;
  }

  /**
   * @return the feature storage (rows × features, row-major); do not modify
   */
  public float[] features() {
    return x;
  }

  /**
   * @param row a row
   * @param feature a feature
   * @return the value
   */
  public float feature(int row, int feature) {
    return x[row * features + feature];
  }

  /**
   * @param row a row
   * @return its class id
   */
  public int label(int row) {
    return y[row];
  }

  /**
   * @return the label storage; do not modify
   */
  public int[] labels() {
    return y;
  }

  /**
   * @param row a row
   * @return its weight (1 when no weights were given)
   */
  public float weight(int row) {
    return weights == null ? 1f : weights[row];
  }

  /**
   * @return whether per-row weights were given
   */
  public boolean hasWeights() {
    return weights != null;
  }

  /**
   * @param row a row
   * @param fallback the task id to use when the block carries none
   * @return the row's task id
   */
  public int task(int row, int fallback) {
    return tasks == null ? fallback : tasks[row];
  }

  /**
   * @return whether per-row task ids were given
   */
  public boolean hasTasks() {
    return tasks != null;
  }

  /**
   * @return the distinct class ids, ascending
   */
  public int[] classes() {
    return Arrays.stream(y).distinct().sorted().toArray();
  }

  /**
   * @return the share of the rows in the most frequent class (0 on no rows): the accuracy of always
   *     guessing that class
   */
  public double majorityShare() {
    java.util.Map<Integer, Integer> counts = new java.util.HashMap<>();
    int most = 0;
    for (int label : y) {
      most = Math.max(most, counts.merge(label, 1, Integer::sum));
    }
    return y.length == 0 ? 0 : (double) most / y.length;
  }

  /**
   * @param taskId the task id
   * @return the same rows, each tagged with that task id
   */
  public TaskData withTask(int taskId) {
    int[] t = new int[rows];
    Arrays.fill(t, taskId);
    return new TaskData(x, features, y, weights, t);
  }

  /**
   * @param labels new class id per row
   * @return the same rows with other labels
   */
  public TaskData withLabels(int[] labels) {
    return new TaskData(x, features, labels, weights, tasks);
  }

  /**
   * @param indices rows to keep, in order (repeats allowed)
   * @return a new block with those rows
   */
  public TaskData subset(int[] indices) {
    float[] nx = new float[indices.length * features];
    int[] ny = new int[indices.length];
    float[] nw = weights == null ? null : new float[indices.length];
    int[] nt = tasks == null ? null : new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      int r = indices[i];
      if (r < 0 || r >= rows) {
        throw new IllegalArgumentException(
            "row index " + r + " (position " + i + ") is outside 0.." + (rows - 1));
      }
      System.arraycopy(x, r * features, nx, i * features, features);
      ny[i] = y[r];
      if (nw != null) {
        nw[i] = weights[r];
      }
      if (nt != null) {
        nt[i] = tasks[r];
      }
    }
    return new TaskData(nx, features, ny, nw, nt);
  }

  /**
   * @param classes class ids to keep
   * @return the rows whose label is among them
   */
  public TaskData filterClasses(int... classes) {
    return subset(
        java.util.stream.IntStream.range(0, rows)
            .filter(r -> Arrays.stream(classes).anyMatch(c -> c == y[r]))
            .toArray());
  }

  /**
   * Concatenates blocks with the same feature count. Task ids are kept only if every block has
   * them; weights become explicit ones where a block had none.
   *
   * @param blocks the blocks
   * @return one block
   */
  public static TaskData concat(List<TaskData> blocks) {
    if (blocks.isEmpty()) {
      throw new IllegalArgumentException("nothing to concatenate");
    }
    int d = blocks.get(0).features;
    int n = blocks.stream().mapToInt(TaskData::size).sum();
    boolean anyW = blocks.stream().anyMatch(TaskData::hasWeights);
    boolean allT = blocks.stream().allMatch(TaskData::hasTasks);
    float[] nx = new float[n * d];
    int[] ny = new int[n];
    float[] nw = anyW ? new float[n] : null;
    int[] nt = allT ? new int[n] : null;
    int at = 0;
    for (TaskData b : blocks) {
      if (b.features != d) {
        throw new IllegalArgumentException(
            "cannot concatenate blocks of " + d + " and " + b.features + " features");
      }
      System.arraycopy(b.x, 0, nx, at * d, b.rows * d);
      System.arraycopy(b.y, 0, ny, at, b.rows);
      for (int r = 0; r < b.rows; r++) {
        if (nw != null) {
          nw[at + r] = b.weight(r);
        }
        if (nt != null) {
          nt[at + r] = b.tasks[r];
        }
      }
      at += b.rows;
    }
    return new TaskData(nx, d, ny, nw, nt);
  }

  /**
   * Splits the rows at random, stratified by class, into two blocks.
   *
   * @param firstFraction the share of each class that goes into the first block, in (0, 1)
   * @param seed seed of the shuffle
   * @return the two blocks
   */
  public TaskData[] split(double firstFraction, long seed) {
    if (!(firstFraction > 0 && firstFraction < 1)) {
      throw new IllegalArgumentException("split fraction must be in (0, 1), got " + firstFraction);
    }
    Rng rng = new Rng(seed);
    int[] first = new int[rows];
    int[] second = new int[rows];
    int nf = 0;
    int ns = 0;
    for (int c : classes()) {
      int[] idx = java.util.stream.IntStream.range(0, rows).filter(r -> y[r] == c).toArray();
      rng.shuffle(idx, idx.length);
      int k = (int) Math.round(idx.length * firstFraction);
      for (int i = 0; i < idx.length; i++) {
        if (i < k) {
          first[nf++] = idx[i];
        } else {
          second[ns++] = idx[i];
        }
      }
    }
    int[] a = Arrays.copyOf(first, nf);
    int[] b = Arrays.copyOf(second, ns);
    Arrays.sort(a);
    Arrays.sort(b);
    return new TaskData[] {subset(a), subset(b)};
  }
}
