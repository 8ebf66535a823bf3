package org.engram.weka;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.engram.cl.ContinualLearner;
import org.engram.cl.HeadMode;
import org.engram.cl.data.TaskData;
import weka.core.Instance;
import weka.core.Instances;
import weka.core.Utils;

/**
 * A model's class probabilities for a batch of rows, safe while another thread trains it: the rows
 * are checked and encoded under the model's read lock (the first task's statistics may still move),
 * and each output layer's classes are read until they agree with the probabilities, since a layer
 * may grow between two calls to the learner.
 */
final class Predictions {
  private Predictions() {}

  /**
   * @param m the model
   * @param batch rows to classify
   * @return one distribution per row, of length numClasses; uniform before any training
   */
  static double[][] of(ModelState m, Instances batch) {
    m.checkHeader(batch, batch.numAttributes(), "the rows to classify");
    Instances header = m.header();
    int k = header.numClasses();
    int n = batch.numInstances();
    double[][] out = new double[n][k];
    ContinualLearner l;
    Map<Integer, List<Integer>> byHead = new LinkedHashMap<>();
    Map<Integer, float[]> inputs = new LinkedHashMap<>();
    InputEncoder encoder = m.encoder();
    int width = encoder.width();
    m.readLock().lock();
    try {
      l = m.learner();
      for (int r = 0; r < n; r++) {
        byHead.computeIfAbsent(headOf(m, l, batch.instance(r)), h -> new ArrayList<>()).add(r);
      }
      for (var e : byHead.entrySet()) {
        float[] x = new float[e.getValue().size() * width];
        for (int i = 0; i < e.getValue().size(); i++) {
          int r = e.getValue().get(i);
          double[] values = batch.instance(r).toDoubleArray();
          encoder.checkValues(values, "row " + (r + 1) + " of the rows to classify");
          encoder.encode(values, x, i * width);
        }
        inputs.put(e.getKey(), x);
      }
    } finally {
      m.readLock().unlock();
    }
    for (var e : byHead.entrySet()) {
      List<Integer> rows = e.getValue();
      int head = e.getKey();
      if (!l.canPredict(head)) {
        for (int r : rows) {
          Arrays.fill(out[r], 1.0 / k); // nothing learned yet: every class equally likely
        }
        continue;
      }
      TaskData x = new TaskData(inputs.get(head), width, new int[rows.size()], null, null);
      // classes and probabilities read together: the output layer may grow between two reads
      ContinualLearner.Distribution dist = l.distribution(x, head);
      int[] classes = dist.classes();
      float[][] p = dist.probabilities();
      for (int i = 0; i < p.length; i++) {
        double[] d = out[rows.get(i)];
        double sum = 0;
        for (int u = 0; u < classes.length; u++) {
          d[classes[u]] = p[i][u];
          sum += p[i][u];
        }
        if (sum > 0) {
          Utils.normalize(d, sum);
        }
      }
    }
    return out;
  }

  /** The learner task id whose output layer classifies a row (0 with a shared one). */
  private static int headOf(ModelState m, ContinualLearner l, Instance row) {
    if (!perTaskHeads(l)) {
      return 0;
    }
    int taskIndex = m.taskIndex();
    Instances header = m.header();
    double v = row.value(taskIndex);
    if (Utils.isMissingValue(v)) {
      throw new BadInputException(
          "with one output layer per task a row needs a value for the task attribute '"
              + header.attribute(taskIndex).name()
              + "' to be classified");
    }
    TaskAttribute.check(header, taskIndex, v, "a row to classify");
    String name = TaskAttribute.label(header, taskIndex, v);
    Integer head = m.tasks().head(name);
    if (head == null) {
      throw new BadInputException(
          "task '"
              + name
              + "' has no output layer yet; the model knows tasks "
              + m.tasks().headNames());
    }
    return head;
  }

  private static boolean perTaskHeads(ContinualLearner l) {
    return l.config().headMode() == HeadMode.PER_TASK;
  }
}
