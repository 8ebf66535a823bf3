package org.engram.tribuo;

import java.util.ArrayList;
import java.util.List;
import org.engram.cl.data.TaskData;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Engram's core data ({@link TaskData}: the shipped digits, {@link org.engram.cl.data.Scenarios}'
 * task sequences, the bench's readers) as Tribuo datasets: features named {@code f0, f1, ...} in
 * column order, labels the class ids as text, every value kept (zeros included). A {@link
 * ContinualTrainer} numbers these features and labels as the core does (see {@link
 * ContinualTrainer}), so training on them gives the core's model exactly.
 */
public final class TaskDatasets {
  private TaskDatasets() {}

  /**
   * @param count number of features
   * @return {@code f0 .. f(count-1)}
   */
  public static List<String> featureNames(int count) {
    List<String> names = new ArrayList<>(count);
    for (int j = 0; j < count; j++) {
      names.add("f" + j);
    }
    return names;
  }

  /**
   * @param data the rows
   * @param name the dataset's name, for its provenance
   * @param taskId written to each example's metadata under {@code taskKey} when &gt;= 0 (one head
   *     per task), else nothing
   * @param taskKey the metadata key of the task id
   * @return the dataset, rows in order
   */
  public static MutableDataset<Label> of(TaskData data, String name, int taskId, String taskKey) {
    LabelFactory factory = new LabelFactory();
    MutableDataset<Label> out =
        new MutableDataset<>(new SimpleDataSourceProvenance(name, factory), factory);
    String[] names = featureNames(data.featureCount()).toArray(new String[0]);
    int d = data.featureCount();
    for (int r = 0; r < data.size(); r++) {
      double[] values = new double[d];
      for (int j = 0; j < d; j++) {
        values[j] = data.feature(r, j);
      }
      ArrayExample<Label> e =
          new ArrayExample<>(new Label(Integer.toString(data.label(r))), names, values);
      if (data.hasWeights()) {
        e.setWeight(data.weight(r));
      }
      if (taskId >= 0) {
        e.setMetadataValue(taskKey, Integer.toString(taskId));
      }
      out.add(e);
    }
    return out;
  }
}
