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
      "ContinualMLP: the model file ends too early (truncated): it was not written completely, or"
          + " a damaged length sends the reader past its end; train again";

  /**
   * Writes ContinualMLP's own checksum (see {@link StateChecksum}): whether it holds a model, the
   * options it was built with, and its options (whose own class's data a damaged file can leave out
   * without an error).
   *
   * @param out the stream, inside ContinualMLP's writeObject
   * @param built whether a model was built
   * @param builtWith the options it was built with, or null
   * @param options the options
   * @throws IOException if the stream fails
   */
  public static void writeChecksum(
      java.io.ObjectOutputStream out,
      boolean built,
      java.util.Map<WekaOption, Object> builtWith,
      java.util.Map<WekaOption, Object> options)
      throws IOException {
    StateChecksum.write(out, c -> c.add(built).add(builtWith).add(options));
  }

  /**
   * Checks what {@link #writeChecksum} wrote against what was read.
   *
   * @param in the stream, inside ContinualMLP's readObject
   * @param built whether a model was read
   * @param builtWith the options read, or null
   * @param options the options read (read when the checksum is compared: it may fail)
   * @throws IOException with a message saying the file is damaged, if they differ
   * @throws ClassNotFoundException if the stream names an unknown class
   */
  public static void verifyChecksum(
      ObjectInputStream in,
      boolean built,
      java.util.Map<WekaOption, Object> builtWith,
      java.util.function.Supplier<java.util.Map<WekaOption, Object>> options)
      throws IOException, ClassNotFoundException {
    try {
      StateChecksum.verify(in, c -> c.add(built).add(builtWith).add(options.get()));
    } catch (EOFException e) {
      throw new InvalidObjectException(TRUNCATED);
    }
  }

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
          // Weka's own reader (its class loaders), so that the check meets what Weka will
          ObjectInputStream in =
              weka.core.SerializationHelper.getObjectInputStream(
                  name.endsWith(".gz") ? new GZIPInputStream(raw) : raw)) {
        in.readObject();
      } catch (EOFException e) {
        throw new BadInputException(
            "the model file "
                + file
                + " is truncated (it ends after "
                + size
                + " bytes, in the middle of the model): it was not written completely, or a"
                + " damaged length sends the reader past its end; train again");
      } catch (StreamCorruptedException e) {
        throw new BadInputException(
            "the model file " + file + " is not a Weka model (" + e.getMessage() + ")");
      } catch (InvalidObjectException e) {
        throw new BadInputException("the model file " + file + ": " + e.getMessage());
      } catch (ClassNotFoundException e) {
        // a model of a class this JVM does not have: Weka's own message says which; but a name
        // no class can have is a damaged byte, and Weka's class loader fails on it with an Error
        String named = String.valueOf(e.getMessage());
        if (!named.matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*")) {
          throw new BadInputException(
              "the model file "
                  + file
                  + " is damaged: it names a class '"
                  + named
                  + "' that no class can be called; use another copy or train again");
        }
      } catch (java.io.InvalidClassException e) {
        // another version of a class (its serialVersionUID), or a damaged class description
        throw new BadInputException(
            "the model file " + file + " cannot be read: " + e.getMessage());
      } catch (java.io.ObjectStreamException | RuntimeException | LinkageError e) {
        // Java's reader meets damaged bytes as whatever they happen to decode to: an unread
        // block, a cast of the wrong class, a null; say what it is, not its stack trace
        throw new BadInputException(
            "the model file "
                + file
                + " is damaged: it cannot be read back as the model that was saved ("
                + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage())
                + "); use another copy or train again");
      }
    } catch (IOException e) {
      throw new BadInputException("the model file " + file + " cannot be read: " + e.getMessage());
    }
  }
}
