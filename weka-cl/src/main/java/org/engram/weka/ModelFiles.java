package org.engram.weka;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.StreamCorruptedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Checks a model file given to Weka's command line with {@code -l} before Weka reads it: Weka's
 * reader reports an empty or truncated file as "Weka exception: null". An empty file, a file cut
 * short and a file that is no serialized Java object each get a message that says so.
 */
public final class ModelFiles {
  private ModelFiles() {}

  /**
   * Checks the {@code -l} file of a command line, if there is one.
   *
   * @param args the command line's arguments
   * @throws BadInputException naming the file and what is wrong with it
   */
  public static void checkArguments(List<String> args) {
    int at = args.indexOf("-l");
    if (at >= 0 && at + 1 < args.size()) {
      check(Path.of(args.get(at + 1)));
    }
  }

  /**
   * Checks the {@code -l} file of this JVM's command line (Weka's {@code runClassifier}, which
   * {@code weka.Run} calls, hands the classifier no arguments).
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
