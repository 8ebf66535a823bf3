package org.engram.weka;

import weka.core.Attribute;
import weka.core.Instances;
import weka.core.Utils;

/** The task attribute: which attribute it is, and how a task is named by its value. */
public final class TaskAttribute {
  private TaskAttribute() {}

  /**
   * Resolves the task attribute: a name, a 1-based index, "first" or "last"; empty means none.
   *
   * @param spec the option's value
   * @param header the data's header
   * @return the 0-based index, or -1 for none
   * @throws BadInputException naming taskAttribute and what is wrong
   */
  public static int resolve(String spec, Instances header) {
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
        throw new BadInputException(
            "taskAttribute (-task-attribute): index "
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
        throw new BadInputException(
            "taskAttribute (-task-attribute): the data has no attribute named '" + s + "'");
      }
      index = att.index();
    }
    Attribute att = header.attribute(index);
    if (index == header.classIndex()) {
      throw new BadInputException(
          "taskAttribute (-task-attribute): '" + att.name() + "' is the class attribute");
    }
    if (!att.isNominal() && !att.isNumeric()) {
      throw new BadInputException(
          "taskAttribute (-task-attribute): '"
              + att.name()
              + "' is "
              + Attribute.typeToString(att)
              + "; a task attribute must be nominal or numeric");
    }
    return index;
  }

  /**
   * @param header the header
   * @param index the task attribute's index
   * @param value a row's value of it (checked, not missing)
   * @return the task's name: the nominal value, or the number (to 6 decimals, as Weka prints
   *     numbers, when that is exact; otherwise in full, so that two values are never one task: 1e-7
   *     and 2e-7 were both '0' and shared an output layer)
   */
  public static String label(Instances header, int index, double value) {
    Attribute att = header.attribute(index);
    if (att.isNominal()) {
      return att.value((int) value);
    }
    double k = key(value);
    String rounded = Utils.doubleToString(k, 6);
    return Double.parseDouble(rounded) == k
        ? rounded
        : java.math.BigDecimal.valueOf(k).stripTrailingZeros().toPlainString();
  }

  /**
   * @param value a row's value of the task attribute
   * @return the value that identifies its task: -0 is the task 0 (a stream compares values with
   *     {@code ==}, where they are equal; a batch groups them as keys and named them apart)
   */
  public static double key(double value) {
    return value + 0.0;
  }

  /**
   * Checks a row's task value.
   *
   * @param header the header
   * @param index the task attribute's index
   * @param value the row's value of it
   * @param where the row, for the message
   * @throws BadInputException if it is missing, not finite or not one of the nominal values
   */
  public static void check(Instances header, int index, double value, String where) {
    Attribute att = header.attribute(index);
    if (Utils.isMissingValue(value)) {
      throw new BadInputException(
          where + " has no value for the task attribute '" + att.name() + "'");
    }
    if (att.isNominal()) {
      InputEncoder.checkIndex(value, att.numValues(), att.name(), where);
    } else if (!Double.isFinite(value)) {
      throw new BadInputException(where + ": the task attribute '" + att.name() + "' is " + value);
    }
  }
}
