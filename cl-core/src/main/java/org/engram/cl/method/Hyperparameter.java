package org.engram.cl.method;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import org.engram.cl.importance.FisherImportance;
import org.engram.cl.util.OptionException;

/**
 * One hyperparameter of the continual-learning methods: its name, type, default, valid range and a
 * one-line description. Each {@link Method} lists the ones it reads; the adapters build their
 * options from these descriptors (Tribuo {@code @Config} fields, Weka options and tooltips, the
 * bench and demo flags), and each adapter has a test that fails if one is unreachable.
 *
 * <p>Names are shared by every adapter: {@link #name()} is the Tribuo configuration field and the
 * Weka bean property, {@link #option()} the Weka option ({@code -option}) and the bench flag
 * ({@code --option}).
 *
 * @param <T> the value type: {@link Double}, {@link Integer} or an enum
 */
public final class Hyperparameter<T> {

  /**
   * λ, the strength of the method's term (c for SI). Its default is automatic: chosen per task from
   * the new task's data (see {@link org.engram.cl.LambdaSearch}); a value given turns that off.
   */
  public static final Hyperparameter<Double> LAMBDA =
      new Hyperparameter<>(
          "lambda",
          "λ",
          Double.class,
          null,
          "≥ 0 (or auto)",
          v -> v >= 0 && Double.isFinite(v),
          org.engram.cl.Descriptions.LAMBDA,
          Hyperparameter::parseLambda);

  /** Online EWC's decay γ of the old Fisher (Schwarz et al. 2018, eq. 8). */
  public static final Hyperparameter<Double> GAMMA =
      real("gamma", "γ", 1.0, "in (0, 1]", v -> v > 0 && v <= 1, org.engram.cl.Descriptions.GAMMA);

  /** LwF's distillation temperature T (Hinton et al. 2015). */
  public static final Hyperparameter<Double> TEMPERATURE =
      real(
          "temperature",
          "T",
          2.0,
          "> 0",
          v -> v > 0 && Double.isFinite(v),
          org.engram.cl.Descriptions.TEMPERATURE);

  /** EWC's Fisher variant: which label the squared log-likelihood gradient is taken at. */
  public static final Hyperparameter<FisherImportance.Variant> FISHER =
      new Hyperparameter<>(
          "fisher",
          "F",
          FisherImportance.Variant.class,
          FisherImportance.Variant.EMPIRICAL,
          "one of empirical, sampled, exact",
          v -> true,
          org.engram.cl.Descriptions.FISHER,
          t -> parseEnum(FisherImportance.Variant.class, "fisher", t));

  /** Examples of a task the importance is estimated on (Fisher, MAS). */
  public static final Hyperparameter<Integer> IMPORTANCE_SAMPLES =
      integer(
          "importanceSamples",
          "N",
          1000,
          "≥ 1",
          v -> v >= 1,
          org.engram.cl.Descriptions.IMPORTANCE_SAMPLES);

  /** SI's damping ξ in Ω = ω / (Δθ² + ξ) (Zenke et al. 2017, eq. 5). */
  public static final Hyperparameter<Double> DAMPING =
      real(
          "damping",
          "ξ",
          0.1,
          "> 0",
          v -> v > 0 && Double.isFinite(v),
          org.engram.cl.Descriptions.DAMPING);

  /** LwF's warm-up: epochs that train only a new task's head before normal training. */
  public static final Hyperparameter<Integer> WARMUP_EPOCHS =
      integer("warmupEpochs", "E", 0, "≥ 0", v -> v >= 0, org.engram.cl.Descriptions.WARMUP_EPOCHS);

  private static final List<Hyperparameter<?>> ALL =
      List.of(LAMBDA, GAMMA, TEMPERATURE, FISHER, IMPORTANCE_SAMPLES, DAMPING, WARMUP_EPOCHS);

  private final String name;
  private final String symbol;
  private final Class<T> type;
  private final T defaultValue;
  private final String range;
  private final Predicate<T> valid;
  private final String description;
  private final Function<String, T> parser;

  private Hyperparameter(
      String name,
      String symbol,
      Class<T> type,
      T defaultValue,
      String range,
      Predicate<T> valid,
      String description,
      Function<String, T> parser) {
    this.name = name;
    this.symbol = symbol;
    this.type = type;
    this.defaultValue = defaultValue;
    this.range = range;
    this.valid = valid;
    this.description = description;
    this.parser = parser;
  }

  private static Hyperparameter<Double> real(
      String name,
      String symbol,
      double dflt,
      String range,
      Predicate<Double> valid,
      String description) {
    return new Hyperparameter<>(
        name,
        symbol,
        Double.class,
        dflt,
        range,
        valid,
        description,
        t -> parseNumber(name, t, Double::valueOf, "a number"));
  }

  private static Hyperparameter<Integer> integer(
      String name,
      String symbol,
      int dflt,
      String range,
      Predicate<Integer> valid,
      String description) {
    return new Hyperparameter<>(
        name,
        symbol,
        Integer.class,
        dflt,
        range,
        valid,
        description,
        t -> parseNumber(name, t, Hyperparameter::parseInteger, "a whole number"));
  }

  /**
   * @return every hyperparameter of every method, in the order options are listed
   */
  public static List<Hyperparameter<?>> all() {
    return ALL;
  }

  /**
   * @param name a {@link #name()} or an {@link #option()}, case-insensitively
   * @return the hyperparameter
   * @throws IllegalArgumentException naming the known ones
   */
  public static Hyperparameter<?> named(String name) {
    for (Hyperparameter<?> p : ALL) {
      if (p.name.equalsIgnoreCase(name) || p.option().equalsIgnoreCase(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown hyperparameter '"
            + name
            + "'; known: "
            + String.join(", ", ALL.stream().map(Hyperparameter::name).toList()));
  }

  /**
   * @return the name: the Tribuo configuration field and the Weka bean property (camelCase)
   */
  public String name() {
    return name;
  }

  /**
   * @return the option: Weka's {@code -option} and the bench's {@code --option} (kebab-case)
   */
  public String option() {
    return name.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  /**
   * @return the symbol the papers use (λ, γ, T, ξ, ...)
   */
  public String symbol() {
    return symbol;
  }

  /**
   * @return the value type
   */
  public Class<T> type() {
    return type;
  }

  /**
   * @return the default, or null where the default is automatic (λ)
   */
  public T defaultValue() {
    return defaultValue;
  }

  /**
   * @return the valid range, as text for help and error messages
   */
  public String range() {
    return range;
  }

  /**
   * @return one line of documentation
   */
  public String description() {
    return description;
  }

  /**
   * @return the enum constants for an enum-typed hyperparameter, else an empty list
   */
  public List<T> choices() {
    return type.isEnum() ? List.of(type.getEnumConstants()) : List.of();
  }

  /**
   * Checks a value, naming this hyperparameter in the message.
   *
   * @param value the value (null only where the default is automatic)
   * @return the value
   * @throws IllegalArgumentException if it is outside the range
   */
  public T check(T value) {
    if (value == null) {
      if (defaultValue == null) {
        return null;
      }
      throw new OptionException(name, name + " must be set");
    }
    if (!type.isInstance(value)) {
      throw new OptionException(
          name,
          name
              + " must be a "
              + type.getSimpleName()
              + ", got "
              + value.getClass().getSimpleName());
    }
    if (!valid.test(value)) {
      throw new OptionException(name, name + " must be " + range + ", got " + format(value));
    }
    if (value instanceof Double d && d == 0.0) {
      // -0.0 is 0: the saved form writes "0", and Double.equals would tell -0.0 from its own copy
      return type.cast(0.0);
    }
    return value;
  }

  /**
   * Parses a value from text (as typed on a command line or in a dialog) and checks it.
   *
   * @param text the text; for λ, "auto" (or an empty text) means automatic
   * @return the value
   * @throws IllegalArgumentException naming this hyperparameter and the accepted form
   */
  public T parse(String text) {
    if (text == null) {
      throw new OptionException(name, name + ": no value given");
    }
    return check(parser.apply(text.trim()));
  }

  /**
   * @param value a value (null: automatic)
   * @return the text {@link #parse} reads back
   */
  public String format(Object value) {
    if (value == null) {
      return "auto";
    }
    if (value instanceof Double d) {
      double v = d;
      if (v == Math.rint(v) && Math.abs(v) < 1e6) {
        return String.valueOf((long) v);
      }
      return String.valueOf(v);
    }
    if (value instanceof Enum<?> e) {
      return e.name().toLowerCase(Locale.ROOT);
    }
    return String.valueOf(value);
  }

  @Override
  public String toString() {
    return name;
  }

  private static Double parseLambda(String text) {
    if (text.isEmpty() || text.equalsIgnoreCase("auto") || text.equalsIgnoreCase("automatic")) {
      return null;
    }
    return parseNumber("lambda", text, Double::valueOf, "a number");
  }

  private static Integer parseInteger(String text) {
    // "1e6" and "1000.0" are accepted where they are whole numbers in int range.
    double v = Double.parseDouble(text);
    if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
      throw new NumberFormatException();
    }
    return (int) v;
  }

  private static <N> N parseNumber(String name, String text, Function<String, N> f, String kind) {
    try {
      return f.apply(text);
    } catch (NumberFormatException e) {
      throw new OptionException(
          name,
          name
              + " must be "
              + kind
              + ", got '"
              + text
              + "'"
              + (name.equals("lambda") ? " (or auto)" : ""));
    }
  }

  private static <E extends Enum<E>> E parseEnum(Class<E> type, String name, String text) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(text)) {
        return e;
      }
    }
    throw new OptionException(
        name,
        name
            + " must be one of "
            + String.join(
                ", ",
                java.util.Arrays.stream(type.getEnumConstants())
                    .map(e -> e.name().toLowerCase(Locale.ROOT))
                    .toList())
            + ", got '"
            + text
            + "'");
  }
}
