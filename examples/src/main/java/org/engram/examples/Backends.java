package org.engram.examples;

import java.util.List;

/**
 * The backends {@code --via} can name. Only {@code core} exists in this build; {@code tribuo} and
 * {@code weka} are reserved for the adapter modules (add them here as {@link Backend}s).
 */
public final class Backends {
  /** Every name {@code --via} accepts. */
  public static final List<String> NAMES = List.of("core", "tribuo", "weka");

  private Backends() {}

  /**
   * @param via the name
   * @return the backend
   * @throws UsageException for a name that is not available in this build
   */
  public static Backend create(String via) {
    if (via.equals("core")) {
      return new CoreBackend();
    }
    throw new UsageException("--via " + via + " is not available in this build (available: core)");
  }
}
