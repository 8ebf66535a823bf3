package org.engram.examples;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.engram.cl.data.TaskData;

/**
 * Reads the benchmark's data formats: an IDX folder (MNIST / Fashion-MNIST layout, gzipped or not),
 * a CSV file (label last) or an ARFF file (numeric attributes, class last).
 *
 * <p>IDX pixels are divided by 255. A single CSV or ARFF file is split {@value #TRAIN_FRACTION} /
 * rest, stratified by class with the fixed seed {@value #SPLIT_SEED} (so the split does not move
 * with {@code --seed}), and each feature is min–max scaled with the training part's range, because
 * the networks train badly on raw ranges such as 0..255 and most tabular files are not scaled.
 */
public final class DataReaders {
  /** Share of a single file that becomes training data. */
  public static final double TRAIN_FRACTION = 0.7;

  /** Seed of the train/test split of a single file. */
  public static final long SPLIT_SEED = 42;

  private static final int IDX_IMAGES = 0x00000803;
  private static final int IDX_LABELS = 0x00000801;

  private DataReaders() {}

  /**
   * Reads a data set, choosing the format from the path: a directory is an IDX folder, {@code
   * .arff} is ARFF, anything else is CSV.
   *
   * @param path folder or file
   * @return train and test rows
   * @throws IOException if the data cannot be read, with the file and problem named
   */
  public static Dataset read(Path path) throws IOException {
    if (!Files.exists(path)) {
      throw new IOException("--data: " + path + " does not exist");
    }
    if (Files.isDirectory(path)) {
      return readIdxFolder(path);
    }
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    TaskData all;
    try (Reader r = reader(path)) {
      all = name.endsWith(".arff") || name.endsWith(".arff.gz") ? readArff(r) : readCsv(r);
    } catch (IOException e) {
      throw new IOException(path + ": " + e.getMessage(), e);
    }
    TaskData[] parts = all.split(TRAIN_FRACTION, SPLIT_SEED);
    return minMaxScaled(path.toString(), parts[0], parts[1]);
  }

  private static Reader reader(Path path) throws IOException {
    return new InputStreamReader(open(path), StandardCharsets.UTF_8);
  }

  /** Opens a file, unzipping it when it starts with the gzip magic bytes. */
  private static InputStream open(Path path) throws IOException {
    BufferedInputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
    }
    return in;
  }

  /**
   * Reads an IDX folder: {@code train-images*}, {@code train-labels*} and {@code t10k-} or {@code
   * test-} images and labels.
   *
   * @param dir the folder
   * @return train and test rows, pixels in [0, 1]
   * @throws IOException if a file is missing or malformed
   */
  public static Dataset readIdxFolder(Path dir) throws IOException {
    Path trainX = find(dir, "train-images");
    Path trainY = find(dir, "train-labels");
    Path testX = findEither(dir, "t10k-images", "test-images");
    Path testY = findEither(dir, "t10k-labels", "test-labels");
    TaskData train = idx(trainX, trainY);
    TaskData test = idx(testX, testY);
    if (train.featureCount() != test.featureCount()) {
      throw new IOException(
          "train images have "
              + train.featureCount()
              + " pixels but test images have "
              + test.featureCount());
    }
    return new Dataset(dir.toString(), train, test);
  }

  private static Path findEither(Path dir, String a, String b) throws IOException {
    try {
      return find(dir, a);
    } catch (IOException e) {
      return find(dir, b);
    }
  }

  private static Path find(Path dir, String prefix) throws IOException {
    File[] files = dir.toFile().listFiles((d, n) -> n.startsWith(prefix));
    if (files == null || files.length == 0) {
      throw new IOException("--data: no file starting with '" + prefix + "' in " + dir);
    }
    Arrays.sort(files);
    return files[0].toPath();
  }

  /**
   * Reads one IDX image file and its label file.
   *
   * @param images images file (magic 0x00000803, count, rows, columns, then unsigned bytes)
   * @param labels labels file (magic 0x00000801, count, then unsigned bytes)
   * @return the rows, pixels divided by 255
   * @throws IOException if a file is malformed or the counts differ
   */
  public static TaskData idx(Path images, Path labels) throws IOException {
    float[] x;
    int n;
    int d;
    try (DataInputStream in = new DataInputStream(open(images))) {
      int magic = in.readInt();
      if (magic != IDX_IMAGES) {
        throw new IOException(
            images + ": not an IDX image file (magic " + String.format("0x%08x", magic) + ")");
      }
      n = in.readInt();
      int rows = in.readInt();
      int cols = in.readInt();
      if (n < 0 || rows <= 0 || cols <= 0 || (long) n * rows * cols > Integer.MAX_VALUE) {
        throw new IOException(images + ": implausible sizes " + n + "x" + rows + "x" + cols);
      }
      d = rows * cols;
      byte[] raw = new byte[n * d];
      in.readFully(raw);
      x = new float[raw.length];
      for (int i = 0; i < raw.length; i++) {
        x[i] = (raw[i] & 0xff) / 255f;
      }
    } catch (EOFException e) {
      throw new IOException(images + ": file ends before all images were read", e);
    }
    int[] y;
    try (DataInputStream in = new DataInputStream(open(labels))) {
      int magic = in.readInt();
      if (magic != IDX_LABELS) {
        throw new IOException(
            labels + ": not an IDX label file (magic " + String.format("0x%08x", magic) + ")");
      }
      int m = in.readInt();
      if (m != n) {
        throw new IOException(labels + " has " + m + " labels but " + images + " has " + n);
      }
      byte[] raw = new byte[m];
      in.readFully(raw);
      y = new int[m];
      for (int i = 0; i < m; i++) {
        y[i] = raw[i] & 0xff;
      }
    } catch (EOFException e) {
      throw new IOException(labels + ": file ends before all labels were read", e);
    }
    return new TaskData(x, d, y);
  }

  /**
   * Reads a CSV file: numeric features, class last. A first line whose cells are not all numbers is
   * taken as a header. Integer classes keep their ids; other class names get ids in sorted order.
   *
   * @param reader the text
   * @return all rows
   * @throws IOException on a malformed line (with its number)
   */
  public static TaskData readCsv(Reader reader) throws IOException {
    BufferedReader in = new BufferedReader(reader);
    List<float[]> rows = new ArrayList<>();
    List<String> classes = new ArrayList<>();
    String line;
    int lineNo = 0;
    int width = -1;
    while ((line = in.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      String[] cells = line.split(",", -1);
      if (width < 0 && rows.isEmpty() && !numeric(cells[0])) {
        continue; // header
      }
      if (width < 0) {
        width = cells.length;
        if (width < 2) {
          throw new IOException("line " + lineNo + ": need at least one feature and a label");
        }
      } else if (cells.length != width) {
        throw new IOException(
            "line " + lineNo + " has " + cells.length + " columns, earlier lines have " + width);
      }
      rows.add(parseFeatures(cells, width - 1, lineNo));
      classes.add(unquote(cells[width - 1]));
    }
    return assemble(rows, classes, null);
  }

  /**
   * Reads an ARFF file: every attribute but the last must be numeric; the last is the class,
   * nominal (ids in declaration order) or integer. Dense data only; missing values are rejected.
   *
   * @param reader the text
   * @return all rows
   * @throws IOException on a malformed header or data line (with its number)
   */
  public static TaskData readArff(Reader reader) throws IOException {
    BufferedReader in = new BufferedReader(reader);
    List<String> names = new ArrayList<>();
    List<String> types = new ArrayList<>();
    String line;
    int lineNo = 0;
    boolean data = false;
    List<float[]> rows = new ArrayList<>();
    List<String> classes = new ArrayList<>();
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
          String rest = t.substring("@attribute".length()).strip();
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
          continue;
        }
        if (lower.startsWith("@data")) {
          data = true;
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
          continue;
        }
        throw new IOException("line " + lineNo + ": unexpected header line '" + t + "'");
      }
      if (t.startsWith("{")) {
        throw new IOException("line " + lineNo + ": sparse ARFF rows are not supported");
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
      rows.add(parseFeatures(cells, cells.length - 1, lineNo));
      String c = unquote(cells[cells.length - 1]);
      if (c.equals("?")) {
        throw new IOException("line " + lineNo + ": missing class value");
      }
      classes.add(c);
    }
    if (!data) {
      throw new IOException("no @data section");
    }
    String classType = types.get(types.size() - 1).strip();
    List<String> declared = null;
    if (classType.startsWith("{")) {
      declared = new ArrayList<>();
      for (String v : classType.substring(1, classType.lastIndexOf('}')).split(",")) {
        declared.add(unquote(v));
      }
    }
    return assemble(rows, classes, declared);
  }

  private static boolean isNumericType(String type) {
    String t = type.strip().toLowerCase(Locale.ROOT);
    return t.equals("numeric") || t.equals("real") || t.equals("integer");
  }

  private static float[] parseFeatures(String[] cells, int d, int lineNo) throws IOException {
    float[] row = new float[d];
    for (int j = 0; j < d; j++) {
      String c = cells[j].trim();
      if (c.equals("?") || c.isEmpty()) {
        throw new IOException("line " + lineNo + ", column " + (j + 1) + ": missing value");
      }
      try {
        row[j] = Float.parseFloat(c);
      } catch (NumberFormatException e) {
        throw new IOException(
            "line " + lineNo + ", column " + (j + 1) + ": not a number: '" + c + "'");
      }
    }
    return row;
  }

  private static boolean numeric(String s) {
    try {
      Double.parseDouble(s.trim());
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
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

  private static TaskData assemble(List<float[]> rows, List<String> classes, List<String> declared)
      throws IOException {
    if (rows.isEmpty()) {
      throw new IOException("no data rows");
    }
    Map<String, Integer> ids = new HashMap<>();
    if (declared != null) {
      for (int i = 0; i < declared.size(); i++) {
        ids.put(declared.get(i), i);
      }
    } else if (classes.stream().allMatch(c -> c.matches("\\d+"))) {
      for (String c : classes) {
        ids.put(c, Integer.parseInt(c));
      }
    } else {
      int k = 0;
      for (String c : new TreeSet<>(classes)) {
        ids.put(c, k++);
      }
    }
    int d = rows.get(0).length;
    float[] x = new float[rows.size() * d];
    int[] y = new int[rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      System.arraycopy(rows.get(r), 0, x, r * d, d);
      Integer id = ids.get(classes.get(r));
      if (id == null) {
        throw new IOException(
            "row " + (r + 1) + ": class '" + classes.get(r) + "' is not declared in the header");
      }
      y[r] = id;
    }
    return new TaskData(x, d, y);
  }

  /**
   * Scales every feature to [0, 1] with the training rows' minimum and maximum (constant features
   * become 0); test rows use the same transform.
   */
  static Dataset minMaxScaled(String name, TaskData train, TaskData test) {
    int d = train.featureCount();
    float[] lo = new float[d];
    float[] hi = new float[d];
    Arrays.fill(lo, Float.POSITIVE_INFINITY);
    Arrays.fill(hi, Float.NEGATIVE_INFINITY);
    float[] x = train.features();
    for (int i = 0; i < x.length; i++) {
      int j = i % d;
      lo[j] = Math.min(lo[j], x[i]);
      hi[j] = Math.max(hi[j], x[i]);
    }
    return new Dataset(name, scale(train, lo, hi), scale(test, lo, hi));
  }

  private static TaskData scale(TaskData data, float[] lo, float[] hi) {
    int d = data.featureCount();
    float[] x = data.features().clone();
    for (int i = 0; i < x.length; i++) {
      int j = i % d;
      float range = hi[j] - lo[j];
      x[i] = range > 0 ? (x[i] - lo[j]) / range : 0f;
    }
    return new TaskData(x, d, data.labels());
  }
}
