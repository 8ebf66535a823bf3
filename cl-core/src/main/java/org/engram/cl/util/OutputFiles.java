package org.engram.cl.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The check every front end makes of a file it will write only after training (a report, a model):
 * made before training, so that a mistake in an output path costs nothing.
 */
public final class OutputFiles {
  private OutputFiles() {}

  /**
   * Opens the file for appending and closes it: an existing file is left as it is, a new one is
   * deleted again. Permission bits alone miss a read-only mount, or a root user.
   *
   * @param file the file to be written later
   * @throws IOException why it cannot be written
   */
  public static void probe(Path file) throws IOException {
    boolean existed = Files.exists(file);
    try (var out =
        Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      // nothing is written
    } finally {
      if (!existed) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          // it was just created empty; leaving it is harmless
        }
      }
    }
  }
}
