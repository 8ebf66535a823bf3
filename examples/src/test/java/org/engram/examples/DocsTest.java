package org.engram.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.engram.cl.TaskReport;
import org.engram.cl.eval.AccuracyMatrix;
import org.junit.jupiter.api.Test;

/** docs/bench.md documents every flag of both commands and every key of the bench's JSON. */
class DocsTest {
  /** The module's tests run in examples/; the page is the project's docs/bench.md. */
  private static final Path PAGE = Path.of("..", "docs", "bench.md");

  @Test
  void everyFlagOfBothCommandsIsDocumented() throws IOException {
    String doc = Files.readString(PAGE);
    for (List<Flags.Section> sections : List.of(BenchOptions.SECTIONS, DemoOptions.SECTIONS)) {
      for (Flags.Section s : sections) {
        for (Flags.Flag f : s.flags()) {
          assertTrue(doc.contains("`--" + f.name()), "docs/bench.md lacks --" + f.name());
        }
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyJsonKeyIsDocumented() throws IOException {
    String doc = Files.readString(PAGE);
    BenchOptions o =
        BenchOptions.parse(
            new String[] {"--data", "x", "--scenario", "permuted", "--method", "ewc"});
    Backend.Outcome outcome =
        new Backend.Outcome(
            new AccuracyMatrix(1),
            0,
            0,
            0,
            new double[1],
            java.util.List.of(new TaskReport(0, 1, 1, 0, 0, 0, 0, 0, 0)));
    String json = new BenchCommand.Result(o, 1, outcome, 0, "k").toJson();
    for (String key : ((Map<String, Object>) MiniJson.parse(json)).keySet()) {
      assertTrue(doc.contains("`" + key + "`"), "docs/bench.md lacks the JSON key " + key);
    }
  }
}
