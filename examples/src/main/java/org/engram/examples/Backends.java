package org.engram.examples;

import java.util.List;
import java.util.Map;
import org.engram.cl.Setting;
import org.engram.cl.method.Hyperparameter;

/** The backends {@code --via} can name: cl-core directly, Tribuo's trainers, Weka's classifier. */
public final class Backends {
  /** Every name {@code --via} accepts. */
  public static final List<String> NAMES = List.of("core", "tribuo", "weka");

  /**
   * Flags an adapter path does not pass on to its learner today, with the reason. Refused here so
   * that none is silently ignored; each entry goes when the adapter carries the option (then its
   * backend's own {@link Backend#check} is the place for what it still cannot do).
   */
  static final Map<String, Map<String, String>> NOT_CARRIED =
      Map.of(
          "tribuo",
          Map.of(
              Hyperparameter.WARMUP_EPOCHS.option(),
              "tribuo-cl's LwFTrainer has no warm-up option yet",
              BenchOptions.CORE.flagOf(Setting.KEEP_OPTIMISER_STATE),
              "tribuo-cl's trainers have no such option yet"),
          "weka",
          Map.of(
              Hyperparameter.DAMPING.option(),
              "ContinualMLP has no -damping option yet",
              Hyperparameter.WARMUP_EPOCHS.option(),
              "ContinualMLP has no warm-up option yet",
              BenchOptions.CORE.flagOf(Setting.KEEP_OPTIMISER_STATE),
              "ContinualMLP has no such option yet",
              BenchOptions.CORE.flagOf(Setting.CALIBRATE_P),
              "ContinualMLP's lambda search uses p = 0.2"));

  private Backends() {}

  /**
   * @param via the name
   * @return the backend
   * @throws UsageException for an unknown name
   */
  public static Backend create(String via) {
    return switch (via) {
      case "core" -> new CoreBackend();
      case "tribuo" -> new TribuoBackend();
      case "weka" -> new WekaBackend();
      default -> throw new UsageException("--via must be one of " + NAMES + ", got " + via);
    };
  }

  /**
   * Refuses, before any data is read, what the chosen path cannot honour.
   *
   * @param options the bench options
   * @param flags the flags given
   * @throws UsageException naming the flag
   */
  static void check(BenchOptions options, Flags flags) {
    create(options.via()).check(options);
    for (var e : NOT_CARRIED.getOrDefault(options.via(), Map.of()).entrySet()) {
      if (flags.has(e.getKey())) {
        throw new UsageException(
            "--"
                + e.getKey()
                + " is not carried by --via "
                + options.via()
                + " ("
                + e.getValue()
                + "); use --via core");
      }
    }
  }
}
