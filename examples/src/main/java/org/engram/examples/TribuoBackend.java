package org.engram.examples;

import java.util.ArrayList;
import java.util.List;
import org.engram.cl.HeadMode;
import org.engram.cl.LearnerConfig;
import org.engram.cl.TaskReport;
import org.engram.cl.TrainingListener;
import org.engram.cl.data.Task;
import org.engram.cl.eval.AccuracyMatrix;
import org.engram.cl.eval.Experiment;
import org.engram.tribuo.ContinualModel;
import org.engram.tribuo.ContinualTrainer;
import org.engram.tribuo.TaskDatasets;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

/**
 * {@code --via tribuo}: the protocol through tribuo-cl — a {@link ContinualTrainer} built from the
 * bench's core configuration, {@code train} for the first task, {@code incrementalTrain} for each
 * next one, evaluation with {@code Model.predict} on Tribuo examples ({@link TaskDatasets}:
 * features {@code f0, f1, ...} declared in column order, labels the class ids as text; in
 * task-incremental runs the task id travels in each example's metadata). The trainer keeps the
 * core's feature order, class order and random stream, so the accuracy matrix equals {@code --via
 * core}'s.
 */
final class TribuoBackend implements Backend {

  @Override
  public String name() {
    return "tribuo";
  }

  @Override
  public void check(BenchOptions options) {
    try {
      new ContinualTrainer(options.learnerConfig());
    } catch (IllegalArgumentException e) {
      throw new UsageException("--via tribuo: " + e.getMessage());
    }
  }

  @Override
  public Outcome run(LearnerConfig config, List<Task> tasks, TrainingListener listener) {
    int d = tasks.get(0).train().featureCount();
    ContinualTrainer trainer =
        new ContinualTrainer(config).setFeatureNames(TaskDatasets.featureNames(d));
    String key = trainer.getTaskKey();
    boolean perTask = config.headMode() == HeadMode.PER_TASK;
    AccuracyMatrix m = new AccuracyMatrix(tasks.size());
    List<MutableDataset<Label>> tests = new ArrayList<>();
    for (Task t : tasks) {
      tests.add(TaskDatasets.of(t.test(), "bench test " + t.id(), perTask ? t.id() : -1, key));
    }
    ContinualModel model = null;
    for (int i = 0; i < tasks.size(); i++) {
      Task t = tasks.get(i);
      listener.taskStarted(t.id(), t.train().size(), config.epochs());
      MutableDataset<Label> train =
          TaskDatasets.of(t.train(), "bench task " + t.id(), perTask ? t.id() : -1, key);
      model = model == null ? trainer.train(train) : trainer.incrementalTrain(train, model);
      listener.taskFinished(model.history().get(i));
      for (int j = 0; j < tasks.size(); j++) {
        if (perTask && j > i) {
          continue; // no head for a task not trained yet
        }
        m.set(i, j, accuracy(model, tests.get(j)));
      }
    }
    // FWT's baselines: the untrained network, the same on every route
    Experiment.setBaselines(config, tasks, m);
    List<TaskReport> history = model.history();
    long examples = history.stream().mapToLong(TaskReport::examples).sum();
    return Outcome.of(
        m,
        history.stream().mapToDouble(TaskReport::trainSeconds).sum(),
        history.stream().mapToDouble(TaskReport::consolidationSeconds).sum(),
        examples,
        history);
  }

  private static double accuracy(ContinualModel model, MutableDataset<Label> test) {
    List<Prediction<Label>> p = model.predict(test);
    int correct = 0;
    for (int r = 0; r < p.size(); r++) {
      if (p.get(r).getOutput().getLabel().equals(test.getExample(r).getOutput().getLabel())) {
        correct++;
      }
    }
    return p.isEmpty() ? Double.NaN : (double) correct / p.size();
  }
}
