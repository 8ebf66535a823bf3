package org.engram.tribuo;

import java.util.ArrayList;
import java.util.List;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

/** Split-digits tasks and helpers shared by the tests. */
final class DigitsTasks {
  private DigitsTasks() {}

  /** One task's train and test sets. */
  record Task(Dataset<Label> train, Dataset<Label> test) {}

  /**
   * @param labelling digit or position labels
   * @param withTaskIds whether examples carry their task id in the metadata
   * @param groups the digits of each task
   * @return the tasks
   */
  static List<Task> tasks(
      DigitsDataSource.Labelling labelling, boolean withTaskIds, int[]... groups) {
    List<Task> tasks = new ArrayList<>();
    for (int t = 0; t < groups.length; t++) {
      List<Integer> digits = new ArrayList<>();
      for (int d : groups[t]) {
        digits.add(d);
      }
      int id = withTaskIds ? t : -1;
      tasks.add(
          new Task(
              new MutableDataset<>(
                  new DigitsDataSource(digits, DigitsDataSource.Split.TRAIN, labelling, id)),
              new MutableDataset<>(
                  new DigitsDataSource(digits, DigitsDataSource.Split.TEST, labelling, id))));
    }
    return tasks;
  }

  /**
   * @param model a model
   * @param data labelled examples
   * @return the fraction predicted correctly
   */
  static double accuracy(Model<Label> model, Dataset<Label> data) {
    List<Prediction<Label>> predictions = model.predict(data);
    int correct = 0;
    for (Prediction<Label> p : predictions) {
      if (p.getOutput().getLabel().equals(p.getExample().getOutput().getLabel())) {
        correct++;
      }
    }
    return (double) correct / predictions.size();
  }
}
