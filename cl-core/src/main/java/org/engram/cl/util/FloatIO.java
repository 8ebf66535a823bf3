package org.engram.cl.util;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Float arrays in the learner's binary state, a chunk at a time: the same bytes as a loop of {@link
 * DataOutput#writeFloat} (big-endian, every NaN written as the canonical one) and the same values
 * as a loop of {@link DataInput#readFloat}, without four stream calls per float.
 */
public final class FloatIO {
  private static final VarHandle BIG_ENDIAN_INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  /** Floats per chunk: 32 KiB of bytes. */
  private static final int CHUNK = 8192;

  private FloatIO() {}

  /**
   * Writes {@code a[from..to)} as {@code writeFloat} would, one value after the other.
   *
   * @param out the stream
   * @param a the values
   * @param from first index
   * @param to one past the last index
   * @throws IOException if writing fails
   */
  public static void write(DataOutput out, float[] a, int from, int to) throws IOException {
    byte[] buf = new byte[4 * Math.min(CHUNK, Math.max(0, to - from))];
    for (int i = from; i < to; ) {
      int n = Math.min(CHUNK, to - i);
      for (int k = 0; k < n; k++) {
        BIG_ENDIAN_INT.set(buf, 4 * k, Float.floatToIntBits(a[i + k]));
      }
      out.write(buf, 0, 4 * n);
      i += n;
    }
  }

  /**
   * Reads {@code a[from..to)} as a loop of {@code readFloat} would.
   *
   * @param in the stream
   * @param a where the values go
   * @param from first index
   * @param to one past the last index
   * @throws IOException if reading fails ({@link java.io.EOFException} when the stream ends first)
   */
  public static void read(DataInput in, float[] a, int from, int to) throws IOException {
    byte[] buf = new byte[4 * Math.min(CHUNK, Math.max(0, to - from))];
    for (int i = from; i < to; ) {
      int n = Math.min(CHUNK, to - i);
      in.readFully(buf, 0, 4 * n);
      for (int k = 0; k < n; k++) {
        a[i + k] = Float.intBitsToFloat((int) BIG_ENDIAN_INT.get(buf, 4 * k));
      }
      i += n;
    }
  }
}
