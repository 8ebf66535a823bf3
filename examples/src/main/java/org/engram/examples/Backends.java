package org.engram.examples;

import java.util.List;

/** The backends {@code --via} can name: cl-core directly, Tribuo's trainers, Weka's classifier. */
public final class Backends {
  /** Every name {@code --via} accepts. */
  public static final List<String> NAMES = List.of("core", "tribuo", "weka", "weka-stream");

  /**
   * Flags an adapter path does not pass on to its learner today, with the reason. Refused here so
   * that none is silently ignored; each entry goes when the adapter carries the option (then its
   * backend's own {@link Backend#check} is the place for what it still cannot do).
   */
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
      case "weka" -> new WekaBackend(false);
      case "weka-stream" -> new WekaBackend(true);
      default -> throw new UsageException("--via must be one of " + NAMES + ", got " + via);
    };
  }

  /**
   * Refuses, before any data is read, what the chosen path cannot honour (each path carries every
   * option; a path refuses only values its toolkit rejects).
   *
   * @param options the bench options
   * @throws UsageException naming the flag
   */
  static void check(BenchOptions options) {
    create(options.via()).check(options);
  }
}
