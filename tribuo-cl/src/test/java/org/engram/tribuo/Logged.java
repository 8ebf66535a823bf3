package org.engram.tribuo;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** What a java.util.logging logger published while some work ran. */
final class Logged {
  private Logged() {}

  /**
   * @param logger the logger listened to (its children's records reach it too)
   * @param work the work
   * @return every record published meanwhile, in order
   */
  static List<LogRecord> records(Logger logger, Runnable work) {
    List<LogRecord> logged = new ArrayList<>();
    Handler h =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            logged.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(h);
    try {
      work.run();
    } finally {
      logger.removeHandler(h);
    }
    return logged;
  }

  /**
   * @param work the work
   * @return the messages the trainers' logger published meanwhile
   */
  static List<String> byTrainer(Runnable work) {
    return records(Logger.getLogger(ContinualTrainer.class.getName()), work).stream()
        .map(LogRecord::getMessage)
        .toList();
  }
}
