package org.engram.cl.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The chunked float encoding against the JDK's own per-value one ({@code writeFloat} and {@code
 * readFloat} through the JDK's streams): saved states must stay byte for byte what they were.
 */
class FloatIOTest {

  /** Values of every kind: ordinary, extreme, signed zeros, denormals, and NaNs of odd payloads. */
  private static float[] values(int n, long seed) {
    Random r = new Random(seed);
    float[] special = {
      0f,
      -0f,
      Float.MIN_VALUE,
      -Float.MIN_NORMAL,
      Float.MAX_VALUE,
      Float.NEGATIVE_INFINITY,
      Float.NaN,
      Float.intBitsToFloat(0x7f800001), // a signalling NaN payload
      Float.intBitsToFloat(0xffc01234) // a negative quiet NaN with a payload
    };
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] =
          r.nextInt(10) == 0
              ? special[r.nextInt(special.length)]
              : Float.intBitsToFloat(r.nextInt());
    }
    return a;
  }

  /** What the JDK's DataOutputStream writes for a[from..to), value by value. */
  private static byte[] perValue(float[] a, int from, int to) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(-7); // something before and after, so offsets are checked too
    for (int i = from; i < to; i++) {
      out.writeFloat(a[i]);
    }
    out.writeInt(42);
    return bytes.toByteArray();
  }

  @Test
  void writesTheBytesOfWriteFloatAcrossChunkBoundaries() throws IOException {
    for (int n : new int[] {0, 1, 8191, 8192, 8193, 20000}) {
      float[] a = values(n + 3, n);
      Bytes.Out sink = new Bytes.Out(1);
      DataOutputStream out = new DataOutputStream(sink);
      out.writeInt(-7);
      FloatIO.write(out, a, 2, n + 2);
      out.writeInt(42);
      assertArrayEquals(
          perValue(a, 2, n + 2), Arrays.copyOf(sink.buffer(), sink.size()), n + " values");
      assertEquals(4 * n + 8, sink.size());
    }
  }

  @Test
  void readsWhatReadFloatReads() throws IOException {
    for (int n : new int[] {0, 1, 8192, 8193, 20000}) {
      float[] a = values(n, 100 + n);
      byte[] bytes = perValue(a, 0, n);
      float[] expected = new float[n + 2];
      DataInputStream jdk = new DataInputStream(new ByteArrayInputStream(bytes));
      jdk.readInt();
      for (int i = 0; i < n; i++) {
        expected[i + 1] = jdk.readFloat();
      }
      float[] got = new float[n + 2];
      DataInputStream in = new DataInputStream(new Bytes.In(bytes));
      assertEquals(-7, in.readInt());
      FloatIO.read(in, got, 1, n + 1);
      assertEquals(42, in.readInt());
      assertEquals(-1, in.read());
      // compared by bits: NaN payloads, signed zeros and denormals included
      int[] e = new int[n + 2];
      int[] g = new int[n + 2];
      Arrays.setAll(e, i -> Float.floatToRawIntBits(expected[i]));
      Arrays.setAll(g, i -> Float.floatToRawIntBits(got[i]));
      assertArrayEquals(e, g, n + " values");
    }
  }

  @Test
  void aTruncatedStreamEndsInEofNotInZeros() throws IOException {
    float[] a = values(10000, 5);
    byte[] bytes = Arrays.copyOf(perValue(a, 0, a.length), 4 + 4 * 9000 + 2);
    DataInputStream in = new DataInputStream(new Bytes.In(bytes));
    assertThrows(
        EOFException.class,
        () -> {
          in.readInt();
          FloatIO.read(in, new float[10000], 0, 10000);
        });
  }

  @Test
  void theLockFreeStreamsBehaveAsInputAndOutputStreams() throws IOException {
    Bytes.Out out = new Bytes.Out(0);
    for (int i = 0; i < 1000; i++) {
      out.write(i);
    }
    out.write(new byte[] {9, 8, 7, 6}, 1, 2);
    assertEquals(1002, out.size());
    byte[] b = Arrays.copyOf(out.buffer(), out.size());
    assertEquals(1002, b.length);
    assertEquals((byte) 999, b[999]);
    assertEquals(8, b[1000]);
    assertEquals(7, b[1001]);
    assertThrows(IndexOutOfBoundsException.class, () -> out.write(new byte[2], 1, 2));

    Bytes.In in = new Bytes.In(b);
    assertEquals(0, in.read());
    assertEquals(1, in.read());
    assertEquals(2, in.skip(2));
    assertEquals(998, in.available());
    byte[] rest = new byte[2000];
    assertEquals(0, in.read(rest, 0, 0));
    assertEquals(998, in.read(rest, 5, 1995));
    assertEquals(b[4], rest[5]);
    assertEquals(-1, in.read());
    assertEquals(-1, in.read(rest, 0, 1));
    Bytes.In high = new Bytes.In(new byte[] {(byte) 0xE7});
    assertEquals(0xE7, high.read()); // unsigned, as InputStream.read promises
    assertEquals(0, in.skip(5));
  }
}
