package org.engram.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.engram.cl.method.Method;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTest {
  @TempDir Path dir;

  @Test
  void reducedDemoPrintsTheTableAndWritesTheReport() throws IOException {
    Path out = dir.resolve("report");
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    List<DemoCommand.Run> runs =
        DemoCommand.run(
            DemoOptions.parse(
                new String[] {
                  "--out",
                  out.toString(),
                  "--methods",
                  "naive,ewc,joint",
                  "--scenarios",
                  "domain,class",
                  "--epochs",
                  "2",
                  "--hidden",
                  "32"
                }),
            new PrintStream(text, true, StandardCharsets.UTF_8));
    assertEquals(6, runs.size());
    String printed = text.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("class-IL  naive      task 5/5"), printed);
    assertTrue(printed.contains("forg."), printed);
    // joint training is the upper bound and must beat fine-tuning in class-IL by far
    double naive =
        DemoCommand.find(runs, Method.FINE_TUNE, DemoCommand.ScenarioName.CLASS).matrix().acc();
    double joint =
        DemoCommand.find(runs, Method.JOINT, DemoCommand.ScenarioName.CLASS).matrix().acc();
    assertTrue(joint > naive + 0.3, "joint " + joint + " vs naive " + naive);

    // λ is automatic: chosen for tasks 2-5 by trial trainings, and printed per task
    DemoCommand.Run ewc = DemoCommand.find(runs, Method.EWC, DemoCommand.ScenarioName.DOMAIN);
    assertEquals(5, ewc.lambdaPerTask().length);
    assertEquals(0.0, ewc.lambdaPerTask()[0], "task 1 has nothing to protect");
    for (int t = 1; t < 5; t++) {
      assertTrue(ewc.lambdaPerTask()[t] > 0, "task " + (t + 1) + " protected");
      assertTrue(ewc.history().get(t).lambdaTrials() > 0, "task " + (t + 1) + " searched");
    }
    assertTrue(printed.contains("lambda per task, tasks 2-5"), printed);
    assertTrue(printed.contains(String.format("%-12s | %-26s", "ewc", ewc.lambdas())), printed);
    assertTrue(printed.contains("choosing lambda: "), printed);

    // FWT is undefined in class-IL (the learner cannot predict the next task's classes): "-"
    String classRow =
        printed
            .lines()
            .filter(l -> l.startsWith("class-IL  naive      done:"))
            .findFirst()
            .orElseThrow();
    assertTrue(classRow.contains("FWT -  "), classRow);
    String domainRow =
        printed
            .lines()
            .filter(l -> l.startsWith("domain-IL naive      done:"))
            .findFirst()
            .orElseThrow();
    assertTrue(domainRow.matches(".*FWT [+-]\\d+\\.\\d%.*"), domainRow);

    String html = Files.readString(out.resolve("index.html"));
    assertTrue(html.contains("<h2>Results</h2>"));
    assertTrue(html.contains("class-IL"));
    assertTrue(html.contains("<th>FWT</th>"), html);
    // the class-IL FWT cell of every method is an en dash, never a number
    DemoCommand.Run naiveClass =
        DemoCommand.find(runs, Method.FINE_TUNE, DemoCommand.ScenarioName.CLASS);
    assertTrue(Double.isNaN(naiveClass.matrix().fwt()));
    assertTrue(
        html.contains("<td>&ndash;</td><td>" + Format.pct(naiveClass.matrix().forgetting())));
    assertTrue(html.contains("<td>" + ewc.lambdas() + "</td>"), html);
    assertTrue(html.contains("task-accuracy-domain-IL.png"));
    for (String png :
        new String[] {
          "average-accuracy.png", "task-accuracy-domain-IL.png", "task-accuracy-class-IL.png"
        }) {
      BufferedImage img = ImageIO.read(out.resolve(png).toFile());
      assertNotNull(img, png + " is not a readable PNG");
      assertTrue(img.getWidth() > 300 && img.getHeight() > 200, png);
    }
  }

  @Test
  void anOutputFolderThatCannotBeMadeIsRefusedBeforeTraining() throws IOException {
    Path file = dir.resolve("a-file");
    Files.writeString(file, "x");
    Cli r = Cli.run("demo", "--out", file.toString(), "--methods", "naive");
    assertEquals(Main.USAGE_ERROR, r.status());
    String e = r.err();
    assertTrue(e.startsWith("demo: --out: " + file + " is a file, not a folder"), e);
    assertEquals(1, e.strip().lines().count(), e);
    assertTrue(!r.out().contains("task 1/5"), "refused before training");
  }
}
