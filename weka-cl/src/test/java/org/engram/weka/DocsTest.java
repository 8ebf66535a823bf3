package org.engram.weka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.engram.cl.method.Method;
import org.junit.jupiter.api.Test;

/** The Weka guide (docs/weka.md) against the code: its options table and its method terms. */
class DocsTest {

  private static String guide() throws Exception {
    return Files.readString(
        Path.of(System.getProperty("engram.docs.dir", "../docs")).resolve("weka.md"));
  }

  @Test
  void theOptionsTableIsTheCodes() throws Exception {
    String guide = guide();
    List<String> rows =
        guide.lines().filter(l -> l.startsWith("| `-") && l.contains(" | ")).toList();
    assertEquals(WekaOption.values().length, rows.size(), "one row per option:\n" + rows);
    for (WekaOption o : WekaOption.values()) {
      Object d = o.defaultValue();
      String shown =
          o == WekaOption.LAMBDA
              ? "auto"
              : o == WekaOption.TASK_ATTRIBUTE
                  ? "(none)"
                  : d instanceof Boolean ? "off" : o.format(d);
      String row =
          "| `"
              + o.synopsis().replace("|", "\\|")
              + "` | "
              + o.property()
              + " | "
              + shown
              + " | "
              + o.tip().replace("|", "\\|")
              + " |";
      assertTrue(rows.contains(row), "the guide's row for -" + o.cli() + " should be\n" + row);
    }
  }

  @Test
  void everyMethodAndItsTermAreInTheGuide() throws Exception {
    String guide = guide();
    for (Method m : Method.values()) {
      assertTrue(guide.contains("`" + m.label() + "`") || guide.contains("| " + m.label() + " |"));
      if (m.hasLambda()) {
        assertTrue(guide.contains(m.penalty()), m.label() + "'s term: " + m.penalty());
      }
    }
    assertTrue(guide.contains("![") && guide.contains("weka-explorer-continualmlp.png"));
  }
}
