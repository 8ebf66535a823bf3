package org.engram.cl;

import java.util.Locale;
import org.engram.cl.nn.Mlp;
import org.engram.cl.util.OptionException;

/**
 * Size checks done in long arithmetic before anything is allocated, so that an option too large for
 * Java's arrays or for the heap is refused with a message naming it and the memory it would need,
 * instead of an overflowing int or an OutOfMemoryError.
 */
final class Sizes {
  /** The largest Java array the JVM allocates reliably. */
  static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  private Sizes() {}

  /**
   * @param elements floats an array would hold
   * @param option the option responsible
   * @param value its value
   * @param per what each unit of the option costs, in floats
   * @throws IllegalArgumentException if the array cannot exist or would not fit in the heap
   */
  static void checkArray(long elements, String option, long value, long per) {
    if (elements > MAX_ARRAY || 4 * elements > Runtime.getRuntime().maxMemory()) {
      throw new OptionException(
          option,
          option
              + " "
              + value
              + " needs "
              + bytes(4 * elements)
              + " ("
              + value
              + " × "
              + per
              + " floats) in one array; the limit is "
              + bytes(Math.min(4 * MAX_ARRAY, Runtime.getRuntime().maxMemory()))
              + ": lower "
              + option);
    }
  }

  /**
   * Checks that a minibatch of {@code rows} rows (replayed ones included) fits the network's
   * buffers.
   *
   * @throws IllegalArgumentException naming batchSize and the memory needed
   */
  static void checkBatch(int rows, Mlp net) {
    long widest = net.inputSize();
    for (int h : net.hiddenSizes()) {
      widest = Math.max(widest, h);
    }
    for (int h = 0; h < net.headCount(); h++) {
      widest = Math.max(widest, net.headSize(h));
    }
    checkArray(rows * widest, "batchSize", rows, widest);
  }

  /**
   * @param b bytes
   * @return e.g. "1.5 GB"
   */
  static String bytes(long b) {
    if (b < 1 << 20) {
      return String.format(Locale.ROOT, "%.1f KB", b / 1024.0);
    }
    if (b < 1L << 30) {
      return String.format(Locale.ROOT, "%.1f MB", b / (double) (1 << 20));
    }
    return String.format(Locale.ROOT, "%.1f GB", b / (double) (1L << 30));
  }
}
