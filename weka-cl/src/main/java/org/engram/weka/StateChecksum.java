package org.engram.weka;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OptionalDataException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * A checksum of what a saved ContinualMLP holds besides the core's learner state, which checks
 * itself: the options, the training header, the input scaling, the tasks and the rows waiting. A
 * damaged byte there would otherwise load as a model that predicts otherwise than the one saved (a
 * flipped bit of a standardisation mean), trains with other options, or fails later with a stack
 * trace. Each class writes its checksum after its own fields, as one more object; a model saved
 * before checksums has none and is read as before.
 */
final class StateChecksum {
  private final CRC32 crc = new CRC32();

  StateChecksum add(String s) {
    if (s == null) {
      return add(-1L);
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    add((long) b.length);
    crc.update(b);
    return this;
  }

  StateChecksum add(long v) {
    for (int i = 0; i < 8; i++) {
      crc.update((int) (v >>> (8 * i)));
    }
    return this;
  }

  StateChecksum add(boolean v) {
    return add(v ? 1L : 0L);
  }

  StateChecksum add(double v) {
    return add(Double.doubleToRawLongBits(v));
  }

  StateChecksum add(int[] a) {
    add(a == null ? -1L : a.length);
    if (a != null) {
      for (int v : a) {
        add((long) v);
      }
    }
    return this;
  }

  StateChecksum add(long[] a) {
    add(a == null ? -1L : a.length);
    if (a != null) {
      for (long v : a) {
        add(v);
      }
    }
    return this;
  }

  StateChecksum add(double[] a) {
    add(a == null ? -1L : a.length);
    if (a != null) {
      for (double v : a) {
        add(v);
      }
    }
    return this;
  }

  StateChecksum add(boolean[] a) {
    add(a == null ? -1L : a.length);
    if (a != null) {
      for (boolean v : a) {
        add(v);
      }
    }
    return this;
  }

  StateChecksum add(String[] a) {
    add(a == null ? -1L : a.length);
    if (a != null) {
      for (String v : a) {
        add(v);
      }
    }
    return this;
  }

  StateChecksum add(byte[] a) {
    add(a == null ? -1L : a.length);
    if (a != null) {
      crc.update(a);
    }
    return this;
  }

  /** Adds option values (a null map too): each option's name and value, in the enum's order. */
  StateChecksum add(Map<WekaOption, Object> values) {
    add(values == null ? -1L : values.size());
    if (values != null) {
      for (WekaOption o : WekaOption.values()) {
        add(o.name()).add(values.containsKey(o));
        Object v = values.get(o);
        if (v instanceof Double d) {
          add("D").add(d);
        } else {
          add(v == null ? "null" : v.getClass().getName() + ":" + v);
        }
      }
    }
    return this;
  }

  long value() {
    return crc.getValue();
  }

  /** The message of a saved model whose checksum does not match. */
  static final String CORRUPTED =
      "ContinualMLP: the model file is damaged (its checksum does not match what it holds): it was"
          + " changed after it was written; use another copy or train again";

  /**
   * Writes a checksum after the fields of the class being written.
   *
   * @param out the stream, inside that class's writeObject
   * @param fill adds what the class holds
   */
  static void write(ObjectOutputStream out, Consumer<StateChecksum> fill) throws IOException {
    StateChecksum c = new StateChecksum();
    fill.accept(c);
    out.writeObject(c.value());
  }

  /**
   * Reads the checksum written by {@link #write} and compares it with what was read.
   *
   * @param in the stream, inside that class's readObject, after its fields
   * @param fill adds what was read (it may fail on a damaged file: that is a mismatch too)
   * @throws InvalidObjectException if the checksum does not match
   */
  static void verify(ObjectInputStream in, Consumer<StateChecksum> fill)
      throws IOException, ClassNotFoundException {
    Object stored;
    try {
      stored = in.readObject();
    } catch (OptionalDataException e) {
      if (e.eof) {
        return; // saved before checksums were written
      }
      throw new InvalidObjectException(CORRUPTED);
    }
    long actual;
    try {
      StateChecksum c = new StateChecksum();
      fill.accept(c);
      actual = c.value();
    } catch (RuntimeException e) {
      throw new InvalidObjectException(CORRUPTED);
    }
    if (!(stored instanceof Long s) || s != actual) {
      throw new InvalidObjectException(CORRUPTED);
    }
  }
}
