package org.engram.tribuo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.engram.cl.Calibration;
import org.engram.cl.HeadMode;
import org.engram.cl.LearnerConfig;
import org.engram.cl.Setting;
import org.engram.cl.method.Hyperparameter;
import org.engram.cl.method.Method;
import org.engram.cl.method.MethodSpec;
import org.engram.cl.optim.OptimiserSpec;

/**
 * The values of a {@link ContinualTrainer}'s configuration fields, taken at one moment, and what
 * they mean for the core: the checks that name the field, the {@link MethodSpec}, and the {@link
 * LearnerConfig} of a learner. Nothing here is specific to one method: the hyperparameters are read
 * with the core's own parsers and ranges ({@link Hyperparameter#parse}, {@link MethodSpec#with}).
 *
 * @param trainer the trainer's class name, for messages
 * @param method the {@code method} field (null in presets)
 * @param preset the method a preset fixes (null for {@link ContinualTrainer} itself)
 * @param tolerated hyperparameters a preset accepts, and ignores with a warning, where its method
 *     does not read them
 * @param hyperparameters the text of each hyperparameter field that is set
 * @param hiddenSizes hidden layer sizes
 * @param epochs epochs per task
 * @param minibatchSize minibatch size
 * @param learningRate learning rate
 * @param optimiser the optimiser
 * @param momentum SGD's momentum as text, or null
 * @param seed the seed
 * @param headMode the head mode
 * @param taskKey the metadata key of the task id
 * @param replaySize replay capacity
 * @param calibrate whether a given λ is searched too
 * @param calibrateP the search's p as text, or null
 * @param calibrateTrials the search's trial budget as text, or null
 * @param keepOptimiserState whether the optimiser's state crosses tasks
 * @param featureNames the declared inputs
 */
record TrainerSettings(
    String trainer,
    Method method,
    Method preset,
    Predicate<Hyperparameter<?>> tolerated,
    Map<Hyperparameter<?>, String> hyperparameters,
    List<Integer> hiddenSizes,
    int epochs,
    int minibatchSize,
    double learningRate,
    ContinualTrainer.OptimiserType optimiser,
    String momentum,
    long seed,
    HeadMode headMode,
    String taskKey,
    int replaySize,
    boolean calibrate,
    String calibrateP,
    String calibrateTrials,
    boolean keepOptimiserState,
    List<String> featureNames) {

  /**
   * Reads a trainer's {@code @Config} fields, by their names.
   *
   * @param trainer the trainer
   * @param preset the method its class fixes, or null
   * @param tolerated what its class tolerates
   * @return the settings
   * @throws IllegalArgumentException if the {@code method} field names no method
   */
  @SuppressWarnings("unchecked") // the fields' declared types
  static TrainerSettings read(
      ContinualTrainer trainer, Method preset, Predicate<Hyperparameter<?>> tolerated) {
    String name = trainer.getClass().getSimpleName();
    Map<Hyperparameter<?>, String> values = new LinkedHashMap<>();
    for (Hyperparameter<?> p : Hyperparameter.all()) {
      String text = (String) ConfigFields.get(trainer, ConfigFields.of(p));
      if (text != null) {
        values.put(p, text);
      }
    }
    String text = (String) field(trainer, "method");
    Method method;
    try {
      method = text == null ? null : Method.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": method: " + e.getMessage());
    }
    List<Integer> hidden = (List<Integer>) field(trainer, "hiddenSizes");
    List<String> features = (List<String>) field(trainer, "featureNames");
    return new TrainerSettings(
        name,
        method,
        preset,
        tolerated,
        values,
        hidden == null ? null : new ArrayList<>(hidden),
        (Integer) field(trainer, "epochs"),
        (Integer) field(trainer, "minibatchSize"),
        (Double) field(trainer, "learningRate"),
        (ContinualTrainer.OptimiserType) field(trainer, "optimiser"),
        (String) field(trainer, "momentum"),
        (Long) field(trainer, "seed"),
        (HeadMode) field(trainer, "headMode"),
        (String) field(trainer, "taskKey"),
        (Integer) field(trainer, "replaySize"),
        (Boolean) field(trainer, "calibrate"),
        (String) field(trainer, "calibrateP"),
        (String) field(trainer, "calibrateTrials"),
        (Boolean) field(trainer, "keepOptimiserState"),
        features == null ? null : new ArrayList<>(features));
  }

  private static Object field(ContinualTrainer trainer, String name) {
    return ConfigFields.get(trainer, ConfigFields.named(name));
  }

  /**
   * Writes these settings into a trainer's fields, by their names (the inverse of {@link #read});
   * the caller validates the trainer afterwards.
   *
   * @param trainer the trainer, a {@link ContinualTrainer} itself (no preset)
   */
  void writeTo(ContinualTrainer trainer) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("method", method == null ? null : method.name());
    for (Hyperparameter<?> p : Hyperparameter.all()) {
      fields.put(p.name(), hyperparameters.get(p));
    }
    fields.put("hiddenSizes", new ArrayList<>(hiddenSizes));
    fields.put("epochs", epochs);
    fields.put("minibatchSize", minibatchSize);
    fields.put("learningRate", learningRate);
    fields.put("optimiser", optimiser);
    fields.put("momentum", momentum);
    fields.put("seed", seed);
    fields.put("headMode", headMode);
    fields.put("taskKey", taskKey);
    fields.put("replaySize", replaySize);
    fields.put("calibrate", calibrate);
    fields.put("calibrateP", calibrateP);
    fields.put("calibrateTrials", calibrateTrials);
    fields.put("keepOptimiserState", keepOptimiserState);
    fields.put("featureNames", new ArrayList<>(featureNames));
    fields.forEach((name, value) -> ConfigFields.set(trainer, ConfigFields.named(name), value));
  }

  /**
   * The fields that describe a core configuration (the {@link ContinualTrainer#ContinualTrainer(
   * LearnerConfig)} constructor).
   *
   * @param config the core configuration
   * @return the settings
   * @throws IllegalArgumentException naming what the trainer cannot express (another activation or
   *     initialisation, a class limit, Adam's β or ε, or search settings other than {@link
   *     Calibration#of})
   */
  static TrainerSettings of(LearnerConfig config) {
    LearnerConfig defaults = LearnerConfig.builder().build();
    OptimiserSpec opt = config.optimiser();
    boolean sgd = opt.kind() == OptimiserSpec.Kind.SGD;
    Calibration c = config.calibration();
    if (config.activation() != defaults.activation()
        || config.initialisation() != defaults.initialisation()
        || config.maxClasses() != 0
        || !opt.equals(
            sgd
                ? OptimiserSpec.sgd(opt.learningRate(), opt.momentum())
                : OptimiserSpec.adam(opt.learningRate()))
        || (c != null && !c.equals(Calibration.of(c.p(), c.maxTrials())))) {
      throw new IllegalArgumentException(
          "ContinualTrainer: a "
              + defaults.activation()
              + " network with "
              + defaults.initialisation()
              + " initialisation, no class limit, default optimiser constants and search settings"
              + " Calibration.of(p, maxTrials) can be configured; got "
              + config);
    }
    MethodSpec spec = config.method();
    Map<Hyperparameter<?>, String> values = new LinkedHashMap<>();
    for (Hyperparameter<?> p : spec.method().hyperparameters()) {
      if (spec.isSet(p)) {
        values.put(p, text(p, spec.get(p)));
      }
    }
    return new TrainerSettings(
        ContinualTrainer.class.getSimpleName(),
        spec.method(),
        null,
        p -> false,
        values,
        Arrays.stream(config.hidden()).boxed().toList(),
        config.epochs(),
        config.batchSize(),
        opt.learningRate(),
        sgd ? ContinualTrainer.OptimiserType.SGD : ContinualTrainer.OptimiserType.ADAM,
        sgd ? String.valueOf(opt.momentum()) : null,
        config.seed(),
        config.headMode(),
        ContinualTrainer.DEFAULT_TASK_KEY,
        config.replaySize(),
        c != null,
        c != null ? String.valueOf(c.p()) : null,
        c != null ? String.valueOf(c.maxTrials()) : null,
        config.keepOptimiserState(),
        List.of());
  }

  /**
   * @param p a hyperparameter
   * @param value its value, or null
   * @return the text of its field: as the core formats it (which its parser reads back exactly),
   *     enums by constant name as configuration files and provenance spell them
   */
  static String text(Hyperparameter<?> p, Object value) {
    return value == null ? null : value instanceof Enum<?> e ? e.name() : p.format(value);
  }

  /**
   * Checks every field and refuses values the configured route would not read.
   *
   * @return the hyperparameters that are set but ignored by a preset's tolerance (to warn about)
   * @throws IllegalArgumentException naming the field
   */
  List<String> validate() {
    checkSettings();
    MethodSpec spec = methodSpec();
    Method m = spec.method();
    if (momentum != null && optimiser != ContinualTrainer.OptimiserType.SGD) {
      throw invalid("momentum is SGD's; optimiser " + optimiser + " does not read it");
    }
    if (calibrate && !m.hasLambda()) {
      throw invalid("calibrate searches λ, but " + m.token() + " has no λ");
    }
    for (String field : List.of("calibrateP", "calibrateTrials")) {
      String value = field.equals("calibrateP") ? calibrateP : calibrateTrials;
      if (value != null && !searchesLambda(spec)) {
        throw invalid(
            field
                + " is read by the λ search, which does not run here ("
                + (m.hasLambda()
                    ? "lambda is given and calibrate is false"
                    : m.token() + " has no λ")
                + ")");
      }
    }
    if (m.uses(Hyperparameter.WARMUP_EPOCHS)
        && spec.get(Hyperparameter.WARMUP_EPOCHS) > 0
        && headMode == HeadMode.SHARED) {
      throw invalid(
          "warmupEpochs trains a new task's own head first, which needs headMode PER_TASK");
    }
    if (!ContinualTrainer.DEFAULT_TASK_KEY.equals(taskKey) && headMode == HeadMode.SHARED) {
      throw invalid("taskKey '" + taskKey + "' is read only with headMode PER_TASK");
    }
    try {
      learnerConfig(seed);
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
    List<String> ignored = new ArrayList<>();
    for (Hyperparameter<?> p : hyperparameters.keySet()) {
      if (!m.uses(p)) {
        ignored.add(p.name() + " is not read by " + m.token());
      }
    }
    return ignored;
  }

  private void checkSettings() {
    if (hiddenSizes == null || hiddenSizes.stream().anyMatch(h -> h == null || h <= 0)) {
      throw invalid("hiddenSizes must all be positive, got " + hiddenSizes);
    }
    if (epochs < 1) {
      throw invalid("epochs must be at least 1, got " + epochs);
    }
    if (minibatchSize < 1) {
      throw invalid("minibatchSize must be at least 1, got " + minibatchSize);
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw invalid("learningRate must be positive and finite, got " + learningRate);
    }
    if (optimiser == null) {
      throw invalid("optimiser must be ADAM or SGD, got null");
    }
    double mu = number("momentum", momentum, Setting.MOMENTUM);
    if (!(mu >= 0 && mu < 1)) {
      throw invalid("momentum must be in [0, 1), got " + momentum);
    }
    if (headMode == null) {
      throw invalid("headMode must be SHARED or PER_TASK, got null");
    }
    if (taskKey == null || taskKey.isBlank()) {
      throw invalid("taskKey must be a non-empty metadata key, got '" + taskKey + "'");
    }
    if (replaySize < 0) {
      throw invalid("replaySize must be >= 0, got " + replaySize);
    }
    double p = number("calibrateP", calibrateP, Setting.CALIBRATE_P);
    if (!(p > 0 && p < 1)) {
      throw invalid("calibrateP must be in (0, 1), got " + calibrateP);
    }
    trials();
    if (featureNames == null) {
      throw invalid("featureNames must not be null (use an empty list)");
    }
    Set<String> seen = new HashSet<>();
    for (String name : featureNames) {
      if (name == null || name.isEmpty()) {
        throw invalid("featureNames must not contain empty names");
      }
      if (!seen.add(name)) {
        throw invalid("featureNames lists '" + name + "' twice");
      }
    }
  }

  /**
   * @return the method and its hyperparameters
   * @throws IllegalArgumentException naming a field: no method, a preset's method overridden, a
   *     hyperparameter out of range or not read by the method
   */
  MethodSpec methodSpec() {
    if (preset != null && method != null && method != preset) {
      throw invalid(
          "trains "
              + preset.token()
              + "; method "
              + method
              + " needs ContinualTrainer (or its own named trainer)");
    }
    Method m = preset != null ? preset : method;
    if (m == null) {
      throw invalid("method must be set, one of " + Arrays.toString(Method.values()));
    }
    MethodSpec spec = MethodSpec.of(m);
    for (Map.Entry<Hyperparameter<?>, String> e : hyperparameters.entrySet()) {
      if (m.uses(e.getKey()) || !tolerated.test(e.getKey())) {
        try {
          spec = with(spec, e.getKey(), e.getValue());
        } catch (IllegalArgumentException ex) {
          throw invalid(ex.getMessage());
        }
      }
    }
    return spec;
  }

  private static <T> MethodSpec with(MethodSpec spec, Hyperparameter<T> p, String text) {
    return spec.with(p, p.parse(text));
  }

  /** Whether the λ search runs: the method has a λ and it is automatic or calibrate is on. */
  private boolean searchesLambda(MethodSpec spec) {
    return spec.method().hasLambda() && (spec.automaticLambda() || calibrate);
  }

  /**
   * @param learnerSeed the seed of the learner's random stream
   * @return the core configuration of a learner started with these settings
   */
  LearnerConfig learnerConfig(long learnerSeed) {
    MethodSpec spec = methodSpec();
    OptimiserSpec opt =
        optimiser == ContinualTrainer.OptimiserType.ADAM
            ? OptimiserSpec.adam(learningRate)
            : OptimiserSpec.sgd(learningRate, number("momentum", momentum, Setting.MOMENTUM));
    // Search settings only where something was said about the search, as the core's own
    // configurations do (null: the search, if it runs, uses its defaults).
    boolean said =
        searchesLambda(spec) && (calibrate || calibrateP != null || calibrateTrials != null);
    return LearnerConfig.builder()
        .hidden(hiddenSizes.stream().mapToInt(Integer::intValue).toArray())
        .headMode(headMode)
        .optimiser(opt)
        .epochs(epochs)
        .batchSize(minibatchSize)
        .seed(learnerSeed)
        .method(spec)
        .replaySize(replaySize)
        .calibration(
            said
                ? Calibration.of(number("calibrateP", calibrateP, Setting.CALIBRATE_P), trials())
                : null)
        .keepOptimiserState(keepOptimiserState)
        .build();
  }

  /** A text setting's number, or the core's default when it is not set. */
  private double number(String field, String text, Setting setting) {
    String t = text != null ? text : setting.defaultValue();
    try {
      return Double.parseDouble(t.trim());
    } catch (NumberFormatException e) {
      throw invalid(field + " must be a number, got '" + text + "'");
    }
  }

  /**
   * @return the search's trial budget, or the core's default when it is not set
   * @throws IllegalArgumentException naming calibrateTrials: not an integer, or below 2
   */
  private int trials() {
    String t = calibrateTrials != null ? calibrateTrials : Setting.CALIBRATE_TRIALS.defaultValue();
    double v; // whole numbers, also written "1e1" or "4.0", as the core's integer parser reads
    try {
      v = Double.parseDouble(t.trim());
    } catch (NumberFormatException e) {
      v = Double.NaN;
    }
    if (!(v >= 2 && v <= Integer.MAX_VALUE && v == Math.rint(v))) {
      throw invalid(
          "calibrateTrials must be an integer >= 2 (the fine-tuning reference and at least one λ),"
              + " got '"
              + calibrateTrials
              + "'");
    }
    return (int) v;
  }

  private IllegalArgumentException invalid(String message) {
    return new IllegalArgumentException(trainer + ": " + message);
  }

  /**
   * @return the settings for {@code toString()}: the method with every hyperparameter, then each
   *     setting that the route reads
   */
  String describe() {
    return "method="
        + methodSpec()
        + ",hiddenSizes="
        + hiddenSizes
        + ",epochs="
        + epochs
        + ",minibatchSize="
        + minibatchSize
        + ",learningRate="
        + learningRate
        + ",optimiser="
        + optimiser
        + (optimiser == ContinualTrainer.OptimiserType.SGD
            ? ",momentum=" + number("momentum", momentum, Setting.MOMENTUM)
            : "")
        + ",seed="
        + seed
        + ",headMode="
        + headMode
        + (headMode == HeadMode.PER_TASK ? ",taskKey=" + taskKey : "")
        + (replaySize > 0 ? ",replaySize=" + replaySize : "")
        + (calibrate ? ",calibrate=true" : "")
        + (calibrateP != null ? ",calibrateP=" + calibrateP : "")
        + (calibrateTrials != null ? ",calibrateTrials=" + calibrateTrials : "")
        + (keepOptimiserState ? ",keepOptimiserState=true" : "")
        + (featureNames.isEmpty() ? "" : ",featureNames=" + featureNames.size() + " names");
  }

  /**
   * @param text a list like "100,100" (empty: none)
   * @return the sizes
   */
  static List<Integer> hidden(String text) {
    List<Integer> sizes = new ArrayList<>();
    for (String s : text.split(",")) {
      if (!s.isBlank()) {
        sizes.add(Integer.parseInt(s.trim()));
      }
    }
    return sizes;
  }

  /**
   * @param s a setting whose default names an enum constant
   * @return the default in upper case
   */
  static String upper(Setting s) {
    return s.defaultValue().toUpperCase(Locale.ROOT);
  }
}
