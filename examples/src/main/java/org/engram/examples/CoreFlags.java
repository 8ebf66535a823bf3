package org.engram.examples;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.engram.cl.Calibration;
import org.engram.cl.HeadMode;
import org.engram.cl.LearnerConfig;
import org.engram.cl.Setting;
import org.engram.cl.method.Hyperparameter;
import org.engram.cl.method.Method;
import org.engram.cl.method.MethodSpec;
import org.engram.cl.optim.OptimiserSpec;

/**
 * The flags the bench and the demo derive from cl-core's descriptors, and how their values become a
 * {@link MethodSpec} and a {@link LearnerConfig}: {@code --method} lists every {@link Method} with
 * its summary and paper; each {@link Hyperparameter} is a flag named by its {@link
 * Hyperparameter#option()}, documented by its description, range and default, and parsed by the
 * descriptor itself; each {@link Setting} is a flag with its description and the core's default (or
 * the command's own default, with the reason). A hyperparameter added to the core needs no edit
 * here; a setting added to the core fails to compile here until it is applied (the switches over
 * {@link Setting} are exhaustive).
 */
final class CoreFlags {

  /**
   * A command's default for a setting where it differs from the core's, and why.
   *
   * @param value the default, as text
   * @param why the reason, for the help
   */
  record Default(String value, String why) {}

  private final String headModeFlag;
  private final Map<Setting, Default> defaults;

  /**
   * @param headModeFlag the command's flag that decides the head mode (its scenario flag)
   * @param defaults the command's defaults that differ from the core's
   */
  CoreFlags(String headModeFlag, Map<Setting, Default> defaults) {
    this.headModeFlag = headModeFlag;
    this.defaults = defaults.isEmpty() ? Map.of() : new EnumMap<>(defaults);
  }

  /**
   * @param s a setting
   * @return the flag that sets it (the bench's contract names: --batch, --lr, --optimizer; the
   *     scenario flag for the head mode; otherwise the key in kebab-case)
   */
  String flagOf(Setting s) {
    return switch (s) {
      case BATCH_SIZE -> "batch";
      case LEARNING_RATE -> "lr";
      case OPTIMISER -> "optimizer";
      case HEAD_MODE -> headModeFlag;
      default -> kebab(s.key());
    };
  }

  /**
   * @param s a setting
   * @return its key in the bench's JSON (the flag in snake_case; head_mode for the head mode)
   */
  String jsonKey(Setting s) {
    return (s == Setting.HEAD_MODE ? "head_mode" : flagOf(s)).replace('-', '_');
  }

  /**
   * @param s a setting
   * @return the command's default for it, as text
   */
  String defaultOf(Setting s) {
    Default d = defaults.get(s);
    return d != null ? d.value() : s.defaultValue();
  }

  /**
   * @return the {@code --method} flag's help: every method's token, summary and paper, one a line
   */
  static String methodHelp() {
    List<String> lines = new ArrayList<>();
    for (Method m : Method.values()) {
      lines.add(
          m.token()
              + ": "
              + m.summary()
              + (m.paper().isEmpty() ? "" : " (" + shortPaper(m.paper()) + ")"));
    }
    return String.join("\n", lines);
  }

  /**
   * @return every method's token, separated by '|'
   */
  static String methodTokens() {
    return String.join("|", Arrays.stream(Method.values()).map(Method::token).toList());
  }

  /** "Kirkpatrick et al. 2017, "Overcoming ..."" → "Kirkpatrick et al. 2017". */
  private static String shortPaper(String paper) {
    int comma = paper.indexOf(", ");
    return comma > 0 ? paper.substring(0, comma) : paper;
  }

  /**
   * @param perMethod whether a value may be given per method ({@code method=value,...}: the demo)
   * @return one flag per hyperparameter of cl-core
   */
  static List<Flags.Flag> hyperparameterFlags(boolean perMethod) {
    List<Flags.Flag> out = new ArrayList<>();
    for (Hyperparameter<?> p : Hyperparameter.all()) {
      String readers =
          String.join(
              ", ",
              Arrays.stream(Method.values()).filter(m -> m.uses(p)).map(Method::token).toList());
      String metavar = metavar(p);
      out.add(
          new Flags.Flag(
              p.option(),
              perMethod ? "[METHOD=]" + metavar + ",..." : metavar,
              p.symbol()
                  + ": "
                  + p.description()
                  + "; "
                  + p.range()
                  + " (default "
                  + p.format(p.defaultValue())
                  + "). Read by "
                  + readers
                  + "; refused for other methods."
                  + (perMethod
                      ? " A bare value applies to every method of --methods that reads it;"
                          + " METHOD=value items to one method each."
                      : "")));
    }
    return out;
  }

  private static String metavar(Hyperparameter<?> p) {
    if (!p.choices().isEmpty()) {
      return String.join("|", p.choices().stream().map(p::format).toList());
    }
    String kind = p.type() == Integer.class ? "N" : "X";
    return p.defaultValue() == null ? kind + "|auto" : kind;
  }

  /**
   * @return one flag per setting of cl-core, except the head mode (the command's scenario flag)
   */
  List<Flags.Flag> settingFlags() {
    List<Flags.Flag> out = new ArrayList<>();
    for (Setting s : Setting.values()) {
      if (s == Setting.HEAD_MODE) {
        continue;
      }
      Default d = defaults.get(s);
      String dflt =
          d == null
              ? " (default " + s.defaultValue() + ")"
              : " (default "
                  + d.value()
                  + "; cl-core's is "
                  + s.defaultValue()
                  + ": "
                  + d.why()
                  + ")";
      out.add(new Flags.Flag(flagOf(s), metavar(s), capitalise(s.description()) + dflt));
    }
    return out;
  }

  /** A switch's default reads "off" / "on". */
  private static String shown(String dflt) {
    return switch (dflt) {
      case "false" -> "off";
      case "true" -> "on";
      default -> dflt;
    };
  }

  private static String metavar(Setting s) {
    String d = s.defaultValue();
    if (d.equals("false") || d.equals("true")) {
      return null;
    }
    if (s == Setting.OPTIMISER) {
      // the default first
      List<String> kinds = new ArrayList<>(List.of(d));
      for (OptimiserSpec.Kind k : OptimiserSpec.Kind.values()) {
        String name = k.name().toLowerCase(Locale.ROOT);
        if (!name.equals(d)) {
          kinds.add(name);
        }
      }
      return String.join("|", kinds);
    }
    if (d.contains(",")) {
      return "N,N,...";
    }
    return d.matches("\\d+") ? "N" : "X";
  }

  private static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /**
   * The method's specification from the hyperparameter flags given.
   *
   * @param m the method
   * @param f the flags
   * @return the specification
   * @throws UsageException naming a flag the method does not read, or an invalid value
   */
  static MethodSpec spec(Method m, Flags f) {
    MethodSpec spec = MethodSpec.of(m);
    for (Hyperparameter<?> p : Hyperparameter.all()) {
      if (f.has(p.option())) {
        spec = with(spec, p, f.string(p.option(), null));
      }
    }
    return spec;
  }

  /**
   * @param spec a specification
   * @param p a hyperparameter
   * @param text its value as typed
   * @return the specification with the value
   * @throws UsageException naming the flag: the method does not read it, or the value is invalid
   */
  static MethodSpec with(MethodSpec spec, Hyperparameter<?> p, String text) {
    Method m = spec.method();
    if (!m.uses(p)) {
      throw new UsageException(
          "--"
              + p.option()
              + ": "
              + m.token()
              + " does not read "
              + p.name()
              + (m.hyperparameters().isEmpty()
                  ? " (it has no hyperparameters)"
                  : " (it reads "
                      + String.join(
                          ", ", m.hyperparameters().stream().map(q -> "--" + q.option()).toList())
                      + ")"));
    }
    try {
      return spec.withText(p.name(), text);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--" + p.option() + ": " + e.getMessage());
    }
  }

  /**
   * Whether a λ search runs for this method: λ automatic, or {@code --calibrate} given.
   *
   * @param spec the method
   * @param f the flags
   * @return whether λ is searched per task
   */
  boolean searchesLambda(MethodSpec spec, Flags f) {
    return spec.method().hasLambda()
        && (spec.automaticLambda() || f.has(flagOf(Setting.CALIBRATE)));
  }

  /**
   * Builds the learner configuration from the setting flags (or this command's defaults).
   *
   * @param f the flags
   * @param spec the method
   * @param headMode the head mode the command's scenario decides
   * @return the configuration
   * @throws UsageException naming the flag at fault
   */
  LearnerConfig config(Flags f, MethodSpec spec, HeadMode headMode) {
    LearnerConfig.Builder b = LearnerConfig.builder().method(spec).headMode(headMode);
    String optimiser = null;
    double lr = Double.NaN;
    double momentum = Double.NaN;
    double p = Double.NaN;
    int trials = 0;
    for (Setting s : Setting.values()) {
      String name = flagOf(s);
      String text = f.string(name, defaultOf(s));
      // A switch expression, so that a setting added to the core does not compile until applied.
      b =
          switch (s) {
            case HIDDEN ->
                b.hidden(
                    text.trim().equalsIgnoreCase("none") ? new int[0] : Flags.integers(name, text));
            case EPOCHS -> b.epochs(Flags.integer(name, text, 1, Integer.MAX_VALUE));
            case BATCH_SIZE -> b.batchSize(Flags.integer(name, text, 1, Integer.MAX_VALUE));
            case LEARNING_RATE -> {
              lr = positive(name, text);
              yield b;
            }
            case OPTIMISER -> {
              optimiser = Flags.choice(name, text, List.of("adam", "sgd"));
              yield b;
            }
            case MOMENTUM -> {
              momentum = Flags.number(name, text);
              yield b;
            }
            case SEED -> b.seed(Flags.longValue(name, text));
            case HEAD_MODE -> b; // decided by the command's scenario
            case REPLAY_SIZE -> b.replaySize(Flags.integer(name, text, 0, Integer.MAX_VALUE));
            case CALIBRATE -> b; // read with CALIBRATE_P and CALIBRATE_TRIALS below
            case CALIBRATE_P -> {
              p = Flags.number(name, text);
              yield b;
            }
            case CALIBRATE_TRIALS -> {
              trials = Flags.integer(name, text, Integer.MIN_VALUE, Integer.MAX_VALUE);
              yield b;
            }
            case KEEP_OPTIMISER_STATE -> b.keepOptimiserState(Boolean.parseBoolean(text));
          };
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new UsageException(
          "--" + flagOf(Setting.MOMENTUM) + " must be in [0, 1), got " + momentum);
    }
    if (optimiser.equals("adam") && f.has(flagOf(Setting.MOMENTUM))) {
      throw new UsageException(
          "--"
              + flagOf(Setting.MOMENTUM)
              + " is SGD's (Adam has none): add --"
              + flagOf(Setting.OPTIMISER)
              + " sgd, or drop it");
    }
    b.optimiser(optimiser.equals("sgd") ? OptimiserSpec.sgd(lr, momentum) : OptimiserSpec.adam(lr));
    if (!(p > 0 && p < 1)) {
      throw new UsageException("--" + flagOf(Setting.CALIBRATE_P) + " must be in (0, 1), got " + p);
    }
    if (trials < 2) {
      throw new UsageException(
          "--"
              + flagOf(Setting.CALIBRATE_TRIALS)
              + " must be an integer >= 2 (the fine-tuning reference and at least one lambda), got "
              + trials);
    }
    // The search's settings whenever a search runs (λ automatic, or --calibrate): for an
    // automatic λ these are the core's defaults unless --calibrate-p or --calibrate-trials is
    // given.
    b.calibration(searchesLambda(spec, f) ? Calibration.of(p, trials) : null);
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw usage(e);
    }
  }

  /**
   * Refuses the λ-search flags where no search runs, so that none is silently ignored.
   *
   * @param f the flags
   * @param searches whether a λ search runs for at least one method of the command
   * @param subject what the command runs, for the message (e.g. "naive" or "--methods naive,joint")
   */
  void requireSearchFlagsUsed(Flags f, boolean searches, String subject) {
    String calibrate = flagOf(Setting.CALIBRATE);
    if (f.has(calibrate) && !searches) {
      throw new UsageException("--" + calibrate + ": " + subject + " has no lambda to search");
    }
    for (Setting s : List.of(Setting.CALIBRATE_P, Setting.CALIBRATE_TRIALS)) {
      if (f.has(flagOf(s)) && !searches) {
        throw new UsageException(
            "--"
                + flagOf(s)
                + " sets the lambda search, which does not run for "
                + subject
                + " (it runs when --lambda is not given, or with --"
                + calibrate
                + ")");
      }
    }
  }

  private static double positive(String name, String text) {
    double v = Flags.number(name, text);
    if (!(v > 0)) {
      throw new UsageException("--" + name + " must be > 0, got " + text.trim());
    }
    return v;
  }

  /**
   * @param s a setting
   * @param c a configuration
   * @return the setting's value in it, for reports and JSON (null where it does not apply: SGD's
   *     momentum under Adam, the search's p and trial budget where no search runs); for λ search
   *     settings, the values the search runs with (the core's defaults when the configuration
   *     leaves them out)
   */
  static Object value(Setting s, LearnerConfig c) {
    return switch (s) {
      case HIDDEN -> c.hidden();
      case EPOCHS -> c.epochs();
      case BATCH_SIZE -> c.batchSize();
      case LEARNING_RATE -> c.optimiser().learningRate();
      case OPTIMISER -> c.optimiser().kind().name().toLowerCase(Locale.ROOT);
      case MOMENTUM ->
          c.optimiser().kind() == OptimiserSpec.Kind.SGD ? c.optimiser().momentum() : null;
      case SEED -> c.seed();
      case HEAD_MODE -> c.headMode().name().toLowerCase(Locale.ROOT);
      case REPLAY_SIZE -> c.replaySize();
      case CALIBRATE -> c.calibration() != null && !c.method().automaticLambda();
      case CALIBRATE_P -> c.lambdaSearch() == null ? null : c.lambdaSearch().p();
      case CALIBRATE_TRIALS -> c.lambdaSearch() == null ? null : c.lambdaSearch().maxTrials();
      case KEEP_OPTIMISER_STATE -> c.keepOptimiserState();
    };
  }

  /**
   * Names the flag in a message of cl-core that names an option by its core name (e.g. "batchSize
   * 2147483647 needs 8.0 GB ..." becomes "--batch: batchSize ..."), so that a size the core refuses
   * while training reads as a command-line mistake.
   *
   * @param e the core's exception
   * @return a usage exception naming the flag, or null when the message names no option
   */
  UsageException flagged(IllegalArgumentException e) {
    String msg = String.valueOf(e.getMessage());
    for (Setting s : Setting.values()) {
      if (s != Setting.HEAD_MODE && startsWithName(msg, s.key())) {
        return new UsageException("--" + flagOf(s) + ": " + msg);
      }
    }
    if (msg.startsWith("hidden layer sizes")) {
      return new UsageException("--" + flagOf(Setting.HIDDEN) + ": " + msg);
    }
    for (Hyperparameter<?> p : Hyperparameter.all()) {
      if (startsWithName(msg, p.name())) {
        return new UsageException("--" + p.option() + ": " + msg);
      }
    }
    return null;
  }

  private UsageException usage(IllegalArgumentException e) {
    UsageException u = flagged(e);
    return u != null ? u : new UsageException(e.getMessage());
  }

  private static boolean startsWithName(String msg, String name) {
    return msg.startsWith(name + " ") || msg.startsWith(name + ":");
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }
}
