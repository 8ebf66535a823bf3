package org.engram.weka;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;
import org.engram.cl.linalg.Kernels;
import weka.core.Tee;
import weka.core.logging.ConsoleLogger;
import weka.core.logging.Logger;
import weka.core.logging.OutputLogger;

/**
 * ContinualMLP's messages in Weka's log. When Weka hands over a log ({@code weka.core.LogHandler}:
 * the Explorer's Log panel, a KnowledgeFlow step's log) a message goes there, and from there into
 * weka.log. Otherwise it goes to {@link Logger} (weka.log) and, for warnings and debug output, to
 * the console as well, since a command-line user reads that; when Weka's logger already writes to
 * the console, not twice.
 */
public final class WekaLog {
  private static final AtomicBoolean KERNEL_LOGGED = new AtomicBoolean();

  private final weka.gui.Logger gui;
  private final boolean debug;

  /**
   * @param gui the log Weka handed over, or null
   * @param debug whether training progress is logged (Weka's debug option)
   */
  public WekaLog(weka.gui.Logger gui, boolean debug) {
    this.gui = gui;
    this.debug = debug;
  }

  /**
   * @param message a warning: an option that is ignored, a route that cannot do what was asked
   */
  public void warning(String message) {
    emit(Logger.Level.WARNING, "warning: " + message, true);
  }

  /**
   * @param message training progress, logged with Weka's debug option only
   */
  public void progress(String message) {
    if (debug) {
      emit(Logger.Level.INFO, message, true);
    }
  }

  /**
   * Logs which matrix kernel the core chose: in the GUI's log at each build, in weka.log once per
   * JVM (the core itself also reports it on the console).
   */
  public void kernel() {
    if (gui != null || KERNEL_LOGGED.compareAndSet(false, true)) {
      emit(Logger.Level.INFO, "matrix kernel " + Kernels.describe(), false);
    }
  }

  /**
   * Forwards the core's own log (java.util.logging under {@code org.engram.cl}: the λ search's
   * choices, a warning about inputs far from order 1, ...) into the log Weka handed over, while a
   * call runs on this thread: without it they reach only the console, which a GUI user does not
   * read. With no log handed over (the command line) nothing is forwarded: the console shows them.
   * The kernel's own line is left out ({@link #kernel()} reports it).
   *
   * @return closes the forwarding; use in try-with-resources
   */
  public AutoCloseable coreMessages() {
    if (gui == null) {
      return () -> {};
    }
    java.util.logging.Logger core = java.util.logging.Logger.getLogger("org.engram.cl");
    long thread = Thread.currentThread().getId();
    java.util.logging.Handler handler =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord r) {
            if (r.getLongThreadID() != thread
                || r.getLevel().intValue() < java.util.logging.Level.INFO.intValue()
                || Kernels.class.getName().equals(r.getLoggerName())) {
              return;
            }
            String text =
                r.getParameters() == null
                    ? r.getMessage()
                    : java.text.MessageFormat.format(r.getMessage(), r.getParameters());
            gui.logMessage(
                "ContinualMLP: "
                    + (r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()
                        ? "warning: "
                        : "")
                    + text);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    core.addHandler(handler);
    return () -> core.removeHandler(handler);
  }

  private void emit(Logger.Level level, String message, boolean console) {
    String line = "ContinualMLP: " + message;
    if (gui != null) {
      gui.logMessage(line);
      return;
    }
    Logger.log(level, line);
    Logger logger = Logger.getSingleton();
    if (console && (!(logger instanceof ConsoleLogger) || logger instanceof OutputLogger)) {
      PrintStream err = System.err instanceof Tee t ? t.getDefault() : System.err;
      err.println(line);
    }
  }
}
