package org.engram.cl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.engram.cl.data.Scenario;
import org.engram.cl.data.Task;
import org.engram.cl.data.TaskData;
import org.engram.cl.eval.Experiment;
import org.engram.cl.method.Method;
import org.engram.cl.util.Rng;
import org.junit.jupiter.api.Test;

class ReplayTest {

  @Test
  void capacityIsNeverExceededAndClassesStayBalanced() {
    List<Task> tasks = Fixtures.splitDigits(Scenario.CLASS_INCREMENTAL);
    LearnerConfig c =
        Fixtures.config(Scenario.CLASS_INCREMENTAL, Fixtures.spec(Method.FINE_TUNE), 1).toBuilder()
            .epochs(1)
            .replaySize(50)
            .build();
    ContinualLearner l = new ContinualLearner(c, 64);
    for (int t = 0; t < tasks.size(); t++) {
      l.learnTask(tasks.get(t).train(), t, TrainingListener.NONE);
      Map<String, Integer> counts = l.replayCounts();
      assertEquals(2 * (t + 1), counts.size(), "one entry per (task, class) pair seen");
      assertTrue(l.replayStored() <= 50);
      assertEquals(50, l.replayStored(), "the memory fills its capacity");
      int min = counts.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
      int max = counts.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
      assertTrue(max - min <= 1, "unbalanced " + counts);
    }
    ContinualLearner copy = ContinualLearner.fromBytes(l.toBytes());
    assertEquals(l.replayCounts(), copy.replayCounts());
    assertArrayEquals(l.toBytes(), copy.toBytes(), "state round trip keeps the memory");
  }

  /**
   * A memory smaller than the number of (task, class) pairs seen keeps an empty entry for the pairs
   * whose share is 0; its state must still read back (it did not: "implausible replay memory in
   * state: 4 pairs", so a deep copy, the λ search, a failed update's undo and a saved model
   * failed).
   */
  @Test
  void aMemorySmallerThanItsPairsStillReadsBack() {
    List<Task> tasks = Fixtures.splitDigits(Scenario.CLASS_INCREMENTAL);
    LearnerConfig c =
        Fixtures.config(Scenario.CLASS_INCREMENTAL, Fixtures.spec(Method.FINE_TUNE), 1).toBuilder()
            .epochs(1)
            .replaySize(3)
            .build();
    ContinualLearner l = new ContinualLearner(c, 64);
    for (int t = 0; t < 3; t++) {
      l.learnTask(tasks.get(t).train(), t, TrainingListener.NONE);
    }
    assertEquals(3, l.replayStored());
    assertEquals(6, l.replayCounts().size(), "one entry per (task, class) pair seen, empty or not");
    ContinualLearner copy = ContinualLearner.fromBytes(l.toBytes());
    assertEquals(l.replayCounts(), copy.replayCounts());
    assertArrayEquals(l.toBytes(), copy.toBytes(), "state round trip keeps the memory");
    // and the copy continues as the original does
    l.learnTask(tasks.get(3).train(), 3, TrainingListener.NONE);
    copy.learnTask(tasks.get(3).train(), 3, TrainingListener.NONE);
    assertArrayEquals(l.toBytes(), copy.toBytes());
  }

  @Test
  void rowsOfWeightZeroNeverEnterTheMemory() {
    TaskData t1 = Fixtures.splitDigits(Scenario.CLASS_INCREMENTAL).get(0).train();
    float[] w = new float[t1.size()];
    int second = t1.classes()[1];
    for (int r = 0; r < w.length; r++) {
      w[r] = t1.label(r) == second ? 0f : 1f; // the user weighs one class out
    }
    LearnerConfig c =
        Fixtures.config(Scenario.CLASS_INCREMENTAL, Fixtures.spec(Method.FINE_TUNE), 1).toBuilder()
            .epochs(1)
            .replaySize(100)
            .build();
    ContinualLearner l = new ContinualLearner(c, 64);
    l.learnTask(new TaskData(t1.features(), 64, t1.labels(), w, null), 0, TrainingListener.NONE);
    assertEquals(Map.of("0:" + t1.classes()[0], 100), l.replayCounts());
    // nor the importance sample, which the same reservoir draws
    Reservoir sample = new Reservoir(1000, 64, "importanceSamples");
    sample.offer(new TaskData(t1.features(), 64, t1.labels(), w, null), new Rng(1));
    TaskData drawn = sample.sample();
    assertTrue(drawn.size() > 0);
    for (int r = 0; r < drawn.size(); r++) {
      assertEquals(t1.classes()[0], drawn.label(r), "a weighted-out row was sampled");
    }
  }

  /**
   * Vitter's algorithm R keeps every row of a stream with the same probability, capacity / rows,
   * whether the stream comes as one block or in small batches: the examples importance is estimated
   * on and the replay candidates depend on it. Each row's feature is its position; over 400 seeds
   * the times each tenth of the stream is kept must be 400 · 100 · 0.1 = 4,000 (a standard
   * deviation of about 60; the bound is five), row 101, the first offered to a full reservoir,
   * included. Until the reservoir is full it keeps everything.
   */
  @Test
  void theReservoirKeepsEveryRowOfAStreamAlike() {
    int rows = 1000;
    int capacity = 100;
    float[] x = new float[rows];
    for (int r = 0; r < rows; r++) {
      x[r] = r;
    }
    TaskData stream = new TaskData(x, 1, new int[rows]);
    int[] perTenth = new int[10];
    int firstAfterFull = 0; // row 101, the first the full reservoir may take or not
    for (int seed = 0; seed < 400; seed++) {
      Reservoir reservoir = new Reservoir(capacity, 1, "replaySize");
      Rng rng = new Rng(seed);
      int batch = seed % 2 == 0 ? rows : 7; // one block, or batches of 7 rows
      for (int from = 0; from < rows; from += batch) {
        int to = Math.min(rows, from + batch);
        reservoir.offer(stream.subset(java.util.stream.IntStream.range(from, to).toArray()), rng);
        assertEquals(Math.min(to, capacity), reservoir.held());
      }
      TaskData kept = reservoir.sample();
      assertEquals(capacity, kept.size());
      java.util.Set<Float> distinct = new java.util.HashSet<>();
      for (int r = 0; r < kept.size(); r++) {
        distinct.add(kept.feature(r, 0));
        perTenth[(int) kept.feature(r, 0) / 100]++;
        firstAfterFull += kept.feature(r, 0) == capacity ? 1 : 0;
      }
      assertEquals(capacity, distinct.size(), "a row kept twice");
    }
    for (int d = 0; d < 10; d++) {
      assertEquals(4000, perTenth[d], 300, "rows " + d * 100 + "-" + (d * 100 + 99));
    }
    assertEquals(40, firstAfterFull, 30, "row 101 is kept as often as any other (0.1 of 400)");
    Reservoir small = new Reservoir(capacity, 1, "replaySize");
    small.offer(stream.subset(java.util.stream.IntStream.range(0, 60).toArray()), new Rng(1));
    TaskData all = small.sample();
    for (int r = 0; r < 60; r++) {
      assertEquals(r, all.feature(r, 0), 0f, "a stream shorter than the capacity is kept whole");
    }
  }

  @Test
  void drawnExamplesCarryTheirOwnTaskAndClass() {
    ReplayMemory m = new ReplayMemory(20, 2);
    Rng rng = new Rng(1);
    // Task 3 stores rows whose first feature is 3, task 5 rows whose first feature is 5.
    m.add(new TaskData(new float[] {3, 0, 3, 1, 3, 0}, 2, new int[] {0, 1, 0}), 3, rng);
    m.add(new TaskData(new float[] {5, 1, 5, 0}, 2, new int[] {1, 0}), 5, rng);
    float[] x = new float[200 * 2];
    int[] labels = new int[200];
    int[] tasks = new int[200];
    m.draw(200, x, labels, tasks, 0, rng);
    boolean sawThree = false;
    boolean sawFive = false;
    for (int i = 0; i < 200; i++) {
      assertEquals(tasks[i], (int) x[2 * i], "row drawn with another row's task");
      assertEquals(labels[i], (int) x[2 * i + 1], "row drawn with another row's label");
      sawThree |= tasks[i] == 3;
      sawFive |= tasks[i] == 5;
    }
    assertTrue(sawThree && sawFive);
  }

  @Test
  void replayedExamplesTrainTheirOwnHeadInTaskIncrementalUse() {
    List<Task> tasks = Fixtures.splitDigits(Scenario.TASK_INCREMENTAL);
    LearnerConfig c =
        Fixtures.config(Scenario.TASK_INCREMENTAL, Fixtures.spec(Method.FINE_TUNE), 2).toBuilder()
            .replaySize(100)
            .build();
    Experiment.Result r = Experiment.run(c, tasks, TrainingListener.NONE);
    // Were replayed rows sent through the current head, old classes would be learned as the new
    // task's units and the old heads would decay; instead every task stays well above chance.
    for (int j = 0; j < tasks.size(); j++) {
      assertTrue(r.matrix().get(4, j) > 0.85, "task " + j + ": " + r.matrix().get(4, j));
    }
  }

  @Test
  void fineTuningWithReplayBeatsEveryMethodWithoutItClassIncrementally() {
    List<Task> tasks = Fixtures.splitDigits(Scenario.CLASS_INCREMENTAL);
    for (long seed : new long[] {1, 2}) {
      double replay =
          Experiment.run(
                  Fixtures.config(Scenario.CLASS_INCREMENTAL, Fixtures.spec(Method.FINE_TUNE), seed)
                      .toBuilder()
                      .replaySize(100)
                      .build(),
                  tasks,
                  TrainingListener.NONE)
              .matrix()
              .acc();
      for (Method k :
          new Method[] {Method.FINE_TUNE, Method.EWC, Method.MAS, Method.SI, Method.LWF}) {
        double without =
            Experiment.run(
                    Fixtures.config(Scenario.CLASS_INCREMENTAL, Fixtures.spec(k), seed),
                    tasks,
                    TrainingListener.NONE)
                .matrix()
                .acc();
        assertTrue(replay > without + 0.3, k + ": " + without + " vs replay " + replay);
      }
    }
  }
}
