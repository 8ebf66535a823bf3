package org.engram.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.engram.cl.data.TaskData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataReadersTest {
  @TempDir Path dir;

  /** Writes an IDX image file (magic 0x00000803) of n images of 2x3 pixels, pixel = 10·r + j. */
  private static byte[] idxImages(int n, int magic) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(b);
    out.writeInt(magic);
    out.writeInt(n);
    out.writeInt(2);
    out.writeInt(3);
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < 6; j++) {
        out.writeByte(r == n - 1 && j == 5 ? 255 : 10 * r + j);
      }
    }
    return b.toByteArray();
  }

  private static byte[] idxLabels(int[] labels) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(b);
    out.writeInt(0x00000801);
    out.writeInt(labels.length);
    for (int l : labels) {
      out.writeByte(l);
    }
    return b.toByteArray();
  }

  private void write(String name, byte[] bytes, boolean gzip) throws IOException {
    try (OutputStream o = Files.newOutputStream(dir.resolve(name));
        OutputStream w = gzip ? new GZIPOutputStream(o) : o) {
      w.write(bytes);
    }
  }

  @Test
  void readsAnIdxFolderGzippedAndPlain() throws IOException {
    write("train-images-idx3-ubyte.gz", idxImages(4, 0x00000803), true);
    write("train-labels-idx1-ubyte.gz", idxLabels(new int[] {2, 1, 0, 1}), true);
    write("t10k-images-idx3-ubyte", idxImages(2, 0x00000803), false);
    write("t10k-labels-idx1-ubyte", idxLabels(new int[] {2, 0}), false);
    Dataset d = DataReaders.read(dir);
    assertEquals(4, d.train().size());
    assertEquals(6, d.train().featureCount());
    assertArrayEquals(new int[] {2, 1, 0, 1}, d.train().labels());
    assertArrayEquals(new int[] {2, 0}, d.test().labels());
    assertEquals(12 / 255f, d.train().feature(1, 2), 1e-7);
    assertEquals(1f, d.train().feature(3, 5), 1e-7); // byte 255 is unsigned
    assertEquals(3, d.classCount());
  }

  /**
   * Labels must be the class ids 0..k−1, as in a CSV or ARFF file (the scenarios pair classes by
   * id): training labels 1..4 with a test label 0 are neither that nor numbered from 1 throughout,
   * and are refused naming the file and the item.
   */
  @Test
  void idxLabelsOutsideZeroToKMinusOneAreRefusedNamingFileAndItem() throws IOException {
    write("train-images", idxImages(4, 0x00000803), false);
    write("train-labels", idxLabels(new int[] {1, 2, 3, 4}), false);
    write("t10k-images", idxImages(2, 0x00000803), false);
    write("t10k-labels", idxLabels(new int[] {0, 1}), false);
    IOException e = assertThrows(IOException.class, () -> DataReaders.read(dir));
    assertTrue(
        e.getMessage()
            .endsWith(
                "train-labels: label 4 (item 3) is out of range: the training"
                    + " labels have 4 distinct values, so class ids must be 0..3; renumber the labels from"
                    + " 0"),
        e.getMessage());
    write("train-labels", idxLabels(new int[] {1, 2, 3, 0}), false);
    write("t10k-labels", idxLabels(new int[] {0, 4}), false);
    e = assertThrows(IOException.class, () -> DataReaders.read(dir));
    assertTrue(
        e.getMessage().contains("t10k-labels: label 4 (item 1) is out of range"), e.getMessage());
    write("t10k-labels", idxLabels(new int[] {0, 3}), false);
    assertEquals(4, DataReaders.read(dir).classCount());
  }

  /**
   * Folders other data sets ship in: a folder named like the file (some unzip tools make one), no
   * test files, an empty image file. Each is one line naming the file (before: "Is a directory";
   * "no file starting with 'test-images'" when 't10k-' was looked for too; "label 0 (item 0) is out
   * of range: the training labels have 0 distinct values, so class ids must be 0..-1").
   */
  @Test
  void idxFoldersOfOtherShapesAreRefusedNamingTheFile() throws IOException {
    write("train-images-idx3-ubyte", idxImages(3, 0x00000803), false);
    Files.createDirectory(dir.resolve("train-labels-idx1-ubyte"));
    write("train-labels-idx1-ubyte/train-labels-idx1-ubyte", idxLabels(new int[] {0, 1, 0}), false);
    IOException e = assertThrows(IOException.class, () -> DataReaders.read(dir));
    assertTrue(
        e.getMessage().contains(dir.resolve("train-labels-idx1-ubyte") + " is a folder"),
        e.getMessage());
    write("train-labels-idx1-ubyte.gz", idxLabels(new int[] {0, 1, 0}), true);
    e = assertThrows(IOException.class, () -> DataReaders.read(dir));
    assertTrue(
        e.getMessage().contains("no file starting with 't10k-images' or 'test-images'"),
        e.getMessage());
    write("t10k-images-idx3-ubyte", idxImages(0, 0x00000803), false);
    write("t10k-labels-idx1-ubyte", idxLabels(new int[] {}), false);
    e = assertThrows(IOException.class, () -> DataReaders.read(dir));
    assertEquals(
        dir.resolve("t10k-images-idx3-ubyte")
            + ": holds 0 images; there is nothing to measure accuracy on",
        e.getMessage());
    write("t10k-images-idx3-ubyte", idxImages(2, 0x00000803), false);
    write("t10k-labels-idx1-ubyte", idxLabels(new int[] {0, 1}), false);
    assertEquals(3, DataReaders.read(dir).train().size());
    write("train-images-idx3-ubyte", idxImages(0, 0x00000803), false);
    write("train-labels-idx1-ubyte.gz", idxLabels(new int[] {}), true);
    e = assertThrows(IOException.class, () -> DataReaders.read(dir));
    assertEquals(
        dir.resolve("train-images-idx3-ubyte")
            + ": holds 0 images; the training images must not be empty",
        e.getMessage());
  }

  /**
   * A file next to its gzipped copy (what {@code gunzip -k} leaves) was read by name order, the raw
   * one, even when the two differed, with nothing said: it is refused naming both.
   */
  @Test
  void aFileNextToItsGzippedCopyIsRefusedNamingBoth() throws IOException {
    write("train-images-idx3-ubyte", idxImages(3, 0x00000803), false);
    write("train-images-idx3-ubyte.gz", idxImages(4, 0x00000803), true);
    write("train-labels-idx1-ubyte", idxLabels(new int[] {0, 1, 0}), false);
    write("t10k-images-idx3-ubyte", idxImages(2, 0x00000803), false);
    write("t10k-labels-idx1-ubyte", idxLabels(new int[] {0, 1}), false);
    IOException e = assertThrows(IOException.class, () -> DataReaders.read(dir));
    assertEquals(
        "--data: "
            + dir
            + " holds both train-images-idx3-ubyte and train-images-idx3-ubyte.gz; keep one of"
            + " them (the bench will not guess which is meant)",
        e.getMessage());
    Files.delete(dir.resolve("train-images-idx3-ubyte.gz"));
    assertEquals(3, DataReaders.read(dir).train().size());
  }

  /**
   * IDX labels numbered 1..k in both files (EMNIST letters: A..Z as 1..26; a binary file cannot be
   * renumbered in an editor) are read as classes 0..k−1, and the data set says so.
   */
  @Test
  void idxLabelsNumberedFromOneAreShiftedWithANote() throws IOException {
    write("train-images", idxImages(4, 0x00000803), false);
    write("train-labels", idxLabels(new int[] {1, 2, 3, 4}), false);
    write("t10k-images", idxImages(2, 0x00000803), false);
    write("t10k-labels", idxLabels(new int[] {4, 1}), false);
    Dataset d = DataReaders.read(dir);
    assertArrayEquals(new int[] {0, 1, 2, 3}, d.train().classes());
    assertEquals(3, d.test().label(0));
    assertEquals(0, d.test().label(1));
    assertEquals(4, d.classCount());
    assertEquals(
        "the labels in train-labels are 1..4 (as EMNIST letters number them): read as classes 0..3",
        d.note());
    // numbered from 0 already: nothing shifted, nothing said
    write("train-labels", idxLabels(new int[] {0, 1, 2, 3}), false);
    write("t10k-labels", idxLabels(new int[] {3, 0}), false);
    assertNull(DataReaders.read(dir).note());
  }

  /** Writes one data set of 3 training and 2 test images under a name prefix (EMNIST's layout). */
  private void writePrefixed(String prefix, int[] trainLabels) throws IOException {
    write(prefix + "train-images-idx3-ubyte.gz", idxImages(trainLabels.length, 0x00000803), true);
    write(prefix + "train-labels-idx1-ubyte.gz", idxLabels(trainLabels), true);
    write(prefix + "test-images-idx3-ubyte.gz", idxImages(2, 0x00000803), true);
    write(prefix + "test-labels-idx1-ubyte.gz", idxLabels(new int[] {1, 0}), true);
  }

  /**
   * EMNIST ships its splits in one folder, each name prefixed ({@code
   * emnist-digits-train-images-idx3-ubyte.gz}): one such data set is read as it is; of several,
   * none is guessed, the error names them and how to pick one, and {@code --data
   * FOLDER/emnist-digits} reads that one.
   */
  @Test
  void idxFilesWithEmnistsPrefixesAreReadOrNamed() throws IOException {
    writePrefixed("emnist-digits-", new int[] {0, 1, 0});
    Dataset one = DataReaders.read(dir);
    assertEquals(3, one.train().size());
    assertEquals(2, one.test().size());
    assertEquals(dir.resolve("emnist-digits-") + "*", one.name());

    writePrefixed("emnist-balanced-", new int[] {0, 1, 2, 1});
    IOException e = assertThrows(IOException.class, () -> DataReaders.read(dir));
    assertEquals(
        "--data: "
            + dir
            + " holds 2 data sets (emnist-balanced-train-images..., emnist-digits-train-images...);"
            + " name one by its prefix, e.g. --data "
            + dir.resolve("emnist-balanced"),
        e.getMessage());
    assertEquals(4, DataReaders.read(dir.resolve("emnist-balanced")).train().size());
    assertEquals(3, DataReaders.read(dir.resolve("emnist-digits-")).train().size());
    assertEquals(2, DataReaders.read(dir.resolve("emnist-digits")).classCount());

    // a prefix with a file missing names the file it looked for; a prefix with no data set is
    // a path that does not exist
    Files.delete(dir.resolve("emnist-digits-test-labels-idx1-ubyte.gz"));
    e = assertThrows(IOException.class, () -> DataReaders.read(dir.resolve("emnist-digits")));
    assertTrue(
        e.getMessage()
            .contains(
                "no file starting with 'emnist-digits-t10k-labels' or"
                    + " 'emnist-digits-test-labels' in "
                    + dir),
        e.getMessage());
    e = assertThrows(IOException.class, () -> DataReaders.read(dir.resolve("emnist-mnist")));
    assertEquals("--data: " + dir.resolve("emnist-mnist") + " does not exist", e.getMessage());
  }

  /** MNIST's own names come first: a prefixed data set beside them is read only when named. */
  @Test
  void mnistNamesBesidePrefixedOnesAreTheDefault() throws IOException {
    writePrefixed("emnist-balanced-", new int[] {0, 1, 2, 1});
    writePrefixed("", new int[] {1, 0, 1, 0, 1});
    assertEquals(5, DataReaders.read(dir).train().size());
    assertEquals(4, DataReaders.read(dir.resolve("emnist-balanced")).train().size());
  }

  @Test
  void acceptsTestPrefixAndRejectsBadMagicAndCounts() throws IOException {
    write("train-images", idxImages(3, 0x00000803), false);
    write("train-labels", idxLabels(new int[] {0, 1, 0}), false);
    write("test-images", idxImages(2, 0x00000801), false); // label magic on an image file
    write("test-labels", idxLabels(new int[] {0, 1}), false);
    IOException e = assertThrows(IOException.class, () -> DataReaders.read(dir));
    assertTrue(e.getMessage().contains("not an IDX image file"), e.getMessage());
    write("test-images", idxImages(2, 0x00000803), false);
    write("test-labels", idxLabels(new int[] {0, 1, 1}), false);
    e = assertThrows(IOException.class, () -> DataReaders.read(dir));
    assertTrue(e.getMessage().contains("has 3 labels but"), e.getMessage());
    write("test-labels", idxLabels(new int[] {0, 1}), false);
    assertEquals(2, DataReaders.read(dir).test().size());
  }

  @Test
  void anIdxFileShorterOrLongerThanItsHeaderSaysIsRefusedWithTheSizes() throws IOException {
    write("train-labels", idxLabels(new int[] {0, 1, 0}), false);
    write("test-images", idxImages(2, 0x00000803), false);
    write("test-labels", idxLabels(new int[] {0, 1}), false);
    byte[] three = idxImages(3, 0x00000803);
    write("train-images", Arrays.copyOf(three, three.length - 4), true); // gzipped, truncated
    IOException e = assertThrows(IOException.class, () -> DataReaders.read(dir));
    assertTrue(
        e.getMessage()
            .endsWith(
                "train-images: the header claims 3 images of 2x3 pixels (18 bytes) but the file"
                    + " holds only 14 bytes after its header"),
        e.getMessage());
    write("train-images", Arrays.copyOf(three, three.length + 1), false);
    e = assertThrows(IOException.class, () -> DataReaders.read(dir));
    assertTrue(e.getMessage().endsWith("but the file holds more bytes than that"), e.getMessage());
    write("train-images", three, false);
    write("train-labels", Arrays.copyOf(idxLabels(new int[] {0, 1, 0}), 10), false);
    e = assertThrows(IOException.class, () -> DataReaders.read(dir));
    assertTrue(
        e.getMessage()
            .endsWith(
                "train-labels: the header claims 3 labels but the file holds only 2 bytes after"
                    + " its header"),
        e.getMessage());
  }

  /** The gzip layer's errors know no file name: the reader adds it. */
  @Test
  void aDamagedGzipFileIsNamed() throws IOException {
    write("train-images", idxImages(3, 0x00000803), false);
    write("test-images", idxImages(2, 0x00000803), false);
    write("test-labels", idxLabels(new int[] {0, 1}), false);
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream w = new GZIPOutputStream(gz)) {
      w.write(idxLabels(new int[] {0, 1, 0}));
    }
    byte[] cut = Arrays.copyOf(gz.toByteArray(), gz.size() - 12); // the deflate stream cut short
    Files.write(dir.resolve("train-labels.gz"), cut);
    IOException e = assertThrows(IOException.class, () -> DataReaders.read(dir));
    assertTrue(e.getMessage().startsWith(dir.resolve("train-labels.gz") + ": "), e.getMessage());
    assertTrue(e.getMessage().contains("damaged or truncated gzip"), e.getMessage());
  }

  @Test
  void missingIdxFileIsNamed() throws IOException {
    write("train-images", idxImages(3, 0x00000803), false);
    IOException e = assertThrows(IOException.class, () -> DataReaders.read(dir));
    assertTrue(e.getMessage().contains("train-labels"), e.getMessage());
  }

  @Test
  void readsCsvWithHeaderAndNamedClasses() throws IOException {
    TaskData t = DataReaders.readCsv(new StringReader("a,b,class\n1,2,dog\n3,4,cat\n\n5,6,dog\n"));
    assertEquals(3, t.size());
    assertEquals(2, t.featureCount());
    assertArrayEquals(new int[] {1, 0, 1}, t.labels()); // sorted names: cat=0, dog=1
    assertEquals(3f, t.feature(1, 0));
    TaskData ints = DataReaders.readCsv(new StringReader("0.5,1\n0.25,0\n0.75,1.0\n"));
    assertArrayEquals(new int[] {1, 0, 1}, ints.labels());
    // class ids are 0..k-1: a gap would make an empty task, so it is an error naming the line
    IOException gap =
        assertThrows(
            IOException.class, () -> DataReaders.readCsv(new StringReader("0.5,7\n0.25,2\n")));
    assertEquals(
        "line 1: label 7 is out of range: the file has 2 distinct labels, so class ids must be"
            + " 0..1",
        gap.getMessage());
    // a label that is not an id after ids, or not a whole number, is an error too
    assertEquals(
        "line 3: label 'cat' is not a class id, unlike the labels before it (ids are whole"
            + " numbers)",
        assertThrows(
                IOException.class, () -> DataReaders.readCsv(new StringReader("1,0\n2,1\n3,cat\n")))
            .getMessage());
    assertEquals(
        "line 2: label 1.5 is not a class id (0, 1, 2, ...)",
        assertThrows(
                IOException.class, () -> DataReaders.readCsv(new StringReader("1,0\n2,1.5\n3,1\n")))
            .getMessage());
    IOException e =
        assertThrows(
            IOException.class, () -> DataReaders.readCsv(new StringReader("1,2,0\n1,x,1\n")));
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    e =
        assertThrows(
            IOException.class, () -> DataReaders.readCsv(new StringReader("1,2,0\n1,1\n")));
    assertTrue(e.getMessage().contains("columns"), e.getMessage());
  }

  @Test
  void readsArffWithNominalClass() throws IOException {
    String arff =
        "% comment\n@relation toy\n@attribute x numeric\n@attribute 'y y' REAL\n"
            + "@attribute class {low,mid,high}\n@data\n1,2,high\n3,4,'low'\n5,6,mid\n";
    TaskData t = DataReaders.readArff(new StringReader(arff));
    assertEquals(3, t.size());
    assertEquals(2, t.featureCount());
    assertArrayEquals(new int[] {2, 0, 1}, t.labels()); // declaration order
    assertEquals(6f, t.feature(2, 1));
  }

  @Test
  void arffProblemsAreNamed() {
    String nominalFeature =
        "@relation r\n@attribute colour {red,blue}\n@attribute class {a,b}\n@data\nred,a\n";
    IOException e =
        assertThrows(
            IOException.class, () -> DataReaders.readArff(new StringReader(nominalFeature)));
    assertTrue(e.getMessage().contains("colour"), e.getMessage());
    String missing = "@relation r\n@attribute x numeric\n@attribute class {a,b}\n@data\n?,a\n";
    e = assertThrows(IOException.class, () -> DataReaders.readArff(new StringReader(missing)));
    assertTrue(e.getMessage().contains("missing value"), e.getMessage());
    String undeclared = "@relation r\n@attribute x numeric\n@attribute class {a,b}\n@data\n1,c\n";
    e = assertThrows(IOException.class, () -> DataReaders.readArff(new StringReader(undeclared)));
    assertTrue(e.getMessage().contains("'c'"), e.getMessage());
  }

  @Test
  void singleFileIsSplitStratifiedAndScaledOnTrainingRange() throws IOException {
    StringBuilder csv = new StringBuilder();
    for (int r = 0; r < 100; r++) {
      csv.append(r).append(',').append(5).append(',').append(r % 2).append('\n');
    }
    Path f = dir.resolve("toy.csv");
    Files.writeString(f, csv);
    Dataset d = DataReaders.read(f);
    assertEquals(70, d.train().size());
    assertEquals(30, d.test().size());
    assertEquals(35, d.train().filterClasses(0).size());
    float lo = Float.MAX_VALUE;
    float hi = -Float.MAX_VALUE;
    for (int r = 0; r < d.train().size(); r++) {
      lo = Math.min(lo, d.train().feature(r, 0));
      hi = Math.max(hi, d.train().feature(r, 0));
      assertEquals(0f, d.train().feature(r, 1)); // constant feature
    }
    assertEquals(0f, lo);
    assertEquals(1f, hi);
  }
}
