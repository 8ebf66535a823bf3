package org.engram.cl.method;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.engram.cl.util.FloatIO;

/** Helpers for writing method state into the learner's binary format. */
final class States {
  private States() {}

  static void writeFloats(DataOutputStream out, float[] a) throws IOException {
    out.writeInt(a == null ? -1 : a.length);
    if (a != null) {
      FloatIO.write(out, a, 0, a.length);
    }
  }

  static float[] readFloats(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n == -1) {
      return null;
    }
    float[] a = new float[count(n, "array length")];
    FloatIO.read(in, a, 0, n);
    return a;
  }

  static int count(int n, String what) throws IOException {
    if (n < 0 || n > (1 << 28)) {
      throw new IOException("implausible " + what + " in state: " + n);
    }
    return n;
  }
}
