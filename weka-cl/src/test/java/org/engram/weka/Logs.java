package org.engram.weka;

import java.util.List;

/** A Weka GUI log (as the Explorer hands over) that keeps the messages, for the tests. */
final class Logs {
  private Logs() {}

  /**
   * @param messages where the messages go
   * @return the log
   */
  static weka.gui.Logger into(List<String> messages) {
    return new weka.gui.Logger() {
      @Override
      public void logMessage(String message) {
        messages.add(message);
      }

      @Override
      public void statusMessage(String message) {}
    };
  }
}
