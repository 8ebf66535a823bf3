package org.engram.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.engram.cl.data.TaskData;

/**
 * Reads the bench's text formats, CSV (label last) and ARFF (numeric attributes, class last),
 * strictly: every cell must be a finite number that fits a 32-bit float, every label a class, and
 * any problem is an {@link IOException} naming the line and column (and the column's name when the
 * file has one), so that a bad cell stops the run instead of quietly changing the data.
 *
 * <p>Labels are either class ids or names, decided by the first data row: ids are whole numbers
 * 0..k−1 where k is the number of distinct labels (the bench's scenarios pair classes by id, so a
 * gap would make an empty task or a class that never occurs); names get ids in sorted order (ARFF:
 * in declaration order).
 */
final class TextData {
  /** A plain decimal number: what a cell may hold (no hex, no 'f'/'d' suffixes, no NaN). */
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private TextData() {}

  /** The rows read so far: features, labels and the line each came from. */
  private static final class Rows {
    final List<float[]> features = new ArrayList<>();
    final List<String> labels = new ArrayList<>();
    final List<Integer> lines = new ArrayList<>();

    void add(float[] x, String label, int line) {
      features.add(x);
      labels.add(label);
      lines.add(line);
    }
  }

  /**
   * Reads a CSV file: numeric features, label last. Only the first line may be a header, and it is
   * one when none of its feature cells is a number.
   *
   * @param reader the text
   * @return all rows
   * @throws IOException naming the line and column of the first problem
   */
  static TaskData readCsv(Reader reader) throws IOException {
    BufferedReader in = new BufferedReader(reader);
    Rows rows = new Rows();
    List<String> names = null;
    String line;
    int lineNo = 0;
    int width = -1;
    while ((line = in.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      String[] cells = line.split(",", -1);
      if (lineNo == 1 && isHeader(cells)) {
        names = new ArrayList<>();
        for (String c : cells) {
          names.add(unquote(c));
        }
        width = cells.length;
        if (width < 2) {
          throw new IOException("line 1: need at least one feature column and a label column");
        }
        continue;
      }
      if (width < 0) {
        width = cells.length;
        if (width < 2) {
          throw new IOException(
              "line " + lineNo + ": need at least one feature and a label, found one column");
        }
      } else if (cells.length != width) {
        throw new IOException(
            "line "
                + lineNo
                + " has "
                + cells.length
                + " columns, "
                + (names != null ? "the header has " : "earlier lines have ")
                + width);
      }
      rows.add(features(cells, width - 1, lineNo, names), label(cells[width - 1], lineNo), lineNo);
    }
    return assemble(rows, null);
  }

  private static boolean isHeader(String[] cells) {
    for (int j = 0; j < cells.length - 1; j++) {
      if (DECIMAL.matcher(cells[j].trim()).matches()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads an ARFF file: every attribute but the last must be numeric; the last is the class,
   * nominal (ids in declaration order) or numeric (class ids). Dense data only; missing values are
   * refused.
   *
   * @param reader the text
   * @return all rows
   * @throws IOException naming the line (and attribute) of the first problem
   */
  static TaskData readArff(Reader reader) throws IOException {
    BufferedReader in = new BufferedReader(reader);
    List<String> names = new ArrayList<>();
    List<String> types = new ArrayList<>();
    List<String> declared = null;
    Rows rows = new Rows();
    String line;
    int lineNo = 0;
    boolean data = false;
    while ((line = in.readLine()) != null) {
      lineNo++;
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("%")) {
        continue;
      }
      if (!data) {
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("@relation")) {
          continue;
        }
        if (lower.startsWith("@attribute")) {
          attribute(t.substring("@attribute".length()).strip(), lineNo, names, types);
          continue;
        }
        if (lower.startsWith("@data")) {
          data = true;
          declared = checkHeader(names, types);
          continue;
        }
        throw new IOException("line " + lineNo + ": unexpected header line '" + t + "'");
      }
      if (t.startsWith("{")) {
        throw new IOException("line " + lineNo + ": sparse ARFF rows are not supported");
      }
      if (t.matches(".*,\\s*\\{[^}]*\\}$")) {
        throw new IOException(
            "line "
                + lineNo
                + ": instance weights ({...} after the values) are not read by the bench; remove"
                + " them, or train through Weka, which honours them");
      }
      String[] cells = t.split(",", -1);
      if (cells.length != names.size()) {
        throw new IOException(
            "line "
                + lineNo
                + " has "
                + cells.length
                + " values, the header declares "
                + names.size()
                + " attributes");
      }
      rows.add(
          features(cells, cells.length - 1, lineNo, names),
          label(cells[cells.length - 1], lineNo),
          lineNo);
    }
    if (!data) {
      throw new IOException("no @data section");
    }
    return assemble(rows, declared);
  }

  private static void attribute(String rest, int lineNo, List<String> names, List<String> types)
      throws IOException {
    String name;
    if (rest.startsWith("'") || rest.startsWith("\"")) {
      int end = rest.indexOf(rest.charAt(0), 1);
      if (end < 0) {
        throw new IOException("line " + lineNo + ": unterminated attribute name");
      }
      name = rest.substring(1, end);
      rest = rest.substring(end + 1).strip();
    } else {
      String[] p = rest.split("\\s+", 2);
      if (p.length < 2) {
        throw new IOException("line " + lineNo + ": attribute without a type");
      }
      name = p[0];
      rest = p[1].strip();
    }
    names.add(name);
    types.add(rest);
  }

  /** Checks the features are numeric; returns the class's declared values, or null if numeric. */
  private static List<String> checkHeader(List<String> names, List<String> types)
      throws IOException {
    if (names.size() < 2) {
      throw new IOException("need at least one feature attribute and a class attribute");
    }
    for (int a = 0; a < names.size() - 1; a++) {
      if (!isNumericType(types.get(a))) {
        throw new IOException(
            "attribute '"
                + names.get(a)
                + "' is "
                + types.get(a)
                + "; only numeric features are supported (class must be last)");
      }
    }
    String classType = types.get(types.size() - 1).strip();
    if (classType.startsWith("{") && classType.contains("}")) {
      List<String> declared = new ArrayList<>();
      for (String v : classType.substring(1, classType.lastIndexOf('}')).split(",")) {
        declared.add(unquote(v));
      }
      return declared;
    }
    if (!isNumericType(classType)) {
      throw new IOException(
          "class attribute '"
              + names.get(names.size() - 1)
              + "' is "
              + classType
              + "; it must be nominal or numeric (class ids)");
    }
    return null;
  }

  private static boolean isNumericType(String type) {
    String t = type.strip().toLowerCase(Locale.ROOT);
    return t.equals("numeric") || t.equals("real") || t.equals("integer");
  }

  private static float[] features(String[] cells, int d, int lineNo, List<String> names)
      throws IOException {
    float[] row = new float[d];
    for (int j = 0; j < d; j++) {
      row[j] = cell(cells[j].trim(), lineNo, j, names);
    }
    return row;
  }

  /** One feature cell: a finite decimal number within float range. */
  private static float cell(String c, int lineNo, int j, List<String> names) throws IOException {
    String where =
        "line "
            + lineNo
            + ", column "
            + (j + 1)
            + (names != null && j < names.size() ? " ('" + names.get(j) + "')" : "");
    if (c.isEmpty() || c.equals("?")) {
      throw new IOException(where + ": missing value");
    }
    if (!DECIMAL.matcher(c).matches()) {
      String lower = c.toLowerCase(Locale.ROOT);
      boolean nonFinite = lower.matches("[+-]?(nan|inf|infinity)");
      throw new IOException(
          where + ": '" + c + "' is " + (nonFinite ? "not a finite number" : "not a number"));
    }
    double v = Double.parseDouble(c);
    if (Math.abs(v) > Float.MAX_VALUE) {
      throw new IOException(
          where + ": " + c + " is too large for a 32-bit float (at most 3.4e38 in magnitude)");
    }
    return (float) v;
  }

  private static String label(String cell, int lineNo) throws IOException {
    String c = unquote(cell);
    if (c.isEmpty() || c.equals("?")) {
      throw new IOException("line " + lineNo + ": missing label");
    }
    return c;
  }

  private static String unquote(String s) {
    String t = s.strip();
    if (t.length() >= 2
        && (t.charAt(0) == '\'' || t.charAt(0) == '"')
        && t.charAt(t.length() - 1) == t.charAt(0)) {
      return t.substring(1, t.length() - 1);
    }
    return t;
  }

  /** Turns the labels into class ids (see the class comment) and the rows into one table. */
  private static TaskData assemble(Rows rows, List<String> declared) throws IOException {
    if (rows.features.isEmpty()) {
      throw new IOException("no data rows");
    }
    int[] y = declared != null ? declaredIds(rows, declared) : ids(rows);
    int d = rows.features.get(0).length;
    float[] x = new float[Math.multiplyExact(rows.features.size(), d)];
    for (int r = 0; r < rows.features.size(); r++) {
      System.arraycopy(rows.features.get(r), 0, x, r * d, d);
    }
    return new TaskData(x, d, y);
  }

  private static int[] declaredIds(Rows rows, List<String> declared) throws IOException {
    Map<String, Integer> ids = new HashMap<>();
    for (int i = 0; i < declared.size(); i++) {
      ids.put(declared.get(i), i);
    }
    int[] y = new int[rows.labels.size()];
    for (int r = 0; r < y.length; r++) {
      Integer id = ids.get(rows.labels.get(r));
      if (id == null) {
        throw new IOException(
            "line "
                + rows.lines.get(r)
                + ": class '"
                + rows.labels.get(r)
                + "' is not declared in the header "
                + declared);
      }
      y[r] = id;
    }
    return y;
  }

  private static int[] ids(Rows rows) throws IOException {
    int[] y = new int[rows.labels.size()];
    if (!DECIMAL.matcher(rows.labels.get(0)).matches()) {
      Map<String, Integer> ids = new HashMap<>();
      for (String c : new TreeSet<>(rows.labels)) {
        ids.put(c, ids.size());
      }
      for (int r = 0; r < y.length; r++) {
        y[r] = ids.get(rows.labels.get(r));
      }
      return y;
    }
    Set<String> distinct = new LinkedHashSet<>();
    for (int r = 0; r < y.length; r++) {
      String c = rows.labels.get(r);
      if (!DECIMAL.matcher(c).matches()) {
        throw new IOException(
            "line "
                + rows.lines.get(r)
                + ": label '"
                + c
                + "' is not a class id, unlike the labels before it (ids are whole numbers)");
      }
      double v = Double.parseDouble(c);
      if (v != Math.rint(v) || v < 0) {
        throw new IOException(
            "line " + rows.lines.get(r) + ": label " + c + " is not a class id (0, 1, 2, ...)");
      }
      distinct.add(Double.toString(v));
    }
    int k = distinct.size();
    for (int r = 0; r < y.length; r++) {
      double v = Double.parseDouble(rows.labels.get(r));
      if (v >= k) {
        throw new IOException(
            "line "
                + rows.lines.get(r)
                + ": label "
                + rows.labels.get(r)
                + " is out of range: the file has "
                + k
                + " distinct labels, so class ids must be 0.."
                + (k - 1));
      }
      y[r] = (int) v;
    }
    return y;
  }
}
