package org.engram.weka;

import java.io.Serializable;
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
 */
public final class InputEncoder implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Scaled values are clipped here so that outliers far from the first task stay finite. */
  private static final double CLIP = 1e6;

  private final int[] attributes;
  private final int[] offsets;
  private final boolean[] numeric;
  private final int width;
  private final int nominalCount;
  private final int numericCount;
  private final long[] count;
  private final double[] mean;
  private final double[] m2;
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
      if (att.isNumeric()) {
        num[used] = true;
        off += 1;
        numericAtts++;
      } else if (att.isNominal()) {
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
    this.attributes = java.util.Arrays.copyOf(atts, used);
    this.offsets = java.util.Arrays.copyOf(offs, used);
    this.numeric = java.util.Arrays.copyOf(num, used);
    this.width = Math.max(1, off);
    this.nominalCount = nominal;
    this.numericCount = numericAtts;
    this.count = new long[used];
    this.mean = new double[used];
    this.m2 = new double[used];
  }

  /**
   * @return the number of network inputs, at least 1
   */
  public int width() {
    return width;
  }

  /**
   * @return whether the numeric statistics are fixed
   */
  public boolean isFrozen() {
    return frozen;
  }

  /** Fixes the numeric statistics: called at the end of the first task. */
  public void freeze() {
    frozen = true;
  }

  /**
   * Updates the running numeric statistics with a row, unless they are frozen.
   *
   * @param values the row's values, in header order
   */
  public void observe(double[] values) {
    if (frozen) {
      return;
    }
    for (int i = 0; i < attributes.length; i++) {
      if (!numeric[i]) {
        continue;
      }
      double v = values[attributes[i]];
      if (Utils.isMissingValue(v) || Double.isInfinite(v)) {
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
   * Writes a row's encoding.
   *
   * @param values the row's values, in header order
   * @param out destination
   * @param offset where the row starts in {@code out}
   */
  public void encode(double[] values, float[] out, int offset) {
    java.util.Arrays.fill(out, offset, offset + width, 0f);
    for (int i = 0; i < attributes.length; i++) {
      double v = values[attributes[i]];
      if (Utils.isMissingValue(v)) {
        continue;
      }
      if (numeric[i]) {
        // An infinite value saturates at the clip bound instead of poisoning the network.
        double scaled = standardise ? (v - mean[i]) / scale(i) : v;
        out[offset + offsets[i]] = (float) Math.max(-CLIP, Math.min(CLIP, scaled));
      } else {
        out[offset + offsets[i] + (int) v] = 1f;
      }
    }
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
   * @param header the header the encoder was built for
   * @return a one-line description of the inputs, for the model's text
   */
  public String describe(Instances header) {
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

  /**
   * @param header the header the encoder was built for
   * @return per numeric attribute its name, mean and standard deviation used for scaling
   */
  public String statistics(Instances header) {
    StringBuilder sb = new StringBuilder();
    if (!standardise) {
      return "";
    }
    for (int i = 0; i < attributes.length; i++) {
      if (numeric[i]) {
        sb.append(
            String.format(
                java.util.Locale.ROOT,
                "  %-20s mean %10.4f  sd %10.4f%n",
                header.attribute(attributes[i]).name(),
                mean[i],
                scale(i)));
      }
    }
    return sb.toString();
  }
}
