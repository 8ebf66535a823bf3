package org.engram.weka;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.engram.cl.Calibration;
import org.engram.cl.HeadMode;
import org.engram.cl.LearnerConfig;
import org.engram.cl.Setting;
import org.engram.cl.method.Hyperparameter;
import org.engram.cl.method.Method;
import org.engram.cl.optim.OptimiserSpec;
import weka.classifiers.AbstractClassifier;
import weka.core.SelectedTag;
import weka.core.Tag;

/**
 * Every option of ContinualMLP, in the order of the GUI dialog: its Weka bean property (the GUI
 * name), its command-line name, its type, its default and its help, each derived from the core's
 * descriptor ({@link Hyperparameter} for the methods' hyperparameters, {@link Setting} for the
 * learner's settings) where there is one. Only the task attribute, the input scaling, the method
 * choice and Weka's own plumbing (debug, capabilities check, decimal places) are Weka's.
 *
 * <p>Values are held as the core's types ({@link Method}, {@link Double} or null for an automatic
 * λ, {@link Integer}, {@link Boolean}, the enums of enum-typed descriptors); ranges are checked by
 * the core's own validation, so a rule is stated once.
 */
public enum WekaOption {
  /** The method; Weka's default is EWC (a classifier whose purpose is protection). */
  METHOD("method", "method", null, Kind.CHOICE, Method.class, Tips.METHOD),
  /** λ (automatic unless given). */
  LAMBDA(Hyperparameter.LAMBDA, Kind.TEXT),
  /** The task attribute (Weka's). */
  TASK_ATTRIBUTE("taskAttribute", "task-attribute", null, Kind.TEXT, null, Tips.TASK_ATTRIBUTE),
  /** Hidden layer sizes. */
  HIDDEN("hidden", "hidden", Setting.HIDDEN, Kind.TEXT, null, null),
  /** Epochs per task. */
  EPOCHS("epochs", "epochs", Setting.EPOCHS, Kind.INT, null, null),
  /** Minibatch size (Weka's bean property batchSize is text). */
  BATCH_SIZE("batchSize", "batch-size", Setting.BATCH_SIZE, Kind.TEXT, null, null),
  /** Step size. */
  LEARNING_RATE("learningRate", "lr", Setting.LEARNING_RATE, Kind.REAL, null, null),
  /** Optimiser. */
  OPTIMIZER(
      "optimizer", "optimizer", Setting.OPTIMISER, Kind.CHOICE, OptimiserSpec.Kind.class, null),
  /** One output layer per task (Setting.HEAD_MODE). */
  PER_TASK_HEADS("perTaskHeads", "per-task-heads", Setting.HEAD_MODE, Kind.FLAG, null, null),
  /** Experience replay's memory. */
  REPLAY_SIZE("replaySize", "replay-size", Setting.REPLAY_SIZE, Kind.INT, null, null),
  /** λ search even for a given λ. */
  CALIBRATE("calibrate", "calibrate", Setting.CALIBRATE, Kind.FLAG, null, null),
  /** Online EWC's γ. */
  GAMMA(Hyperparameter.GAMMA, Kind.REAL),
  /** LwF's temperature. */
  TEMPERATURE(Hyperparameter.TEMPERATURE, Kind.REAL),
  /** EWC's Fisher variant. */
  FISHER(Hyperparameter.FISHER, Kind.CHOICE),
  /** Examples the importance is estimated on. */
  IMPORTANCE_SAMPLES(Hyperparameter.IMPORTANCE_SAMPLES, Kind.INT),
  /** SI's ξ. */
  DAMPING(Hyperparameter.DAMPING, Kind.REAL),
  /** LwF's warm-up epochs. */
  WARMUP_EPOCHS(Hyperparameter.WARMUP_EPOCHS, Kind.INT),
  /** The λ search's accepted loss of plasticity. */
  CALIBRATE_P("calibrateP", "calibrate-p", Setting.CALIBRATE_P, Kind.REAL, null, null),
  /** The λ search's trial budget per task. */
  CALIBRATE_TRIALS(
      "calibrateTrials", "calibrate-trials", Setting.CALIBRATE_TRIALS, Kind.INT, null, null),
  /** SGD's momentum. */
  MOMENTUM("momentum", "momentum", Setting.MOMENTUM, Kind.REAL, null, null),
  /** Optimiser state across tasks. */
  KEEP_OPTIMISER_STATE(
      "keepOptimiserState",
      "keep-optimiser-state",
      Setting.KEEP_OPTIMISER_STATE,
      Kind.FLAG,
      null,
      null),
  /** Numeric inputs as they are (Weka's). */
  NO_SCALING("doNotScaleInputs", "no-scaling", null, Kind.FLAG, null, Tips.NO_SCALING),
  /** Seed. */
  SEED("seed", "S", Setting.SEED, Kind.INT, null, null),
  /** Weka's debug output: per-epoch losses in Weka's log. */
  DEBUG("debug", "output-debug-info", null, Kind.FLAG, null, Tips.DEBUG),
  /** Weka's capabilities check, skipped when set. */
  DO_NOT_CHECK_CAPABILITIES(
      "doNotCheckCapabilities", "do-not-check-capabilities", null, Kind.FLAG, null, Tips.NO_CHECK),
  /** Decimal places of the numbers in the model's text. */
  NUM_DECIMAL_PLACES(
      "numDecimalPlaces", "num-decimal-places", null, Kind.INT, null, Tips.DECIMAL_PLACES);

  /** How a value is typed in the GUI and on the command line. */
  enum Kind {
    /** A number typed as text or in a number field. */
    REAL,
    /** An integer. */
    INT,
    /** Free text (λ's "auto", the layer list, the task attribute, Weka's text batch size). */
    TEXT,
    /** A boolean; a command-line flag. */
    FLAG,
    /** One of an enum's constants; a drop-down list. */
    CHOICE
  }

  private final String property;
  private final String cli;
  private final Object source;
  private final Kind kind;
  private final Class<? extends Enum<?>> choices;
  private final String tip;

  WekaOption(Hyperparameter<?> p, Kind kind) {
    this(
        p.name(),
        p.option(),
        p,
        kind,
        p.type().isEnum() ? enumType(p.type()) : null,
        p.description());
  }

  WekaOption(
      String property,
      String cli,
      Object source,
      Kind kind,
      Class<? extends Enum<?>> choices,
      String tip) {
    this.property = property;
    this.cli = cli;
    this.source = source;
    this.kind = kind;
    this.choices = choices;
    this.tip = tip != null ? tip : ((Setting) source).description();
  }

  @SuppressWarnings("unchecked")
  private static Class<? extends Enum<?>> enumType(Class<?> type) {
    return (Class<? extends Enum<?>>) type;
  }

  /**
   * @return the Weka bean property, which is also the field's name in the GUI dialog
   */
  public String property() {
    return property;
  }

  /**
   * @return the command-line option, without the leading '-'
   */
  public String cli() {
    return cli;
  }

  /**
   * @return how the value is typed
   */
  Kind kind() {
    return kind;
  }

  /**
   * @return the core's hyperparameter this option sets, or null
   */
  public Hyperparameter<?> hyperparameter() {
    return source instanceof Hyperparameter<?> p ? p : null;
  }

  /**
   * @return the core's learner setting this option sets, or null
   */
  public Setting setting() {
    return source instanceof Setting s ? s : null;
  }

  /**
   * @return the one-line description, the GUI tooltip (the core's descriptor's, where there is one)
   */
  public String tip() {
    return tip;
  }

  /**
   * @return the command-line synopsis, e.g. "-lambda &lt;auto|num&gt;"
   */
  public String synopsis() {
    return switch (kind) {
      case FLAG -> "-" + cli;
      case CHOICE -> "-" + cli + " <" + String.join("|", tokens()) + ">";
      case INT -> "-" + cli + " <int>";
      case REAL -> "-" + cli + " <num>";
      case TEXT -> "-" + cli + " <" + textArgument() + ">";
    };
  }

  private String textArgument() {
    return switch (this) {
      case LAMBDA -> "auto|num";
      case HIDDEN -> "sizes|none";
      case TASK_ATTRIBUTE -> "name|index|first|last";
      default -> "int";
    };
  }

  // ------------------------------------------------------------------ values

  /**
   * @return the default value (from the core's descriptor where there is one)
   */
  public Object defaultValue() {
    if (hyperparameter() != null) {
      return hyperparameter().defaultValue();
    }
    Setting s = setting();
    if (s == Setting.HEAD_MODE) {
      return HeadMode.valueOf(s.defaultValue().toUpperCase(Locale.ROOT)) == HeadMode.PER_TASK;
    }
    if (s != null) {
      return parse(s.defaultValue());
    }
    return switch (this) {
      case METHOD -> Method.EWC;
      case TASK_ATTRIBUTE -> "";
      case NUM_DECIMAL_PLACES -> AbstractClassifier.NUM_DECIMAL_PLACES_DEFAULT;
      default -> Boolean.FALSE;
    };
  }

  /**
   * Parses and checks a value typed on the command line or in a text field.
   *
   * @param text the text
   * @return the value, in the core's type
   * @throws IllegalArgumentException whose message starts with the GUI name
   */
  public Object parse(String text) {
    String t = text == null ? "" : text.trim();
    Hyperparameter<?> p = hyperparameter();
    if (this == LAMBDA && t.matches("-1(\\.0*)?")) {
      return null; // the option strings of earlier versions wrote -1 for "the method's default"
    }
    if (p != null) {
      return named(() -> p.parse(t));
    }
    return check(
        switch (kind) {
          case FLAG -> Boolean.valueOf(t);
          case INT -> number(t, WekaOption::integer);
          case REAL -> number(t, Double::valueOf);
          case CHOICE -> choice(t);
          case TEXT ->
              this == HIDDEN
                  ? hiddenText(t)
                  : this == BATCH_SIZE ? number(t, WekaOption::integer) : t;
        });
  }

  /**
   * Checks a value with the core's own validation.
   *
   * @param value the value, in the core's type
   * @return the value
   * @throws IllegalArgumentException whose message starts with the GUI name
   */
  public Object check(Object value) {
    Hyperparameter<?> p = hyperparameter();
    if (p != null) {
      return named(() -> checked(p, value));
    }
    if (value == null) {
      throw new IllegalArgumentException(property + " must be set");
    }
    named(
        () ->
            switch (this) {
              case EPOCHS -> LearnerConfig.builder().epochs((Integer) value).build();
              case BATCH_SIZE -> LearnerConfig.builder().batchSize((Integer) value).build();
              case REPLAY_SIZE -> LearnerConfig.builder().replaySize((Integer) value).build();
              case HIDDEN -> LearnerConfig.builder().hidden(hiddenSizes((String) value)).build();
              case LEARNING_RATE -> OptimiserSpec.adam((Double) value);
              case MOMENTUM -> OptimiserSpec.sgd(1, (Double) value);
              case CALIBRATE_P -> Calibration.withP((Double) value);
              case CALIBRATE_TRIALS -> Calibration.of(Calibration.DEFAULT_P, (Integer) value);
              case NUM_DECIMAL_PLACES -> atLeast((Integer) value, 0);
              default -> value;
            });
    return value;
  }

  @SuppressWarnings("unchecked")
  private static <T> Object checked(Hyperparameter<T> p, Object value) {
    return p.check((T) value);
  }

  private Object atLeast(int v, int min) {
    if (v < min) {
      throw new IllegalArgumentException(property + " must be at least " + min + ", got " + v);
    }
    return v;
  }

  /** Runs a core check, making sure its message starts with this option's GUI name. */
  private Object named(java.util.function.Supplier<Object> check) {
    try {
      return check.get();
    } catch (IllegalArgumentException e) {
      String m = e.getMessage() == null ? "invalid value" : e.getMessage();
      throw new IllegalArgumentException(m.startsWith(property) ? m : property + ": " + m, e);
    }
  }

  private <N> N number(String t, Function<String, N> parser) {
    try {
      return parser.apply(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          property
              + " must be "
              + (kind == Kind.REAL ? "a number" : "an integer")
              + (kind != Kind.REAL && wholeBeyondInt(t) ? " of at most " + Integer.MAX_VALUE : "")
              + ", got '"
              + t
              + "'");
    }
  }

  /** Whether the text is a whole number too large for an int ("1e99"). */
  private static boolean wholeBeyondInt(String t) {
    try {
      double v = Double.parseDouble(t);
      return v == Math.rint(v) && Math.abs(v) > Integer.MAX_VALUE;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Integers, also written "1e6" or "1000.0" where they are whole numbers in int range. */
  private static Integer integer(String t) {
    double v = Double.parseDouble(t);
    if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
      throw new NumberFormatException(t);
    }
    return (int) v;
  }

  private Object choice(String t) {
    if (this == METHOD) {
      return named(() -> Method.parse(t));
    }
    String n = t.toUpperCase(Locale.ROOT).replace('-', '_');
    for (Enum<?> e : choices.getEnumConstants()) {
      if (e.name().equals(n)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        property + " must be one of " + String.join(", ", tokens()) + ", got '" + t + "'");
  }

  /** Hidden layer sizes as canonical text: "100,100", or "none" for no hidden layer. */
  private String hiddenText(String t) {
    int[] sizes = hiddenSizes(t);
    return sizes.length == 0
        ? "none"
        : String.join(",", Arrays.stream(sizes).mapToObj(Integer::toString).toList());
  }

  /**
   * @param spec comma-separated positive sizes, or "none" (or empty) for no hidden layer
   * @return the sizes
   * @throws IllegalArgumentException naming the field hidden
   */
  public static int[] hiddenSizes(String spec) {
    String s = spec == null ? "" : spec.trim();
    if (s.isEmpty() || s.equalsIgnoreCase("none")) {
      return new int[0];
    }
    String[] parts = s.split("\\s*,\\s*", -1); // -1: "10,," has empty entries too
    int[] sizes = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        sizes[i] = integer(parts[i]);
      } catch (NumberFormatException e) {
        sizes[i] = -1;
      }
      if (sizes[i] <= 0) {
        throw new IllegalArgumentException(
            "hidden: '"
                + spec
                + "' is not a comma-separated list of positive layer sizes (e.g. 100,100; none"
                + " for no hidden layer)");
      }
    }
    return sizes;
  }

  /**
   * @param value a value, in the core's type
   * @return its text, as {@link #parse} reads it back
   */
  public String format(Object value) {
    Hyperparameter<?> p = hyperparameter();
    if (p != null) {
      return p.format(value);
    }
    if (value instanceof Method m) {
      return m.label();
    }
    if (value instanceof Enum<?> e) {
      return e.name();
    }
    return String.valueOf(value);
  }

  /**
   * @return the command-line tokens of a choice (Weka's tags' readable strings)
   */
  public List<String> tokens() {
    List<String> t = new ArrayList<>();
    for (Enum<?> e : choices.getEnumConstants()) {
      t.add(format(e));
    }
    return t;
  }

  /**
   * @param value one of the choices
   * @return the GUI's drop-down value; tag ids are the enum's ordinals
   */
  public SelectedTag tag(Object value) {
    Enum<?>[] all = choices.getEnumConstants();
    Tag[] tags = new Tag[all.length];
    for (int i = 0; i < all.length; i++) {
      tags[i] = new Tag(i, format(all[i]));
    }
    return new SelectedTag(((Enum<?>) value).ordinal(), tags);
  }

  /**
   * @param tag a drop-down value
   * @return the choice it selects
   */
  public Object fromTag(SelectedTag tag) {
    return parse(tag.getSelectedTag().getReadable());
  }

  /**
   * @param property a Weka bean property
   * @return its option
   * @throws IllegalArgumentException if there is none
   */
  public static WekaOption forProperty(String property) {
    for (WekaOption o : values()) {
      if (o.property.equals(property)) {
        return o;
      }
    }
    throw new IllegalArgumentException("no option for property " + property);
  }
}
