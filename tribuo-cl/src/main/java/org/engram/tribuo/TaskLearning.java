package org.engram.tribuo;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Logger;
import org.engram.cl.ContinualLearner;
import org.engram.cl.LearnerConfig;
import org.engram.cl.TaskReport;
import org.engram.cl.TrainingListener;
import org.tribuo.Dataset;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.classification.Label;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.TrainerProvenance;

/**
 * Learning one task through Tribuo: the data are checked and converted before anything trains, the
 * core learner learns the task (a new learner for a first task, a deep copy of the previous model's
 * for the next), and a new {@link ContinualModel} records the task's report and provenance. The
 * previous model is never touched.
 */
final class TaskLearning {
  private static final Logger logger = Logger.getLogger(ContinualTrainer.class.getName());

  private static final List<String> RUN_KEYS =
      List.of(
          ContinualModel.PREVIOUS_MODEL_PROVENANCE,
          ContinualModel.LAMBDA_PROVENANCE,
          ContinualModel.LAMBDA_TRIALS_PROVENANCE,
          ContinualModel.LAMBDA_SECONDS_PROVENANCE);

  private TaskLearning() {}

  /**
   * What a training call reads of the trainer, taken at once.
   *
   * @param config the learner's configuration
   * @param provenance the trainer's provenance
   * @param taskKey the metadata key of the task id
   * @param featureNames the declared inputs (empty: the first task's, in natural order)
   */
  record Plan(
      LearnerConfig config,
      TrainerProvenance provenance,
      String taskKey,
      List<String> featureNames) {}

  /**
   * @return the model after the first task
   * @throws IllegalArgumentException on invalid data, naming the example and feature
   */
  static ContinualModel first(Plan plan, Dataset<Label> examples, Map<String, Provenance> run) {
    checkRunProvenance(run);
    TribuoData.Inputs inputs =
        plan.featureNames().isEmpty()
            ? TribuoData.firstInputs(examples)
            : TribuoData.declaredInputs(plan.featureNames(), examples);
    ImmutableOutputInfo<Label> labels = TribuoData.growLabelDomain(null, examples);
    TribuoData.Converted data =
        TribuoData.toTaskData(
            examples, inputs, labels, plan.config().headMode(), plan.taskKey(), 0);
    logUnknown(0, data);
    ContinualLearner learner = new ContinualLearner(plan.config(), inputs.size());
    TaskReport report = learn(learner, data, 0);
    return new ContinualModel(
        plan.config().method().method().token() + "-continual-mlp",
        provenance(plan, examples, run, report, null),
        inputs,
        labels,
        learner,
        plan.taskKey(),
        data.unknownFeatures(),
        List.of(report));
  }

  /**
   * Learns one task; its messages (a divergence, the λ search's log) name the task as Tribuo users
   * count a model's tasks, from 1 (the core would name it by its id, with a task key the key's
   * value).
   *
   * @param task how many tasks the model had learned before this one
   */
  private static TaskReport learn(ContinualLearner learner, TribuoData.Converted data, int task) {
    learner.nameTasks(id -> "the model's task " + (task + 1));
    return learner.learnTask(data.data(), data.taskId(), TrainingListener.NONE);
  }

  /**
   * @return a new model that has learned one more task than {@code previous}
   * @throws IllegalArgumentException on invalid data or an incompatible previous model
   */
  static ContinualModel next(
      Plan plan, Dataset<Label> examples, ContinualModel previous, Map<String, Provenance> run) {
    checkRunProvenance(run);
    checkCompatible(previous, plan);
    TribuoData.Inputs inputs = previous.inputs();
    ImmutableOutputInfo<Label> labels =
        TribuoData.growLabelDomain(previous.getOutputIDInfo(), examples);
    int task = previous.tasksLearned();
    TribuoData.Converted data =
        TribuoData.toTaskData(
            examples, inputs, labels, plan.config().headMode(), plan.taskKey(), task);
    logUnknown(task, data);
    ContinualLearner learner = previous.learnerCopy();
    TaskReport report = learn(learner, data, task);
    List<TaskReport> history = new ArrayList<>(previous.history());
    history.add(report);
    return new ContinualModel(
        previous.getName(),
        provenance(plan, examples, run, report, previous),
        inputs,
        labels,
        learner,
        plan.taskKey(),
        data.unknownFeatures(),
        history);
  }

  private static void checkRunProvenance(Map<String, Provenance> run) {
    if (run == null) {
      throw new IllegalArgumentException("runProvenance must not be null (use an empty map)");
    }
    for (String key : RUN_KEYS) {
      if (run.containsKey(key)) {
        throw new IllegalArgumentException(
            "runProvenance key '" + key + "' is reserved: tribuo-cl records it itself");
      }
    }
  }

  /** The task's provenance: the data, the trainer, and λ with its cost and the previous model. */
  private static ModelProvenance provenance(
      Plan plan,
      Dataset<Label> examples,
      Map<String, Provenance> given,
      TaskReport report,
      ContinualModel previous) {
    Map<String, Provenance> run = new HashMap<>(given);
    run.put(
        ContinualModel.LAMBDA_PROVENANCE,
        new DoubleProvenance(ContinualModel.LAMBDA_PROVENANCE, report.lambda()));
    run.put(
        ContinualModel.LAMBDA_TRIALS_PROVENANCE,
        new IntProvenance(ContinualModel.LAMBDA_TRIALS_PROVENANCE, report.lambdaTrials()));
    run.put(
        ContinualModel.LAMBDA_SECONDS_PROVENANCE,
        new DoubleProvenance(ContinualModel.LAMBDA_SECONDS_PROVENANCE, report.lambdaSeconds()));
    if (previous != null) {
      run.put(ContinualModel.PREVIOUS_MODEL_PROVENANCE, previous.getProvenance());
    }
    return new ModelProvenance(
        ContinualModel.class.getName(),
        OffsetDateTime.now(),
        examples.getProvenance(),
        plan.provenance(),
        run);
  }

  /**
   * @param task how many tasks the model had learned before this one (0 for the first)
   */
  private static void logUnknown(int task, TribuoData.Converted data) {
    if (data.unknownFeatures() > 0) {
      logger.info(
          String.format(
              Locale.ROOT,
              "the model's task %d: %d feature name(s) unknown to the model (%d values) were"
                  + " ignored; the feature domain is fixed by the first task (or featureNames)",
              task + 1, // counted from 1, as the other messages and the command line count tasks
              data.unknownFeatures(),
              data.unknownValues()));
    }
  }

  /** Checks that the previous model was trained with the plan's settings (its seed aside). */
  private static void checkCompatible(ContinualModel previous, Plan plan) {
    LearnerConfig had = previous.learnerConfig();
    LearnerConfig want = plan.config();
    List<String> d = new ArrayList<>();
    differ(d, "hiddenSizes", Arrays.toString(had.hidden()), Arrays.toString(want.hidden()));
    differ(d, "headMode", had.headMode(), want.headMode());
    differ(d, "optimiser/learningRate/momentum", had.optimiser(), want.optimiser());
    differ(d, "epochs", had.epochs(), want.epochs());
    differ(d, "minibatchSize", had.batchSize(), want.batchSize());
    differ(d, "method", had.method(), want.method());
    differ(d, "replaySize", had.replaySize(), want.replaySize());
    differ(d, "calibrate/calibrateP/calibrateTrials", had.lambdaSearch(), want.lambdaSearch());
    differ(d, "keepOptimiserState", had.keepOptimiserState(), want.keepOptimiserState());
    differ(d, "activation", had.activation(), want.activation());
    differ(d, "initialisation", had.initialisation(), want.initialisation());
    differ(d, "taskKey", previous.getTaskKey(), plan.taskKey());
    if (!plan.featureNames().isEmpty()) {
      differ(d, "featureNames", previous.inputFeatureNames(), plan.featureNames());
    }
    if (!d.isEmpty()) {
      throw new IllegalArgumentException(
          "the previous model was trained by "
              + previous.getProvenance().getTrainerProvenance().getClassName()
              + " with other settings (previous vs this trainer): "
              + String.join("; ", d));
    }
  }

  private static void differ(List<String> out, String field, Object had, Object want) {
    if (!Objects.equals(had, want)) {
      out.add(field + " " + had + " vs " + want);
    }
  }
}
