package org.engram.weka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import org.engram.cl.data.Digits;
import org.engram.cl.data.TaskData;
import weka.core.Attribute;
import weka.core.DenseInstance;
import weka.core.Instances;

/** Weka views of the shipped UCI digits, split into continual tasks, for the tests. */
public final class DigitsTasks {
  private static TaskData[] split;

  private DigitsTasks() {}

  /**
   * @return the digits split 70/30 (stratified, seed 1): [train, test]
   */
  public static synchronized TaskData[] trainTest() {
    if (split == null) {
      split = Digits.load().split(0.7, 1);
    }
    return split;
  }

  /**
   * Builds a dataset of the rows of the given digit groups, group after group.
   *
   * @param relation the relation name
   * @param source rows to take from
   * @param groups digits per task
   * @param domain true: class = position of the digit in its group (labels "first", "second", ...);
   *     false: class = the digit (labels 0..9)
   * @param taskAttribute whether to add a nominal attribute "task" (values t1, t2, ...) as the
   *     first attribute
   * @return the data, class set
   */
  public static Instances build(
      String relation, TaskData source, int[][] groups, boolean domain, boolean taskAttribute) {
    ArrayList<Attribute> atts = new ArrayList<>();
    if (taskAttribute) {
      ArrayList<String> tasks = new ArrayList<>();
      for (int t = 0; t < groups.length; t++) {
        tasks.add("t" + (t + 1));
      }
      atts.add(new Attribute("task", tasks));
    }
    for (int j = 0; j < source.featureCount(); j++) {
      atts.add(new Attribute("p" + j));
    }
    ArrayList<String> labels = new ArrayList<>();
    if (domain) {
      String[] names = {"first", "second", "third", "fourth", "fifth"};
      for (int i = 0; i < groups[0].length; i++) {
        labels.add(names[i]);
      }
    } else {
      for (int c = 0; c < 10; c++) {
        labels.add("" + c);
      }
    }
    atts.add(new Attribute("class", labels));
    Instances data = new Instances(relation, atts, source.size());
    data.setClassIndex(atts.size() - 1);
    int offset = taskAttribute ? 1 : 0;
    for (int t = 0; t < groups.length; t++) {
      for (int r = 0; r < source.size(); r++) {
        int digit = source.label(r);
        int pos = indexOf(groups[t], digit);
        if (pos < 0) {
          continue;
        }
        double[] v = new double[atts.size()];
        if (taskAttribute) {
          v[0] = t;
        }
        for (int j = 0; j < source.featureCount(); j++) {
          v[offset + j] = source.feature(r, j);
        }
        v[atts.size() - 1] = domain ? pos : digit;
        data.add(new DenseInstance(1.0, v));
      }
    }
    return data;
  }

  private static int indexOf(int[] a, int v) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == v) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Writes a dataset as ARFF.
   *
   * @param data the data
   * @param file the file
   * @return the file
   * @throws IOException if writing fails
   */
  public static Path write(Instances data, Path file) throws IOException {
    Files.writeString(file, data.toString() + "\n", StandardCharsets.UTF_8);
    return file;
  }
}
