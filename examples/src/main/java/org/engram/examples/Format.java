package org.engram.examples;

import java.util.Locale;
import org.engram.cl.eval.AccuracyMatrix;

/**
 * Text forms shared by the bench and the demo. An undefined number (NaN: a task not evaluable yet,
 * FWT where the learner cannot predict the next task's classes) prints as {@value #UNDEFINED},
 * never as a number.
 */
final class Format {
  /** What an undefined value prints as. */
  static final String UNDEFINED = "-";

  private Format() {}

  /**
   * @param v a fraction
   * @return it in percent with one decimal, or {@value #UNDEFINED}
   */
  static String pct(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f", 100 * v) : UNDEFINED;
  }

  /**
   * @param v a fraction
   * @return it in percent with a sign and one decimal, or {@value #UNDEFINED}
   */
  static String signedPct(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%+.1f", 100 * v) : UNDEFINED;
  }

  /**
   * @param v a λ
   * @return a short form: "0", "10", "0.25", "1e5", "2.5e4"
   */
  static String lambda(double v) {
    if (!Double.isFinite(v)) {
      return UNDEFINED;
    }
    if (v == 0) {
      return "0";
    }
    if (Math.abs(v) >= 1000 || Math.abs(v) < 0.001) {
      String s = String.format(Locale.ROOT, "%.2e", v);
      String mantissa = s.substring(0, s.indexOf('e')).replaceAll("\\.?0+$", "");
      int exponent = Integer.parseInt(s.substring(s.indexOf('e') + 1));
      return mantissa + "e" + exponent;
    }
    return String.format(Locale.ROOT, "%.3g", v)
        .replaceAll("(\\.\\d*?)0+$", "$1")
        .replaceAll("\\.$", "");
  }

  /**
   * @param m an accuracy matrix
   * @return it as a fixed-width table in percent, then ACC, BWT, FWT and forgetting
   */
  static String matrix(AccuracyMatrix m) {
    StringBuilder sb = new StringBuilder("after\\on");
    for (int j = 0; j < m.tasks(); j++) {
      sb.append(String.format(Locale.ROOT, "%8s", "T" + (j + 1)));
    }
    sb.append('\n');
    for (int i = 0; i < m.tasks(); i++) {
      sb.append(String.format(Locale.ROOT, "%-8s", "T" + (i + 1)));
      for (int j = 0; j < m.tasks(); j++) {
        sb.append(String.format(Locale.ROOT, "%8s", pct(m.get(i, j))));
      }
      sb.append('\n');
    }
    return sb.append(summary(m)).append('\n').toString();
  }

  /**
   * @param m an accuracy matrix
   * @return "ACC 90.5% BWT -3.9% FWT - forgetting 3.9%"
   */
  static String summary(AccuracyMatrix m) {
    return "ACC "
        + percent(pct(m.acc()))
        + "  BWT "
        + percent(signedPct(m.bwt()))
        + "  FWT "
        + percent(signedPct(m.fwt()))
        + "  forgetting "
        + percent(pct(m.forgetting()));
  }

  private static String percent(String v) {
    return v.equals(UNDEFINED) ? v : v + "%";
  }
}
