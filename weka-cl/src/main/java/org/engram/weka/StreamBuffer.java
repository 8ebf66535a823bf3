package org.engram.weka;

import java.io.Serializable;
import java.util.ArrayList;
import org.engram.cl.data.TaskData;
import weka.core.DenseInstance;
import weka.core.Instance;

/**
 * The rows {@code updateClassifier} received that wait for a full minibatch, and the position in
 * the stream (rows received since the model was built or the last stream ended), which error
 * messages use to name a row. Only checked rows get in, so a saved model never carries a bad one.
 *
 * <p>A row's values go into an array of a row trained before ({@link #values}), so a stream
 * allocates nothing per row once its first minibatch is trained. An array is reused only from the
 * call after the one that trained its row ({@link #release}): a snapshot taken during that call
 * ({@link #copy}) may still hold it.
 */
public final class StreamBuffer implements Serializable {
  private static final long serialVersionUID = 1L;

  private final ArrayList<double[]> rows = new ArrayList<>();
  private final ArrayList<Float> weights = new ArrayList<>();
  private long received;
  private long firstRow;

  /** Arrays of rows trained by earlier calls, free to take new rows. */
  private transient ArrayList<double[]> free;

  /** Arrays of rows trained by the current call, free from the next one. */
  private transient ArrayList<double[]> trained;

  /** The features {@link #encode} wrote last. */
  private transient float[] encoded;

  /**
   * @return an independent copy (the rows' arrays are shared: they are not written again before the
   *     call after the one that trained them, and a copy lives only as long as its call)
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
   * @param values the row's values, in header order (not copied: not written until trained and
   *     released)
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
   * @return the rows waiting, encoded; the features are written over the last call's array when the
   *     sizes match (the learner keeps no reference to a batch it trained): a new array per
   *     minibatch (100 KB for 784 inputs and 32 rows) comes zeroed out of the cache, which made the
   *     encoding several times slower
   */
  public TaskData encode(InputEncoder encoder, int classIndex) {
    int n = rows.size();
    int width = encoder.width();
    float[] x = encoded != null && encoded.length == n * width ? encoded : new float[n * width];
    encoded = x;
    int[] y = new int[n];
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      encoder.encode(rows.get(i), x, i * width);
      y[i] = (int) rows.get(i)[classIndex];
      w[i] = weights.get(i);
    }
    return new TaskData(x, width, y, w, null);
  }

  /**
   * @param c receives the rows waiting and the position in the stream (for a saved model's
   *     checksum)
   */
  void addTo(StateChecksum c) {
    c.add((long) rows.size()).add((long) weights.size());
    for (int i = 0; i < rows.size(); i++) {
      c.add(rows.get(i)).add((double) weights.get(i));
    }
    c.add(received).add(firstRow);
  }

  /** Empties the buffer (after its rows were trained). */
  public void clear() {
    if (trained == null) {
      trained = new ArrayList<>();
    }
    trained.addAll(rows);
    rows.clear();
    weights.clear();
  }

  /**
   * Begins a call that may add rows: the arrays of rows that earlier calls trained are free again
   * (no snapshot outlives the call that took it).
   */
  public void release() {
    if (trained != null && !trained.isEmpty()) {
      if (free == null) {
        free = new ArrayList<>();
      }
      free.addAll(trained);
      trained.clear();
    }
  }

  /**
   * @param row a row
   * @return its values, in header order, in an array of a row trained before when there is one (not
   *     yet part of the buffer: {@link #add} it once the row is accepted)
   */
  public double[] values(Instance row) {
    int n = row.numAttributes();
    if (!(row instanceof DenseInstance) || free == null || free.isEmpty()) {
      return row.toDoubleArray();
    }
    double[] v = free.remove(free.size() - 1);
    if (v.length != n) {
      return row.toDoubleArray();
    }
    for (int a = 0; a < n; a++) {
      v[a] = row.value(a);
    }
    return v;
  }
}
