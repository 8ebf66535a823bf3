package org.engram.cl.eval;

import java.util.Arrays;
import java.util.Locale;

/**
 * R[i][j] = accuracy on task j after training task i (fractions in [0, 1]; NaN where a task could
 * not be evaluated, e.g. a head that does not exist yet), with the usual summary metrics.
 *
 * <p>Definitions (T tasks, 0-based here): ACC = mean_j R[T−1][j]; BWT = mean_{j&lt;T−1} (R[T−1][j]
 * − R[j][j]) (Lopez-Paz and Ranzato 2017); FWT = mean_{j≥1} (R[j−1][j] − b_j), b_j the accuracy of
 * the untrained network; forgetting = mean_{j&lt;T−1} (max_{j≤l&lt;T−1} R[l][j] − R[T−1][j])
 * (Chaudhry et al. 2018); {@link #forgettingJustAfter()} = mean_{j&lt;T−1} (R[j][j] − R[T−1][j]),
 * Avalanche's definition (= −BWT).
 */
public final class AccuracyMatrix {
  private final double[][] r;
  private final double[] baseline;

  /**
   * @param tasks number of tasks
   */
  public AccuracyMatrix(int tasks) {
    if (tasks <= 0) {
      throw new IllegalArgumentException("need at least one task");
    }
    r = new double[tasks][tasks];
    for (double[] row : r) {
      Arrays.fill(row, Double.NaN);
    }
    baseline = new double[tasks];
    Arrays.fill(baseline, Double.NaN);
  }

  /**
   * @return number of tasks
   */
  public int tasks() {
    return r.length;
  }

  /**
   * @param afterTask i
   * @param onTask j
   * @param accuracy R[i][j]
   */
  public void set(int afterTask, int onTask, double accuracy) {
    r[afterTask][onTask] = accuracy;
  }

  /**
   * @param afterTask i
   * @param onTask j
   * @return R[i][j]
   */
  public double get(int afterTask, int onTask) {
    return r[afterTask][onTask];
  }

  /**
   * @param task j
   * @param accuracy b_j, the untrained network's accuracy on task j
   */
  public void setBaseline(int task, double accuracy) {
    baseline[task] = accuracy;
  }

  /**
   * @return a copy of the matrix
   */
  public double[][] values() {
    double[][] c = new double[r.length][];
    for (int i = 0; i < r.length; i++) {
      c[i] = r[i].clone();
    }
    return c;
  }

  /**
   * @return mean accuracy over all tasks after the last one
   */
  public double acc() {
    int t = r.length - 1;
    return mean(j -> r[t][j], 0, r.length);
  }

  /**
   * @return mean accuracy on tasks seen so far, after each task (the curve of the EWC paper's
   *     figures)
   */
  public double[] averageAccuracyCurve() {
    double[] c = new double[r.length];
    for (int i = 0; i < r.length; i++) {
      int row = i;
      c[i] = mean(j -> r[row][j], 0, i + 1);
    }
    return c;
  }

  /**
   * @return backward transfer (negative: forgetting); NaN with one task
   */
  public double bwt() {
    int t = r.length - 1;
    return mean(j -> r[t][j] - r[j][j], 0, t);
  }

  /**
   * @return forward transfer against the untrained baseline; NaN where nothing is defined
   */
  public double fwt() {
    return mean(j -> r[j - 1][j] - baseline[j], 1, r.length);
  }

  /**
   * @return Chaudhry's forgetting: best accuracy ever minus final accuracy, over the old tasks
   */
  public double forgetting() {
    int t = r.length - 1;
    return mean(
        j -> {
          double best = Double.NEGATIVE_INFINITY;
          for (int l = j; l < t; l++) {
            best = Math.max(best, r[l][j]);
          }
          return best - r[t][j];
        },
        0,
        t);
  }

  /**
   * @return accuracy just after learning each old task minus its final accuracy, averaged
   */
  public double forgettingJustAfter() {
    int t = r.length - 1;
    return mean(j -> r[j][j] - r[t][j], 0, t);
  }

  private static double mean(java.util.function.IntToDoubleFunction f, int from, int to) {
    double s = 0;
    int n = 0;
    for (int j = from; j < to; j++) {
      double v = f.applyAsDouble(j);
      if (!Double.isNaN(v)) {
        s += v;
        n++;
      }
    }
    return n == 0 ? Double.NaN : s / n;
  }

  /**
   * @return the matrix as a fixed-width text table in percent, with the summary metrics
   */
  public String toTable() {
    StringBuilder sb = new StringBuilder("after\\on");
    for (int j = 0; j < r.length; j++) {
      sb.append(String.format(Locale.ROOT, "%8s", "T" + (j + 1)));
    }
    sb.append('\n');
    for (int i = 0; i < r.length; i++) {
      sb.append(String.format(Locale.ROOT, "%-8s", "T" + (i + 1)));
      for (int j = 0; j < r.length; j++) {
        sb.append(
            Double.isNaN(r[i][j])
                ? String.format(Locale.ROOT, "%8s", "-")
                : String.format(Locale.ROOT, "%8.1f", 100 * r[i][j]));
      }
      sb.append('\n');
    }
    sb.append("ACC ")
        .append(percent(acc(), "%.1f%%"))
        .append("  BWT ")
        .append(percent(bwt(), "%+.1f%%"))
        .append("  FWT ")
        .append(percent(fwt(), "%+.1f%%"))
        .append("  forgetting ")
        .append(percent(forgetting(), "%.1f%%"))
        .append('\n');
    return sb.toString();
  }

  /** A fraction as a percentage, or "–" where it is undefined. */
  private static String percent(double v, String format) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, format, 100 * v) : "–";
  }

  /**
   * @return the matrix as CSV (header after_task,on_task_1..), accuracies as fractions
   */
  public String toCsv() {
    StringBuilder sb = new StringBuilder("after_task");
    for (int j = 0; j < r.length; j++) {
      sb.append(",on_task_").append(j + 1);
    }
    sb.append('\n');
    for (int i = 0; i < r.length; i++) {
      sb.append(i + 1);
      for (int j = 0; j < r.length; j++) {
        sb.append(',').append(Double.isNaN(r[i][j]) ? "" : fmt(r[i][j]));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /**
   * @return a JSON object with "accuracy_matrix" (null for missing entries), "acc", "bwt", "fwt",
   *     "forgetting" and "forgetting_just_after"
   */
  public String toJson() {
    StringBuilder sb = new StringBuilder("{\"accuracy_matrix\": [");
    for (int i = 0; i < r.length; i++) {
      sb.append(i == 0 ? "[" : ", [");
      for (int j = 0; j < r.length; j++) {
        sb.append(j == 0 ? "" : ", ").append(json(r[i][j]));
      }
      sb.append(']');
    }
    sb.append("], \"acc\": ")
        .append(json(acc()))
        .append(", \"bwt\": ")
        .append(json(bwt()))
        .append(", \"fwt\": ")
        .append(json(fwt()))
        .append(", \"forgetting\": ")
        .append(json(forgetting()))
        .append(", \"forgetting_just_after\": ")
        .append(json(forgettingJustAfter()))
        .append('}');
    return sb.toString();
  }

  /**
   * @param v a number
   * @return its JSON form, null for NaN or infinite
   */
  public static String json(double v) {
    return Double.isFinite(v) ? fmt(v) : "null";
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.6f", v);
  }
}
