package org.engram.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.engram.cl.Setting;
import org.engram.cl.data.Digits;
import org.engram.cl.data.TaskData;
import org.engram.cl.linalg.Gemm;
import org.engram.cl.linalg.Kernels;
import org.engram.cl.method.Hyperparameter;
import org.engram.cl.method.Method;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchRunTest {
  @TempDir static Path dir;
  static Path csv;

  @BeforeAll
  static void writeDigitsCsv() throws IOException {
    TaskData d = Digits.load();
    StringBuilder sb = new StringBuilder();
    for (int r = 0; r < d.size(); r++) {
      for (int j = 0; j < d.featureCount(); j++) {
        sb.append(Math.round(d.feature(r, j) * 16)).append(',');
      }
      sb.append(d.label(r)).append('\n');
    }
    csv = dir.resolve("digits.csv");
    Files.writeString(csv, sb);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> bench(String... extra) throws IOException {
    Path json = dir.resolve("out-" + System.nanoTime() + ".json");
    String[] base = {
      "bench",
      "--data",
      csv.toString(),
      "--hidden",
      "32",
      "--epochs",
      "2",
      "--batch",
      "32",
      "--json",
      json.toString()
    };
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    Cli r = Cli.run(args);
    assertEquals(0, r.status(), r.err());
    String printed = r.out();
    assertTrue(printed.contains("after\\on"), printed);
    assertTrue(printed.contains("ACC "), printed);
    return (Map<String, Object>) MiniJson.parse(Files.readString(json));
  }

  @Test
  @SuppressWarnings("unchecked")
  void jsonHasTheContractKeysWithTheRightTypes() throws IOException {
    Map<String, Object> j = bench("--scenario", "split-task", "--method", "ewc", "--lambda", "100");
    List<Object> matrix = (List<Object>) j.get("accuracy_matrix");
    assertEquals(5, matrix.size());
    for (int i = 0; i < 5; i++) {
      List<Object> row = (List<Object>) matrix.get(i);
      assertEquals(5, row.size());
      for (int k = 0; k < 5; k++) {
        if (k > i) {
          assertNull(row.get(k), "task-IL: a head not trained yet is not evaluable");
        } else {
          double v = (Double) row.get(k);
          assertTrue(v >= 0 && v <= 1, "fraction expected, got " + v);
        }
      }
    }
    for (String key :
        new String[] {
          "acc",
          "bwt",
          "forgetting",
          "train_seconds",
          "importance_seconds",
          "examples_per_second",
          "peak_heap_mb"
        }) {
      assertInstanceOf(Double.class, j.get(key), key);
    }
    assertTrue(j.containsKey("fwt"));
    assertNull(j.get("fwt"), "task-IL: no head for task j before it is trained, so no FWT");
    double acc = (Double) j.get("acc");
    assertTrue(acc > 0.65, "task-IL pairs: well above chance (0.5) after 2 epochs, got " + acc);
    assertTrue((Double) j.get("train_seconds") > 0);
    assertTrue((Double) j.get("examples_per_second") > 0);
    assertTrue((Double) j.get("peak_heap_mb") > 0);
    assertEquals("ewc", j.get("method"));
    assertEquals("split-task", j.get("scenario"));
    assertEquals("core", j.get("via"));
    List<Object> lambdas = (List<Object>) j.get("lambda_per_task");
    assertEquals(5, lambdas.size());
    assertEquals(100.0, lambdas.get(0));
    assertEquals(0.0, j.get("replay_size"));
    assertEquals(Kernels.describe(), j.get("kernel"));
  }

  @Test
  void theKernelFlagHoldsForOneRunAndIsRecorded() throws IOException {
    Gemm before = Kernels.gemm();
    Map<String, Object> j = bench("--scenario", "split-task", "--method", "naive", "--tasks", "1");
    assertEquals(Kernels.describe(), j.get("kernel"));
    j = bench("--scenario", "split-task", "--method", "naive", "--tasks", "1", "--kernel", "java");
    assertTrue(((String) j.get("kernel")).startsWith("java-packed"), (String) j.get("kernel"));
    assertSame(before, Kernels.gemm(), "the kernel in force before the command is put back");
    j =
        bench(
            "--scenario", "split-task", "--method", "naive", "--tasks", "1", "--kernel", "netlib");
    // netlib ships with this module: its JNI binding where a system BLAS loads, else its Java code
    assertTrue(((String) j.get("kernel")).startsWith("netlib-"), (String) j.get("kernel"));
    assertSame(before, Kernels.gemm());
  }

  @Test
  @SuppressWarnings("unchecked")
  void permutedAndDomainRunWithTheirOwnShapes() throws IOException {
    Map<String, Object> p = bench("--scenario", "permuted", "--method", "naive", "--tasks", "2");
    assertEquals(2, ((List<Object>) p.get("accuracy_matrix")).size());
    assertNotNull(((List<Object>) ((List<Object>) p.get("accuracy_matrix")).get(0)).get(1));

    Map<String, Object> d =
        bench("--scenario", "split-domain", "--method", "joint", "--tasks", "3");
    List<Object> matrix = (List<Object>) d.get("accuracy_matrix");
    assertEquals(3, matrix.size());
    // one shared 2-unit head: every task is evaluable from the first one on
    assertNotNull(((List<Object>) matrix.get(0)).get(2));
    assertTrue((Double) d.get("acc") > 0.8, "joint on 3 digit pairs, got " + d.get("acc"));
    assertInstanceOf(Double.class, d.get("fwt"), "domain-IL: FWT is defined");
  }

  /**
   * One answer through every path (issue 11): the same experiment gives the same accuracy matrix,
   * the same λ per task and the same metrics (FWT included) through the core, Tribuo's trainers and
   * Weka's classifier, exactly.
   */
  @Test
  void theSameExperimentGivesTheSameMatrixThroughCoreTribuoAndWeka() throws IOException {
    String[][] runs = {
      {"--scenario", "split-domain", "--method", "ewc", "--lambda", "1e4", "--tasks", "3"},
      {"--scenario", "split-task", "--method", "lwf", "--tasks", "3"},
      // a shared head: LwF's λ scaled by what the old network already answers (0 on task 2 here)
      {"--scenario", "split-domain", "--method", "lwf", "--tasks", "3"},
    };
    for (String[] run : runs) {
      Map<String, Object> core = bench(with(run, "--via", "core"));
      for (String via : new String[] {"tribuo", "weka"}) {
        Map<String, Object> other = bench(with(run, "--via", via));
        assertEquals(core.get("accuracy_matrix"), other.get("accuracy_matrix"), via + " " + run[3]);
        assertEquals(core.get("lambda_per_task"), other.get("lambda_per_task"), via + " " + run[3]);
        for (String metric : new String[] {"acc", "bwt", "fwt", "forgetting"}) {
          assertEquals(core.get(metric), other.get(metric), via + " " + run[3] + " " + metric);
        }
      }
      if (run[1].equals("split-domain")) {
        assertInstanceOf(Double.class, core.get("fwt"), "domain-IL: FWT is defined");
      }
    }
  }

  /**
   * What a terminal shows on Weka's route, in a fresh JVM (Weka's start-up runs once per JVM): no
   * warning about a library the run does not use. Weka's package manager loads netlib-java's
   * ARPACK, which logged "Failed to load implementation from: ...NativeSystemARPACK" twice.
   */
  @Test
  void wekasRouteShowsNoWarningsAboutLibrariesItDoesNotUse() throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "bench",
                "--data",
                csv.toString(),
                "--scenario",
                "split-task",
                "--method",
                "naive",
                "--via",
                "weka",
                "--tasks",
                "2",
                "--hidden",
                "8",
                "--epochs",
                "1")
            .redirectErrorStream(true);
    pb.environment().put("WEKA_HOME", dir.resolve("weka-home").toString());
    Process p = pb.start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the bench did not finish");
    assertEquals(0, p.exitValue(), log);
    assertTrue(log.contains("ACC"), log);
    assertFalse(log.contains("ARPACK"), log);
  }

  /**
   * Weka's streamed route ({@code updateClassifier} row by row, a task boundary at each {@code
   * batchFinished}) protects: in task-IL, MAS with an automatic λ ends above fine-tuning through
   * the same route, and a λ is chosen for each later task on its kept rows, at a reported cost (the
   * restart of a held task keeps every report's times).
   */
  @Test
  @SuppressWarnings("unchecked")
  void wekasStreamedRouteChoosesLambdaOnEachTasksFirstRows() throws IOException {
    String[] run = {"--scenario", "split-task", "--tasks", "3", "--via", "weka-stream"};
    Map<String, Object> naive = bench(with(run, "--method", "naive"));
    Map<String, Object> j = bench(with(run, "--method", "mas"));
    assertTrue(
        (Double) j.get("acc") > (Double) naive.get("acc"),
        "MAS " + j.get("acc") + " against fine-tuning " + naive.get("acc"));
    List<Object> lambdas = (List<Object>) j.get("lambda_per_task");
    List<Object> trials = (List<Object>) j.get("lambda_trials");
    List<Object> seconds = (List<Object>) j.get("lambda_seconds");
    assertEquals(0.0, lambdas.get(0));
    for (int t = 1; t < 3; t++) {
      assertTrue((Double) lambdas.get(t) > 0, "λ " + lambdas);
      assertTrue(((Number) trials.get(t)).intValue() >= 2, "trials " + trials);
      assertTrue(seconds.get(t) instanceof Double && (Double) seconds.get(t) > 0, "s " + seconds);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void replayAndCalibrationAreReportedInTheJson() throws IOException {
    Map<String, Object> j =
        bench(
            "--scenario",
            "split-class",
            "--method",
            "mas",
            "--tasks",
            "3",
            "--replay-size",
            "60",
            "--lambda",
            "10",
            "--calibrate");
    assertEquals(60.0, j.get("replay_size"));
    List<Object> lambdas = (List<Object>) j.get("lambda_per_task");
    assertEquals(3, lambdas.size());
    assertEquals(10.0, lambdas.get(0), "task 1 is not calibrated");
    for (Object l : lambdas) {
      assertTrue((Double) l > 0 && (Double) l <= 1000, "lambda " + l);
    }
    assertEquals(Boolean.FALSE, j.get("lambda_automatic"));
    assertEquals(10.0, j.get("lambda"), "the lambda given, searched from");
    assertEquals(Boolean.TRUE, j.get("calibrate"));
    assertEquals(org.engram.cl.Calibration.DEFAULT_P, j.get("calibrate_p"));
    List<Object> trials = (List<Object>) j.get("lambda_trials");
    assertEquals(0.0, trials.get(0));
    assertTrue((Double) trials.get(1) >= 2, "a plasticity trial and at least one lambda trial");
    // class-IL: the learner has no unit for the next task's classes, so FWT is undefined
    assertTrue(j.containsKey("fwt"));
    assertNull(j.get("fwt"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void anAutomaticLambdaIsChosenPerTaskAndItsCostReported() throws IOException {
    Map<String, Object> j = bench("--scenario", "split-domain", "--method", "ewc", "--tasks", "3");
    assertEquals(Boolean.TRUE, j.get("lambda_automatic"));
    assertTrue(j.containsKey("lambda"));
    assertNull(j.get("lambda"), "no lambda given");
    List<Object> lambdas = (List<Object>) j.get("lambda_per_task");
    List<Object> seconds = (List<Object>) j.get("lambda_seconds");
    List<Object> trials = (List<Object>) j.get("lambda_trials");
    assertEquals(List.of(3, 3, 3), List.of(lambdas.size(), seconds.size(), trials.size()));
    assertEquals(0.0, lambdas.get(0), "task 1 has nothing to protect");
    assertEquals(0.0, trials.get(0));
    double sum = 0;
    for (int t = 1; t < 3; t++) {
      assertTrue((Double) lambdas.get(t) > 0, "task " + (t + 1));
      assertTrue((Double) trials.get(t) >= 2, "task " + (t + 1));
      assertTrue((Double) seconds.get(t) > 0, "task " + (t + 1));
      sum += (Double) seconds.get(t);
    }
    assertEquals(sum, (Double) j.get("lambda_search_seconds"), 1e-5);
    // the search's settings are the core's defaults
    assertEquals(org.engram.cl.Calibration.DEFAULT_P, j.get("calibrate_p"));
    assertEquals((double) org.engram.cl.Calibration.DEFAULT_MAX_TRIALS, j.get("calibrate_trials"));
    assertEquals(Boolean.FALSE, j.get("calibrate"));
  }

  /**
   * --calibrate-trials bounds each task's search, reference included: 2 runs the reference and one
   * λ; 4 lets a search that keeps raising (p = 0.99: every λ keeps) try a third λ, beyond the
   * default budget of 3. The JSON reports the budget and each task's trials, on every path: the
   * adapters pass the flag on (weka-stream searches each task on its held rows).
   */
  @Test
  @SuppressWarnings("unchecked")
  void theTrialBudgetBoundsEachTasksSearch() throws IOException {
    for (String via : Backends.NAMES) {
      for (int budget : new int[] {2, 4}) {
        Map<String, Object> j =
            bench(
                "--scenario",
                "split-domain",
                "--method",
                "mas",
                "--tasks",
                "3",
                "--via",
                via,
                "--calibrate-p",
                "0.99",
                "--calibrate-trials",
                Integer.toString(budget));
        String what = via + " --calibrate-trials " + budget;
        assertEquals((double) budget, j.get("calibrate_trials"), what);
        assertEquals(List.of(0.0, (double) budget, (double) budget), j.get("lambda_trials"), what);
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyHyperparameterAndSettingIsAJsonKey() throws IOException {
    Map<String, Object> j =
        bench("--scenario", "split-task", "--method", "lwf", "--tasks", "2", "--lambda", "1");
    for (Hyperparameter<?> p : Hyperparameter.all()) {
      String key = p.option().replace('-', '_');
      assertTrue(j.containsKey(key), key);
      if (Method.LWF.uses(p) && p != Hyperparameter.LAMBDA) {
        assertEquals(((Number) p.defaultValue()).doubleValue(), j.get(key), key);
      } else if (!Method.LWF.uses(p)) {
        assertNull(j.get(key), key + " is not read by lwf");
      }
    }
    for (Setting s : Setting.values()) {
      assertTrue(j.containsKey(BenchOptions.CORE.jsonKey(s)), s.key());
    }
    assertEquals(List.of(32.0), j.get("hidden"));
    assertEquals("per_task", j.get("head_mode"));
    assertNull(j.get("momentum"), "Adam has no momentum");
    assertEquals(Boolean.FALSE, j.get("keep_optimiser_state"));
    assertNull(j.get("calibrate_p"), "lambda given, no search");
    assertNull(j.get("calibrate_trials"), "lambda given, no search");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theAdapterPathsReportLambdaPerTaskFromTheLearner() throws IOException {
    for (String via : new String[] {"weka", "tribuo"}) {
      Map<String, Object> j =
          bench("--scenario", "split-domain", "--method", "ewc", "--tasks", "2", "--via", via);
      List<Object> lambdas = (List<Object>) j.get("lambda_per_task");
      assertEquals(2, lambdas.size(), via);
      assertTrue((Double) lambdas.get(1) > 0, via + ": task 2 protected");
      // a path that reports only lambda leaves the cost keys null, never made up
      Object seconds = j.get("lambda_seconds");
      assertTrue(seconds == null || ((List<Object>) seconds).size() == 2, via);
    }
  }

  private static String[] with(String[] base, String... extra) {
    String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return all;
  }

  /**
   * Classes 2 and 3 have one row each, so the 70/30 split leaves task 2 no test rows: the run goes
   * on, but a note says why its column is '-' and that ACC leaves it out (it said nothing).
   */
  @Test
  void aTaskWithNoTestRowsIsNamed() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int r = 0; r < 40; r++) {
      sb.append(r % 7).append(',').append(r % 5).append(',').append(r % 2).append('\n');
    }
    sb.append("3,1,2\n2,4,3\n");
    Path small = dir.resolve("no-test-rows.csv");
    Files.writeString(small, sb);
    for (String via : List.of("core", "weka-stream")) {
      Cli r =
          Cli.run(
              "bench",
              "--data",
              small.toString(),
              "--scenario",
              "split-class",
              "--method",
              "naive",
              "--hidden",
              "4",
              "--epochs",
              "1",
              "--via",
              via);
      assertEquals(0, r.status(), r.err());
      assertTrue(
          r.out()
              .contains(
                  "note: task 2 (classes 2, 3) has no test rows: its column is '-' and ACC, BWT"
                      + " and forgetting leave it out"),
          r.out());
      assertFalse(r.out().contains("note: task 1 "), r.out());
    }
  }

  /** Permuting one feature changes nothing: the tasks are one task repeated, and a note says so. */
  @Test
  void permutedTasksOfOneFeatureAreNamedAsOneTaskRepeated() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int r = 0; r < 60; r++) {
      sb.append(r % 10).append(',').append(r % 10 < 5 ? 0 : 1).append('\n');
    }
    Path one = dir.resolve("one-feature.csv");
    Files.writeString(one, sb);
    Cli r =
        Cli.run(
            "bench",
            "--data",
            one.toString(),
            "--scenario",
            "permuted",
            "--tasks",
            "3",
            "--method",
            "naive",
            "--hidden",
            "4",
            "--epochs",
            "1");
    assertEquals(0, r.status(), r.err());
    assertTrue(
        r.out()
            .contains(
                "note: the data have 1 feature, so every permutation is the identity and the 3"
                    + " permuted tasks are one task repeated"),
        r.out());
  }

  @Test
  void tooManyTasksForTheClassesIsAUsageError() {
    Cli r =
        Cli.run(
            "bench",
            "--data",
            csv.toString(),
            "--scenario",
            "split-class",
            "--method",
            "naive",
            "--tasks",
            "6");
    assertEquals(Main.USAGE_ERROR, r.status());
    assertTrue(r.err().contains("--tasks 6"));
  }
}
