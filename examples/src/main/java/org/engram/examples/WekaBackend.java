package org.engram.examples;

import java.util.ArrayList;
import java.util.List;
import org.engram.cl.HeadMode;
import org.engram.cl.LearnerConfig;
import org.engram.cl.TrainingListener;
import org.engram.cl.data.Task;
import org.engram.cl.data.TaskData;
import org.engram.cl.eval.AccuracyMatrix;
import org.engram.cl.importance.FisherImportance;
import org.engram.cl.method.Hyperparameter;
import org.engram.cl.method.Method;
import org.engram.cl.method.MethodSpec;
import org.engram.cl.optim.OptimiserSpec;
import weka.classifiers.functions.ContinualMLP;
import weka.core.Attribute;
import weka.core.DenseInstance;
import weka.core.Instances;

/**
 * {@code --via weka}: the protocol through Weka's {@code ContinualMLP}, configured by its
 * command-line options, with a nominal {@code task} attribute marking the tasks and numeric inputs
 * used as the other paths use them ({@code -no-scaling}).
 *
 * <p>Weka's {@code buildClassifier} always starts from scratch and learns the tasks of its data in
 * order, so the model after task i is built from the rows of tasks 1..i (deterministic for a seed:
 * the same model as after task i of the full sequence). Those prefix builds are for evaluation;
 * {@code train_seconds} is the final build, which learns every task once.
 */
final class WekaBackend implements Backend {

  @Override
  public String name() {
    return "weka";
  }

  @Override
  public void check(BenchOptions options) {
    MethodSpec m = options.method();
    if (m.method() == Method.JOINT) {
      throw new UsageException(
          "--via weka has no joint training (ContinualMLP's -method has none)");
    }
    if (m.get(Hyperparameter.FISHER) != FisherImportance.Variant.EMPIRICAL) {
      throw new UsageException(
          "--via weka: ContinualMLP uses the empirical Fisher only (--fisher)");
    }
    if (options.optimizer().equals("sgd")) {
      throw new UsageException(
          "--via weka: ContinualMLP's SGD has momentum 0.9, the bench's none; use --optimizer adam");
    }
    if (options.calibrate() && !Double.isNaN(options.calibrateP()) && options.calibrateP() != 0.2) {
      throw new UsageException(
          "--via weka: ContinualMLP's -calibrate uses p = 0.2 (--calibrate-p)");
    }
  }

  @Override
  public Outcome run(LearnerConfig config, List<Task> tasks, TrainingListener listener) {
    try {
      Instances header = header(tasks);
      List<Instances> train = new ArrayList<>();
      List<Instances> test = new ArrayList<>();
      for (int i = 0; i < tasks.size(); i++) {
        train.add(rows(header, tasks.get(i).train(), i));
        test.add(rows(header, tasks.get(i).test(), i));
      }
      boolean perTask = config.headMode() == HeadMode.PER_TASK;
      AccuracyMatrix m = new AccuracyMatrix(tasks.size());
      Instances prefix = new Instances(header, 0);
      ContinualMLP model = null;
      double seconds = 0;
      long examples = 0;
      for (int i = 0; i < tasks.size(); i++) {
        listener.taskStarted(i, tasks.get(i).train().size(), config.epochs());
        prefix.addAll(train.get(i));
        model = new ContinualMLP();
        model.setOptions(options(config));
        long t0 = System.nanoTime();
        model.buildClassifier(prefix);
        seconds = (System.nanoTime() - t0) / 1e9;
        examples += (long) tasks.get(i).train().size() * config.epochs();
        for (int j = 0; j < tasks.size(); j++) {
          if (perTask && j > i) {
            continue; // no head for a task not trained yet
          }
          m.set(i, j, accuracy(model, test.get(j)));
        }
      }
      double[] lambda = model.learner().lambdaPerTask();
      return new Outcome(m, seconds, Double.NaN, examples, lambda);
    } catch (UsageException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("Weka's ContinualMLP failed: " + e.getMessage(), e);
    }
  }

  private static String[] options(LearnerConfig c) {
    MethodSpec s = c.method();
    String method =
        switch (s.method()) {
          case FINE_TUNE -> "NONE";
          case EWC -> "EWC";
          case ONLINE_EWC -> "ONLINE_EWC";
          case MAS -> "MAS";
          case SI -> "SI";
          case L2 -> "L2";
          case LWF -> "LWF";
          case JOINT -> throw new UsageException("--via weka has no joint training");
        };
    List<String> o = new ArrayList<>();
    java.util.Collections.addAll(
        o,
        "-method",
        method,
        "-lambda",
        Double.toString(s.lambda().orElse(-1)),
        "-gamma",
        Double.toString(s.get(Hyperparameter.GAMMA)),
        "-temperature",
        Double.toString(s.get(Hyperparameter.TEMPERATURE)),
        "-importance-samples",
        Integer.toString(s.get(Hyperparameter.IMPORTANCE_SAMPLES)),
        "-hidden",
        c.hidden().length == 0
            ? "none"
            : java.util.Arrays.stream(c.hidden())
                .mapToObj(Integer::toString)
                .collect(java.util.stream.Collectors.joining(",")),
        "-epochs",
        Integer.toString(c.epochs()),
        "-batch-size",
        Integer.toString(c.batchSize()),
        "-lr",
        Double.toString(c.optimiser().learningRate()),
        "-optimizer",
        c.optimiser().kind() == OptimiserSpec.Kind.ADAM ? "ADAM" : "SGD",
        "-replay-size",
        Integer.toString(c.replaySize()),
        "-task-attribute",
        "task",
        // The bench's inputs are already scaled like the core path's; no second scaling.
        "-no-scaling",
        "-S",
        Long.toString(c.seed()));
    if (c.calibration() != null) {
      o.add("-calibrate");
    }
    if (c.headMode() == HeadMode.PER_TASK) {
      o.add("-per-task-heads");
    }
    return o.toArray(new String[0]);
  }

  private static Instances header(List<Task> tasks) {
    int d = tasks.get(0).train().featureCount();
    int classes = 0;
    List<String> taskValues = new ArrayList<>();
    for (Task t : tasks) {
      taskValues.add("t" + t.id());
      for (int c : t.train().classes()) {
        classes = Math.max(classes, c + 1);
      }
    }
    ArrayList<Attribute> atts = new ArrayList<>();
    atts.add(new Attribute("task", taskValues));
    for (int j = 0; j < d; j++) {
      atts.add(new Attribute("f" + j));
    }
    List<String> labels = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      labels.add(Integer.toString(c));
    }
    atts.add(new Attribute("class", labels));
    Instances h = new Instances("bench", atts, 0);
    h.setClassIndex(atts.size() - 1);
    return h;
  }

  private static Instances rows(Instances header, TaskData data, int task) {
    Instances out = new Instances(header, data.size());
    int d = data.featureCount();
    for (int r = 0; r < data.size(); r++) {
      double[] v = new double[d + 2];
      v[0] = task;
      for (int j = 0; j < d; j++) {
        v[j + 1] = data.feature(r, j);
      }
      v[d + 1] = data.label(r);
      out.add(new DenseInstance(1.0, v));
    }
    return out;
  }

  private static double accuracy(ContinualMLP model, Instances test) throws Exception {
    double[][] dist = model.distributionsForInstances(test);
    int correct = 0;
    for (int r = 0; r < dist.length; r++) {
      int best = 0;
      for (int c = 1; c < dist[r].length; c++) {
        if (dist[r][c] > dist[r][best]) {
          best = c;
        }
      }
      if (best == (int) test.instance(r).classValue()) {
        correct++;
      }
    }
    return dist.length == 0 ? Double.NaN : (double) correct / dist.length;
  }
}
