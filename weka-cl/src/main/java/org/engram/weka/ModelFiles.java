package org.engram.weka;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Reader;
import java.io.StreamCorruptedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import weka.core.Instances;
import weka.core.converters.ArffLoader;

/**
 * Checks the files given to Weka's command line before Weka reads them.
 *
 * <ul>
 *   <li>The model file to write ({@code -d}): a folder that does not exist or cannot be written is
 *       said before training, not after it with a stack trace; so is {@code -x} below 2.
 *   <li>A model file ({@code -l}): Weka's reader reports an empty or truncated file as "Weka
 *       exception: null". An empty file, a file cut short and a file that is no serialized Java
 *       object each get a message that says so.
 *   <li>An ARFF training or test file ({@code -t}, {@code -T}): on the streamed route Weka's
 *       Evaluation meets a bad row (a short row, an undeclared nominal value) only while training,
 *       and prints the reader's stack trace and then a NullPointerException's. The file is read
 *       once, a row at a time (constant memory), and its first bad row is reported with the
 *       reader's own message, which names the line, before anything trains.
 * </ul>
 */
public final class ModelFiles {
  private ModelFiles() {}

  /** What reading a model file cut short says, wherever the reading stops. */
  static final String TRUNCATED =
      "ContinualMLP: the model file ends too early (truncated): it was not written completely;"
          + " train again";

  /**
   * Checks the files of a command line, those it has: the {@code -l} model file, the {@code -t} and
   * {@code -T} ARFF files, the {@code -d} file to write, and the {@code -x} folds.
   *
   * @param args the command line's arguments
   * @throws BadInputException naming the file (or option) and what is wrong with it
   */
  public static void checkArguments(List<String> args) {
    String model = value(args, "-l");
    if (model != null) {
      check(Path.of(model));
    }
    for (String option : List.of("-t", "-T")) {
      String data = value(args, option);
      if (data != null) {
        checkArff(Path.of(data), option);
      }
    }
    String out = value(args, "-d");
    if (out != null) {
      checkOutput(Path.of(out));
    }
    String folds = value(args, "-x");
    // digits only, and not 0 or 1 (no parse: a number too long for an int is Weka's to judge)
    if (folds != null && (!folds.strip().matches("[0-9]+") || folds.strip().matches("0*[01]"))) {
      throw new BadInputException(
          "-x " + folds + ": cross-validation needs a whole number of folds of at least 2");
    }
  }

  /** The value after an option's first occurrence, or null when it has none. */
  private static String value(List<String> args, String option) {
    int at = args.indexOf(option);
    return at >= 0 && at + 1 < args.size() ? args.get(at + 1) : null;
  }

  /**
   * Checks the {@code -d} file can be written before Weka trains: it writes it only at the end.
   *
   * @param file the model file to write
   * @throws BadInputException naming the file and the problem
   */
  static void checkOutput(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    if (Files.isDirectory(file)) {
      throw new BadInputException("-d " + file + " is a folder: name the model file to write");
    }
    if (parent == null || !Files.isDirectory(parent)) {
      throw new BadInputException("-d " + file + ": the folder " + parent + " does not exist");
    }
    try {
      org.engram.cl.util.OutputFiles.probe(file);
    } catch (IOException e) {
      throw new BadInputException("-d " + file + " cannot be written: " + e.getMessage());
    }
  }

  /**
   * Reads an ARFF file ({@code .arff} or {@code .arff.gz}) a row at a time; other formats, and a
   * missing file, are left to Weka, which reports them clearly itself.
   *
   * @param file the file
   * @param option the option that named it, for the message
   * @throws BadInputException naming the option, the file and the reader's message (with the line)
   */
  static void checkArff(Path file, String option) {
    String name = file.toString();
    boolean gzip = name.endsWith(".arff.gz");
    if (!(name.endsWith(".arff") || gzip) || !Files.isRegularFile(file)) {
      return;
    }
    String what = option.equals("-t") ? "training" : "test";
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
        Reader reader =
            new BufferedReader(
                new InputStreamReader(
                    gzip ? new GZIPInputStream(raw) : raw, StandardCharsets.UTF_8))) {
      ArffLoader.ArffReader arff = new ArffLoader.ArffReader(reader, 1);
      Instances header = arff.getStructure();
      while (arff.readInstance(header) != null) {
        // each row is parsed and dropped: only a failure matters
      }
    } catch (IOException | RuntimeException e) {
      throw new BadInputException(
          "the " + what + " file " + file + " (" + option + ") cannot be read: " + e.getMessage());
    }
  }

  /**
   * Checks the files of this JVM's command line (Weka's {@code runClassifier}, which {@code
   * weka.Run} calls, hands the classifier no arguments).
   */
  public static void checkThisCommandLine() {
    ProcessHandle.current().info().arguments().ifPresent(a -> checkArguments(List.of(a)));
  }

  /**
   * @param file a model file written by Weka ({@code -d}, or the Explorer's "Save model")
   * @throws BadInputException naming the file and the problem
   */
  public static void check(Path file) {
    String name = file.toString();
    if (name.endsWith(".xml") || name.endsWith(".koml") || !Files.isRegularFile(file)) {
      return; // other formats, and a missing file, which Weka reports clearly itself
    }
    try {
      long size = Files.size(file);
      if (size == 0) {
        throw new BadInputException(
            "the model file " + file + " is empty (0 bytes): it was not written; train again");
      }
      try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
          ObjectInputStream in =
              new ObjectInputStream(name.endsWith(".gz") ? new GZIPInputStream(raw) : raw)) {
        in.readObject();
      } catch (EOFException e) {
        throw new BadInputException(
            "the model file "
                + file
                + " is truncated (it ends after "
                + size
                + " bytes, in the middle of the model): it was not written completely; train"
                + " again");
      } catch (StreamCorruptedException e) {
        throw new BadInputException(
            "the model file " + file + " is not a Weka model (" + e.getMessage() + ")");
      } catch (InvalidObjectException e) {
        throw new BadInputException("the model file " + file + ": " + e.getMessage());
      } catch (ClassNotFoundException e) {
        // a model of a class this JVM does not have: Weka's own message says which
      }
    } catch (IOException e) {
      throw new BadInputException("the model file " + file + " cannot be read: " + e.getMessage());
    }
  }
}
