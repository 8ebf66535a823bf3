package org.engram.weka;

import java.io.Serializable;
import java.util.ArrayList;
import org.engram.cl.data.TaskData;

/**
 * The rows {@code updateClassifier} received that wait for a full minibatch, and the position in
 * the stream (rows received since the model was built or the last stream ended), which error
 * messages use to name a row. Only checked rows get in, so a saved model never carries a bad one.
 */
public final class StreamBuffer implements Serializable {
  private static final long serialVersionUID = 1L;

  private final ArrayList<double[]> rows = new ArrayList<>();
  private final ArrayList<Float> weights = new ArrayList<>();
  private long received;
  private long firstRow;

  /**
   * @return an independent copy (the rows themselves are never changed, so they are shared)
   */
  public StreamBuffer copy() {
    StreamBuffer c = new StreamBuffer();
    c.rows.addAll(rows);
    c.weights.addAll(weights);
    c.received = received;
    c.firstRow = firstRow;
    return c;
  }

  /**
   * Counts a row received, whether it is kept or skipped.
   *
   * @return its number in the stream, from 1
   */
  public long next() {
    return ++received;
  }

  /** The stream ended: the next row is row 1 of a new one. */
  public void endStream() {
    received = 0;
  }

  /**
   * Adds a row. Whatever it allocates, it allocates before it changes anything, so a failure (out
   * of memory) leaves the buffer as it was.
   *
   * @param values the row's values, in header order (not copied: not changed afterwards)
   * @param weight its weight
   * @param number its number in the stream
   */
  public void add(double[] values, double weight, long number) {
    Float w = (float) weight;
    rows.ensureCapacity(rows.size() + 1);
    weights.ensureCapacity(weights.size() + 1);
    if (rows.isEmpty()) {
      firstRow = number;
    }
    rows.add(values);
    weights.add(w);
  }

  /**
   * @return rows waiting
   */
  public int size() {
    return rows.size();
  }

  /**
   * @return the rows waiting, as the stream numbers them (e.g. "rows 33-64 of the stream")
   */
  public String describe() {
    long last = firstRow + rows.size() - 1;
    return (rows.size() == 1 ? "row " + firstRow : "rows " + firstRow + "-" + last)
        + " of the stream";
  }

  /**
   * @param encoder the input encoding
   * @param classIndex the class attribute's index
   * @return the rows waiting, encoded
   */
  public TaskData encode(InputEncoder encoder, int classIndex) {
    int n = rows.size();
    int width = encoder.width();
    float[] x = new float[n * width];
    int[] y = new int[n];
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      encoder.encode(rows.get(i), x, i * width);
      y[i] = (int) rows.get(i)[classIndex];
      w[i] = weights.get(i);
    }
    return new TaskData(x, width, y, w, null);
  }

  /** Empties the buffer (after its rows were trained). */
  public void clear() {
    rows.clear();
    weights.clear();
  }
}
