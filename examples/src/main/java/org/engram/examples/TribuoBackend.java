package org.engram.examples;

import java.util.ArrayList;
import java.util.List;
import org.engram.cl.HeadMode;
import org.engram.cl.LearnerConfig;
import org.engram.cl.TrainingListener;
import org.engram.cl.data.Task;
import org.engram.cl.data.TaskData;
import org.engram.cl.eval.AccuracyMatrix;
import org.engram.cl.method.Hyperparameter;
import org.engram.cl.method.Method;
import org.engram.cl.method.MethodSpec;
import org.engram.cl.optim.OptimiserSpec;
import org.engram.tribuo.ContinualModel;
import org.engram.tribuo.ContinualTrainer;
import org.engram.tribuo.EWCTrainer;
import org.engram.tribuo.FineTuneTrainer;
import org.engram.tribuo.LwFTrainer;
import org.engram.tribuo.MASTrainer;
import org.engram.tribuo.SITrainer;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * {@code --via tribuo}: the protocol through tribuo-cl's trainers — {@code train} for the first
 * task, {@code incrementalTrain} for each next one, evaluation with {@code Model.predict} on Tribuo
 * examples whose features are named {@code f0, f1, ...} and labels are the class ids as text. In
 * task-incremental runs the task id travels in each example's metadata ({@code task}).
 */
final class TribuoBackend implements Backend {

  @Override
  public String name() {
    return "tribuo";
  }

  @Override
  public void check(BenchOptions options) {
    Method k = options.method().method();
    if (k == Method.JOINT || k == Method.L2) {
      throw new UsageException(
          "--via tribuo has no trainer for --method "
              + options.methodName()
              + " (tribuo-cl offers fine-tune, ewc, online-ewc, mas, si, lwf)");
    }
  }

  @Override
  public Outcome run(LearnerConfig config, List<Task> tasks, TrainingListener listener) {
    int d = tasks.get(0).train().featureCount();
    List<String> names = new ArrayList<>();
    for (int j = 0; j < d; j++) {
      names.add("f" + j);
    }
    ContinualTrainer trainer = trainer(config);
    trainer.setFeatureNames(names);
    boolean perTask = config.headMode() == HeadMode.PER_TASK;
    AccuracyMatrix m = new AccuracyMatrix(tasks.size());
    List<MutableDataset<Label>> tests = new ArrayList<>();
    for (Task t : tasks) {
      tests.add(dataset(t.test(), t.id(), names, perTask));
    }
    ContinualModel model = null;
    double seconds = 0;
    long examples = 0;
    for (int i = 0; i < tasks.size(); i++) {
      Task t = tasks.get(i);
      listener.taskStarted(t.id(), t.train().size(), config.epochs());
      MutableDataset<Label> train = dataset(t.train(), t.id(), names, perTask);
      long t0 = System.nanoTime();
      model = model == null ? trainer.train(train) : trainer.incrementalTrain(train, model);
      seconds += (System.nanoTime() - t0) / 1e9;
      examples += (long) t.train().size() * config.epochs();
      for (int j = 0; j < tasks.size(); j++) {
        if (perTask && j > i) {
          continue; // no head for a task not trained yet
        }
        m.set(i, j, accuracy(model, tests.get(j)));
      }
    }
    // Training and importance are timed together here: tribuo-cl does not report them apart.
    return new Outcome(m, seconds, Double.NaN, examples, model.lambdaPerTask());
  }

  private static ContinualTrainer trainer(LearnerConfig c) {
    MethodSpec s = c.method();
    int[] h = c.hidden();
    double lr = c.optimiser().learningRate();
    ContinualTrainer.OptimiserType opt =
        c.optimiser().kind() == OptimiserSpec.Kind.ADAM
            ? ContinualTrainer.OptimiserType.ADAM
            : ContinualTrainer.OptimiserType.SGD;
    HeadMode hm = c.headMode();
    int e = c.epochs();
    int b = c.batchSize();
    long seed = c.seed();
    ContinualTrainer t =
        switch (s.method()) {
          case FINE_TUNE -> new FineTuneTrainer(h, e, b, lr, opt, seed, hm);
          case EWC, ONLINE_EWC ->
              new EWCTrainer(
                  h,
                  e,
                  b,
                  lr,
                  opt,
                  seed,
                  hm,
                  s.lambda().orElse(1e5),
                  s.method() == Method.ONLINE_EWC,
                  s.get(Hyperparameter.GAMMA),
                  s.get(Hyperparameter.FISHER),
                  s.get(Hyperparameter.IMPORTANCE_SAMPLES));
          case MAS ->
              new MASTrainer(
                  h,
                  e,
                  b,
                  lr,
                  opt,
                  seed,
                  hm,
                  s.lambda().orElse(10),
                  s.get(Hyperparameter.IMPORTANCE_SAMPLES));
          case SI ->
              new SITrainer(
                  h,
                  e,
                  b,
                  lr,
                  opt,
                  seed,
                  hm,
                  s.lambda().orElse(1000),
                  s.get(Hyperparameter.DAMPING));
          case LWF ->
              new LwFTrainer(
                  h,
                  e,
                  b,
                  lr,
                  opt,
                  seed,
                  hm,
                  s.lambda().orElse(1),
                  s.get(Hyperparameter.TEMPERATURE));
          case JOINT, L2 ->
              throw new UsageException("--via tribuo has no trainer for " + s.method());
        };
    if (opt == ContinualTrainer.OptimiserType.SGD) {
      t.setMomentum(c.optimiser().momentum());
    }
    t.setReplaySize(c.replaySize());
    if (c.calibration() != null) {
      t.setCalibration(true, c.calibration().p());
    }
    return t;
  }

  private static MutableDataset<Label> dataset(
      TaskData data, int taskId, List<String> names, boolean perTask) {
    LabelFactory factory = new LabelFactory();
    MutableDataset<Label> out =
        new MutableDataset<>(
            new SimpleDataSourceProvenance("bench task " + taskId, factory), factory);
    String[] featureNames = names.toArray(new String[0]);
    int d = data.featureCount();
    for (int r = 0; r < data.size(); r++) {
      double[] values = new double[d];
      for (int j = 0; j < d; j++) {
        values[j] = data.feature(r, j);
      }
      Example<Label> ex =
          new ArrayExample<>(new Label(Integer.toString(data.label(r))), featureNames, values);
      if (perTask) {
        ex.setMetadataValue("task", Integer.toString(taskId));
      }
      out.add(ex);
    }
    return out;
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
