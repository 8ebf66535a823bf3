package org.engram.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.oracle.labs.mlrg.olcut.config.Config;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.engram.cl.Setting;
import org.engram.cl.method.Hyperparameter;
import org.engram.cl.method.Method;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/tribuo.md against the code: its field table and its method table. */
class DocsTest {
  private static final Path GUIDE = Path.of("..", "docs", "tribuo.md");
  private static String text;

  @BeforeAll
  static void read() throws IOException {
    text = Files.readString(GUIDE, StandardCharsets.UTF_8);
  }

  /** The rows of the table under a heading: first cell (without backticks) to the row's cells. */
  private static Map<String, String[]> table(String heading) {
    int from = text.indexOf("\n## " + heading + "\n");
    assertTrue(from >= 0, "no section " + heading);
    int to = text.indexOf("\n## ", from + 1);
    Map<String, String[]> rows = new LinkedHashMap<>();
    for (String line : text.substring(from, to < 0 ? text.length() : to).split("\n")) {
      if (line.startsWith("| `")) {
        String[] cells = line.substring(1).split(" \\| ");
        rows.put(cells[0].strip().replace("`", ""), cells);
      }
    }
    return rows;
  }

  @Test
  void theFieldTableListsEveryFieldWithTheCoresDefault() {
    Map<String, String[]> rows = table("Configuration fields");
    TreeSet<String> fields = new TreeSet<>();
    for (Class<?> c : new Class<?>[] {ContinualTrainer.class, EWCTrainer.class}) {
      for (Field f : c.getDeclaredFields()) {
        if (f.isAnnotationPresent(Config.class)) {
          fields.add(f.getName());
        }
      }
    }
    assertEquals(fields, new TreeSet<>(rows.keySet()), "the documented fields");
    for (Hyperparameter<?> p : Hyperparameter.all()) {
      assertDefault(rows, p.name(), p.format(p.defaultValue()));
    }
    for (Setting s : Setting.values()) {
      assertDefault(rows, ContinualTrainer.fieldName(s), s.defaultValue());
    }
    assertDefault(rows, "taskKey", ContinualTrainer.DEFAULT_TASK_KEY);
    assertDefault(rows, "online", "false");
  }

  private static void assertDefault(Map<String, String[]> rows, String field, String value) {
    String[] row = rows.get(field);
    assertNotNull(row, field);
    assertEquals(value.toLowerCase(), row[2].strip().toLowerCase(), "default of " + field);
  }

  @Test
  void theMethodTableStatesEachMethodsTermAndHyperparameters() {
    Map<String, String[]> rows = table("Methods and their trainers");
    rows.remove("method"); // the header
    assertEquals(Method.values().length, rows.size());
    for (Method m : Method.values()) {
      String[] row = rows.get(m.name());
      assertNotNull(row, m.name());
      assertTrue(String.join("|", row).contains(m.penalty()), m + ": " + m.penalty());
      assertTrue(Method.parse(m.name()) == m);
      for (Hyperparameter<?> p : m.hyperparameters()) {
        assertTrue(row[2].contains("`" + p.name() + "`"), m + " reads " + p.name());
      }
      assertEquals(m.hyperparameters().size(), row[2].split("`", -1).length / 2, m + ": " + row[2]);
    }
  }
}
