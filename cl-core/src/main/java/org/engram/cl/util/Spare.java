package org.engram.cl.util;

/**
 * Copies of live state kept for an undo, in arrays reused from one copy to the next: a streamed
 * update copies the importance estimator's running state (SI's) before each call, and fresh arrays
 * for every call cost more than the copy itself. (The parameters and the optimiser's moments are
 * copied block by block by the call's first step, {@link org.engram.cl.optim.Optimiser#checkpoint},
 * into arrays {@link #sized} keeps the same way.)
 */
public final class Spare {
  private Spare() {}

  /**
   * @param spare the array the last copy went into, or null
   * @param length the length wanted
   * @return spare when it has that length, else a new array of it
   */
  public static float[] sized(float[] spare, int length) {
    return spare != null && spare.length == length ? spare : new float[length];
  }

  /**
   * @param live the state to copy
   * @param spare the array the last copy went into, or null
   * @return spare holding a copy of live (a new array when spare is null or of another length)
   */
  public static float[] copy(float[] live, float[] spare) {
    float[] out = sized(spare, live.length);
    System.arraycopy(live, 0, out, 0, live.length);
    return out;
  }

  /**
   * @param live the state to copy
   * @param spare the array the last copy went into, or null
   * @return spare holding a copy of live (a new array when spare is null or of another length)
   */
  public static double[] copy(double[] live, double[] spare) {
    double[] out = spare != null && spare.length == live.length ? spare : new double[live.length];
    System.arraycopy(live, 0, out, 0, live.length);
    return out;
  }
}
