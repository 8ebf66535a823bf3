package org.engram.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Checks of output paths, made before any data is read or trained on, so that a mistake in an
 * output flag costs nothing (not a finished run whose results cannot be written).
 */
final class OutputPaths {
  private OutputPaths() {}

  /**
   * Checks that a file can be written: its folder exists and is writable, and the path is not a
   * folder or an unwritable file.
   *
   * @param flag the flag that names it (without dashes)
   * @param text the path as given
   * @throws UsageException naming the flag and the problem
   */
  static void checkFile(String flag, String text) {
    Path file = path(flag, text);
    Path parent = file.getParent();
    if (Files.isDirectory(file)) {
      throw new UsageException("--" + flag + ": " + text + " is a folder, not a file");
    }
    if (parent == null || !Files.isDirectory(parent)) {
      throw new UsageException("--" + flag + ": folder " + parent + " does not exist");
    }
    if (!Files.isWritable(parent) || Files.exists(file) && !Files.isWritable(file)) {
      throw new UsageException("--" + flag + ": " + text + " cannot be written");
    }
    try {
      org.engram.cl.util.OutputFiles.probe(file);
    } catch (IOException e) {
      throw new UsageException("--" + flag + ": " + text + " cannot be written: " + reason(e));
    }
  }

  /**
   * Refuses an output file that is one of the inputs: writing it would destroy them.
   *
   * @param flag the output's flag (without dashes)
   * @param text the output path as given
   * @param inputFlag the input's flag (without dashes)
   * @param input the input path
   * @throws UsageException naming both flags
   */
  static void checkNotInput(String flag, String text, String inputFlag, Path input) {
    Path out = path(flag, text).normalize();
    Path in = input.toAbsolutePath().normalize();
    boolean same;
    try {
      same = out.equals(in) || Files.exists(out) && Files.isSameFile(out, in);
    } catch (IOException e) {
      same = false;
    }
    if (same || Files.isDirectory(in) && out.startsWith(in) && isDataFile(out)) {
      throw new UsageException(
          "--"
              + flag
              + " "
              + text
              + " is the --"
              + inputFlag
              + " input: writing it would destroy it");
    }
  }

  /** A file of an IDX data folder (the bench reads every *-ubyte(.gz) file it names). */
  private static boolean isDataFile(Path p) {
    String n = p.getFileName().toString();
    return n.endsWith("-ubyte") || n.endsWith("-ubyte.gz");
  }

  /**
   * Creates a folder (and its parents) for output, or checks an existing one is writable.
   *
   * @param flag the flag that names it (without dashes)
   * @param dir the folder
   * @throws UsageException naming the flag and the problem
   */
  static void prepareFolder(String flag, Path dir) {
    if (dir.toString().isBlank()) {
      throw new UsageException("--" + flag + " is empty: name a folder (. for this one)");
    }
    Path abs = dir.toAbsolutePath();
    if (Files.exists(abs) && !Files.isDirectory(abs)) {
      throw new UsageException("--" + flag + ": " + dir + " is a file, not a folder");
    }
    try {
      Files.createDirectories(abs);
    } catch (IOException e) {
      throw new UsageException("--" + flag + ": cannot create folder " + dir + ": " + reason(e));
    }
    if (!Files.isWritable(abs)) {
      throw new UsageException("--" + flag + ": folder " + dir + " cannot be written");
    }
  }

  /**
   * A file that passed the checks before the run but failed to be written after it (a full disk).
   *
   * @param flag the output flag, without its dashes
   * @param file the file that failed (or the flag's path when the failure names none)
   * @param e the failure
   * @return the error naming the flag, the file and the reason, and that the results stand
   */
  static IOException afterRun(String flag, Object file, IOException e) {
    Object named =
        e instanceof java.nio.file.FileSystemException f && f.getFile() != null
            ? f.getFile()
            : file;
    return new IOException(
        "--"
            + flag
            + ": "
            + named
            + " cannot be written: "
            + reason(e)
            + " (the results are printed above)",
        e);
  }

  /**
   * @param e why a file could not be written
   * @return the reason in a few words ("permission denied", "No space left on device")
   */
  private static String reason(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileAlreadyExistsException x) {
      return x.getFile() + " is a file";
    }
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    if (e.getClass() == IOException.class && e.getMessage() != null) {
      return e.getMessage(); // e.g. "No space left on device"
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private static Path path(String flag, String text) {
    if (text.isBlank()) {
      // Path.of("") is this folder: "is a folder" would not say what is wrong
      throw new UsageException("--" + flag + " is empty: name a file");
    }
    try {
      return Path.of(text).toAbsolutePath();
    } catch (InvalidPathException e) {
      throw new UsageException("--" + flag + ": invalid path '" + text + "'");
    }
  }
}
