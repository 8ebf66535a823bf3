package org.engram.weka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.engram.cl.data.TaskData;
import org.junit.jupiter.api.Test;
import weka.core.Attribute;
import weka.core.DenseInstance;
import weka.core.Instances;
import weka.core.Utils;

/**
 * The stream buffer reuses the arrays of trained rows and the encoded minibatch, which must never
 * show through: a snapshot's rows stay as they were for the rest of the call that took it, and an
 * encoding written over an earlier one holds nothing of it.
 */
class StreamBufferTest {
  /** Two numeric attributes around a nominal one of three values, then the class. */
  static Instances data() {
    ArrayList<Attribute> atts = new ArrayList<>();
    atts.add(new Attribute("a"));
    atts.add(new Attribute("colour", List.of("red", "green", "blue")));
    atts.add(new Attribute("b"));
    atts.add(new Attribute("class", List.of("x", "y")));
    Instances d = new Instances("d", atts, 0);
    d.setClassIndex(3);
    double[][] rows = {
      {1, 0, 2, 0}, {3, 1, 4, 1}, {5, 2, 6, 0}, {7, Utils.missingValue(), 8, 1}, {9, 1, 10, 0}
    };
    for (double[] r : rows) {
      d.add(new DenseInstance(1, r));
    }
    return d;
  }

  /** One encoded row: a, the one-hot colour, b. */
  static float[] encoded(double a, int colour, double b) {
    float[] x = {(float) a, 0, 0, 0, (float) b};
    if (colour >= 0) {
      x[1 + colour] = 1;
    }
    return x;
  }

  static void add(StreamBuffer b, Instances d, int r) {
    b.add(b.values(d.instance(r)), 1, r + 1);
  }

  @Test
  void aSnapshotsRowsOutliveTheirTrainingUntilTheNextCall() {
    Instances d = data();
    InputEncoder encoder = new InputEncoder(d, -1, false);
    StreamBuffer b = new StreamBuffer();
    b.release();
    add(b, d, 0);
    add(b, d, 1);
    b.clear(); // the first minibatch is trained
    b.release(); // a later call: its arrays are free
    add(b, d, 2); // takes one of them
    StreamBuffer snapshot = b.copy(); // a call that trains begins
    add(b, d, 3);
    b.clear();
    add(b, d, 4); // the same call goes on (a task boundary): no array of the snapshot's row
    add(b, d, 0);
    TaskData kept = snapshot.encode(encoder, 3);
    assertArrayEquals(encoded(5, 2, 6), kept.features(), "the snapshot's row was overwritten");
    TaskData now = b.encode(encoder, 3);
    float[] expected = new float[10];
    System.arraycopy(encoded(9, 1, 10), 0, expected, 0, 5);
    System.arraycopy(encoded(1, 0, 2), 0, expected, 5, 5);
    assertArrayEquals(expected, now.features());
  }

  @Test
  void anEncodingWrittenOverTheLastHoldsNothingOfIt() {
    Instances d = data();
    InputEncoder encoder = new InputEncoder(d, -1, false);
    StreamBuffer b = new StreamBuffer();
    add(b, d, 1);
    add(b, d, 2);
    float[] first = b.encode(encoder, 3).features();
    float[] expected = new float[10];
    System.arraycopy(encoded(3, 1, 4), 0, expected, 0, 5);
    System.arraycopy(encoded(5, 2, 6), 0, expected, 5, 5);
    assertArrayEquals(expected, first);
    b.clear();
    b.release();
    add(b, d, 3); // a missing colour: no unit of its block may keep the last row's 1
    add(b, d, 0);
    TaskData second = b.encode(encoder, 3);
    assertSame(first, second.features(), "the minibatch of the same size reuses the array");
    System.arraycopy(encoded(7, -1, 8), 0, expected, 0, 5);
    System.arraycopy(encoded(1, 0, 2), 0, expected, 5, 5);
    assertArrayEquals(expected, second.features());
    assertArrayEquals(new int[] {1, 0}, second.labels());
    b.clear();
    b.release();
    add(b, d, 4);
    assertNotSame(first, b.encode(encoder, 3).features(), "another size gets its own array");
  }

  @Test
  void aReusedArrayTakesTheNewRowsValues() {
    Instances d = data();
    StreamBuffer b = new StreamBuffer();
    double[] v = b.values(d.instance(0));
    b.add(v, 1, 1);
    b.clear();
    b.release();
    double[] w = b.values(d.instance(4));
    assertSame(v, w, "the trained row's array is reused");
    assertArrayEquals(d.instance(4).toDoubleArray(), w);
    assertEquals(0, b.size(), "taking an array adds no row");
  }
}
