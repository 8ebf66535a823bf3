package org.engram.cl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.engram.cl.data.Scenario;
import org.engram.cl.data.Task;
import org.engram.cl.data.TaskData;
import org.engram.cl.method.Method;
import org.engram.cl.method.MethodSpec;
import org.engram.cl.optim.OptimiserSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A streamed update that fails leaves the learner exactly as it was (parameters, optimiser state,
 * the method's path state, random stream, step counts: its saved bytes), whether it failed before
 * changing anything (a non-finite loss) or after its steps had (non-finite parameters), in one step
 * or several; and the learner then trains on exactly as a copy taken before the failure does. The
 * undo copies into arrays kept from one update to the next, so failures and successes alternate
 * here to show that a restore never leaves those arrays shared with the live state.
 */
class FailedUpdateTest {
  static final List<Task> DOMAIN = Fixtures.splitDigits(Scenario.DOMAIN_INCREMENTAL);
  static final int BATCH = 32;

  static ContinualLearner learner(Method method, OptimiserSpec optimiser) {
    MethodSpec spec =
        method.hasLambda() ? MethodSpec.of(method).withLambda(1) : MethodSpec.of(method);
    LearnerConfig config =
        Fixtures.config(Scenario.DOMAIN_INCREMENTAL, spec, 4).toBuilder()
            .hidden(16)
            .epochs(1)
            .batchSize(BATCH)
            .optimiser(optimiser)
            .build();
    return new ContinualLearner(config, 64);
  }

  static OptimiserSpec optimiser(String name) {
    return switch (name) {
      case "adam" -> OptimiserSpec.adam(0.01);
      case "momentum" -> OptimiserSpec.sgd(0.01, 0.9);
      default -> OptimiserSpec.sgd(0.01, 0);
    };
  }

  static TaskData rows(int from, int n) {
    return DOMAIN.get(1).train().subset(IntStream.range(from, from + n).toArray());
  }

  /**
   * A failure found before the step changes anything: with one output weight not a number, every
   * logit is, and so is the loss.
   */
  static void assertUndoneBeforeTheStep(ContinualLearner l, int rows) {
    float[] p = l.network().params();
    float kept = p[p.length - 1];
    p[p.length - 1] = Float.NaN;
    assertUndone(l, rows(100, rows), "loss is NaN");
    l.network().params()[p.length - 1] = kept;
  }

  static void assertUndone(ContinualLearner l, TaskData batch, String what) {
    byte[] before = l.toBytes();
    TrainingDivergedException e =
        assertThrows(TrainingDivergedException.class, () -> l.update(batch));
    assertTrue(e.getMessage().contains(what), e.getMessage());
    assertArrayEquals(before, l.toBytes(), "a failed update (" + what + ") changed the learner");
  }

  /**
   * @param rows rows of the failing updates: one minibatch (one step) or three
   */
  @ParameterizedTest
  @CsvSource({
    "FINE_TUNE, adam, 32",
    "FINE_TUNE, momentum, 96",
    "EWC, adam, 32",
    "EWC, momentum, 96",
    "EWC, plain, 32",
    "SI, adam, 32",
    "SI, adam, 96",
    "SI, momentum, 32"
  })
  void aFailedUpdateLeavesTheLearnerAsItWasAndItTrainsOnAsACopyDoes(
      Method method, String optimiser, int rows) {
    ContinualLearner l = learner(method, optimiser(optimiser));
    l.learnTask(DOMAIN.get(0).train(), 0, TrainingListener.NONE);
    l.beginTask(1);
    l.update(rows(0, 3 * BATCH));
    l.update(rows(96, BATCH));
    assertUndoneBeforeTheStep(l, rows);
    l.update(rows(128, BATCH));
    assertUndoneBeforeTheStep(l, rows);
    if (method.hasLambda()) {
      // a penalty whose gradient overflows: found in the parameters (or the next step's loss),
      // after a step changed them
      l.method().setLambda(1e300);
      assertUndone(l, rows(100, rows), "diverged");
      assertUndone(l, rows(100, rows), "diverged");
      l.method().setLambda(1);
    }
    ContinualLearner copy = l.copy();
    l.update(rows(160, 2 * BATCH));
    copy.update(rows(160, 2 * BATCH));
    assertArrayEquals(copy.toBytes(), l.toBytes(), "the restored learner trains on differently");
    if (method.hasLambda()) {
      l.method().setLambda(1e300);
      assertUndone(l, rows(0, rows), "diverged");
    }
  }

  /**
   * A step whose own loss is finite but which writes non-finite parameters, as the last step of a
   * task or of an update: no later loss sees it, only the check of the parameters (PIT: a learner
   * that forgot the step's report kept the infinite weights in silence). Plain SGD at a learning
   * rate of 1e300 and no penalty, so that neither the loss nor a penalty's value can fail first.
   */
  @org.junit.jupiter.api.Test
  void aLastStepThatWritesNonFiniteParametersFailsAndChangesNothing() {
    ContinualLearner l = learner(Method.FINE_TUNE, OptimiserSpec.sgd(1e300, 0));
    byte[] fresh = l.toBytes();
    TrainingDivergedException e =
        assertThrows(
            TrainingDivergedException.class,
            () -> l.learnTask(rows(0, BATCH), 0, TrainingListener.NONE));
    assertTrue(e.getMessage().contains("parameter "), e.getMessage());
    assertArrayEquals(fresh, l.toBytes(), "a failed task changed the learner");

    ContinualLearner streamed = learner(Method.FINE_TUNE, OptimiserSpec.sgd(1e300, 0));
    streamed.beginTask(0);
    assertUndone(streamed, rows(0, BATCH), "parameter ");
  }

  /**
   * A finite but huge input (an unscaled 1e30 in one cell) makes plain SGD diverge at any
   * reasonable learning rate: the message names the value and its example, so that the advice to
   * lower them is not all it says. Ordinary inputs add nothing to the message.
   */
  @org.junit.jupiter.api.Test
  void aDivergenceFromAHugeInputNamesTheValueAndItsExample() {
    TaskData all = org.engram.cl.data.Digits.load();
    float[] x = all.features().clone();
    x[5 * 64 + 3] = 1e30f;
    TaskData huge = new TaskData(x, 64, all.labels());
    ContinualLearner l =
        new ContinualLearner(
            LearnerConfig.builder()
                .hidden(16)
                .epochs(3)
                .batchSize(BATCH)
                .optimiser(OptimiserSpec.sgd(0.1, 0))
                .method(MethodSpec.of(Method.FINE_TUNE))
                .build(),
            64);
    List<String> said = new java.util.ArrayList<>();
    java.util.logging.Logger logger =
        java.util.logging.Logger.getLogger(ContinualLearner.class.getName());
    java.util.logging.Handler handler =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord r) {
            said.add(java.text.MessageFormat.format(r.getMessage(), r.getParameters()));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(handler);
    TrainingDivergedException e;
    try {
      e =
          assertThrows(
              TrainingDivergedException.class, () -> l.learnTask(huge, 0, TrainingListener.NONE));
      assertThrows(
          TrainingDivergedException.class, () -> l.learnTask(huge, 0, TrainingListener.NONE));
    } finally {
      logger.removeHandler(handler);
    }
    assertEquals(1, said.size(), "said once: " + said);
    assertTrue(
        said.get(0).startsWith("the inputs reach 1.0E30 (example 5, feature 3)"), said.get(0));
    // said once also where a λ search trains copies of the learner on the same rows
    said.clear();
    float[] y = DOMAIN.get(1).train().features().clone();
    y[3] = 1e5f;
    TaskData large = new TaskData(y, 64, DOMAIN.get(1).train().labels());
    ContinualLearner searched =
        new ContinualLearner(
            learner(Method.EWC, optimiser("adam")).config().toBuilder()
                .method(MethodSpec.of(Method.EWC))
                .build(),
            64);
    logger.addHandler(handler);
    try {
      searched.learnTask(DOMAIN.get(0).train(), 0, TrainingListener.NONE);
      assertTrue(searched.learnTask(large, 1, TrainingListener.NONE).lambdaTrials() > 0);
    } finally {
      logger.removeHandler(handler);
    }
    assertEquals(1, said.size(), "said once with a λ search too: " + said);
    assertTrue(
        e.getMessage().contains("the inputs reach 1.0E30 (example 5, feature 3): scale the data"),
        e.getMessage());
    ContinualLearner ordinary =
        new ContinualLearner(
            learner(Method.EWC, optimiser("adam")).config().toBuilder()
                .method(MethodSpec.of(Method.EWC).withLambda(1e300))
                .build(),
            64);
    ordinary.learnTask(DOMAIN.get(0).train(), 0, TrainingListener.NONE);
    TrainingDivergedException plain =
        assertThrows(
            TrainingDivergedException.class,
            () -> ordinary.learnTask(DOMAIN.get(1).train(), 1, TrainingListener.NONE));
    org.junit.jupiter.api.Assertions.assertFalse(
        plain.getMessage().contains("inputs reach"), plain.getMessage());
  }
}
