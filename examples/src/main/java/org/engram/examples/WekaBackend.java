package org.engram.examples;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.engram.cl.HeadMode;
import org.engram.cl.LearnerConfig;
import org.engram.cl.TaskReport;
import org.engram.cl.TrainingListener;
import org.engram.cl.data.Task;
import org.engram.cl.data.TaskData;
import org.engram.cl.eval.AccuracyMatrix;
import org.engram.cl.eval.Experiment;
import org.engram.cl.method.Hyperparameter;
import org.engram.cl.method.MethodSpec;
import org.engram.cl.optim.OptimiserSpec;
import weka.classifiers.functions.ContinualMLP;
import weka.core.Attribute;
import weka.core.DenseInstance;
import weka.core.Instances;

/**
 * {@code --via weka}: the protocol through Weka's {@code ContinualMLP}, configured by its
 * command-line options (every method, hyperparameter and setting of the bench has one), with a
 * nominal {@code task} attribute marking the tasks and numeric inputs used as the other paths use
 * them ({@code -no-scaling}).
 *
 * <p>Weka's {@code buildClassifier} always starts from scratch and learns the tasks of its data in
 * order, so the model after task i is built from the rows of tasks 1..i (deterministic for a seed:
 * the same model as after task i of the full sequence). Those prefix builds are for evaluation;
 * {@code train_seconds} is the final build, which learns every task once. Joint training is a batch
 * build like the others.
 *
 * <p>{@code --via weka-stream}: the route of Weka's command line and KnowledgeFlow instead — one
 * {@code ContinualMLP} built on the empty header, then {@code updateClassifier} for every training
 * row in order (the task attribute's change begins each task) and {@code batchFinished} at the end
 * of each task, where it is evaluated. With λ automatic, each task's first rows are kept to choose
 * λ on (see {@code ContinualLearner#beginTask}).
 */
final class WekaBackend implements Backend {
  /**
   * Weka's package manager, starting, loads netlib-java's ARPACK, which logs two warnings when it
   * finds no native ARPACK. Nothing on these routes calls ARPACK (Engram's products go through the
   * kernel the {@code kernel:} line names), so the warnings would only mislead: netlib-java's
   * loggers say SEVERE only. Held in a field: java.util.logging keeps loggers weakly.
   */
  private static final Logger NETLIB_JAVA = Logger.getLogger("com.github.fommil.netlib");

  static {
    NETLIB_JAVA.setLevel(Level.SEVERE);
  }

  private final boolean streamed;

  /**
   * @param streamed row by row through {@code updateClassifier}, instead of batch builds
   */
  WekaBackend(boolean streamed) {
    this.streamed = streamed;
  }

  @Override
  public String name() {
    return streamed ? "weka-stream" : "weka";
  }

  @Override
  public void check(BenchOptions options) {
    if (streamed && options.method().method() == org.engram.cl.method.Method.JOINT) {
      throw new UsageException(
          "--via weka-stream: joint training needs whole tasks (use --via weka, a batch build)");
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
      if (streamed) {
        model = new ContinualMLP();
        model.setOptions(options(config));
        model.buildClassifier(new Instances(header, 0));
      }
      double seconds = 0;
      for (int i = 0; i < tasks.size(); i++) {
        listener.taskStarted(i, tasks.get(i).train().size(), config.epochs());
        if (streamed) {
          // every row through updateClassifier, a batchFinished at the task's end
          long t0 = System.nanoTime();
          Instances rows = train.get(i);
          for (int r = 0; r < rows.numInstances(); r++) {
            model.updateClassifier(rows.instance(r));
          }
          model.batchFinished();
          seconds += (System.nanoTime() - t0) / 1e9;
        } else {
          // a fresh build on the rows of every task so far: the last one learns them all
          prefix.addAll(train.get(i));
          model = new ContinualMLP();
          model.setOptions(options(config));
          long t0 = System.nanoTime();
          model.buildClassifier(prefix);
          seconds = (System.nanoTime() - t0) / 1e9;
        }
        for (int j = 0; j < tasks.size(); j++) {
          if (perTask && j > i) {
            continue; // no head for a task not trained yet
          }
          m.set(i, j, accuracy(model, test.get(j)));
        }
      }
      // FWT's baselines: the untrained network, the same on every route
      Experiment.setBaselines(config, tasks, m);
      List<TaskReport> history = model.learner().history();
      return Outcome.of(
          m,
          seconds,
          history.stream().mapToDouble(TaskReport::consolidationSeconds).sum(),
          history.stream().mapToLong(TaskReport::examples).sum(),
          history);
    } catch (UsageException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("Weka's ContinualMLP failed: " + e.getMessage(), e);
    }
  }

  /** ContinualMLP's options for a configuration: every value the bench can set, by its option. */
  private static String[] options(LearnerConfig c) {
    MethodSpec s = c.method();
    List<String> o = new ArrayList<>(List.of("-method", s.method().label()));
    for (Hyperparameter<?> p : s.method().hyperparameters()) {
      if (s.isSet(p)) {
        Collections.addAll(o, "-" + p.option(), p.format(s.get(p)));
      }
    }
    OptimiserSpec opt = c.optimiser();
    Collections.addAll(
        o,
        "-hidden",
        c.hidden().length == 0
            ? "none"
            : Arrays.stream(c.hidden())
                .mapToObj(Integer::toString)
                .collect(Collectors.joining(",")),
        "-epochs",
        Integer.toString(c.epochs()),
        "-batch-size",
        Integer.toString(c.batchSize()),
        "-lr",
        Double.toString(opt.learningRate()),
        "-optimizer",
        opt.kind().name(),
        "-replay-size",
        Integer.toString(c.replaySize()),
        "-task-attribute",
        "task",
        // The bench's inputs are already scaled like the core path's; no second scaling.
        "-no-scaling",
        "-S",
        Long.toString(c.seed()));
    if (opt.kind() == OptimiserSpec.Kind.SGD) {
      Collections.addAll(o, "-momentum", Double.toString(opt.momentum()));
    }
    if (c.calibration() != null && s.method().hasLambda()) {
      Collections.addAll(
          o,
          "-calibrate",
          "-calibrate-p",
          Double.toString(c.calibration().p()),
          "-calibrate-trials",
          Integer.toString(c.calibration().maxTrials()));
    }
    if (c.headMode() == HeadMode.PER_TASK) {
      o.add("-per-task-heads");
    }
    if (c.keepOptimiserState()) {
      o.add("-keep-optimiser-state");
    }
    return o.toArray(new String[0]);
  }

  private static Instances header(List<Task> tasks) {
    int d = tasks.get(0).train().featureCount();
    int classes = 0;
    List<String> taskValues = new ArrayList<>();
    for (Task t : tasks) {
      taskValues.add("t" + (t.id() + 1)); // as the bench numbers tasks: t1 is "task 1/5"
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
