package org.engram.cl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.engram.cl.data.Scenario;
import org.engram.cl.data.Task;
import org.engram.cl.data.TaskData;
import org.engram.cl.method.Method;
import org.engram.cl.method.MethodSpec;
import org.engram.cl.optim.OptimiserSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** How an automatic λ is chosen, reported, bounded and streamed (see {@link LambdaSearch}). */
class LambdaSearchTest {
  static final List<Task> DOMAIN = Fixtures.splitDigits(Scenario.DOMAIN_INCREMENTAL);

  static final List<Task> TASKS = Fixtures.splitDigits(Scenario.TASK_INCREMENTAL);

  static LearnerConfig.Builder config(MethodSpec m) {
    return config(Scenario.DOMAIN_INCREMENTAL, m);
  }

  static LearnerConfig.Builder config(Scenario scenario, MethodSpec m) {
    return Fixtures.config(scenario, m, 1).toBuilder().epochs(3);
  }

  /**
   * Every method with a λ measures a positive scale on its memory and reports what the choice cost:
   * the first task has nothing to protect (λ 0, no trial), every later one runs the fine-tuning
   * reference and at least one λ. LwF with one head per task (with a shared head, see {@link
   * #lwfOnASharedHeadDistilsOnlyAsFarAsTheOldNetworkAlreadyAnswersTheNewTask}).
   */
  @ParameterizedTest
  @EnumSource(
      value = Method.class,
      names = {"EWC", "ONLINE_EWC", "MAS", "SI", "L2", "LWF"})
  void everyMethodChoosesAPositiveLambdaAndReportsTheCost(Method method) {
    Scenario scenario =
        method == Method.LWF ? Scenario.TASK_INCREMENTAL : Scenario.DOMAIN_INCREMENTAL;
    List<Task> tasks = method == Method.LWF ? TASKS : DOMAIN;
    ContinualLearner l =
        new ContinualLearner(config(scenario, MethodSpec.of(method)).epochs(2).build(), 64);
    for (int t = 0; t < 2; t++) {
      l.learnTask(tasks.get(t).train(), t, TrainingListener.NONE);
    }
    List<TaskReport> h = l.history();
    assertEquals(0, h.get(0).lambda());
    assertEquals(0, h.get(0).lambdaTrials());
    for (TaskReport r : h.subList(1, 2)) {
      assertTrue(r.lambda() > 0 && Double.isFinite(r.lambda()), method + " λ " + r.lambda());
      assertTrue(r.lambdaTrials() >= 2, "trials " + r.lambdaTrials());
      assertTrue(r.lambdaSeconds() > 0, "seconds " + r.lambdaSeconds());
    }
    assertArrayEquals(h.stream().mapToDouble(TaskReport::lambda).toArray(), l.lambdaPerTask());
  }

  /** With λ given and calibration on, the search starts from the given λ, not from the scale. */
  @Test
  void aGivenLambdaIsTheSearchsStartWhenCalibrating() {
    TaskReport r =
        secondTask(
            MethodSpec.of(Method.MAS).withLambda(7), new Calibration(0.99, 0.5, 0.2, 3, 2, 2000));
    assertEquals(21, r.lambda(), 1e-12, "one trial at 3 × 7 that p = 0.99 accepts");
    assertEquals(2, r.lambdaTrials());
  }

  /**
   * When no trial keeps enough plasticity, the search uses the last λ it tried (never a smaller,
   * untried one): here the one trial, at 100 × 1e5, stops EWC from learning.
   */
  @Test
  void whenNoTrialPassesTheLastTriedLambdaIsUsed() {
    TaskReport r =
        secondTask(
            MethodSpec.of(Method.EWC).withLambda(1e5),
            new Calibration(0.01, 0.5, 0.2, 100, 2, 2000));
    assertEquals(1e7, r.lambda());
    assertEquals(2, r.lambdaTrials());
  }

  /**
   * A λ that keeps is raised one step of the ladder, and the largest that kept is used: with p =
   * 0.99 every trial keeps, so 3 × 7 and then 21 / 0.5.
   */
  @Test
  void aLambdaThatKeepsIsRaisedAndTheLargestKeptIsUsed() {
    TaskReport r =
        secondTask(
            MethodSpec.of(Method.MAS).withLambda(7), new Calibration(0.99, 0.5, 0.2, 3, 3, 2000));
    assertEquals(42, r.lambda(), 1e-12);
    assertEquals(3, r.lambdaTrials());
  }

  /**
   * LwF's λ is never raised past its start (see {@link LambdaSearch}): with p = 0.99 every trial
   * keeps, and where MAS climbs (above), LwF stops at its start, 3 × 7, after one trial.
   */
  @Test
  void lwfsLambdaIsNeverRaisedPastItsStart() {
    TaskReport r =
        secondTask(
            MethodSpec.of(Method.LWF).withLambda(7), new Calibration(0.99, 0.5, 0.2, 3, 3, 2000));
    assertEquals(21, r.lambda(), 1e-12);
    assertEquals(2, r.lambdaTrials());
  }

  /**
   * An automatic LwF λ starts no higher than 1 (the distillation weighs no more than the new
   * labels): a start a million times the scale is cut to 1, which p = 0.99 keeps; a given λ is not
   * cut.
   */
  @Test
  void lwfsAutomaticLambdaStartsNoHigherThanOne() {
    Calibration huge = new Calibration(0.99, 0.5, 0.2, 1e6, 3, 2000);
    TaskReport auto = secondTask(Scenario.TASK_INCREMENTAL, MethodSpec.of(Method.LWF), huge);
    assertEquals(LambdaSearch.LWF_LARGEST, auto.lambda());
    assertEquals(2, auto.lambdaTrials());
    TaskReport given =
        secondTask(
            Scenario.TASK_INCREMENTAL,
            MethodSpec.of(Method.LWF).withLambda(7),
            new Calibration(0.99, 0.5, 0.2, 3, 3, 2000));
    assertEquals(21, given.lambda(), 1e-12);
  }

  /**
   * With a shared head, LwF's targets are the old network's answers on the very units the new
   * labels train, and its scale is multiplied by how far those answers already are from guessing
   * towards what fine-tuning reaches: a second split-digits task the old network is at chance on
   * gets λ 0 after the reference alone (where a start a million times the scale would otherwise be
   * cut to 1, as with one head per task above), and a second task that repeats the first, which it
   * answers as well as fine-tuning does, keeps the start. A given λ is not scaled ({@link
   * #lwfsLambdaIsNeverRaisedPastItsStart} searches one on the same shared head).
   */
  @Test
  void lwfOnASharedHeadDistilsOnlyAsFarAsTheOldNetworkAlreadyAnswersTheNewTask() {
    Calibration huge = new Calibration(0.99, 0.5, 0.2, 1e6, 3, 2000);
    TaskReport unlike = secondTask(Scenario.DOMAIN_INCREMENTAL, MethodSpec.of(Method.LWF), huge);
    assertEquals(0, unlike.lambda());
    assertEquals(1, unlike.lambdaTrials(), "the fine-tuning reference only");

    ContinualLearner l =
        new ContinualLearner(config(MethodSpec.of(Method.LWF)).calibration(huge).build(), 64);
    l.learnTask(DOMAIN.get(0).train(), 0, TrainingListener.NONE);
    TaskReport repeated = l.learnTask(DOMAIN.get(0).train(), 1, TrainingListener.NONE);
    assertEquals(LambdaSearch.LWF_LARGEST, repeated.lambda());
  }

  /**
   * On a shared head LwF distils with no λ below {@link LambdaSearch#LWF_SHARED_SMALLEST}: a weak
   * distillation there costs the old tasks more than none when tasks train for hundreds of steps
   * (the class doc). A start below it (the scale times 10⁻⁹, on a repeated task) is 0 after the
   * reference alone; a search that decays below it ends at 0 as well (p = 10⁻⁹: no trial keeps, on
   * a task half of which the old network already answers; the smallest tried, 0.05, was used
   * before).
   */
  @Test
  void lwfOnASharedHeadDistilsWithNoLambdaBelowItsSmallest() {
    Calibration low = new Calibration(0.99, 0.5, 0.2, 1e-9, 3, 2000);
    ContinualLearner l =
        new ContinualLearner(config(MethodSpec.of(Method.LWF)).calibration(low).build(), 64);
    l.learnTask(DOMAIN.get(0).train(), 0, TrainingListener.NONE);
    TaskReport repeated = l.learnTask(DOMAIN.get(0).train(), 1, TrainingListener.NONE);
    assertEquals(0, repeated.lambda());
    assertEquals(1, repeated.lambdaTrials(), "the fine-tuning reference only");

    Calibration strict = new Calibration(1e-9, 0.05, 0.2, 1e6, 3, 2000);
    ContinualLearner s =
        new ContinualLearner(config(MethodSpec.of(Method.LWF)).calibration(strict).build(), 64);
    s.learnTask(DOMAIN.get(0).train(), 0, TrainingListener.NONE);
    TaskData both = TaskData.concat(List.of(DOMAIN.get(0).train(), DOMAIN.get(1).train()));
    TaskReport decayed = s.learnTask(both, 1, TrainingListener.NONE);
    assertEquals(0, decayed.lambda());
    assertEquals(3, decayed.lambdaTrials(), "the reference, λ 1 and λ 0.05");
  }

  /**
   * A streamed task of new classes (class-IL: one head that grows) chooses λ on its kept rows from
   * where the task began, before the head grew: the fine-tuning reference declares the new classes
   * before it measures the loss it starts from (without that, "class 2 has no output unit").
   */
  @Test
  void aStreamedTaskOfNewClassesChoosesLambdaFromWhereItBegan() {
    List<Task> tasks = Fixtures.splitDigits(Scenario.CLASS_INCREMENTAL);
    ContinualLearner l =
        new ContinualLearner(
            config(Scenario.CLASS_INCREMENTAL, MethodSpec.of(Method.MAS)).build(), 64);
    l.learnTask(tasks.get(0).train(), 0, TrainingListener.NONE);
    l.beginTask(1);
    l.update(tasks.get(1).train(), 1);
    TaskReport r = l.endTask();
    assertTrue(r.lambdaTrials() >= 2, "the reference and a λ: " + r);
    assertTrue(r.lambda() > 0, "" + r);
  }

  /**
   * The scale, the solved test and the criterion, by hand on a fine-tuning reference that lowered
   * the validation loss from 3 to 1 (D = 2) and its accuracy from 0.25 to 1, with P₁ = 0.5; p = 0.5
   * puts every threshold on an exactly representable number.
   */
  @Test
  void theScaleTheSolvedTestAndTheCriterionByHand() {
    LambdaSearch.Trial reference = new LambdaSearch.Trial(3, 1, 0.5, 0.25, 1);
    assertEquals(4, reference.balancePoint(), 0, "λ₀ = D / P₁ = 2 / 0.5");
    LambdaSearch.Trial solved = new LambdaSearch.Trial(1, 0.999, 0.5, 0.99, 1);
    assertEquals(0.02, solved.balancePoint(), 1e-15, "1 % of the loss before, over P₁");
    assertEquals(0.04, new LambdaSearch.Trial(2, 1.999, 0.5, 0.99, 1).balancePoint(), 1e-15);
    assertFalse(reference.solvedBefore(0.5, 0));
    assertTrue(
        new LambdaSearch.Trial(3, 1, 0.5, 0.5, 1).solvedBefore(0.5, 0), "0.5 >= (1 - p) · 1");
    assertFalse(new LambdaSearch.Trial(3, 1, 0.5, 0.4999, 1).solvedBefore(0.5, 0));
    // the loss criterion: the trial must lower the loss from 3 by at least (1 - p) · 2 = 1
    assertTrue(reference.keeps(new LambdaSearch.Trial(0, 2, 0, 0, 0), 0.5, false));
    assertFalse(reference.keeps(new LambdaSearch.Trial(0, 2.0001, 0, 0, 1), 0.5, false));
    // a solved task: the trial's accuracy must reach (1 - p) · 1, whatever its loss
    assertTrue(reference.keeps(new LambdaSearch.Trial(0, 9, 0, 0, 0.5), 0.5, true));
    assertFalse(reference.keeps(new LambdaSearch.Trial(0, 0, 0, 0, 0.4999), 0.5, true));
    // the same against a fine-tuning accuracy of 0.75: (1 - p) · 0.75 = 0.375
    LambdaSearch.Trial threeQuarters = new LambdaSearch.Trial(3, 1, 0.5, 0.375, 0.75);
    assertTrue(threeQuarters.solvedBefore(0.5, 0.5));
    assertTrue(threeQuarters.solvedBefore(0.5, 0.7499), "fine-tuning just above the guess");
    assertFalse(threeQuarters.solvedBefore(0.5, 0.75), "fine-tuning no better than the guess");
    assertFalse(new LambdaSearch.Trial(3, 1, 0.5, 0.37, 0.75).solvedBefore(0.5, 0.5));
    assertTrue(threeQuarters.keeps(new LambdaSearch.Trial(0, 9, 0, 0, 0.375), 0.5, true));
    assertFalse(threeQuarters.keeps(new LambdaSearch.Trial(0, 0, 0, 0, 0.37), 0.5, true));
    // LwF on a shared head: (0.25 - chance) / (1 - chance), clipped to [0, 1]
    assertEquals(0.25, new LambdaSearch.Trial(3, 1, 0.5, 0.625, 1).targetsAgreement(0.5), 0);
    assertEquals(0, reference.targetsAgreement(0.25), 0, "the old network at chance");
    assertEquals(0, reference.targetsAgreement(0.5), 0, "below chance");
    assertEquals(1, new LambdaSearch.Trial(3, 1, 0.5, 1, 0.75).targetsAgreement(0.5), 0);
    assertEquals(
        0, reference.targetsAgreement(1), 0, "fine-tuning no better than chance, nor the old");
    assertEquals(
        1,
        new LambdaSearch.Trial(3, 1, 0.5, 0.6, 0.5).targetsAgreement(0.5),
        0,
        "fine-tuning no better than chance, the old network better");
    assertEquals(
        0, new LambdaSearch.Trial(3, 1, 0.5, 0.5, 0.5).targetsAgreement(0.5), 0, "both at chance");
  }

  /**
   * The trials train on half of the task, but on at least 1,000 rows, and are measured on a fifth
   * of it, per class and never on the same row. Counted by hand on rows whose first feature is
   * their index: classes of 1,500, 900 and 600 rows keep 1,200, 720 and 480 out of validation, and
   * train on 750, 450 and 300 (1,500 rows); classes of 900 and 600 keep 720 and 480 and train on
   * 600 and 400 (the 1,000-row floor); classes of 50, 33 and 20 train on all they keep, 40, 26 and
   * 16; one class of 1,250 keeps exactly the 1,000 of the floor and trains on them all.
   */
  @Test
  void trialsTrainOnHalfOfEachClassButOnAThousandRowsAndAreMeasuredOnADisjointFifth() {
    assertTrialParts(new int[] {1500, 900, 600}, new int[] {750, 450, 300});
    assertTrialParts(new int[] {900, 600}, new int[] {600, 400});
    assertTrialParts(new int[] {50, 33, 20}, new int[] {40, 26, 16});
    assertTrialParts(new int[] {1250}, new int[] {1000});
  }

  private static void assertTrialParts(int[] sizes, int[] trained) {
    int n = java.util.Arrays.stream(sizes).sum();
    double[][] rows = new double[n][];
    int[] y = new int[n];
    for (int r = 0, c = 0, left = sizes[0]; r < n; r++, left--) {
      if (left == 0) {
        left = sizes[++c];
      }
      rows[r] = new double[] {r, 1};
      y[r] = c;
    }
    TaskData[] parts = LambdaSearch.trialParts(TaskData.of(rows, y), Calibration.defaults(), 7);
    boolean[] seen = new boolean[n];
    for (int c = 0; c < sizes.length; c++) {
      int[] counts = new int[2];
      for (int k = 0; k < 2; k++) {
        for (int r = 0; r < parts[k].size(); r++) {
          if (parts[k].label(r) == c) {
            counts[k]++;
            int id = (int) parts[k].feature(r, 0);
            assertFalse(seen[id], "row " + id + " is in both parts");
            seen[id] = true;
          }
        }
      }
      assertEquals(trained[c], counts[0], "class " + c + " of " + sizes[c] + " rows trains on");
      assertEquals(
          sizes[c] - Math.round(sizes[c] * 0.8), counts[1], "class " + c + " is measured on");
    }
  }

  /**
   * A λ that loses too much is lowered (the stability decay); when none keeps, the smallest tried
   * is used: 100 × 1e5, then half of it, both stop EWC from learning.
   */
  @Test
  void aLambdaThatLosesIsLoweredAndTheSmallestTriedIsTheFallback() {
    TaskReport r =
        secondTask(
            MethodSpec.of(Method.EWC).withLambda(1e5),
            new Calibration(0.01, 0.5, 0.2, 100, 3, 2000));
    assertEquals(5e6, r.lambda());
    assertEquals(3, r.lambdaTrials());
  }

  /**
   * A task the network already solves (within p of what fine-tuning reaches) starts its search no
   * lower than the previous task's λ; other tasks start from their own scale. With p = 0.99 every
   * task counts as solved and every trial keeps, so with one trial per task the λ never drops along
   * the sequence, although the fourth task's own scale is lower (as the p = 0.01 run, where the
   * tasks are not solved, shows).
   */
  @Test
  void anAlreadySolvedTaskStartsNoLowerThanThePreviousTasksLambda() {
    double[] solved = lambdas(new Calibration(0.99, 0.1, 0.2, 1, 2, 2000));
    for (int t = 2; t < 4; t++) {
      assertTrue(solved[t] >= solved[t - 1], java.util.Arrays.toString(solved));
    }
    assertEquals(solved[2], solved[3], java.util.Arrays.toString(solved));
    double[] own = lambdas(new Calibration(0.01, 0.1, 0.2, 1, 2, 2000));
    assertTrue(own[3] < own[2], "the fourth task's own scale: " + java.util.Arrays.toString(own));
  }

  /**
   * A task whose inputs tell nothing (every feature 0, labels half and half) ends fine-tuning's
   * trial where it started, at the guess: it is not solved, so its search starts from its own
   * scale, not from the previous task's λ. Counted as solved, every trial kept there and λ grew
   * tenfold per task (MAS: 7.3, 73, 730, 7,300).
   */
  @Test
  void aTaskFineTuningLeavesAtTheGuessIsNotSolvedAndItsLambdaDoesNotClimb() {
    ContinualLearner l = new ContinualLearner(config(MethodSpec.of(Method.MAS)).build(), 64);
    l.learnTask(DOMAIN.get(0).train(), 0, TrainingListener.NONE);
    int n = 200;
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2;
    }
    TaskData blank = new TaskData(new float[n * 64], 64, y);
    for (int t = 1; t < 5; t++) {
      l.learnTask(blank, t, TrainingListener.NONE);
    }
    double[] lambda = l.lambdaPerTask();
    for (int t = 1; t < 5; t++) {
      assertTrue(lambda[t] > 0, java.util.Arrays.toString(lambda));
    }
    assertTrue(lambda[4] < 10 * lambda[1], java.util.Arrays.toString(lambda));
  }

  /**
   * On a task already solved, fine-tuning's loss decrease is noise, so a trial is judged on the
   * accuracy: a second task that repeats the first keeps a λ 10⁴ times its scale and steps up from
   * it (the loss criterion, needing 90 % of a tiny decrease, would step down).
   */
  @Test
  void anAlreadySolvedTaskIsJudgedOnTheAccuracy() {
    double[] twoTrials = repeatedTask(2);
    double[] threeTrials = repeatedTask(3);
    assertEquals(10 * twoTrials[1], threeTrials[1], 1e-9 * threeTrials[1]);
  }

  private static double[] repeatedTask(int maxTrials) {
    Calibration c = new Calibration(0.1, 0.1, 0.2, 1e4, maxTrials, 2000);
    ContinualLearner l =
        new ContinualLearner(config(MethodSpec.of(Method.MAS)).calibration(c).build(), 64);
    l.learnTask(DOMAIN.get(0).train(), 0, TrainingListener.NONE);
    l.learnTask(DOMAIN.get(0).train(), 1, TrainingListener.NONE);
    return l.lambdaPerTask();
  }

  /** Learns split digits' first two domain-IL tasks with a given λ searched by c. */
  private static TaskReport secondTask(MethodSpec method, Calibration c) {
    return secondTask(Scenario.DOMAIN_INCREMENTAL, method, c);
  }

  /** Learns split digits' first two tasks of the scenario with λ searched by c. */
  private static TaskReport secondTask(Scenario scenario, MethodSpec method, Calibration c) {
    List<Task> tasks = Fixtures.splitDigits(scenario);
    ContinualLearner l = new ContinualLearner(config(scenario, method).calibration(c).build(), 64);
    l.learnTask(tasks.get(0).train(), 0, TrainingListener.NONE);
    return l.learnTask(tasks.get(1).train(), 1, TrainingListener.NONE);
  }

  private static double[] lambdas(Calibration c) {
    ContinualLearner l =
        new ContinualLearner(config(MethodSpec.of(Method.MAS)).calibration(c).build(), 64);
    for (int t = 0; t < 4; t++) {
      l.learnTask(DOMAIN.get(t).train(), t, TrainingListener.NONE);
    }
    return l.lambdaPerTask();
  }

  /**
   * A streamed task's rows are kept until λ is chosen, on the same rows and the same random stream
   * as the batch route: both choose the same λ. Meanwhile the rows train provisionally (predictions
   * follow the stream); once λ is chosen the task restarts from where it began and learns them
   * once, with it.
   */
  @Test
  void aStreamedTaskIsHeldChoosesTheBatchRoutesLambdaThenTrains() {
    LearnerConfig c = config(MethodSpec.of(Method.MAS)).build();
    ContinualLearner batch = new ContinualLearner(c, 64);
    ContinualLearner stream = new ContinualLearner(c, 64);
    TaskData first = DOMAIN.get(0).train();
    TaskData second = DOMAIN.get(1).train();
    batch.learnTask(first, 0, TrainingListener.NONE);
    stream.learnTask(first, 0, TrainingListener.NONE);
    double chosen = batch.learnTask(second, 1, TrainingListener.NONE).lambda();

    float[] before = stream.network().params().clone();
    stream.beginTask(1);
    int half = second.size() / 2;
    stream.update(slice(second, 0, half), 3);
    stream.update(slice(second, half, second.size()), 3);
    assertTrue(
        !java.util.Arrays.equals(before, stream.network().params()),
        "the kept rows train provisionally");
    TaskReport r = stream.endTask();
    assertEquals(chosen, r.lambda(), 1e-12 * chosen);
    assertTrue(r.lambdaTrials() >= 2);
    assertEquals(second.size() * 3L, r.examples(), "the held rows were trained, 3 passes");
    // Restarting the task must not cost the history its wall times (the saved form drops them).
    assertTrue(r.lambdaSeconds() > 0, "the search's cost is reported: " + r);
    TaskReport earlier = stream.history().get(0);
    assertTrue(
        Double.isFinite(earlier.trainSeconds()) && earlier.trainSeconds() > 0,
        "task 1's report survives the restart: " + earlier);
  }

  /**
   * A learner saved while a streamed task's rows are held for the λ decision, and read back, goes
   * on exactly as the one never saved: the held rows, their passes and the task's start state are
   * in the saved form (reading the held rows back as none would decide λ on the later rows only).
   */
  @Test
  void aLearnerSavedWhileRowsAreHeldGoesOnAsIfNeverSaved() {
    LearnerConfig c = config(MethodSpec.of(Method.MAS)).build();
    ContinualLearner stream = new ContinualLearner(c, 64);
    TaskData second = DOMAIN.get(1).train();
    stream.learnTask(DOMAIN.get(0).train(), 0, TrainingListener.NONE);
    stream.beginTask(1);
    int half = second.size() / 2;
    stream.update(slice(second, 0, half), 3);
    ContinualLearner read = ContinualLearner.fromBytes(stream.toBytes());
    assertArrayEquals(stream.toBytes(), read.toBytes(), "read back as saved");
    for (ContinualLearner l : List.of(stream, read)) {
      l.update(slice(second, half, second.size()), 3);
    }
    TaskReport a = stream.endTask();
    TaskReport b = read.endTask();
    assertEquals(a.lambda(), b.lambda(), "the same lambda from the same held rows");
    assertEquals(second.size() * 3L, b.examples(), "every held row trained, 3 passes");
    assertArrayEquals(stream.network().params(), read.network().params());
  }

  /**
   * LwF on a shared head gets λ 0 on a task the old network is at chance on, and the first task's λ
   * is 0 too, so the second task's kept rows trained provisionally with the λ that is then chosen:
   * that training stands, and the task ends bit for bit where the same stream with λ 0 given ends
   * (streamed fine-tuning, the rows trained as they arrived), whether λ is decided at the end of a
   * short task or once enough rows are held. Retraining them in passes over all the kept rows, as a
   * chosen λ above 0 does, would end elsewhere.
   */
  @Test
  void aLambdaOfZeroAfterZeroKeepsTheStreamedTrainingBitForBit() {
    int[][] blocks = {{0, 40}, {40, 80}, {80, 93}, {93, 160}};
    TaskData second = DOMAIN.get(1).train();
    for (int hold : new int[] {2000, 100}) {
      Calibration c = new Calibration(0.1, 0.1, 0.2, 1, 3, hold);
      ContinualLearner auto =
          new ContinualLearner(config(MethodSpec.of(Method.LWF)).calibration(c).build(), 64);
      LearnerConfig given =
          config(MethodSpec.of(Method.LWF).withLambda(0)).calibration(null).build();
      ContinualLearner zero = new ContinualLearner(given, 64);
      ContinualLearner once = new ContinualLearner(given, 64);
      for (ContinualLearner l : List.of(auto, zero, once)) {
        l.learnTask(DOMAIN.get(0).train(), 0, TrainingListener.NONE);
        l.beginTask(1);
      }
      for (int[] b : blocks) {
        TaskData block = slice(second, b[0], b[1]);
        auto.update(block, 3);
        zero.update(block, 3);
      }
      once.update(slice(second, 0, 160), 3);
      TaskReport r = auto.endTask();
      zero.endTask();
      once.endTask();
      assertEquals(0, r.lambda(), "hold " + hold);
      assertEquals(1, r.lambdaTrials(), "the reference alone, hold " + hold);
      assertEquals(160 * 3L, r.examples(), "hold " + hold);
      assertArrayEquals(zero.network().params(), auto.network().params(), "hold " + hold);
      assertFalse(
          java.util.Arrays.equals(once.network().params(), auto.network().params()),
          "the same rows in one batch train differently");
    }
  }

  /**
   * Once enough rows are kept, λ is chosen on them and the task restarts: each row is trained once
   * with that λ, the provisional pass undone.
   */
  @Test
  void aLongStreamDecidesWhenEnoughRowsAreKept() {
    LearnerConfig c =
        config(MethodSpec.of(Method.SI))
            .calibration(new Calibration(0.2, 0.1, 0.2, 1, 3, 100))
            .build();
    ContinualLearner l = new ContinualLearner(c, 64);
    l.learnTask(DOMAIN.get(0).train(), 0, TrainingListener.NONE);
    l.beginTask(1);
    TaskData rows = DOMAIN.get(1).train();
    l.update(slice(rows, 0, 60));
    l.update(slice(rows, 60, 120)); // 120 >= 100
    l.update(slice(rows, 120, 150));
    TaskReport r = l.endTask();
    assertEquals(150, r.examples(), "each row trained once: the provisional pass was undone");
    assertTrue(r.lambda() > 0);
    assertTrue(r.lambdaTrials() >= 2);
  }

  /**
   * The stability bound by hand: L2's importance is 1 for every parameter and its strength s = λ,
   * so after one task plain SGD at learning rate 0.1 and momentum 0.9 is stable for λ below (1 +
   * 0.9) / (0.1 · 1) = 19. λ 19 itself is refused before anything trains, 15 trains; Adam, and an
   * empty memory, have no bound.
   */
  @Test
  void theStabilityBoundByHandAndItsEdge() {
    LearnerConfig sgd =
        config(MethodSpec.of(Method.L2)).optimiser(OptimiserSpec.sgd(0.1, 0.9)).build();
    ContinualLearner l = new ContinualLearner(sgd, 64);
    assertEquals(Double.POSITIVE_INFINITY, LambdaSearch.sgdStableLambda(l), "nothing to hold yet");
    l.learnTask(DOMAIN.get(0).train(), 0, TrainingListener.NONE);
    assertEquals(19, LambdaSearch.sgdStableLambda(l), 1e-9);
    for (double lambda : new double[] {19, 15}) {
      ContinualLearner given =
          new ContinualLearner(
              sgd.toBuilder().method(MethodSpec.of(Method.L2).withLambda(lambda)).build(), 64);
      given.learnTask(DOMAIN.get(0).train(), 0, TrainingListener.NONE);
      if (lambda >= 19) {
        IllegalArgumentException e =
            assertThrows(
                IllegalArgumentException.class,
                () -> given.learnTask(DOMAIN.get(1).train(), 1, TrainingListener.NONE));
        assertTrue(e.getMessage().contains("below 19.00"), e.getMessage());
      } else {
        assertEquals(
            lambda, given.learnTask(DOMAIN.get(1).train(), 1, TrainingListener.NONE).lambda());
      }
    }
    ContinualLearner adam = new ContinualLearner(config(MethodSpec.of(Method.L2)).build(), 64);
    adam.learnTask(DOMAIN.get(0).train(), 0, TrainingListener.NONE);
    assertEquals(Double.POSITIVE_INFINITY, LambdaSearch.sgdStableLambda(adam));
  }

  /**
   * Until a streamed task's own λ is chosen, its rows train with the last λ chosen (a task with λ 0
   * in between does not count), or with the given λ; the given λ is checked against SGD's bound
   * before the stream trains.
   */
  @Test
  void aStreamedTaskTrainsProvisionallyWithTheLastChosenOrTheGivenLambda() {
    ContinualLearner auto = new ContinualLearner(config(MethodSpec.of(Method.MAS)).build(), 64);
    auto.learnTask(DOMAIN.get(0).train(), 0, TrainingListener.NONE);
    double chosen = auto.learnTask(DOMAIN.get(1).train(), 1, TrainingListener.NONE).lambda();
    assertTrue(chosen > 0);
    auto.beginTask(2);
    assertEquals(chosen, auto.method().lambda());

    ContinualLearner given =
        new ContinualLearner(
            config(MethodSpec.of(Method.MAS).withLambda(7)).calibration(null).build(), 64);
    given.learnTask(DOMAIN.get(0).train(), 0, TrainingListener.NONE);
    given.beginTask(1);
    assertEquals(7, given.method().lambda());

    ContinualLearner unstable =
        new ContinualLearner(
            config(MethodSpec.of(Method.L2).withLambda(19))
                .optimiser(OptimiserSpec.sgd(0.1, 0.9))
                .calibration(null)
                .build(),
            64);
    unstable.learnTask(DOMAIN.get(0).train(), 0, TrainingListener.NONE);
    assertThrows(IllegalArgumentException.class, () -> unstable.beginTask(1));
    assertEquals(-1, unstable.openTask(), "no task was opened");
  }

  /**
   * Plain SGD diverges on the quadratic penalty above a λ that depends on the learning rate and the
   * largest importance: a given λ above it is refused before anything trains, and an automatic λ
   * stays below it (the default combination of EWC and SGD never produces garbage).
   */
  @Test
  void sgdStaysBelowItsStabilityBound() {
    LearnerConfig auto =
        config(MethodSpec.of(Method.EWC)).optimiser(OptimiserSpec.sgd(0.1, 0.9)).build();
    ContinualLearner probe = new ContinualLearner(auto, 64);
    probe.learnTask(DOMAIN.get(0).train(), 0, TrainingListener.NONE);
    double limit = LambdaSearch.sgdStableLambda(probe);
    assertTrue(Double.isFinite(limit), "EWC's memory bounds SGD's λ");
    // the same first task (λ plays no part in it), then a λ ten times the bound
    ContinualLearner l =
        new ContinualLearner(
            auto.toBuilder().method(MethodSpec.of(Method.EWC).withLambda(10 * limit)).build(), 64);
    l.learnTask(DOMAIN.get(0).train(), 0, TrainingListener.NONE);
    byte[] state = l.toBytes();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> l.learnTask(DOMAIN.get(1).train(), 1, TrainingListener.NONE));
    assertTrue(e.getMessage().contains("diverges on the ewc penalty"), e.getMessage());
    assertArrayEquals(state, l.toBytes(), "the learner is unchanged");

    ContinualLearner a = new ContinualLearner(auto, 64);
    double[] bounds = new double[3];
    List<String> said =
        Fixtures.said(
            LambdaSearch.class,
            () -> {
              for (int t = 0; t < 3; t++) {
                bounds[t] = LambdaSearch.sgdStableLambda(a); // the memory the task trains against
                a.learnTask(DOMAIN.get(t).train(), t, TrainingListener.NONE);
              }
            });
    for (int t = 0; t < 3; t++) {
      double lambda = a.lambdaPerTask()[t];
      assertTrue(lambda < bounds[t], "λ " + lambda + " bound " + bounds[t]);
    }
    assertTrue(a.accuracy(DOMAIN.get(2).test(), 2) > 0.8);
    // The bound already stops the search on the second task: it is said there, and not again
    for (int t = 1; t < 3; t++) {
      assertTrue(a.lambdaPerTask()[t] <= bounds[t] / 2, "λ " + a.lambdaPerTask()[t]);
    }
    List<String> bound = said.stream().filter(m -> m.contains("plain SGD")).toList();
    assertEquals(1, bound.size(), "" + said);
    assertTrue(bound.get(0).startsWith("task 2: plain SGD at learning rate 0.1"), bound.get(0));
    assertTrue(
        bound.get(0).contains(String.format(java.util.Locale.ROOT, "%.4g", bounds[1])),
        bound.get(0));

    // A given λ ten times the bound, with calibration on, would start the search above it: the
    // start is cut to half the bound before any trial, and that is said too
    ContinualLearner g =
        new ContinualLearner(
            auto.toBuilder()
                .method(MethodSpec.of(Method.EWC).withLambda(10 * limit))
                .calibration(new Calibration(0.99, 0.5, 0.2, 3, 2, 2000))
                .build(),
            64);
    g.learnTask(DOMAIN.get(0).train(), 0, TrainingListener.NONE);
    double[] third = new double[1];
    List<String> cut =
        Fixtures.said(
            LambdaSearch.class,
            () -> {
              g.learnTask(DOMAIN.get(1).train(), 1, TrainingListener.NONE);
              third[0] = LambdaSearch.sgdStableLambda(g);
              g.learnTask(DOMAIN.get(2).train(), 2, TrainingListener.NONE);
            });
    assertEquals(limit / 2, g.lambdaPerTask()[1], limit * 1e-12, "p = 0.99 keeps the cut start");
    assertEquals(third[0] / 2, g.lambdaPerTask()[2], third[0] * 1e-12, "cut again");
    assertEquals(1, cut.stream().filter(m -> m.contains("plain SGD")).count(), "once: " + cut);

    // Adam has no such bound, and nothing about it is said, even when the search raises λ (every
    // trial keeps at p = 0.99)
    ContinualLearner adam =
        new ContinualLearner(
            config(MethodSpec.of(Method.EWC).withLambda(1))
                .calibration(new Calibration(0.99, 0.5, 0.2, 3, 3, 2000))
                .build(),
            64);
    List<String> none =
        Fixtures.said(
            LambdaSearch.class,
            () -> {
              for (int t = 0; t < 3; t++) {
                adam.learnTask(DOMAIN.get(t).train(), t, TrainingListener.NONE);
              }
            });
    assertTrue(adam.lambdaPerTask()[1] > 3, "raised: " + adam.lambdaPerTask()[1]);
    assertTrue(none.stream().noneMatch(m -> m.contains("plain SGD")), "" + none);
  }

  /**
   * A task too small to choose λ on uses the previous task's, and the learner says so once: a
   * stream whose task changes every few rows would otherwise say it on every task. The message
   * names the task as the adapter does ({@link ContinualLearner#nameTasks}).
   */
  @Test
  void aTaskTooSmallToChooseLambdaOnIsSaidOnceAndUsesThePreviousLambda() {
    ContinualLearner l = new ContinualLearner(config(MethodSpec.of(Method.EWC)).build(), 64);
    l.nameTasks(id -> "task " + (id + 1) + " of 5"); // as an adapter numbering from 1 does
    double[] chosen = new double[1];
    List<String> all =
        Fixtures.said(
            LambdaSearch.class,
            () -> {
              l.learnTask(DOMAIN.get(0).train(), 0, TrainingListener.NONE);
              chosen[0] = l.learnTask(DOMAIN.get(1).train(), 1, TrainingListener.NONE).lambda();
              assertTrue(chosen[0] > 0, "searched: " + chosen[0]);
              for (int t = 2; t < 5; t++) {
                TaskReport r =
                    l.learnTask(slice(DOMAIN.get(t).train(), 0, 2), t, TrainingListener.NONE);
                assertEquals(chosen[0], r.lambda(), "the previous task's lambda");
                assertEquals(0, r.lambdaTrials());
              }
            });
    List<String> said = all.stream().filter(m -> m.contains("too few to choose lambda")).toList();
    assertEquals(1, said.size(), "" + said);
    assertTrue(said.get(0).startsWith("task 3 of 5 has 2 examples"), said.get(0));
    assertTrue(said.get(0).contains("the previous task's"), said.get(0));

    // the second task, too small: there is no previous lambda, and no protection, which is said
    ContinualLearner fresh = new ContinualLearner(config(MethodSpec.of(Method.EWC)).build(), 64);
    List<String> second =
        Fixtures.said(
            LambdaSearch.class,
            () -> {
              fresh.learnTask(DOMAIN.get(0).train(), 0, TrainingListener.NONE);
              assertEquals(
                  0,
                  fresh
                      .learnTask(slice(DOMAIN.get(1).train(), 0, 2), 1, TrainingListener.NONE)
                      .lambda());
            });
    assertTrue(
        second.stream()
            .anyMatch(
                m -> m.contains("it uses 0 (no protection: no earlier task has a lambda above 0)")),
        "" + second);
  }

  /**
   * The search's messages print λ as the reports do, whatever its size and the default locale: the
   * logger formats a number parameter with the locale's grouping and three decimals, so a λ of
   * 2.5e-6 read "it uses 0" and, under a German locale, 1234.5 read "1.234,5".
   */
  @Test
  void theMessagesPrintLambdaWhateverItsSizeAndTheLocale() {
    java.util.Locale locale = java.util.Locale.getDefault();
    try {
      java.util.Locale.setDefault(java.util.Locale.GERMANY);
      for (double given : new double[] {2.5e-6, 1234.5}) {
        ContinualLearner l =
            new ContinualLearner(
                config(MethodSpec.of(Method.EWC).withLambda(given))
                    .calibration(Calibration.defaults())
                    .build(),
                64);
        List<String> said =
            Fixtures.said(
                LambdaSearch.class,
                () -> {
                  l.learnTask(DOMAIN.get(0).train(), 0, TrainingListener.NONE);
                  l.learnTask(slice(DOMAIN.get(1).train(), 0, 2), 1, TrainingListener.NONE);
                });
        String expected =
            "it uses " + String.format(java.util.Locale.ROOT, "%.4g", given) + ", the given lambda";
        assertTrue(said.stream().anyMatch(m -> m.contains(expected)), expected + " in " + said);
      }
    } finally {
      java.util.Locale.setDefault(locale);
    }
  }

  /**
   * The search's start grows as 1 / (learning rate)²: with Adam at 1e-25 it passed the float range,
   * the penalty's strength became infinite and the task diverged, advising a lower learning rate.
   * The search stays where the step's float arithmetic is finite, and the task trains.
   */
  @ParameterizedTest
  @EnumSource(
      value = Method.class,
      names = {"EWC", "MAS", "SI", "L2"})
  void anAbsurdlySmallLearningRateDoesNotMakeTheAutomaticLambdaOverflow(Method method) {
    ContinualLearner l =
        new ContinualLearner(
            config(MethodSpec.of(method)).optimiser(OptimiserSpec.adam(1e-25)).build(), 64);
    l.learnTask(DOMAIN.get(0).train(), 0, TrainingListener.NONE);
    double lambda = l.learnTask(DOMAIN.get(1).train(), 1, TrainingListener.NONE).lambda();
    assertTrue(lambda > 0 && lambda <= 1e30, "λ " + lambda); // LambdaSearch.FLOAT_SAFE at most
  }

  /** Rows [from, to) of data, in order. */
  private static TaskData slice(TaskData data, int from, int to) {
    return data.subset(java.util.stream.IntStream.range(from, to).toArray());
  }
}
