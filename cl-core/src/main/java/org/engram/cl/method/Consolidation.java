package org.engram.cl.method;

/**
 * How a new task's importance Ω_new and anchor θ*_new are merged with what was kept from earlier
 * tasks.
 *
 * @param kind the rule
 * @param factor γ for {@link Kind#ONLINE}, α for {@link Kind#RUNNING_AVERAGE}, unused otherwise
 */
public record Consolidation(Kind kind, double factor) {

  /** The rules. */
  public enum Kind {
    /**
     * One (θ*, Ω) slot per task, as in the original EWC (Kirkpatrick et al. 2017, eq. 3): memory
     * grows with the number of tasks.
     */
    PER_TASK,
    /**
     * One slot: Ω ← γ Ω + Ω_new, θ* ← latest, and the penalty reads γΩ (online EWC, Schwarz et al.
     * 2018, eq. 8: the penalty while learning task k uses γF*_{k−1}; van de Ven's code does the
     * same). Constant memory.
     */
    ONLINE,
    /** One slot: Ω ← α Ω + (1 − α) Ω_new, θ* ← latest (Avalanche's MAS). */
    RUNNING_AVERAGE,
    /** One slot: Ω ← Ω + Ω_new, θ* ← latest (MAS's reference code). */
    SUM,
    /**
     * One slot: Ω ← max(0, Ω + Ω_new), θ* ← latest. SI's reference code (ganguli-lab/pathint,
     * {@code protocols.py}: {@code relu(prev + ω / (Δ² + ξ))}) clips the accumulated sum, so a
     * task's negative contribution can cancel an earlier task's positive one.
     */
    CLIPPED_SUM,
    /** One slot: Ω ← Ω_new, θ* ← latest (the L2 baseline: stay close to the last solution). */
    LATEST
  }

  /** Validates the factor. */
  public Consolidation {
    if (kind == null) {
      throw new IllegalArgumentException("consolidation kind must not be null");
    }
    if (kind == Kind.ONLINE && !(factor > 0 && factor <= 1)) {
      throw new IllegalArgumentException("gamma must be in (0, 1], got " + factor);
    }
    if (kind == Kind.RUNNING_AVERAGE && !(factor >= 0 && factor < 1)) {
      throw new IllegalArgumentException("alpha must be in [0, 1), got " + factor);
    }
  }

  /**
   * @return per-task memory
   */
  public static Consolidation perTask() {
    return new Consolidation(Kind.PER_TASK, 0);
  }

  /**
   * @param gamma decay of the old importance, in (0, 1]
   * @return online consolidation
   */
  public static Consolidation online(double gamma) {
    return new Consolidation(Kind.ONLINE, gamma);
  }

  /**
   * @param alpha weight of the old importance, in [0, 1)
   * @return running-average consolidation
   */
  public static Consolidation runningAverage(double alpha) {
    return new Consolidation(Kind.RUNNING_AVERAGE, alpha);
  }

  /**
   * @return summing consolidation
   */
  public static Consolidation sum() {
    return new Consolidation(Kind.SUM, 0);
  }

  /**
   * @return summing consolidation whose sum is clipped at zero (SI)
   */
  public static Consolidation clippedSum() {
    return new Consolidation(Kind.CLIPPED_SUM, 0);
  }

  /**
   * @return the factor the penalty applies to the stored importance: γ for {@link Kind#ONLINE}, 1
   *     otherwise
   */
  public double penaltyScale() {
    return kind == Kind.ONLINE ? factor : 1;
  }

  /**
   * @return latest-only consolidation
   */
  public static Consolidation latest() {
    return new Consolidation(Kind.LATEST, 0);
  }
}
