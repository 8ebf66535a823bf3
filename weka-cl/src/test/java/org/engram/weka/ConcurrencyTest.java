package org.engram.weka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import weka.classifiers.functions.ContinualMLP;
import weka.core.Instance;
import weka.core.Instances;

/**
 * Predictions while another thread runs {@code updateClassifier}, as KnowledgeFlow and server code
 * do: class-incremental digits, so the output layer grows while several threads predict (the case
 * that crashed predicting threads with ArrayIndexOutOfBoundsException).
 */
class ConcurrencyTest {

  @Test
  void severalThreadsPredictSafelyWhileTheStreamGrowsTheOutputLayer() throws Exception {
    for (String[] layout : List.of(new String[] {}, new String[] {"-per-task-heads"})) {
      run(layout);
    }
  }

  private void run(String[] layout) throws Exception {
    // class = the digit: each task brings two new classes, so the shared layer grows per task
    Instances data =
        DigitsTasks.build(
            "class-il",
            DigitsTasks.trainTest()[0],
            new int[][] {{0, 1}, {2, 3}, {4, 5}, {6, 7}},
            false,
            true);
    Instances probe = new Instances(data, 0);
    for (int r = 0; r < data.numInstances(); r += 17) {
      probe.add(data.instance(r));
    }
    ContinualMLP c =
        ContinualMLPBehaviourTest.small(
            concat(layout, "-method", "MAS", "-task-attribute", "task"));
    c.buildClassifier(new Instances(data, 0));

    List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    Set<Integer> classCounts = ConcurrentHashMap.newKeySet();
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger predictions = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      int offset = t;
      Thread th =
          new Thread(
              () -> {
                while (!done.get()) {
                  try {
                    Instances rows = rowsOfKnownTasks(c, probe);
                    double[][] dist = c.distributionsForInstances(rows);
                    for (int i = 0; i < dist.length; i++) {
                      classCounts.add(check(dist[i]));
                    }
                    if (rows.numInstances() > 0) {
                      Instance one = rows.instance(offset % rows.numInstances());
                      check(c.distributionForInstance(one));
                    }
                    predictions.incrementAndGet();
                  } catch (Throwable e) {
                    errors.add(e);
                    return;
                  }
                }
              });
      th.start();
      threads.add(th);
    }
    for (Instance row : data) {
      c.updateClassifier(row);
    }
    c.batchFinished();
    done.set(true);
    for (Thread th : threads) {
      th.join();
    }
    assertEquals(List.of(), errors, String.join(" ", layout));
    assertEquals(4, c.learner().tasksLearned());
    assertTrue(predictions.get() > 10, "predictions ran during training: " + predictions);
    if (layout.length == 0) {
      // predictions saw the shared layer at several sizes: they ran across its growth
      assertTrue(classCounts.size() >= 2, "classes seen by predictions: " + classCounts);
    }
  }

  /** With one output layer per task, only rows of tasks learned already have one to ask. */
  private static Instances rowsOfKnownTasks(ContinualMLP c, Instances probe) {
    if (!c.getPerTaskHeads()) {
      return probe;
    }
    int learned = c.learner().tasksLearned(); // tasks t1, t2, ... are learned in order
    Instances known = new Instances(probe, 0);
    for (Instance row : probe) {
      if ((int) row.value(0) < learned) {
        known.add(row);
      }
    }
    return known;
  }

  /** A valid distribution: finite, non-negative, summing to 1; returns its non-zero classes. */
  private static int check(double[] d) {
    assertEquals(10, d.length);
    double sum = 0;
    int nonZero = 0;
    for (double p : d) {
      assertTrue(p >= 0 && p <= 1, "probability " + p);
      sum += p;
      nonZero += p > 0 ? 1 : 0;
    }
    assertEquals(1, sum, 1e-6);
    return nonZero;
  }

  private static String[] concat(String[] a, String... b) {
    List<String> all = new ArrayList<>(List.of(a));
    all.addAll(List.of(b));
    return all.toArray(new String[0]);
  }
}
