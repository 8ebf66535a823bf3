package org.engram.weka;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;
import weka.core.Attribute;
import weka.core.Instances;
import weka.core.Utils;

/**
 * Turns a Weka row into the network's input vector: nominal attributes one-hot, numeric attributes
 * standardised, the class and the task attribute left out.
 *
 * <p>Numeric statistics (mean, standard deviation) are estimated on the first task only and then
 * frozen: a continual network's old tasks were learned on inputs scaled one way, and rescaling them
 * when a later task has a different range would move every old task's inputs and undo what
 * consolidation protects. While the first task streams in, the statistics are running estimates;
 * {@link #freeze()} fixes them at the first task boundary. A missing numeric value encodes as the
 * mean (0 after scaling), a missing nominal value as all zeros (no category active). A header with
 * no input attribute gets one constant input so the network still has a bias to learn.
 *
 * <p>Standardisation can be switched off for data that is already on a common scale (pixels in [0,
 * 1], say): numeric values then go in as they are and a missing one as 0.
 *
 * <p>{@link #check} refuses a row before anything is changed: a weight that is negative or not
 * finite, a value that is not finite, too large to standardise (its square overflows, as ±1e308
 * would) or more than {@value #LIMIT} standard deviations from the first task's mean, once there is
 * a standard deviation to measure that in (or, not scaled, beyond a float's range), and a nominal
 * index outside the header's values.
 */
public final class InputEncoder implements Serializable {
  private static final long serialVersionUID = 2L;

  /** A standardised value further than this from 0 is refused: a unit or data error. */
  private static final double LIMIT = 1e6;

  private final int[] attributes;
  private final int[] offsets;
  private final boolean[] numeric;
  private final String[] names;
  private final int[] nominalValues;
  private final int width;
  private final int nominalCount;
  private final int numericCount;
  private long[] count;
  private double[] mean;
  private double[] m2;
  private final boolean standardise;
  private boolean frozen;

  /**
   * Lays out the inputs for a header.
   *
   * @param header the data's header, class set
   * @param taskAttribute 0-based index of the task attribute, or -1
   * @param standardise whether numeric attributes are standardised (else used as they are)
   * @throws IllegalArgumentException naming an attribute of a type the encoder cannot represent
   */
  public InputEncoder(Instances header, int taskAttribute, boolean standardise) {
    this.standardise = standardise;
    int n = header.numAttributes();
    int[] atts = new int[n];
    int[] offs = new int[n];
    boolean[] num = new boolean[n];
    int[] values = new int[n];
    String[] nm = new String[n];
    int used = 0;
    int off = 0;
    int nominal = 0;
    int numericAtts = 0;
    for (int a = 0; a < n; a++) {
      if (a == header.classIndex() || a == taskAttribute) {
        continue;
      }
      Attribute att = header.attribute(a);
      atts[used] = a;
      offs[used] = off;
      nm[used] = att.name();
      if (att.isNumeric()) {
        num[used] = true;
        off += 1;
        numericAtts++;
      } else if (att.isNominal()) {
        values[used] = att.numValues();
        off += att.numValues();
        nominal++;
      } else {
        throw new IllegalArgumentException(
            "attribute '"
                + att.name()
                + "' is of type "
                + Attribute.typeToString(att)
                + "; ContinualMLP handles nominal and numeric attributes only");
      }
      used++;
    }
    this.attributes = Arrays.copyOf(atts, used);
    this.offsets = Arrays.copyOf(offs, used);
    this.numeric = Arrays.copyOf(num, used);
    this.nominalValues = Arrays.copyOf(values, used);
    this.names = Arrays.copyOf(nm, used);
    this.width = Math.max(1, off);
    this.nominalCount = nominal;
    this.numericCount = numericAtts;
    this.count = new long[used];
    this.mean = new double[used];
    this.m2 = new double[used];
  }

  private InputEncoder(InputEncoder o) {
    this.attributes = o.attributes;
    this.offsets = o.offsets;
    this.numeric = o.numeric;
    this.names = o.names;
    this.nominalValues = o.nominalValues;
    this.width = o.width;
    this.nominalCount = o.nominalCount;
    this.numericCount = o.numericCount;
    this.count = o.count.clone();
    this.mean = o.mean.clone();
    this.m2 = o.m2.clone();
    this.standardise = o.standardise;
    this.frozen = o.frozen;
  }

  /**
   * @return an independent copy (the statistics are copied)
   */
  public InputEncoder copy() {
    return new InputEncoder(this);
  }

  /**
   * @return the number of network inputs, at least 1
   */
  public int width() {
    return width;
  }

  /** Fixes the numeric statistics: called at the end of the first task (none are kept unscaled). */
  public void freeze() {
    if (standardise) {
      frozen = true;
    }
  }

  /**
   * @return whether nothing changes the encoding any more: the statistics are fixed, or inputs are
   *     not standardised and keep none
   */
  public boolean fixed() {
    return frozen || !standardise;
  }

  /**
   * Checks a training row without changing anything.
   *
   * @param values the row's values, in header order
   * @param weight the row's weight
   * @param where the row, for the message (e.g. "row 37 of the stream")
   * @throws BadInputException naming the row, the attribute and the problem
   */
  public void check(double[] values, double weight, String where) {
    if (!(weight >= 0) || weight > Float.MAX_VALUE) {
      throw new BadInputException(
          where
              + " has weight "
              + weight
              + "; weights must be finite and >= 0"
              + (Double.isFinite(weight) ? ", and at most " + Float.MAX_VALUE : ""));
    }
    checkValues(values, where);
  }

  /**
   * Checks a row's input values (a row to train on or to classify) without changing anything.
   *
   * @param values the row's values, in header order
   * @param where the row, for the message
   * @throws BadInputException naming the row, the attribute and the problem
   */
  public void checkValues(double[] values, String where) {
    for (int i = 0; i < attributes.length; i++) {
      double v = values[attributes[i]];
      if (numeric[i] && !standardise && !(Math.abs(v) > Float.MAX_VALUE)) {
        continue; // an unscaled value within a float's range, or missing (NaN): the common case
      }
      if (Utils.isMissingValue(v)) {
        continue;
      }
      if (!numeric[i]) {
        checkIndex(v, nominalValues[i], names[i], where);
        continue;
      }
      String problem = null;
      double s = scaled(i, v);
      if (!Double.isFinite(v)) {
        problem = "values must be finite or missing";
      } else if (!Double.isFinite(s) || !Double.isFinite(observed(i, v))) {
        problem =
            standardise
                ? "too large to standardise (its square overflows)"
                : "beyond the range of the network's float inputs";
      } else if (standardise && measured(i) && Math.abs(s) > LIMIT) {
        problem =
            String.format(
                Locale.ROOT,
                "%.3g standard deviations from the first task's mean (the limit is %.0e)",
                Math.abs(s),
                LIMIT);
      }
      if (problem != null) {
        throw new BadInputException(
            String.format(
                Locale.ROOT,
                "%s: attribute '%s' is %s, %s; check or rescale the attribute",
                where,
                names[i],
                v,
                problem));
      }
    }
  }

  /**
   * Checks a nominal value's index against the header.
   *
   * @param v the value
   * @param values the number of values the header declares
   * @param name the attribute's name
   * @param where the row, for the message
   * @throws BadInputException naming the row and the attribute
   */
  public static void checkIndex(double v, int values, String name, String where) {
    if (v != Math.rint(v) || v < 0 || v >= values) {
      throw new BadInputException(
          String.format(
              Locale.ROOT,
              "%s: attribute '%s' has value index %s, but the model's header declares %d values",
              where,
              name,
              Utils.doubleToString(v, 6),
              values));
    }
  }

  /**
   * Whether attribute i has a standard deviation to measure a value's distance in: the first
   * task's, fixed, or a running one of at least two rows that differ. Before that the mean is 0 and
   * the scale 1 by default, and the distance would be the raw value: a first task whose attribute
   * is about 1.1e8 (a timestamp, an income) was refused on its first row as "1.1e8 standard
   * deviations from the first task's mean", and so was every such row of a batch build, whose rows
   * are checked before any statistics exist.
   */
  private boolean measured(int i) {
    return frozen || (count[i] >= 2 && Math.sqrt(m2[i] / count[i]) > 1e-12);
  }

  /** The running m2 after observing v (0 when the statistics do not change). */
  private double observed(int i, double v) {
    if (frozen || !standardise) {
      return 0;
    }
    double d = v - mean[i];
    double newMean = mean[i] + d / (count[i] + 1);
    return m2[i] + d * (v - newMean);
  }

  /**
   * Updates the running numeric statistics with a row, unless they are frozen or not used (inputs
   * not standardised). Call {@link #check} first: it refuses the values that would make them
   * infinite.
   *
   * @param values the row's values, in header order
   * @param weight the row's weight: a row of weight 0 is not observed (other weights count as 1)
   */
  public void observe(double[] values, double weight) {
    if (frozen || !standardise || !(weight > 0)) {
      return; // a row weighted out counts for nothing, in the statistics as in the loss
    }
    for (int i = 0; i < attributes.length; i++) {
      if (!numeric[i]) {
        continue;
      }
      double v = values[attributes[i]];
      if (Utils.isMissingValue(v)) {
        continue;
      }
      // Welford's update: stable for long streams, one pass.
      count[i]++;
      double d = v - mean[i];
      mean[i] += d / count[i];
      m2[i] += d * (v - mean[i]);
    }
  }

  /**
   * Writes a row's encoding: every one of its {@link #width()} entries, each once (a numeric
   * attribute's one entry, a nominal attribute's one-hot block).
   *
   * @param values the row's values, in header order
   * @param out destination
   * @param offset where the row starts in {@code out}
   */
  public void encode(double[] values, float[] out, int offset) {
    if (attributes.length == 0) {
      out[offset] = 0f; // the one constant input
      return;
    }
    for (int i = 0; i < attributes.length; i++) {
      double v = values[attributes[i]];
      boolean missing = Utils.isMissingValue(v);
      int at = offset + offsets[i];
      if (numeric[i]) {
        out[at] = missing ? 0f : (float) scaled(i, v);
      } else {
        Arrays.fill(out, at, at + nominalValues[i], 0f);
        if (!missing) {
          out[at + (int) v] = 1f;
        }
      }
    }
  }

  private double scaled(int i, double v) {
    double s = standardise ? (v - mean[i]) / scale(i) : v;
    return standardise ? s : (float) s;
  }

  private double scale(int i) {
    if (!standardise || count[i] < 2) {
      return 1;
    }
    double sd = Math.sqrt(m2[i] / count[i]);
    // A constant attribute carries no information; dividing by ~0 would blow up later tasks.
    return sd > 1e-12 ? sd : 1;
  }

  /**
   * @param c receives everything the encoding holds (for a saved model's checksum)
   */
  void addTo(StateChecksum c) {
    c.add(attributes).add(offsets).add(numeric).add(names).add(nominalValues);
    c.add((long) width).add((long) nominalCount).add((long) numericCount);
    c.add(count).add(mean).add(m2).add(standardise).add(frozen);
  }

  /**
   * @return a one-line description of the inputs, for the model's text
   */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append(width).append(" inputs from ");
    sb.append(numericCount).append(" numeric (");
    if (standardise) {
      sb.append("standardised, ");
      sb.append(frozen ? "statistics fixed at task 1" : "statistics still being estimated");
    } else {
      sb.append("not scaled");
    }
    sb.append(") and ").append(nominalCount).append(" nominal (one-hot) attributes");
    if (attributes.length == 0) {
      sb.append("; no input attributes: one constant input");
    }
    return sb.toString();
  }
}
