package org.engram.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One in-process run of the jar's entry point ({@link Main#run}), as the tests' command line.
 *
 * @param status the exit status
 * @param out what was printed on stdout
 * @param err what was printed on stderr
 */
record Cli(int status, String out, String err) {

  /**
   * @param args the command line
   * @return its status and both streams
   */
  static Cli run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Cli(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
