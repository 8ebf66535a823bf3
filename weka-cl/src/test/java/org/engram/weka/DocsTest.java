package org.engram.weka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.engram.cl.method.Method;
import org.junit.jupiter.api.Test;
import weka.classifiers.AbstractClassifier;
import weka.classifiers.functions.ContinualMLP;

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

  /**
   * The guide's advice for scripts (Weka's command line exits with status 0 after an error) must
   * catch every kind of error: a refused option, which Weka prints as "Weka exception: ...", and an
   * error after the options were read (here JOINT on a stream), which Weka prints with
   * printStackTrace: one line that names Engram's exception.
   */
  @Test
  void theGuidesAdviceForScriptsCatchesEveryCommandLineError() throws Exception {
    String guide = guide().replaceAll("\\s+", " ");
    assertTrue(
        guide.contains("a script should look for `Weka exception` or `Exception:`"),
        "the guide should tell scripts to look for `Weka exception` or `Exception:`");
    String train =
        Path.of(System.getProperty("engram.examples.dir", "../examples/weka"))
            .resolve(ExampleFiles.TRAIN)
            .toString();
    for (String[] args :
        List.of(
            new String[] {"-lambda", "-3", "-t", train, "-no-cv"},
            new String[] {"-method", "JOINT", "-t", train, "-no-cv"})) {
      String err =
          FailuresTest.stderrOf(() -> AbstractClassifier.runClassifier(new ContinualMLP(), args));
      assertTrue(
          err.contains("Weka exception") || err.contains("Exception:"),
          "the guide's advice misses: " + err);
      assertTrue(!err.contains("\tat "), "a stack trace: " + err);
      String kind =
          err.contains("Weka exception")
              ? "Weka exception"
              : err.lines()
                  .filter(l -> l.contains("Exception: "))
                  .findFirst()
                  .orElseThrow()
                  .split(": ")[0]
                  .strip();
      assertTrue(guide.contains(kind), "the guide should name " + kind);
    }
  }
}
