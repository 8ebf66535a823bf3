package org.engram.weka;

import java.util.Locale;
import weka.core.Attribute;
import weka.core.Instances;
import weka.core.Utils;

/**
 * Parsing and validation of ContinualMLP's option values, with messages that name the option so a
 * user of the command line or the GUI knows what to fix.
 */
public final class Options {
  private Options() {}

  /**
   * Parses a hidden-layer specification such as "100,100" (empty: no hidden layer).
   *
   * @param spec comma-separated positive sizes
   * @return the sizes
   * @throws IllegalArgumentException naming -hidden
   */
  public static int[] parseHidden(String spec) {
    String s = spec == null ? "" : spec.trim();
    if (s.isEmpty()) {
      return new int[0];
    }
    String[] parts = s.split("\\s*,\\s*");
    int[] sizes = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        sizes[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        sizes[i] = -1;
      }
      if (sizes[i] <= 0) {
        throw new IllegalArgumentException(
            "option -hidden: '"
                + spec
                + "' is not a comma-separated list of positive layer sizes (e.g. \"100,100\")");
      }
    }
    return sizes;
  }

  /**
   * Parses an integer option value.
   *
   * @param option the option's name, for the message
   * @param value the text
   * @param min the smallest valid value
   * @return the value
   * @throws IllegalArgumentException naming the option
   */
  public static int parseInt(String option, String value, int min) {
    int v;
    try {
      v = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "option -" + option + ": '" + value + "' is not an integer");
    }
    return checkInt(option, v, min);
  }

  /**
   * @param option the option's name, for the message
   * @param v the value
   * @param min the smallest valid value
   * @return v
   * @throws IllegalArgumentException naming the option if v &lt; min
   */
  public static int checkInt(String option, int v, int min) {
    if (v < min) {
      throw new IllegalArgumentException(
          "option -" + option + " must be at least " + min + ", got " + v);
    }
    return v;
  }

  /**
   * Parses a real option value.
   *
   * @param option the option's name, for the message
   * @param value the text
   * @return the value (finite)
   * @throws IllegalArgumentException naming the option
   */
  public static double parseDouble(String option, String value) {
    double v;
    try {
      v = Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option -" + option + ": '" + value + "' is not a number");
    }
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException("option -" + option + " must be finite, got " + value);
    }
    return v;
  }

  /**
   * Finds a tag by its token, case-insensitively ('-' and '_' alike).
   *
   * @param option the option's name, for the message
   * @param value the token
   * @param tokens the accepted tokens
   * @return the index of the token
   * @throws IllegalArgumentException naming the option and listing the accepted tokens
   */
  public static int parseToken(String option, String value, String[] tokens) {
    String v = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (int i = 0; i < tokens.length; i++) {
      if (tokens[i].equals(v)) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        "option -"
            + option
            + ": unknown value '"
            + value
            + "'; expected one of "
            + String.join(", ", tokens));
  }

  /**
   * Resolves the task attribute: a name, a 1-based index, "first" or "last"; empty means none.
   *
   * @param spec the option value
   * @param header the data's header
   * @return the 0-based index, or -1 for none
   * @throws IllegalArgumentException naming -task-attribute and what is wrong
   */
  public static int resolveTaskAttribute(String spec, Instances header) {
    String s = spec == null ? "" : spec.trim();
    if (s.isEmpty()) {
      return -1;
    }
    int index;
    if (s.equalsIgnoreCase("first")) {
      index = 0;
    } else if (s.equalsIgnoreCase("last")) {
      index = header.numAttributes() - 1;
    } else if (s.matches("\\d+")) {
      index = Integer.parseInt(s) - 1;
      if (index < 0 || index >= header.numAttributes()) {
        throw new IllegalArgumentException(
            "option -task-attribute: index "
                + s
                + " is outside 1.."
                + header.numAttributes()
                + " (the data has "
                + header.numAttributes()
                + " attributes)");
      }
    } else {
      Attribute att = header.attribute(s);
      if (att == null) {
        throw new IllegalArgumentException(
            "option -task-attribute: the data has no attribute named '" + s + "'");
      }
      index = att.index();
    }
    Attribute att = header.attribute(index);
    if (index == header.classIndex()) {
      throw new IllegalArgumentException(
          "option -task-attribute: '" + att.name() + "' is the class attribute");
    }
    if (!att.isNominal() && !att.isNumeric()) {
      throw new IllegalArgumentException(
          "option -task-attribute: '"
              + att.name()
              + "' is "
              + Attribute.typeToString(att)
              + "; a task attribute must be nominal or numeric");
    }
    return index;
  }

  /**
   * @param header the header
   * @param taskAttribute the task attribute's index
   * @param value a row's value of it (not missing)
   * @return the value as the user sees it
   */
  public static String taskLabel(Instances header, int taskAttribute, double value) {
    Attribute att = header.attribute(taskAttribute);
    return att.isNominal() ? att.value((int) value) : Utils.doubleToString(value, 6);
  }
}
