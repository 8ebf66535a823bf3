package org.engram.cl.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The embedded default data set: the test part of the UCI "Optical Recognition of Handwritten
 * Digits" data (E. Alpaydin, C. Kaynak, 1998; UCI Machine Learning Repository; CC BY 4.0): 1,797
 * 8×8 images of pixel counts 0..16 and their digit. Shipped inside cl-core so that the demo and the
 * tests run with no download.
 */
public final class Digits {
  /** Classpath location of the gzipped CSV (64 pixel columns, then the label). */
  public static final String RESOURCE = "/org/engram/cl/data/digits.csv.gz";

  /** Attribution required by the licence. */
  public static final String ATTRIBUTION =
      "UCI Optical Recognition of Handwritten Digits (E. Alpaydin, C. Kaynak, 1998), "
          + "UCI Machine Learning Repository, CC BY 4.0";

  private Digits() {}

  /**
   * @return the 1,797 examples, pixels scaled to [0, 1], labels 0..9
   */
  public static TaskData load() {
    try (InputStream in = Digits.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("digits resource missing from the classpath: " + RESOURCE);
      }
      TaskData raw =
          readCsv(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.US_ASCII));
      float[] x = raw.features().clone();
      for (int i = 0; i < x.length; i++) {
        x[i] /= 16f;
      }
      return new TaskData(x, raw.featureCount(), raw.labels());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads a headerless numeric CSV whose last column is an integer class id.
   *
   * @param reader the text
   * @return the rows
   * @throws IOException on a read error or a malformed line (with its line number)
   */
  public static TaskData readCsv(Reader reader) throws IOException {
    List<float[]> rows = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    BufferedReader in = new BufferedReader(reader);
    String line;
    int lineNo = 0;
    int width = -1;
    while ((line = in.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      String[] cells = line.split(",");
      if (width < 0) {
        width = cells.length;
      } else if (cells.length != width) {
        throw new IOException(
            "line " + lineNo + " has " + cells.length + " columns, earlier lines have " + width);
      }
      float[] row = new float[width - 1];
      try {
        for (int j = 0; j < width - 1; j++) {
          row[j] = Float.parseFloat(cells[j].trim());
        }
        labels.add(Integer.parseInt(cells[width - 1].trim()));
      } catch (NumberFormatException e) {
        throw new IOException("line " + lineNo + ": not a number: " + e.getMessage(), e);
      }
      rows.add(row);
    }
    if (rows.isEmpty() || width < 2) {
      throw new IOException("no data rows");
    }
    int d = width - 1;
    float[] x = new float[rows.size() * d];
    int[] y = new int[rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      System.arraycopy(rows.get(r), 0, x, r * d, d);
      y[r] = labels.get(r);
    }
    return new TaskData(x, d, y);
  }
}
