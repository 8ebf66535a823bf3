package org.engram.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.engram.cl.HeadMode;
import org.engram.cl.LearnerConfig;
import org.engram.cl.Setting;
import org.engram.cl.data.Task;
import org.engram.cl.data.TaskData;
import org.engram.cl.importance.FisherImportance;
import org.engram.cl.method.Hyperparameter;
import org.engram.cl.method.Method;
import org.engram.cl.method.MethodSpec;
import org.engram.cl.optim.OptimiserSpec;
import org.junit.jupiter.api.Test;

class CommandLineTest {

  private static final String[] MINIMAL = {
    "--data", "x.csv", "--scenario", "split-domain", "--method", "ewc"
  };

  private static String[] with(String... extra) {
    String[] out = new String[MINIMAL.length + extra.length];
    System.arraycopy(MINIMAL, 0, out, 0, MINIMAL.length);
    System.arraycopy(extra, 0, out, MINIMAL.length, extra.length);
    return out;
  }

  @Test
  void benchDefaultsAreTheContractDefaults() {
    BenchOptions o = BenchOptions.parse(MINIMAL);
    assertEquals("adam", o.optimizer());
    assertEquals(0.001, o.lr());
    assertEquals(128, o.batch());
    assertEquals(4, o.epochs());
    assertEquals(400, o.hidden()[0]);
    assertEquals(2, o.hidden().length);
    assertEquals(FisherImportance.Variant.EMPIRICAL, o.method().get(Hyperparameter.FISHER));
    assertEquals(1000, o.method().get(Hyperparameter.IMPORTANCE_SAMPLES));
    assertEquals(Method.EWC, o.method().method());
    assertTrue(o.method().automaticLambda(), "no --lambda: chosen per task");
    assertEquals("core", o.via());
    assertNull(o.kernel(), "no --kernel: -Dengram.kernel or auto decides");
    assertEquals(0, o.replaySize());
    LearnerConfig c = o.learnerConfig();
    assertEquals(HeadMode.SHARED, c.headMode());
    assertEquals(OptimiserSpec.Kind.ADAM, c.optimiser().kind());
    // every other default is the core's, stated once (Setting)
    LearnerConfig core = LearnerConfig.builder().method(o.method()).build();
    for (Setting s : Setting.values()) {
      if (s != Setting.HIDDEN && s != Setting.EPOCHS && s != Setting.BATCH_SIZE) {
        assertTrue(
            java.util.Objects.deepEquals(CoreFlags.value(s, core), CoreFlags.value(s, c)), s.key());
      }
    }
    // permuted: 10 tasks by default, task 1 unpermuted; split: every class pair
    TaskData rows = new TaskData(new float[] {0, 1, 2, 3, 4, 5, 6, 7}, 2, new int[] {0, 1, 2, 3});
    Dataset data = new Dataset("toy", rows, rows);
    String[] permuted = {"--data", "x", "--scenario", "permuted", "--method", "naive"};
    List<Task> tasks = BenchCommand.tasks(BenchOptions.parse(permuted), data);
    assertEquals(10, tasks.size());
    assertArrayEquals(rows.features(), tasks.get(0).train().features());
    String[] split = {"--data", "x", "--scenario", "split-class", "--method", "naive"};
    tasks = BenchCommand.tasks(BenchOptions.parse(split), data);
    assertEquals(2, tasks.size());
    assertArrayEquals(new int[] {2, 3}, tasks.get(1).train().classes());
  }

  @Test
  void theDemoRunsWithTheCoreDefaultsAndAutomaticLambda() {
    DemoOptions o = DemoOptions.parse(new String[0]);
    for (Method m : o.methods()) {
      LearnerConfig c = o.config(m, DemoCommand.ScenarioName.DOMAIN);
      LearnerConfig core = LearnerConfig.builder().method(MethodSpec.of(m)).build();
      for (Setting s : Setting.values()) {
        assertTrue(
            java.util.Objects.deepEquals(CoreFlags.value(s, core), CoreFlags.value(s, c)),
            m + " " + s.key());
      }
      assertEquals(MethodSpec.of(m), c.method(), "no hand-tuned hyperparameter for " + m);
      assertEquals(m.hasLambda(), c.method().automaticLambda(), m.token());
    }
  }

  @Test
  void helpSaysWhyTheBenchDefaultsDiffer() {
    String help = Cli.run("bench", "--help").out().replaceAll("\\s+", " ");
    assertTrue(help.contains("Hsu et al. 2018"), help);
    assertTrue(help.contains("(default 400,400; cl-core's is 100,100"), help);
    assertTrue(help.contains("(default 4; cl-core's is 10"), help);
    assertTrue(help.contains("(default 128; cl-core's is 32"), help);
    for (Method m : Method.values()) {
      assertTrue(help.contains(m.token() + ": " + m.summary()), m.token());
    }
  }

  @Test
  void everyValuedFlagIsRead() {
    BenchOptions o =
        BenchOptions.parse(
            new String[] {
              "--data",
              "x.csv",
              "--scenario",
              "split-domain",
              "--method",
              "online-ewc",
              "--lambda",
              "5e4",
              "--gamma",
              "0.9",
              "--fisher",
              "exact",
              "--importance-samples",
              "200",
              "--hidden",
              "64,32,16",
              "--epochs",
              "2",
              "--batch",
              "16",
              "--lr",
              "0.01",
              "--optimizer",
              "sgd",
              "--momentum=0.5",
              "--seed",
              "9",
              "--threads",
              "2",
              "--tasks",
              "3",
              "--json",
              "out.json",
              "--replay-size",
              "7",
              "--kernel",
              "JAVA"
            });
    assertEquals(5e4, o.method().lambda().getAsDouble());
    assertEquals(0.9, o.method().get(Hyperparameter.GAMMA));
    assertEquals(FisherImportance.Variant.EXACT, o.method().get(Hyperparameter.FISHER));
    assertEquals(200, o.method().get(Hyperparameter.IMPORTANCE_SAMPLES));
    assertEquals(3, o.hidden().length);
    assertEquals(2, o.epochs());
    assertEquals(16, o.batch());
    assertEquals(0.01, o.lr());
    assertEquals(OptimiserSpec.Kind.SGD, o.learnerConfig().optimiser().kind());
    assertEquals(0.5, o.learnerConfig().optimiser().momentum());
    assertEquals(9, o.seed());
    assertEquals(2, o.threads());
    assertEquals(3, o.tasks());
    assertEquals("out.json", o.json().toString());
    assertEquals(7, o.replaySize());
    assertFalse(o.learnerConfig().keepOptimiserState());
    // keeping the optimiser's state is Adam's (its step scale): read with Adam, refused with SGD
    String[] adam = {
      "--data", "x.csv", "--scenario", "split-domain", "--method", "ewc", "--keep-optimiser-state"
    };
    assertTrue(BenchOptions.parse(adam).learnerConfig().keepOptimiserState());
    assertTrue(
        assertThrows(
                UsageException.class,
                () -> BenchOptions.parse(concat(adam, new String[] {"--optimizer", "sgd"})))
            .getMessage()
            .startsWith("--keep-optimiser-state: "));
    assertEquals("java", o.kernel());
    BenchOptions lwf =
        BenchOptions.parse(
            new String[] {
              "--data",
              "x",
              "--scenario",
              "split-task",
              "--method",
              "lwf",
              "--temperature=3",
              "--warmup-epochs",
              "2"
            });
    assertEquals(3.0, lwf.method().get(Hyperparameter.TEMPERATURE));
    assertEquals(2, lwf.method().get(Hyperparameter.WARMUP_EPOCHS));
    BenchOptions si =
        BenchOptions.parse(
            new String[] {
              "--data", "x", "--scenario", "split-task", "--method", "si", "--damping", "0.01"
            });
    assertEquals(0.01, si.method().get(Hyperparameter.DAMPING));
  }

  /**
   * Every hyperparameter and every setting of the core reaches the learner from both commands: a
   * value other than the default, given by the flag the descriptors name, ends up in the
   * configuration. Fails when the core gains one that the bench or the demo cannot set.
   */
  @Test
  void everyHyperparameterAndSettingOfTheCoreHasABenchAndADemoFlag() {
    String benchHelp = Cli.run("bench", "--help").out();
    String demoHelp = Cli.run("demo", "--help").out();
    for (Hyperparameter<?> p : Hyperparameter.all()) {
      Method reader =
          java.util.Arrays.stream(Method.values()).filter(m -> m.uses(p)).findFirst().orElseThrow();
      String value = otherValue(p);
      String flag = "--" + p.option();
      assertTrue(benchHelp.contains("  " + flag + " "), "bench help lacks " + flag);
      assertTrue(demoHelp.contains("  " + flag + " "), "demo help lacks " + flag);
      BenchOptions b =
          BenchOptions.parse(
              new String[] {
                "--data", "x", "--scenario", "split-task", "--method", reader.token(), flag, value
              });
      assertEquals(p.parse(value), b.method().get(p), flag);
      DemoOptions d = DemoOptions.parse(new String[] {"--methods", reader.token(), flag, value});
      assertEquals(p.parse(value), d.configs().get(reader).method().get(p), flag);
      d =
          DemoOptions.parse(
              new String[] {
                "--methods", "naive," + reader.token(), flag, reader.token() + "=" + value
              });
      assertEquals(p.parse(value), d.configs().get(reader).method().get(p), flag);
    }
    for (Setting s : Setting.values()) {
      String benchFlag = BenchOptions.CORE.flagOf(s);
      String demoFlag = DemoOptions.CORE.flagOf(s);
      assertTrue(benchHelp.contains("  --" + benchFlag + " "), "bench help lacks " + benchFlag);
      assertTrue(demoHelp.contains("  --" + demoFlag + " "), "demo help lacks " + demoFlag);
      if (s == Setting.HEAD_MODE) {
        continue; // the scenario flag: scenariosMapToHeadModes
      }
      String[] given = settingFlag(s);
      String[] bench = {"--data", "x", "--scenario", "split-task", "--method", "ewc"};
      String[] demo = {"--methods", "ewc"};
      Object benchDefault = CoreFlags.value(s, BenchOptions.parse(bench).learnerConfig());
      Object benchGiven =
          CoreFlags.value(s, BenchOptions.parse(concat(bench, given)).learnerConfig());
      Object demoDefault = CoreFlags.value(s, DemoOptions.parse(demo).configs().get(Method.EWC));
      Object demoGiven =
          CoreFlags.value(s, DemoOptions.parse(concat(demo, given)).configs().get(Method.EWC));
      assertFalse(same(benchDefault, benchGiven), "bench --" + benchFlag + " was not read");
      assertFalse(same(demoDefault, demoGiven), "demo --" + demoFlag + " was not read");
    }
  }

  private static boolean same(Object a, Object b) {
    return a instanceof int[] x && b instanceof int[] y
        ? java.util.Arrays.equals(x, y)
        : java.util.Objects.equals(a, b);
  }

  /** A value of the hyperparameter other than its default. */
  private static String otherValue(Hyperparameter<?> p) {
    if (!p.choices().isEmpty()) {
      return p.format(p.choices().get(p.choices().size() - 1));
    }
    if (p.defaultValue() == null) {
      return "3";
    }
    double d = ((Number) p.defaultValue()).doubleValue();
    return p.type() == Integer.class ? Integer.toString((int) d + 1) : Double.toString(d / 2);
  }

  /** Flags that set the setting to something other than the core's default. */
  private static String[] settingFlag(Setting s) {
    String f = "--" + BenchOptions.CORE.flagOf(s);
    return switch (s) {
      case HIDDEN -> new String[] {f, "7"};
      case EPOCHS -> new String[] {f, "3"};
      case BATCH_SIZE -> new String[] {f, "5"};
      case LEARNING_RATE -> new String[] {f, "0.5"};
      case OPTIMISER -> new String[] {f, "sgd"};
      case MOMENTUM -> new String[] {"--optimizer", "sgd", f, "0.25"};
      case SEED -> new String[] {f, "77"};
      case HEAD_MODE -> new String[0];
      case REPLAY_SIZE -> new String[] {f, "9"};
      case CALIBRATE -> new String[] {"--lambda", "5", f};
      case CALIBRATE_P -> new String[] {f, "0.05"};
      case CALIBRATE_TRIALS -> new String[] {f, "4"};
      case KEEP_OPTIMISER_STATE -> new String[] {f};
    };
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void scenariosMapToHeadModes() {
    String[] a = {"--data", "x", "--method", "naive", "--scenario", "split-task"};
    assertEquals(HeadMode.PER_TASK, BenchOptions.parse(a).learnerConfig().headMode());
    a[5] = "split-class";
    assertEquals(HeadMode.SHARED, BenchOptions.parse(a).learnerConfig().headMode());
    a[5] = "permuted";
    assertEquals(HeadMode.SHARED, BenchOptions.parse(a).learnerConfig().headMode());
  }

  @Test
  void mistakesNameTheFlag() {
    assertTrue(
        assertThrows(UsageException.class, () -> BenchOptions.parse(with("--frobnicate", "1")))
            .getMessage()
            .contains("--frobnicate"));
    assertTrue(
        assertThrows(UsageException.class, () -> BenchOptions.parse(with("--epochs")))
            .getMessage()
            .contains("--epochs needs a value"));
    assertTrue(
        assertThrows(UsageException.class, () -> BenchOptions.parse(with("--epochs", "zero")))
            .getMessage()
            .contains("--epochs"));
    assertTrue(
        assertThrows(UsageException.class, () -> BenchOptions.parse(with("--kernel", "blas")))
            .getMessage()
            .contains("--kernel must be one of auto|java|netlib"));
    assertTrue(
        assertThrows(
                UsageException.class, () -> DemoOptions.parse(new String[] {"--kernel", "fast"}))
            .getMessage()
            .contains("--kernel must be one of auto|java|netlib"));
    assertTrue(
        assertThrows(UsageException.class, () -> BenchOptions.parse(with("--fisher", "magic")))
            .getMessage()
            .startsWith("--fisher: fisher must be one of empirical, sampled, exact, got 'magic'"));
    assertTrue(
        assertThrows(UsageException.class, () -> BenchOptions.parse(with("--hidden", "10,-1")))
            .getMessage()
            .contains("--hidden"));
    // a trailing empty item is refused too, not dropped (it was read as "10")
    assertTrue(
        assertThrows(UsageException.class, () -> BenchOptions.parse(with("--hidden", "10,,")))
            .getMessage()
            .contains("got '10,,'"));
    assertThrows(UsageException.class, () -> DemoOptions.parse(new String[] {"--methods", "ewc,"}));
    assertThrows(
        UsageException.class, () -> DemoOptions.parse(new String[] {"--scenarios", "task,"}));
    String[] online = {"--data", "x", "--scenario", "permuted", "--method", "online-ewc"};
    assertEquals(
        "--gamma: gamma must be in (0, 1], got 1.5",
        assertThrows(
                UsageException.class,
                () -> BenchOptions.parse(concat(online, new String[] {"--gamma", "1.5"})))
            .getMessage());
    // a hyperparameter the method does not read is refused, naming it and the ones it reads
    assertEquals(
        "--gamma: ewc does not read gamma (it reads --lambda, --fisher, --importance-samples)",
        assertThrows(UsageException.class, () -> BenchOptions.parse(with("--gamma", "0.5")))
            .getMessage());
    assertEquals(
        "--lambda: naive does not read lambda (it has no hyperparameters)",
        assertThrows(
                UsageException.class,
                () ->
                    BenchOptions.parse(
                        new String[] {
                          "--data",
                          "x",
                          "--scenario",
                          "permuted",
                          "--method",
                          "naive",
                          "--lambda",
                          "1"
                        }))
            .getMessage());
    assertTrue(
        assertThrows(UsageException.class, () -> BenchOptions.parse(with("--momentum", "0.5")))
            .getMessage()
            .startsWith("--momentum is SGD's"));
    String[] lwfDomain = {"--data", "x", "--scenario", "split-domain", "--method", "lwf"};
    assertTrue(
        assertThrows(
                UsageException.class,
                () -> BenchOptions.parse(concat(lwfDomain, new String[] {"--warmup-epochs", "1"})))
            .getMessage()
            .startsWith("--warmup-epochs trains a new task's own head first"));
    assertTrue(
        assertThrows(UsageException.class, () -> BenchOptions.parse(with("--threads", "100000")))
            .getMessage()
            .contains("--threads must be in [1, 1024]"));
    // -Dengram.threads is the default when --threads is not given, and checked as --threads is
    String threads = System.getProperty("engram.threads");
    try {
      System.setProperty("engram.threads", "2");
      assertEquals(2, BenchOptions.parse(with()).threads());
      assertEquals(3, BenchOptions.parse(with("--threads", "3")).threads());
      System.setProperty("engram.threads", "abc");
      assertTrue(
          assertThrows(UsageException.class, () -> BenchOptions.parse(with()))
              .getMessage()
              .startsWith("-Dengram.threads=abc: the bench needs an integer in [1, 1024]"));
      System.clearProperty("engram.threads");
      assertEquals(1, BenchOptions.parse(with()).threads());
    } finally {
      if (threads == null) {
        System.clearProperty("engram.threads");
      } else {
        System.setProperty("engram.threads", threads);
      }
    }
    assertTrue(BenchOptions.parse(with("--lambda", "auto")).method().automaticLambda());
    assertTrue(
        assertThrows(UsageException.class, () -> BenchOptions.parse(with("--lambda", "-1")))
            .getMessage()
            .contains("--lambda"));
    assertTrue(
        assertThrows(
                UsageException.class, () -> BenchOptions.parse(with("--seed", "1", "--seed=2")))
            .getMessage()
            .contains("twice"));
    assertTrue(
        assertThrows(
                UsageException.class,
                () -> BenchOptions.parse(new String[] {"--scenario", "split-task"}))
            .getMessage()
            .contains("--data"));
    assertTrue(
        assertThrows(
                UsageException.class,
                () -> BenchOptions.parse(new String[] {"--data", "x", "--scenario", "split-task"}))
            .getMessage()
            .contains("--method"));
  }

  @Test
  void replayCalibrationAndBackendsReachTheConfiguration() {
    BenchOptions o =
        BenchOptions.parse(with("--replay-size", "500", "--calibrate", "--calibrate-p", "0.1"));
    assertEquals(500, o.learnerConfig().replaySize());
    assertEquals(0.1, o.learnerConfig().calibration().p());
    assertEquals(
        org.engram.cl.Calibration.DEFAULT_P,
        BenchOptions.parse(with("--calibrate")).learnerConfig().calibration().p());
    // λ automatic: the search runs with the core's settings, and --calibrate-p sets its p
    assertEquals(
        org.engram.cl.Calibration.DEFAULT_P,
        BenchOptions.parse(with()).learnerConfig().calibration().p());
    assertEquals(0.1, BenchOptions.parse(with("--calibrate-p", "0.1")).calibrateP());
    // λ given: no search unless --calibrate, so --calibrate-p alone would be ignored: refused
    assertNull(BenchOptions.parse(with("--lambda", "100")).learnerConfig().calibration());
    assertTrue(
        assertThrows(
                UsageException.class,
                () -> BenchOptions.parse(with("--lambda", "100", "--calibrate-p", "0.1")))
            .getMessage()
            .startsWith("--calibrate-p sets the lambda search, which does not run for ewc"));
    // --calibrate-trials: the search's budget, beside its p, read and refused the same way
    BenchOptions trials = BenchOptions.parse(with("--calibrate-trials", "5"));
    assertEquals(5, trials.learnerConfig().calibration().maxTrials());
    assertEquals(5, trials.calibrateTrials());
    assertEquals(
        org.engram.cl.Calibration.of(0.2, 2),
        BenchOptions.parse(with("--calibrate-trials", "2", "--calibrate-p", "0.2"))
            .learnerConfig()
            .calibration());
    assertEquals(
        org.engram.cl.Calibration.DEFAULT_MAX_TRIALS,
        BenchOptions.parse(with()).learnerConfig().calibration().maxTrials());
    assertEquals(0, BenchOptions.parse(with()).calibrateTrials(), "not given");
    assertEquals(
        4,
        BenchOptions.parse(with("--lambda", "100", "--calibrate", "--calibrate-trials", "4"))
            .learnerConfig()
            .calibration()
            .maxTrials());
    assertTrue(
        assertThrows(
                UsageException.class,
                () -> BenchOptions.parse(with("--lambda", "100", "--calibrate-trials", "4")))
            .getMessage()
            .startsWith("--calibrate-trials sets the lambda search, which does not run for ewc"));
    for (String bad : new String[] {"1", "0", "-2"}) {
      assertEquals(
          "--calibrate-trials must be an integer >= 2 (the fine-tuning reference and at least one"
              + " lambda), got "
              + bad,
          assertThrows(
                  UsageException.class, () -> BenchOptions.parse(with("--calibrate-trials", bad)))
              .getMessage());
    }
    assertEquals(
        "--calibrate-trials needs an integer, got '2.5'",
        assertThrows(
                UsageException.class, () -> BenchOptions.parse(with("--calibrate-trials", "2.5")))
            .getMessage());
    String[] naive = {"--data", "x", "--scenario", "permuted", "--method", "naive"};
    assertTrue(
        assertThrows(
                UsageException.class,
                () -> BenchOptions.parse(concat(naive, new String[] {"--calibrate-trials", "4"})))
            .getMessage()
            .startsWith("--calibrate-trials sets the lambda search, which does not run for naive"));
    assertTrue(
        assertThrows(
                UsageException.class,
                () ->
                    DemoOptions.parse(
                        new String[] {"--methods", "naive,joint", "--calibrate-trials", "4"}))
            .getMessage()
            .startsWith("--calibrate-trials sets the lambda search, which does not run for"));
    assertEquals(
        4,
        DemoOptions.parse(new String[] {"--methods", "naive,ewc", "--calibrate-trials", "4"})
            .configs()
            .get(Method.EWC)
            .calibration()
            .maxTrials());
    assertEquals(
        "--calibrate: naive has no lambda to search",
        assertThrows(
                UsageException.class,
                () -> BenchOptions.parse(concat(naive, new String[] {"--calibrate"})))
            .getMessage());
    // every path carries every option: nothing is refused for the path alone
    for (String via : new String[] {"core", "tribuo", "weka"}) {
      for (String[] flag :
          new String[][] {
            {"--keep-optimiser-state"},
            {"--fisher", "exact"},
            {"--calibrate", "--calibrate-p", "0.1"},
            {"--calibrate-trials", "4"},
            {"--lambda", "100", "--calibrate", "--calibrate-trials", "2"}
          }) {
        assertEquals(via, BenchOptions.parse(concat(with("--via", via), flag)).via());
      }
      String[] joint = {
        "--data", "x.csv", "--scenario", "split-domain", "--method", "joint", "--via", via
      };
      assertEquals(via, BenchOptions.parse(joint).via());
    }
  }

  @Test
  void badFlagExitsWithTwoAndOneLineWithoutStackTrace() {
    Cli r = Cli.run("bench", "--data", "x.csv", "--scenario", "sideways", "--method", "ewc");
    assertEquals(Main.USAGE_ERROR, r.status());
    String err = r.err();
    assertEquals(1, err.strip().lines().count(), err);
    assertTrue(err.contains("--scenario"), err);
    assertTrue(err.contains("usage: bench --data PATH"), err);
    assertFalse(err.contains("Exception"), err);

    r = Cli.run("demo", "--epochs", "-3");
    assertEquals(Main.USAGE_ERROR, r.status());
    assertTrue(r.err().contains("--epochs"));
    assertTrue(r.err().contains("usage: demo"));

    r = Cli.run("train");
    assertEquals(Main.USAGE_ERROR, r.status());
    assertTrue(r.err().contains("unknown command 'train'"));
  }

  @Test
  void missingDataFileIsARunErrorWithoutStackTrace() {
    Cli r =
        Cli.run(
            "bench",
            "--data",
            "/nonexistent/data.csv",
            "--scenario",
            "split-task",
            "--method",
            "naive");
    assertEquals(Main.RUN_ERROR, r.status());
    assertTrue(r.err().contains("does not exist"), r.err());
    assertFalse(r.err().contains("Exception"));
  }

  @Test
  void helpExplainsEveryFlag() {
    Cli r = Cli.run("bench", "--help");
    assertEquals(0, r.status());
    String help = r.out();
    for (String flag :
        new String[] {
          "--data",
          "--scenario",
          "--tasks",
          "--method",
          "--lambda",
          "--gamma",
          "--temperature",
          "--fisher",
          "--importance-samples",
          "--hidden",
          "--epochs",
          "--batch",
          "--lr",
          "--optimizer",
          "--seed",
          "--threads",
          "--kernel",
          "--via",
          "--json",
          "--replay-size",
          "--calibrate",
          "--calibrate-p",
          "--calibrate-trials"
        }) {
      assertTrue(help.contains("  " + flag + " "), flag);
    }
    r = Cli.run("demo", "--help");
    assertEquals(0, r.status());
    for (String flag :
        new String[] {
          "--out",
          "--methods",
          "--scenarios",
          "--lambda",
          "--hidden",
          "--epochs",
          "--batch",
          "--seed",
          "--kernel"
        }) {
      assertTrue(r.out().contains("  " + flag + " "), flag);
    }
    r = Cli.run("--help");
    assertEquals(0, r.status());
    assertTrue(r.out().contains("bench"));
  }

  @Test
  void demoOptionsParseListsAndOverrides() {
    DemoOptions o =
        DemoOptions.parse(
            new String[] {
              "--methods", "naive,online-ewc", "--scenarios", "class", "--lambda", "online-ewc=123"
            });
    assertEquals(2, o.methods().size());
    assertEquals(Method.ONLINE_EWC, o.methods().get(1));
    assertEquals(DemoCommand.ScenarioName.CLASS, o.scenarios().get(0));
    assertEquals(
        123.0,
        o.config(Method.ONLINE_EWC, DemoCommand.ScenarioName.CLASS)
            .method()
            .lambda()
            .getAsDouble());
    assertThrows(
        UsageException.class, () -> DemoOptions.parse(new String[] {"--methods", "magic"}));
    assertThrows(UsageException.class, () -> DemoOptions.parse(new String[] {"--lambda", "ewc:3"}));
    // a value for a method that is not run, or that no method run reads, is refused
    assertEquals(
        "--lambda: si is not among --methods",
        assertThrows(
                UsageException.class,
                () -> DemoOptions.parse(new String[] {"--methods", "ewc", "--lambda", "si=3"}))
            .getMessage());
    assertTrue(
        assertThrows(
                UsageException.class,
                () -> DemoOptions.parse(new String[] {"--methods", "ewc,mas", "--gamma", "0.5"}))
            .getMessage()
            .startsWith("--gamma: no method of --methods reads gamma (read by online-ewc)"));
    assertEquals(
        "--gamma: ewc does not read gamma (it reads --lambda, --fisher, --importance-samples)",
        assertThrows(
                UsageException.class,
                () -> DemoOptions.parse(new String[] {"--methods", "ewc", "--gamma", "ewc=0.5"}))
            .getMessage());
    // a bare value goes to every method run that reads it
    DemoOptions all =
        DemoOptions.parse(new String[] {"--methods", "ewc,mas,naive", "--lambda", "7"});
    assertEquals(7.0, all.configs().get(Method.EWC).method().lambda().getAsDouble());
    assertEquals(7.0, all.configs().get(Method.MAS).method().lambda().getAsDouble());
    assertEquals(
        "--calibrate: --methods naive,joint has no lambda to search",
        assertThrows(
                UsageException.class,
                () -> DemoOptions.parse(new String[] {"--methods", "naive,joint", "--calibrate"}))
            .getMessage());
  }
}
