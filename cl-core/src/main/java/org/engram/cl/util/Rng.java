package org.engram.cl.util;

/**
 * A small, fast, seedable random number generator (SplitMix64) whose whole state is one {@code
 * long}, so a learner's random stream can be saved and restored exactly.
 *
 * <p>{@link java.util.Random} hides its state; saving a learner mid-run and continuing must give
 * the same result as never saving it, so the core uses this generator everywhere.
 */
public final class Rng {
  private long state;

  /**
   * Creates a generator.
   *
   * @param seed the seed; equal seeds give equal streams
   */
  public Rng(long seed) {
    this.state = seed;
  }

  /**
   * @return the internal state, to be passed to {@link #setState(long)}
   */
  public long state() {
    return state;
  }

  /**
   * Restores a state obtained from {@link #state()}.
   *
   * @param state the state
   */
  public void setState(long state) {
    this.state = state;
  }

  /**
   * @return the next 64 random bits
   */
  public long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * @param bound exclusive upper bound, positive
   * @return a uniform integer in [0, bound)
   */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, got " + bound);
    }
    // Lemire's multiply-shift; the bias is below 2^-32 for the sizes used here.
    return (int) (((nextLong() >>> 32) * bound) >>> 32);
  }

  /**
   * @return a uniform double in [0, 1)
   */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /**
   * @return a standard normal sample (Box-Muller; no cached second value, so the state stays one
   *     long)
   */
  public double nextGaussian() {
    double u1 = 1.0 - nextDouble();
    double u2 = nextDouble();
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
  }

  /**
   * @return a new generator seeded from this one, for an independent sub-stream
   */
  public Rng split() {
    return new Rng(nextLong());
  }

  /**
   * Shuffles {@code a[0..n)} in place (Fisher-Yates).
   *
   * @param a the array
   * @param n how many leading entries to shuffle
   */
  public void shuffle(int[] a, int n) {
    for (int i = n - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
