package org.engram.examples;

import java.io.BufferedInputStream;
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
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.engram.cl.data.TaskData;

/**
 * Reads the benchmark's data formats: an IDX folder (MNIST / Fashion-MNIST layout, gzipped or not),
 * a CSV file (label last) or an ARFF file (numeric attributes, class last).
 *
 * <p>Every reader is strict: a malformed cell, a label out of range or an IDX header that disagrees
 * with its file is an {@link IOException} naming the file, the line (or record) and the column,
 * never a row silently dropped or a value silently replaced.
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
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

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
      Path parent = path.toAbsolutePath().getParent();
      String name = String.valueOf(path.getFileName());
      String prefix = name.endsWith("-") ? name : name + "-";
      if (parent != null
          && Files.isDirectory(parent)
          && findOrNull(parent, prefix + "train-images") != null) {
        return readIdxFolder(parent, prefix, path.toString());
      }
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
   * test-} images and labels. Names with a prefix before those, as EMNIST ships its splits ({@code
   * emnist-digits-train-images-idx3-ubyte.gz}), are read when the folder holds one such data set; a
   * folder of several is refused, naming them: {@code --data FOLDER/emnist-digits} (the prefix
   * without its last dash) then reads one.
   *
   * @param dir the folder
   * @return train and test rows, pixels in [0, 1]
   * @throws IOException if a file is missing or malformed
   */
  public static Dataset readIdxFolder(Path dir) throws IOException {
    String prefix = findOrNull(dir, "train-images") != null ? "" : onlyPrefix(dir);
    return readIdxFolder(
        dir, prefix, prefix.isEmpty() ? dir.toString() : dir.resolve(prefix) + "*");
  }

  /**
   * The prefix before {@code train-images} of the one data set in the folder whose files carry one
   * ({@code emnist-digits-}), or "" when there is none.
   *
   * @throws IOException when there are several, naming them and how to choose one
   */
  private static String onlyPrefix(Path dir) throws IOException {
    String[] names = dir.toFile().list((d, n) -> n.indexOf("-train-images") > 0);
    java.util.TreeSet<String> prefixes = new java.util.TreeSet<>();
    for (String n : names == null ? new String[0] : names) {
      prefixes.add(n.substring(0, n.indexOf("-train-images") + 1));
    }
    if (prefixes.size() > 1) {
      String first = prefixes.first();
      throw new IOException(
          "--data: "
              + dir
              + " holds "
              + prefixes.size()
              + " data sets ("
              + String.join(", ", prefixes.stream().map(p -> p + "train-images...").toList())
              + "); name one by its prefix, e.g. --data "
              + dir.resolve(first.substring(0, first.length() - 1)));
    }
    return prefixes.isEmpty() ? "" : prefixes.first();
  }

  private static Dataset readIdxFolder(Path dir, String prefix, String name) throws IOException {
    Path trainX = find(dir, prefix + "train-images");
    Path trainY = find(dir, prefix + "train-labels");
    Path testX = findEither(dir, prefix + "t10k-images", prefix + "test-images");
    Path testY = findEither(dir, prefix + "t10k-labels", prefix + "test-labels");
    TaskData train = idx(trainX, trainY);
    TaskData test = idx(testX, testY);
    // an empty file holds nothing to learn or to measure: say which, not a label range of 0..-1
    if (train.size() == 0) {
      throw new IOException(trainX + ": holds 0 images; the training images must not be empty");
    }
    if (test.size() == 0) {
      throw new IOException(testX + ": holds 0 images; there is nothing to measure accuracy on");
    }
    int k = train.classes().length;
    String note = null;
    if (numberedFromOne(train, k) && test.classes()[0] >= 1) {
      note =
          String.format(
              Locale.ROOT,
              "the labels in %s are 1..%d (as EMNIST letters number them): read as classes 0..%d",
              trainY.getFileName(),
              k,
              k - 1);
      train = train.withLabels(shifted(train));
      test = test.withLabels(shifted(test));
    }
    checkClassIds(train, trainY, k);
    checkClassIds(test, testY, k);
    if (train.featureCount() != test.featureCount()) {
      throw new IOException(
          "train images have "
              + train.featureCount()
              + " pixels but test images have "
              + test.featureCount());
    }
    return new Dataset(name, train, test, note);
  }

  /**
   * Whether the training labels are exactly 1..k: an IDX label file cannot be renumbered with a
   * text editor, and EMNIST letters number A..Z from 1.
   */
  private static boolean numberedFromOne(TaskData train, int k) {
    int[] classes = train.classes(); // sorted
    return classes[0] == 1 && classes[classes.length - 1] == k;
  }

  private static int[] shifted(TaskData data) {
    int[] y = new int[data.size()];
    for (int r = 0; r < y.length; r++) {
      y[r] = data.label(r) - 1;
    }
    return y;
  }

  /**
   * Refuses a label outside 0..k−1, as the CSV and ARFF readers do: the scenarios pair classes by
   * id, so labels 1..26 (EMNIST letters) would make a task of class 0, which has no rows, and leave
   * the last class out.
   */
  private static void checkClassIds(TaskData data, Path labels, int k) throws IOException {
    for (int r = 0; r < data.size(); r++) {
      if (data.label(r) >= k) {
        throw new IOException(
            labels
                + ": label "
                + data.label(r)
                + " (item "
                + r
                + ") is out of range: the training labels have "
                + k
                + " distinct values, so class ids must be 0.."
                + (k - 1)
                + "; renumber the labels from 0");
      }
    }
  }

  private static Path findEither(Path dir, String a, String b) throws IOException {
    Path found = findOrNull(dir, a);
    found = found != null ? found : findOrNull(dir, b);
    if (found == null) {
      throw new IOException(
          "--data: no file starting with '"
              + a
              + "' or '"
              + b
              + "' in "
              + dir
              + namedOtherwise(dir, b));
    }
    return found;
  }

  private static Path find(Path dir, String prefix) throws IOException {
    Path found = findOrNull(dir, prefix);
    if (found == null) {
      throw new IOException(
          "--data: no file starting with '" + prefix + "' in " + dir + namedOtherwise(dir, prefix));
    }
    return found;
  }

  /**
   * A hint when the folder holds the missing file under a longer name (MNIST's names next to
   * another data set's prefixed ones): which file, and how the bench reads prefixed names.
   */
  private static String namedOtherwise(Path dir, String prefix) {
    File[] like = dir.toFile().listFiles((d, n) -> n.contains("-" + prefix));
    if (like == null || like.length == 0) {
      return "";
    }
    Arrays.sort(like);
    return " (found "
        + like[0].getName()
        + (like.length > 1 ? " and " + (like.length - 1) + " more like it" : "")
        + ": a data set whose names carry a prefix is read as --data "
        + dir
        + "/PREFIX, without the prefix's last dash)";
  }

  /**
   * The first file (by name) starting with the prefix, or null; a folder of that name is no IDX
   * file and is refused by name (reading it failed with "Is a directory", naming nothing). A file
   * next to its gzipped copy ({@code gunzip -k} leaves both) is refused naming the two: which one
   * holds the data meant is not for the bench to guess, and the two may differ.
   */
  private static Path findOrNull(Path dir, String prefix) throws IOException {
    File[] entries = dir.toFile().listFiles((d, n) -> n.startsWith(prefix));
    if (entries == null || entries.length == 0) {
      return null;
    }
    Arrays.sort(entries);
    for (File f : entries) {
      if (f.isFile()) {
        File gz = new File(f.getPath() + ".gz");
        if (gz.isFile()) {
          throw new IOException(
              "--data: "
                  + dir
                  + " holds both "
                  + f.getName()
                  + " and "
                  + gz.getName()
                  + "; keep one of them (the bench will not guess which is meant)");
        }
        return f.toPath();
      }
    }
    throw new IOException(
        "--data: "
            + entries[0]
            + " is a folder, not an IDX file (the files go directly in "
            + dir
            + ")");
  }

  /**
   * Reads one IDX image file and its label file. The sizes in each header are checked against the
   * bytes the file holds before anything of that size is allocated.
   *
   * @param images images file (magic 0x00000803, count, rows, columns, then unsigned bytes)
   * @param labels labels file (magic 0x00000801, count, then unsigned bytes)
   * @return the rows, pixels divided by 255
   * @throws IOException if a file is malformed, its header disagrees with its size, or the counts
   *     differ, naming the file and the sizes
   */
  public static TaskData idx(Path images, Path labels) throws IOException {
    byte[] raw;
    int n;
    int d;
    try (DataInputStream in = new DataInputStream(open(images))) {
      int magic = readHeaderInt(in, images);
      if (magic != IDX_IMAGES) {
        throw new IOException(
            images + ": not an IDX image file (magic " + String.format("0x%08x", magic) + ")");
      }
      n = readHeaderInt(in, images);
      int rows = readHeaderInt(in, images);
      int cols = readHeaderInt(in, images);
      if (n < 0 || rows <= 0 || cols <= 0) {
        throw new IOException(images + ": implausible sizes " + n + "x" + rows + "x" + cols);
      }
      long bytes = (long) n * rows * cols;
      String claim = n + " images of " + rows + "x" + cols + " pixels (" + bytes + " bytes)";
      if (bytes > MAX_ARRAY || (long) rows * cols > MAX_ARRAY) {
        throw new IOException(
            images
                + ": the header claims "
                + claim
                + ", more than one Java array holds (the file is "
                + Files.size(images)
                + " bytes)");
      }
      d = rows * cols;
      raw = readBody(in, (int) bytes, images, "the header claims " + claim);
    } catch (ZipException | EOFException e) {
      throw damaged(images, e);
    }
    // the bytes are there: now the floats must fit the heap
    if (4L * raw.length > Runtime.getRuntime().maxMemory()) {
      throw new IOException(
          String.format(
              Locale.ROOT,
              "%s: %d pixels need %.1f GB as floats; the heap holds %.1f GB (give java -Xmx more)",
              images,
              raw.length,
              4.0 * raw.length / 1e9,
              Runtime.getRuntime().maxMemory() / 1e9));
    }
    float[] x = new float[raw.length];
    for (int i = 0; i < raw.length; i++) {
      x[i] = (raw[i] & 0xff) / 255f;
    }
    int[] y;
    try (DataInputStream in = new DataInputStream(open(labels))) {
      int magic = readHeaderInt(in, labels);
      if (magic != IDX_LABELS) {
        throw new IOException(
            labels + ": not an IDX label file (magic " + String.format("0x%08x", magic) + ")");
      }
      int m = readHeaderInt(in, labels);
      if (m != n) {
        throw new IOException(labels + " has " + m + " labels but " + images + " has " + n);
      }
      byte[] b = readBody(in, m, labels, "the header claims " + m + " labels");
      y = new int[m];
      for (int i = 0; i < m; i++) {
        y[i] = b[i] & 0xff;
      }
    } catch (ZipException | EOFException e) {
      throw damaged(labels, e);
    }
    return new TaskData(x, d, y);
  }

  /** An error of the gzip layer, which knows no file name: names the file. */
  private static IOException damaged(Path file, IOException e) {
    return new IOException(
        file + ": " + e.getMessage() + " (a damaged or truncated gzip file?)", e);
  }

  private static int readHeaderInt(DataInputStream in, Path file) throws IOException {
    try {
      return in.readInt();
    } catch (EOFException e) {
      throw new IOException(file + ": file ends inside the IDX header", e);
    }
  }

  /**
   * Reads exactly {@code expected} bytes, growing the buffer as bytes arrive (so a header that
   * claims more than the file holds costs no more memory than the file), and checks nothing
   * follows.
   */
  private static byte[] readBody(InputStream in, int expected, Path file, String claim)
      throws IOException {
    byte[] buf = new byte[Math.min(expected, 1 << 20)];
    int got = 0;
    while (got < expected) {
      if (got == buf.length) {
        buf = Arrays.copyOf(buf, (int) Math.min(expected, 2L * buf.length));
      }
      int r = in.read(buf, got, buf.length - got);
      if (r < 0) {
        throw new IOException(
            file + ": " + claim + " but the file holds only " + got + " bytes after its header");
      }
      got += r;
    }
    if (in.read() >= 0) {
      throw new IOException(file + ": " + claim + " but the file holds more bytes than that");
    }
    return buf;
  }

  /**
   * Reads a CSV file strictly (see {@link TextData}): numeric features, label last, an optional
   * header on the first line only.
   *
   * @param reader the text
   * @return all rows
   * @throws IOException naming the line and column of the first problem
   */
  public static TaskData readCsv(Reader reader) throws IOException {
    return TextData.readCsv(reader);
  }

  /**
   * Reads an ARFF file strictly (see {@link TextData}): numeric attributes, class last (nominal or
   * class ids).
   *
   * @param reader the text
   * @return all rows
   * @throws IOException naming the line and attribute of the first problem
   */
  public static TaskData readArff(Reader reader) throws IOException {
    return TextData.readArff(reader);
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
