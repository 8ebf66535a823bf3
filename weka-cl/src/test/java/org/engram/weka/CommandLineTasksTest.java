package org.engram.weka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.engram.cl.data.TaskData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import weka.classifiers.Evaluation;
import weka.classifiers.functions.ContinualMLP;
import weka.core.Instances;
import weka.core.SerializationHelper;
import weka.core.converters.ConverterUtils.DataSource;

/**
 * Two tasks through Weka's command line, exactly as a user runs them: {@code -t task1.arff -T
 * test1.arff -d m1.model}, then {@code -l m1.model -t task2.arff -T test2.arff -d m2.model}.
 */
class CommandLineTasksTest {
  @TempDir Path dir;

  /** Digits 0/1 then 2/3 (domain-incremental: the class is the position in the pair). */
  private static final int[][] PAIRS = {{0, 1}, {2, 3}};

  private double task1AccuracyAfterTask2(String method, String lambda) throws Exception {
    TaskData[] tt = DigitsTasks.trainTest();
    Path task1 =
        DigitsTasks.write(
            DigitsTasks.build("task1", tt[0], new int[][] {PAIRS[0]}, true, false),
            dir.resolve("task1.arff"));
    Path task2 =
        DigitsTasks.write(
            DigitsTasks.build("task2", tt[0], new int[][] {PAIRS[1]}, true, false),
            dir.resolve("task2.arff"));
    Path test1 =
        DigitsTasks.write(
            DigitsTasks.build("test1", tt[1], new int[][] {PAIRS[0]}, true, false),
            dir.resolve("test1.arff"));
    Path test2 =
        DigitsTasks.write(
            DigitsTasks.build("test2", tt[1], new int[][] {PAIRS[1]}, true, false),
            dir.resolve("test2.arff"));
    Path m1 = dir.resolve(method + "1.model");
    Path m2 = dir.resolve(method + "2.model");
    Evaluation.evaluateModel(
        new ContinualMLP(),
        new String[] {
          "-t",
          task1.toString(),
          "-T",
          test1.toString(),
          "-d",
          m1.toString(),
          "-method",
          method,
          "-lambda",
          lambda,
          "-hidden",
          "100",
          "-batch-size",
          "16",
          "-epochs",
          "5",
          "-S",
          "1"
        });
    Evaluation.evaluateModel(
        new ContinualMLP(),
        new String[] {
          "-l", m1.toString(), "-t", task2.toString(), "-T", test2.toString(), "-d", m2.toString()
        });
    ContinualMLP first = (ContinualMLP) SerializationHelper.read(m1.toString());
    ContinualMLP second = (ContinualMLP) SerializationHelper.read(m2.toString());
    assertEquals(1, first.learner().tasksLearned());
    assertEquals(2, second.learner().tasksLearned());
    Instances t1 = DataSource.read(test1.toString());
    t1.setClassIndex(t1.numAttributes() - 1);
    Instances t2 = DataSource.read(test2.toString());
    t2.setClassIndex(t2.numAttributes() - 1);
    double before = accuracy(first, t1);
    double after = accuracy(second, t1);
    double newTask = accuracy(second, t2);
    assertTrue(before > 0.95, method + ": task 1 learned only to " + before);
    assertTrue(newTask > 0.75, method + ": task 2 learned only to " + newTask);
    return after;
  }

  private static double accuracy(ContinualMLP model, Instances data) throws Exception {
    Evaluation e = new Evaluation(data);
    e.evaluateModel(model, data);
    return e.pctCorrect() / 100;
  }

  /**
   * The second model (task 1 continued with task 2 through -l) classifies task 1's test rows better
   * with EWC or MAS than with NONE, and still learned task 2. Measured (seed 1): NONE keeps 0.85 of
   * task 1, EWC (lambda 10000) 0.93, MAS (lambda 1) 0.98.
   */
  @Test
  void ewcAndMasRememberTheFirstTaskBetterThanNone() throws Exception {
    double none = task1AccuracyAfterTask2("NONE", "-1");
    double ewc = task1AccuracyAfterTask2("EWC", "10000");
    double mas = task1AccuracyAfterTask2("MAS", "1");
    assertTrue(ewc > none + 0.04, "EWC keeps " + ewc + " of task 1, NONE " + none);
    assertTrue(mas > none + 0.08, "MAS keeps " + mas + " of task 1, NONE " + none);
  }
}
