package org.engram.weka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.engram.cl.ContinualLearner;
import org.engram.cl.LearnerConfig;
import org.engram.cl.TaskReport;
import org.engram.cl.TrainingListener;
import org.engram.cl.data.TaskData;
import weka.core.Instance;
import weka.core.Instances;

/**
 * A batch build (Weka's {@code buildClassifier}): every row is checked first, then the tasks are
 * learned whole, in their order of appearance, each by the core's {@code learnTask} (which chooses
 * λ on the task's own data when it is automatic) and consolidated before the next.
 */
final class BatchTraining {
  private BatchTraining() {}

  /**
   * Trains a new model: without a task attribute the data is one task; with one, the tasks in their
   * order of appearance, each consolidated before the next.
   *
   * @param data training data (an empty header is fine: incremental training follows)
   * @param options the classifier's options
   * @param log Weka's log
   * @return the model
   * @throws BadInputException for a bad row or an option that cannot work with the data
   * @throws TrainingFailedException if training diverged
   */
  static ModelState train(Instances data, ContinualMLPOptions options, WekaLog log) {
    int taskIndex = TaskAttribute.resolve((String) options.value(WekaOption.TASK_ATTRIBUTE), data);
    if (options.getPerTaskHeads() && taskIndex < 0) {
      throw new BadInputException(
          "perTaskHeads (-per-task-heads) needs a taskAttribute (-task-attribute): a row's task"
              + " chooses its output layer");
    }
    InputEncoder encoder =
        new InputEncoder(data, taskIndex, !(Boolean) options.value(WekaOption.NO_SCALING));
    Map<Double, List<Integer>> groups = new LinkedHashMap<>();
    int labelled = 0;
    for (int r = 0; r < data.numInstances(); r++) {
      Instance row = data.instance(r);
      if (row.classIsMissing()) {
        continue;
      }
      labelled++;
      String where = "row " + (r + 1) + " of the training data";
      ModelState.checkRow(data, taskIndex, encoder, row, row.toDoubleArray(), where);
      double key = taskIndex >= 0 ? TaskAttribute.key(row.value(taskIndex)) : 0;
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
    }
    if (data.numInstances() > 0 && labelled == 0) {
      throw new BadInputException(
          "every row's class value ('"
              + data.classAttribute().name()
              + "') is missing: there is nothing to train on");
    }
    if (!groups.isEmpty()) {
      for (int r : groups.values().iterator().next()) {
        encoder.observe(data.instance(r).toDoubleArray(), data.instance(r).weight());
      }
      encoder.freeze();
      // the later tasks' rows against the first task's statistics, now that they exist (the
      // check above had none: it looked at each value's size alone)
      groups.values().stream()
          .skip(1)
          .flatMap(List::stream)
          .forEach(
              r ->
                  encoder.checkValues(
                      data.instance(r).toDoubleArray(),
                      "row " + (r + 1) + " of the training data"));
    }
    ContinualLearner learner = newLearner(options.learnerConfig(data.numClasses()), encoder);
    TaskRegistry tasks = new TaskRegistry(options.getPerTaskHeads());
    List<String> names = new ArrayList<>();
    List<TaskData> encoded = new ArrayList<>();
    for (Map.Entry<Double, List<Integer>> g : groups.entrySet()) {
      names.add(
          taskIndex >= 0 ? TaskAttribute.label(data, taskIndex, g.getKey()) : data.relationName());
      encoded.add(encode(data, g.getValue(), encoder));
    }
    warnIfTiny(data, taskIndex, groups, log);
    TrainingListener listener = listener(log, names);
    learner.nameTasks(id -> "task '" + names.get(id) + "'");
    int n = encoded.size();
    double[][] accuracy = new double[n][n];
    for (int t = 0; t < n; t++) {
      // task ids are 0, 1, ... in order (with one output layer per task, layer t is task t's)
      int id = tasks.begin(names.get(t), Double.NaN);
      try {
        learner.learnTask(encoded.get(t), id, listener);
      } catch (RuntimeException e) {
        throw ModelState.translate(
            e, "task '" + names.get(t) + "' (" + encoded.get(t).size() + " rows)");
      }
      tasks.addRows(encoded.get(t).size());
      for (int j = 0; j < n; j++) {
        // a later task has no output layer yet when each task has its own
        accuracy[t][j] = learner.canPredict(j) ? learner.accuracy(encoded.get(j), j) : Double.NaN;
      }
    }
    return new ModelState(
        new Instances(data, 0), taskIndex, encoder, learner, tasks, n > 1 ? accuracy : null);
  }

  /**
   * A task attribute that makes tasks of a few rows each (a numeric or ID-like attribute, or an
   * index that now names another attribute, e.g. after a filter removed one) is said once, as a
   * stream says it: each task is consolidated, and EWC keeps an importance per task.
   */
  private static void warnIfTiny(
      Instances data, int taskIndex, Map<Double, List<Integer>> groups, WekaLog log) {
    if (taskIndex < 0) {
      return;
    }
    long tiny =
        groups.values().stream().filter(g -> g.size() < TaskRegistry.TINY_TASK_ROWS).count();
    if (tiny >= TaskRegistry.TINY_TASKS_TO_WARN) {
      log.warning(
          "tasks are tiny: "
              + tiny
              + " of the "
              + groups.size()
              + " tasks the task attribute '"
              + data.attribute(taskIndex).name()
              + "' makes have fewer than "
              + TaskRegistry.TINY_TASK_ROWS
              + " rows. Each of its values is a task, learned and consolidated in turn (EWC"
              + " keeps an importance per task); check the task attribute");
    }
  }

  private static ContinualLearner newLearner(LearnerConfig config, InputEncoder encoder) {
    try {
      return new ContinualLearner(config, encoder.width());
    } catch (IllegalArgumentException e) {
      throw new BadInputException("the network cannot be built: " + e.getMessage());
    }
  }

  private static TaskData encode(Instances data, List<Integer> rows, InputEncoder encoder) {
    int width = encoder.width();
    float[] x = new float[rows.size() * width];
    int[] y = new int[rows.size()];
    float[] w = new float[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      Instance inst = data.instance(rows.get(i));
      encoder.encode(inst.toDoubleArray(), x, i * width);
      y[i] = (int) inst.classValue();
      w[i] = (float) inst.weight();
    }
    return new TaskData(x, width, y, w, null);
  }

  /**
   * @param names the tasks' names (the task attribute's values), by the core's task id
   */
  private static TrainingListener listener(WekaLog log, List<String> names) {
    return new TrainingListener() {
      @Override
      public void epochFinished(int taskId, int epoch, int epochs, double meanLoss) {
        log.progress(
            String.format(
                Locale.ROOT,
                "task '%s', epoch %d/%d, mean loss %.5f",
                names.get(taskId),
                epoch,
                epochs,
                meanLoss));
      }

      @Override
      public void taskFinished(TaskReport report) {
        log.progress("task '" + names.get(report.taskId()) + "': " + report.describe());
      }

      @Override
      public boolean isCancelled() {
        // The Explorer's Stop button interrupts the training thread: stop cleanly.
        return Thread.currentThread().isInterrupted();
      }
    };
  }
}
