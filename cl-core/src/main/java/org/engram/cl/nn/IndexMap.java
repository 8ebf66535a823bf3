package org.engram.cl.nn;

/**
 * Where each parameter went when the network grew (a new head, or new output units).
 *
 * <p>Everything that keeps one number per parameter (anchors, importances, optimiser moments)
 * passes its arrays through {@link #remap(float[])}: old values move to their new positions and new
 * parameters get zero, i.e. no importance.
 */
public final class IndexMap {
  private final int[] newIndexOfOld;
  private final int newSize;

  IndexMap(int[] newIndexOfOld, int newSize) {
    this.newIndexOfOld = newIndexOfOld;
    this.newSize = newSize;
  }

  /**
   * @return the parameter count before growth
   */
  public int oldSize() {
    return newIndexOfOld.length;
  }

  /**
   * @return the parameter count after growth
   */
  public int newSize() {
    return newSize;
  }

  /**
   * @param old an array with one entry per parameter before growth (null passes through)
   * @return an array with one entry per parameter after growth, zero for new parameters
   */
  public float[] remap(float[] old) {
    if (old == null) {
      return null;
    }
    if (old.length != newIndexOfOld.length) {
      throw new IllegalStateException(
          "array of "
              + old.length
              + " entries does not match "
              + newIndexOfOld.length
              + " parameters");
    }
    float[] out = new float[newSize];
    for (int i = 0; i < old.length; i++) {
      out[newIndexOfOld[i]] = old[i];
    }
    return out;
  }

  /**
   * @return one entry per parameter after growth: true where an old parameter moved to, false for a
   *     new one
   */
  public boolean[] inherited() {
    boolean[] out = new boolean[newSize];
    for (int i : newIndexOfOld) {
      out[i] = true;
    }
    return out;
  }

  /** Same as {@link #remap(float[])} for double arrays. */
  public double[] remap(double[] old) {
    if (old == null) {
      return null;
    }
    double[] out = new double[newSize];
    for (int i = 0; i < old.length; i++) {
      out[newIndexOfOld[i]] = old[i];
    }
    return out;
  }
}
