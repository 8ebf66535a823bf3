package org.engram.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Entry point of {@code engram-examples.jar}: {@code demo} (the default with no arguments) and
 * {@code bench}. Command-line mistakes (an unknown flag, a bad value, an output path that cannot be
 * written, a size the core refuses) give one line naming the flag plus the usage, and exit status
 * 2; failures while running (unreadable or malformed data, training that diverged) give one line
 * and status 1. No user mistake prints a stack trace.
 */
public final class Main {
  /** Exit status for a command-line mistake. */
  public static final int USAGE_ERROR = 2;

  /** Exit status for a failure while running. */
  public static final int RUN_ERROR = 1;

  static final String HELP =
      String.join(
          "\n",
          "Usage: java -jar engram-examples.jar [demo|bench] [flags]",
          "",
          "  demo    (default) every method in the task-, domain- and class-incremental scenarios on",
          "          split UCI digits; prints a table and writes an HTML report with plots",
          "  bench   one method and scenario on a data set (IDX, CSV or ARFF), e.g. Fashion-MNIST",
          "",
          "Run 'demo --help' or 'bench --help' for the flags.");

  private Main() {}

  /**
   * @param args the command line
   */
  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    int status = run(args, System.out, System.err);
    System.out.flush();
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs a command and reports errors the command-line way.
   *
   * @param args the command line
   * @param out normal output
   * @param err error output
   * @return the exit status: 0, {@link #RUN_ERROR} or {@link #USAGE_ERROR}
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    String command = args.length == 0 || args[0].startsWith("--") ? "demo" : args[0];
    String[] rest = args.length == 0 || args[0].startsWith("--") ? args : tail(args);
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      out.println(HELP);
      return 0;
    }
    String usage =
        switch (command) {
          case "bench" -> BenchOptions.USAGE;
          case "demo" -> DemoOptions.USAGE;
          default -> null;
        };
    if (usage == null) {
      err.println(
          "engram-examples: unknown command '"
              + command
              + "' (usage: [demo|bench] [flags] --help)");
      return USAGE_ERROR;
    }
    try {
      if (Arrays.asList(rest).contains("--help")) {
        out.println(command.equals("bench") ? BenchOptions.HELP : DemoOptions.HELP);
        return 0;
      }
      if (command.equals("bench")) {
        BenchCommand.run(BenchOptions.parse(rest), out);
      } else {
        DemoCommand.run(DemoOptions.parse(rest), out);
      }
      return 0;
    } catch (UsageException e) {
      err.println(command + ": " + e.getMessage() + " (usage: " + usage + ")");
      return USAGE_ERROR;
    } catch (UncheckedIOException e) {
      err.println(command + ": " + e.getCause().getMessage());
      return RUN_ERROR;
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      // IllegalStateException: training diverged (the message says what to lower), or an adapter
      // refused the run; the learner is unchanged either way
      err.println(command + ": " + e.getMessage());
      return RUN_ERROR;
    } catch (OutOfMemoryError e) {
      // joint training keeps every task's data; large sets need more than the default heap
      err.println(
          command
              + ": out of memory (max heap "
              + Runtime.getRuntime().maxMemory() / (1024 * 1024)
              + " MiB); give the JVM more, e.g. java -Xmx8g -jar engram-examples.jar ...");
      return RUN_ERROR;
    }
  }

  private static String[] tail(String[] args) {
    return Arrays.copyOfRange(args, 1, args.length);
  }
}
