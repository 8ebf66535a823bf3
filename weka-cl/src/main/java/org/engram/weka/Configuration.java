package org.engram.weka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.engram.cl.Calibration;
import org.engram.cl.HeadMode;
import org.engram.cl.LearnerConfig;
import org.engram.cl.method.Hyperparameter;
import org.engram.cl.method.Method;
import org.engram.cl.method.MethodSpec;
import org.engram.cl.optim.OptimiserSpec;

/**
 * What ContinualMLP's option values mean for the core: the learner's configuration, and which
 * options a configuration does not read (so that none is accepted and then silently ignored: the
 * command line refuses them, a build names them in Weka's log).
 */
public final class Configuration {
  private Configuration() {}

  /**
   * The core learner's configuration. Hyperparameters are set only where they differ from the
   * core's defaults and the configuration reads them; λ left automatic is chosen per task by the
   * core.
   *
   * @param v every option's value
   * @param numClasses class labels in the header
   * @return the configuration
   * @throws IllegalArgumentException if the core refuses the combination
   */
  public static LearnerConfig learnerConfig(Map<WekaOption, Object> v, int numClasses) {
    Map<WekaOption, String> unused = unused(v);
    MethodSpec spec = MethodSpec.of((Method) v.get(WekaOption.METHOD));
    for (WekaOption o : WekaOption.values()) {
      Hyperparameter<?> p = o.hyperparameter();
      if (p != null && !unused.containsKey(o) && !Objects.equals(v.get(o), p.defaultValue())) {
        spec = with(spec, p, v.get(o));
      }
    }
    double lr = (Double) v.get(WekaOption.LEARNING_RATE);
    OptimiserSpec optimiser =
        v.get(WekaOption.OPTIMIZER) == OptimiserSpec.Kind.SGD
            ? OptimiserSpec.sgd(lr, (Double) v.get(WekaOption.MOMENTUM))
            : OptimiserSpec.adam(lr);
    boolean calibrate = (Boolean) v.get(WekaOption.CALIBRATE);
    double p = (Double) v.get(WekaOption.CALIBRATE_P);
    int trials = (Integer) v.get(WekaOption.CALIBRATE_TRIALS);
    // Search settings only where something was said about the search (null: an automatic λ's
    // search runs with the core's defaults).
    boolean said =
        calibrate
            || (spec.automaticLambda()
                && (!Objects.equals(p, WekaOption.CALIBRATE_P.defaultValue())
                    || !Objects.equals(trials, WekaOption.CALIBRATE_TRIALS.defaultValue())));
    return LearnerConfig.builder()
        .hidden(WekaOption.hiddenSizes((String) v.get(WekaOption.HIDDEN)))
        .headMode((Boolean) v.get(WekaOption.PER_TASK_HEADS) ? HeadMode.PER_TASK : HeadMode.SHARED)
        .optimiser(optimiser)
        .epochs((Integer) v.get(WekaOption.EPOCHS))
        .batchSize((Integer) v.get(WekaOption.BATCH_SIZE))
        .seed((Integer) v.get(WekaOption.SEED))
        .method(spec)
        .maxClasses(Math.max(1, numClasses))
        .replaySize((Integer) v.get(WekaOption.REPLAY_SIZE))
        .calibration(said ? Calibration.of(p, trials) : null)
        .keepOptimiserState((Boolean) v.get(WekaOption.KEEP_OPTIMISER_STATE))
        .build();
  }

  @SuppressWarnings("unchecked")
  private static <T> MethodSpec with(MethodSpec spec, Hyperparameter<T> p, Object value) {
    return spec.with(p, (T) value);
  }

  /**
   * The options a configuration does not read, each with the reason.
   *
   * @param v every option's value
   * @return option to reason, in the dialog's order (empty when every option is read)
   */
  public static Map<WekaOption, String> unused(Map<WekaOption, Object> v) {
    Method method = (Method) v.get(WekaOption.METHOD);
    Map<WekaOption, String> out = new LinkedHashMap<>();
    for (WekaOption o : WekaOption.values()) {
      Hyperparameter<?> p = o.hyperparameter();
      if (p != null && !method.uses(p)) {
        out.put(o, method.label() + " does not read " + p.name() + reads(method));
      }
    }
    if (method.uses(Hyperparameter.WARMUP_EPOCHS) && !(Boolean) v.get(WekaOption.PER_TASK_HEADS)) {
      out.put(
          WekaOption.WARMUP_EPOCHS,
          "the warm-up trains a new task's own output layer: it needs perTaskHeads");
    }
    if (v.get(WekaOption.OPTIMIZER) != OptimiserSpec.Kind.SGD) {
      out.put(
          WekaOption.MOMENTUM,
          "momentum is SGD's; the optimizer is " + v.get(WekaOption.OPTIMIZER));
    } else {
      out.put(
          WekaOption.KEEP_OPTIMISER_STATE, LearnerConfig.Builder.KEEP_OPTIMISER_STATE_NEEDS_ADAM);
    }
    if (!method.hasLambda()) {
      out.put(WekaOption.CALIBRATE, method.label() + " has no lambda to search");
      out.put(WekaOption.CALIBRATE_P, method.label() + " has no lambda to search");
      out.put(WekaOption.CALIBRATE_TRIALS, method.label() + " has no lambda to search");
    } else if (!(Boolean) v.get(WekaOption.CALIBRATE) && v.get(WekaOption.LAMBDA) != null) {
      for (WekaOption o : List.of(WekaOption.CALIBRATE_P, WekaOption.CALIBRATE_TRIALS)) {
        out.put(
            o,
            o.property()
                + " tunes the lambda search, which runs only with calibrate or an automatic"
                + " lambda");
      }
    }
    if (((String) v.get(WekaOption.TASK_ATTRIBUTE)).isEmpty()) {
      out.put(
          WekaOption.PER_TASK_HEADS,
          "perTaskHeads needs a taskAttribute: a row's task chooses its output layer");
    }
    return out;
  }

  /**
   * The options a configuration does not read that were set away from their default: kept, named
   * once in Weka's log at the build, and listed by {@code getOptions} (Weka's GUI copies a
   * classifier through its option string, so one left out would be lost).
   *
   * @param v every option's value
   * @return option to reason, a subset of {@link #unused}
   */
  public static Map<WekaOption, String> ignored(Map<WekaOption, Object> v) {
    Map<WekaOption, String> out = unused(v);
    out.keySet().removeIf(o -> Objects.equals(v.get(o), o.defaultValue()));
    return out;
  }

  private static String reads(Method m) {
    List<String> names = m.hyperparameters().stream().map(Hyperparameter::name).toList();
    return names.isEmpty()
        ? " (it has no hyperparameters)"
        : " (it reads " + String.join(", ", names) + ")";
  }
}
