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
  }

  /**
   * Creates a folder (and its parents) for output, or checks an existing one is writable.
   *
   * @param flag the flag that names it (without dashes)
   * @param dir the folder
   * @throws UsageException naming the flag and the problem
   */
  static void prepareFolder(String flag, Path dir) {
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

  private static String reason(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileAlreadyExistsException x) {
      return x.getFile() + " is a file";
    }
    return String.valueOf(e.getMessage());
  }

  private static Path path(String flag, String text) {
    try {
      return Path.of(text).toAbsolutePath();
    } catch (InvalidPathException e) {
      throw new UsageException("--" + flag + ": invalid path '" + text + "'");
    }
  }
}
