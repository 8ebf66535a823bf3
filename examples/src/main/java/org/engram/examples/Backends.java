package org.engram.examples;

import java.util.List;

/** The backends {@code --via} can name: cl-core directly, Tribuo's trainers, Weka's classifier. */
public final class Backends {
  /** Every name {@code --via} accepts. */
  public static final List<String> NAMES = List.of("core", "tribuo", "weka");

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
}
