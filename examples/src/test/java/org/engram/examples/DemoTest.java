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
                  "naive,joint",
                  "--scenarios",
                  "domain,class",
                  "--epochs",
                  "2",
                  "--hidden",
                  "32"
                }),
            new PrintStream(text, true, StandardCharsets.UTF_8));
    assertEquals(4, runs.size());
    String printed = text.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("class-IL  naive      task 5/5"), printed);
    assertTrue(printed.contains("forg."), printed);
    // joint training is the upper bound and must beat fine-tuning in class-IL by far
    double naive =
        DemoCommand.find(runs, Method.FINE_TUNE, DemoCommand.ScenarioName.CLASS).matrix().acc();
    double joint =
        DemoCommand.find(runs, Method.JOINT, DemoCommand.ScenarioName.CLASS).matrix().acc();
    assertTrue(joint > naive + 0.3, "joint " + joint + " vs naive " + naive);

    String html = Files.readString(out.resolve("index.html"));
    assertTrue(html.contains("<h2>Results</h2>"));
    assertTrue(html.contains("class-IL"));
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
  void lambdaTableCoversEveryMethodAndScenario() {
    for (Method k : Method.values()) {
      double[] l = DemoCommand.LAMBDA.get(k);
      assertNotNull(l, k.name());
      assertEquals(3, l.length);
      boolean regularised = k != Method.FINE_TUNE && k != Method.JOINT;
      for (double v : l) {
        assertEquals(regularised, v > 0, k.name());
      }
    }
  }
}
