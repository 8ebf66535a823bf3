package weka.classifiers.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.engram.cl.ContinualLearner;
import org.engram.cl.LearnerConfig;
import org.engram.cl.TrainingListener;
import org.engram.cl.data.TaskData;
import org.junit.jupiter.api.Test;
import weka.classifiers.CheckClassifier;

/**
 * Weka's own {@code CheckClassifier -W weka.classifiers.functions.ContinualMLP}, run in full: every
 * check passes or refuses with a message Weka accepts ("OK error message": other class types,
 * string attributes, a class whose values are all missing).
 */
class ContinualMLPCheckTest {

  @Test
  void wekasCheckClassifierPassesEverything() throws Exception {
    CheckClassifier check = new CheckClassifier();
    check.setClassifier(new ContinualMLP());
    PrintStream out = System.out;
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    System.setOut(new PrintStream(text, true, StandardCharsets.UTF_8));
    try {
      check.doTests();
    } finally {
      System.setOut(out);
    }
    String report = text.toString(StandardCharsets.UTF_8);
    List<String> failed = new ArrayList<>();
    int checks = 0;
    // the interfaces it reports on first: what the classifier is, not checks to pass
    List<String> interfaces =
        List.of(
            "options...yes",
            "updateable classifier...yes",
            "weighted instances classifier...yes",
            "multi-instance classifier...no");
    for (String i : interfaces) {
      assertTrue(report.contains(i + "\n"), i + " in\n" + report);
    }
    for (String line : report.lines().toList()) {
      if (!line.contains("...") || interfaces.contains(line)) {
        continue;
      }
      checks++;
      String result = line.substring(line.lastIndexOf("...") + 3).trim();
      if (!result.equals("yes") && !result.equals("no (OK error message)")) {
        failed.add(line);
      }
    }
    assertTrue(checks > 40, report);
    String incremental = "incremental training produces the same results as batch training";
    assertTrue(report.contains(incremental), report);
    // Before predicting, the rows waiting for a minibatch are trained, each pass in a fresh
    // random order as the core shuffles a whole task's epochs: the incremental model is the batch
    // model, which Weka's exact comparison of evaluations checks.
    assertEquals(List.of(), failed, report);
    float[][][] p = batchAndStream();
    assertTrue(Arrays.deepEquals(p[0], p[1]), "a streamed task trains exactly as a whole task");
  }

  /** CheckClassifier's situation: 20 rows, fewer than a minibatch, learned whole or streamed. */
  private static float[][][] batchAndStream() {
    Random rnd = new Random(42);
    int n = 20;
    int d = 5;
    float[] x = new float[n * d];
    int[] y = new int[n];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextGaussian();
    }
    for (int i = 0; i < n; i++) {
      y[i] = rnd.nextInt(2);
    }
    TaskData task = new TaskData(x, d, y);
    LearnerConfig config = LearnerConfig.builder().maxClasses(2).build();
    ContinualLearner batch = new ContinualLearner(config, d);
    batch.learnTask(task, 0, TrainingListener.NONE);
    ContinualLearner stream = new ContinualLearner(config, d);
    stream.beginTask(0);
    stream.update(task, config.epochs());
    return new float[][][] {
      batch.predictProbabilities(task, 0), stream.predictProbabilities(task, 0)
    };
  }
}
