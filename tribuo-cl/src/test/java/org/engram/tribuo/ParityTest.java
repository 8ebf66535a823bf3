package org.engram.tribuo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.engram.cl.HeadMode;
import org.engram.cl.LearnerConfig;
import org.engram.cl.TrainingListener;
import org.engram.cl.data.Digits;
import org.engram.cl.data.Scenario;
import org.engram.cl.data.Scenarios;
import org.engram.cl.data.Task;
import org.engram.cl.data.TaskData;
import org.engram.cl.eval.AccuracyMatrix;
import org.engram.cl.eval.Experiment;
import org.engram.cl.method.Method;
import org.engram.cl.method.MethodSpec;
import org.engram.cl.optim.OptimiserSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

/**
 * One answer through every path: the same experiment on split UCI digits gives the same accuracy
 * matrix, entry for entry, through the core ({@link Experiment}) and through Tribuo ({@code train},
 * {@code incrementalTrain}, {@code predict} on datasets whose feature names sort differently from
 * their column order: f0, f1, f10, ...). Every head scenario, a regularisation method and LwF, with
 * λ given and λ automatic (chosen per task by the core's search).
 */
class ParityTest {
  private static TaskData train;
  private static TaskData test;

  @BeforeAll
  static void load() {
    TaskData[] parts = Digits.load().split(0.7, 1);
    train = parts[0];
    test = parts[1];
  }

  static Stream<Arguments> experiments() {
    List<Arguments> out = new ArrayList<>();
    for (Scenario s : Scenario.values()) {
      out.add(Arguments.of(s, MethodSpec.of(Method.EWC).withLambda(1e4)));
      out.add(Arguments.of(s, MethodSpec.of(Method.LWF).withLambda(1)));
    }
    out.add(Arguments.of(Scenario.DOMAIN_INCREMENTAL, MethodSpec.of(Method.MAS)));
    out.add(Arguments.of(Scenario.TASK_INCREMENTAL, MethodSpec.of(Method.LWF)));
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("experiments")
  void tribuoGivesTheCoresMatrix(Scenario scenario, MethodSpec method) {
    List<Task> tasks =
        Scenarios.splitByClass(train, test, Scenarios.consecutiveGroups(10, 5), scenario);
    LearnerConfig config =
        LearnerConfig.builder()
            .hidden(24)
            .headMode(scenario.headMode())
            .optimiser(OptimiserSpec.adam(0.003))
            .epochs(2)
            .batchSize(32)
            .seed(7)
            .method(method)
            .build();
    Experiment.Result core = Experiment.run(config, tasks, TrainingListener.NONE);

    ContinualTrainer trainer = new ContinualTrainer(config);
    boolean perTask = config.headMode() == HeadMode.PER_TASK;
    String key = trainer.getTaskKey();
    AccuracyMatrix tribuo = new AccuracyMatrix(tasks.size());
    ContinualModel model = null;
    for (int i = 0; i < tasks.size(); i++) {
      Task t = tasks.get(i);
      MutableDataset<Label> data = TaskDatasets.of(t.train(), "task", perTask ? t.id() : -1, key);
      model = model == null ? trainer.train(data) : trainer.incrementalTrain(data, model);
      for (int j = 0; j <= (perTask ? i : tasks.size() - 1); j++) {
        Task e = tasks.get(j);
        tribuo.set(i, j, accuracy(model, TaskDatasets.of(e.test(), "t", perTask ? j : -1, key)));
      }
    }
    for (int i = 0; i < tasks.size(); i++) {
      for (int j = 0; j < tasks.size(); j++) {
        assertEquals(core.matrix().get(i, j), tribuo.get(i, j), "R[" + i + "][" + j + "]");
      }
    }
    double[] lambdas = core.reports().stream().mapToDouble(r -> r.lambda()).toArray();
    assertArrayEquals(lambdas, model.lambdaPerTask());
    // The inputs follow the columns, not Tribuo's sorted names.
    assertEquals(TaskDatasets.featureNames(64), model.inputFeatureNames());
    assertTrue(model.getFeatureIDMap().getID("f10") < model.getFeatureIDMap().getID("f2"));
    if (method.automaticLambda()) {
      assertTrue(model.history().get(1).lambdaTrials() > 0, "λ was searched");
    }
  }

  private static double accuracy(ContinualModel model, MutableDataset<Label> test) {
    List<Prediction<Label>> p = model.predict(test);
    int correct = 0;
    for (Prediction<Label> x : p) {
      if (x.getOutput().getLabel().equals(x.getExample().getOutput().getLabel())) {
        correct++;
      }
    }
    return (double) correct / p.size();
  }
}
