package org.engram.cl.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.engram.cl.Fixtures;
import org.engram.cl.TrainingDivergedException;
import org.engram.cl.TrainingListener;
import org.engram.cl.data.Scenario;
import org.engram.cl.method.Method;
import org.junit.jupiter.api.Test;

class ExperimentTest {

  static AccuracyMatrix run(Scenario s) {
    return Experiment.run(
            Fixtures.config(s, Fixtures.spec(Method.FINE_TUNE), 1).toBuilder().epochs(2).build(),
            Fixtures.splitDigits(s),
            TrainingListener.NONE)
        .matrix();
  }

  /**
   * In class-incremental learning the learner has no unit for a task's classes before it learns
   * them, so R[j−1][j] is 0 for every method and the untrained baseline (units for every class)
   * cannot be compared with it: FWT is undefined, not the same negative number for every method.
   */
  @Test
  void forwardTransferIsUndefinedWhereTheLearnerCannotPredictTheNextTasksClasses() {
    AccuracyMatrix classIl = run(Scenario.CLASS_INCREMENTAL);
    assertTrue(Double.isNaN(classIl.fwt()), "class-IL FWT " + classIl.fwt());
    assertTrue(AccuracyMatrix.json(classIl.fwt()).equals("null"));
    AccuracyMatrix domainIl = run(Scenario.DOMAIN_INCREMENTAL);
    assertFalse(Double.isNaN(domainIl.fwt()), "domain-IL has the same classes in every task");
  }

  /**
   * The core names a task by its id (here 0, 1, ...); an experiment reports tasks from 1 ("task
   * 2/5" in the bench), and so does its error. λ 1e300 trains the first task and diverges on the
   * second.
   */
  @Test
  void aDivergenceNamesTheTaskAsTheExperimentCountsThem() {
    Scenario s = Scenario.DOMAIN_INCREMENTAL;
    TrainingDivergedException e =
        assertThrows(
            TrainingDivergedException.class,
            () ->
                Experiment.run(
                    Fixtures.config(s, Fixtures.spec(Method.EWC).withLambda(1e300), 1),
                    Fixtures.splitDigits(s),
                    TrainingListener.NONE));
    assertEquals(1, e.taskId(), "the core's id");
    assertTrue(e.getMessage().contains(" of task 2 of 5 ("), e.getMessage());
    assertTrue(e.getMessage().contains("lambda 1.0E300"), e.getMessage());
    TrainingDivergedException unnamed = e.withoutTask();
    assertTrue(
        unnamed.getMessage().startsWith("training diverged at step " + stepOf(e) + " ("),
        unnamed.getMessage());
    assertEquals(0, unnamed.getStackTrace().length, "restated for a user: no stack trace");
  }

  private static String stepOf(TrainingDivergedException e) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("at step (\\d+) of").matcher(e.getMessage());
    assertTrue(m.find(), e.getMessage());
    return m.group(1);
  }

  /**
   * With one output layer per task, task j's layer does not exist before task j is learned, so no
   * baseline is set even where task j's classes were seen before (permuted tasks share all ten).
   */
  @Test
  void forwardTransferIsUndefinedWithALayerPerTaskEvenForClassesSeenBefore() {
    org.engram.cl.data.TaskData all = org.engram.cl.data.Digits.load();
    org.engram.cl.data.TaskData[] s = all.split(0.7, 1);
    java.util.List<org.engram.cl.data.Task> tasks =
        org.engram.cl.data.Scenarios.permuted(s[0], s[1], 3, 1);
    org.engram.cl.LearnerConfig perTask =
        Fixtures.config(Scenario.TASK_INCREMENTAL, Fixtures.spec(Method.FINE_TUNE), 1).toBuilder()
            .epochs(1)
            .build();
    AccuracyMatrix m = new AccuracyMatrix(3);
    for (int j = 1; j < 3; j++) {
      m.set(j - 1, j, 0.5); // so that FWT is defined exactly where a baseline is
    }
    Experiment.setBaselines(perTask, tasks, m);
    assertTrue(Double.isNaN(m.fwt()), "per-task layers: " + m.fwt());
    org.engram.cl.LearnerConfig shared =
        perTask.toBuilder().headMode(org.engram.cl.HeadMode.SHARED).build();
    AccuracyMatrix sharedM = Experiment.run(shared, tasks, TrainingListener.NONE).matrix();
    assertFalse(Double.isNaN(sharedM.fwt()), "one shared layer: FWT is defined");
  }
}
