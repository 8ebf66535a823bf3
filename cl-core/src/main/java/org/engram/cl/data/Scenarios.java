package org.engram.cl.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.engram.cl.util.Rng;

/** Builds task sequences from a labelled train/test pair. */
public final class Scenarios {
  private Scenarios() {}

  /**
   * Consecutive class groups: {0,1}, {2,3}, ... for {@code classes = 10, tasks = 5}.
   *
   * @param classes number of classes
   * @param tasks number of tasks; must divide the classes evenly
   * @return the groups
   */
  public static int[][] consecutiveGroups(int classes, int tasks) {
    if (tasks <= 0 || classes % tasks != 0) {
      throw new IllegalArgumentException(
          "cannot split " + classes + " classes evenly into " + tasks + " tasks");
    }
    int per = classes / tasks;
    int[][] groups = new int[tasks][per];
    for (int t = 0; t < tasks; t++) {
      for (int k = 0; k < per; k++) {
        groups[t][k] = t * per + k;
      }
    }
    return groups;
  }

  /**
   * Splits by class groups (Split MNIST style). In the domain-incremental scenario each label
   * becomes its position in its group (the first or second class of the pair); otherwise labels
   * keep their global ids.
   *
   * @param train training examples
   * @param test test examples
   * @param groups the classes of each task
   * @param scenario the scenario
   * @return the tasks
   */
  public static List<Task> splitByClass(
      TaskData train, TaskData test, int[][] groups, Scenario scenario) {
    List<Task> tasks = new ArrayList<>();
    for (int t = 0; t < groups.length; t++) {
      int[] g = groups[t];
      TaskData tr = train.filterClasses(g);
      TaskData te = test.filterClasses(g);
      if (tr.size() == 0) {
        throw new IllegalArgumentException(
            "task "
                + (t + 1)
                + " of "
                + groups.length
                + " (classes "
                + Arrays.toString(g)
                + ") has no training examples: the training data's classes are "
                + ranges(train.classes()));
      }
      if (scenario == Scenario.DOMAIN_INCREMENTAL) {
        tr = tr.withLabels(positions(tr.labels(), g));
        te = te.withLabels(positions(te.labels(), g));
      }
      tasks.add(new Task(t, tr, te));
    }
    return tasks;
  }

  /** Sorted distinct ids as runs, e.g. "0-9, 200". */
  static String ranges(int[] sorted) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < sorted.length; ) {
      int j = i;
      while (j + 1 < sorted.length && sorted[j + 1] == sorted[j] + 1) {
        j++;
      }
      sb.append(sb.length() > 0 ? ", " : "").append(sorted[i]);
      if (j > i) {
        sb.append('-').append(sorted[j]);
      }
      i = j + 1;
    }
    return sb.toString();
  }

  private static int[] positions(int[] labels, int[] group) {
    int[] out = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      for (int k = 0; k < group.length; k++) {
        if (group[k] == labels[i]) {
          out[i] = k;
        }
      }
    }
    return out;
  }

  /**
   * Permuted inputs (Goodfellow et al. 2013; the Permuted MNIST benchmark): task 0 sees the inputs
   * as they are, each later task a fixed random permutation of the features drawn from the seed.
   * Every task keeps all classes (domain-incremental with a shared head, or task-incremental).
   *
   * @param train training examples
   * @param test test examples
   * @param tasks number of tasks
   * @param seed seed of the permutations
   * @return the tasks
   */
  public static List<Task> permuted(TaskData train, TaskData test, int tasks, long seed) {
    Rng rng = new Rng(seed);
    int d = train.featureCount();
    List<Task> out = new ArrayList<>();
    for (int t = 0; t < tasks; t++) {
      int[] perm = java.util.stream.IntStream.range(0, d).toArray();
      if (t > 0) {
        rng.shuffle(perm, d);
      }
      out.add(new Task(t, permute(train, perm), permute(test, perm)));
    }
    return out;
  }

  private static TaskData permute(TaskData data, int[] perm) {
    int d = perm.length;
    float[] x = new float[data.size() * d];
    float[] src = data.features();
    for (int r = 0; r < data.size(); r++) {
      for (int j = 0; j < d; j++) {
        x[r * d + j] = src[r * d + perm[j]];
      }
    }
    return new TaskData(x, d, data.labels());
  }

  /**
   * Tasks given by an explicit per-row task id, in order of first appearance in the training data.
   *
   * @param train training examples with task ids
   * @param test test examples with task ids
   * @return the tasks, numbered from 0 in order of appearance
   */
  public static List<Task> byTaskColumn(TaskData train, TaskData test) {
    if (!train.hasTasks() || !test.hasTasks()) {
      throw new IllegalArgumentException("both train and test data must carry task ids");
    }
    int[] order =
        java.util.stream.IntStream.range(0, train.size())
            .map(r -> train.task(r, -1))
            .distinct()
            .toArray();
    List<Task> tasks = new ArrayList<>();
    for (int t = 0; t < order.length; t++) {
      int id = order[t];
      tasks.add(
          new Task(
              t,
              train.subset(rowsOfTask(train, id)).withTask(t),
              test.subset(rowsOfTask(test, id)).withTask(t)));
    }
    return tasks;
  }

  private static int[] rowsOfTask(TaskData data, int id) {
    return java.util.stream.IntStream.range(0, data.size())
        .filter(r -> data.task(r, -1) == id)
        .toArray();
  }
}
