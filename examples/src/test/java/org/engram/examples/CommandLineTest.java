package org.engram.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.engram.cl.HeadMode;
import org.engram.cl.LearnerConfig;
import org.engram.cl.importance.FisherImportance;
import org.engram.cl.method.Hyperparameter;
import org.engram.cl.method.Method;
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

  /** Runs Main and returns {status, stdout, stderr}. */
  private static Object[] main(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Object[] {
      status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)
    };
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
  }

  @Test
  void everyValuedFlagIsRead() {
    BenchOptions o =
        BenchOptions.parse(
            with(
                "--lambda",
                "5e4",
                "--gamma",
                "0.9",
                "--temperature=3",
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
                "--seed",
                "9",
                "--threads",
                "2",
                "--tasks",
                "3",
                "--json",
                "out.json",
                "--replay-size",
                "0",
                "--kernel",
                "JAVA"));
    assertEquals(5e4, o.method().lambda().getAsDouble());
    assertEquals(0.9, o.method().get(Hyperparameter.GAMMA));
    assertEquals(FisherImportance.Variant.EXACT, o.method().get(Hyperparameter.FISHER));
    assertEquals(200, o.method().get(Hyperparameter.IMPORTANCE_SAMPLES));
    assertEquals(3, o.hidden().length);
    assertEquals(2, o.epochs());
    assertEquals(16, o.batch());
    assertEquals(0.01, o.lr());
    assertEquals(OptimiserSpec.Kind.SGD, o.learnerConfig().optimiser().kind());
    assertEquals(9, o.seed());
    assertEquals(2, o.threads());
    assertEquals(3, o.tasks());
    assertEquals("out.json", o.json().toString());
    assertEquals("java", o.kernel());
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
            .contains("empirical|sampled|exact"));
    assertTrue(
        assertThrows(UsageException.class, () -> BenchOptions.parse(with("--hidden", "10,-1")))
            .getMessage()
            .contains("--hidden"));
    assertTrue(
        assertThrows(UsageException.class, () -> BenchOptions.parse(with("--gamma", "1.5")))
            .getMessage()
            .contains("--gamma"));
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
    assertEquals(0.2, BenchOptions.parse(with("--calibrate")).learnerConfig().calibration().p());
    assertNull(BenchOptions.parse(with()).learnerConfig().calibration());
    assertTrue(
        assertThrows(UsageException.class, () -> BenchOptions.parse(with("--calibrate-p", "0.1")))
            .getMessage()
            .contains("--calibrate-p needs --calibrate"));
    assertEquals("tribuo", BenchOptions.parse(with("--via", "tribuo")).via());
    String[] joint = {
      "--data", "x.csv", "--scenario", "split-domain", "--method", "joint", "--via", "tribuo"
    };
    assertTrue(
        assertThrows(UsageException.class, () -> BenchOptions.parse(joint))
            .getMessage()
            .contains("--via tribuo has no trainer for --method joint"));
    assertTrue(
        assertThrows(
                UsageException.class,
                () -> BenchOptions.parse(with("--via", "weka", "--fisher", "exact")))
            .getMessage()
            .contains("--via weka"));
  }

  @Test
  void badFlagExitsWithTwoAndOneLineWithoutStackTrace() {
    Object[] r = main("bench", "--data", "x.csv", "--scenario", "sideways", "--method", "ewc");
    assertEquals(Main.USAGE_ERROR, r[0]);
    String err = (String) r[2];
    assertEquals(1, err.strip().lines().count(), err);
    assertTrue(err.contains("--scenario"), err);
    assertTrue(err.contains("usage: bench --data PATH"), err);
    assertFalse(err.contains("Exception"), err);

    r = main("demo", "--epochs", "-3");
    assertEquals(Main.USAGE_ERROR, r[0]);
    assertTrue(((String) r[2]).contains("--epochs"));
    assertTrue(((String) r[2]).contains("usage: demo"));

    r = main("train");
    assertEquals(Main.USAGE_ERROR, r[0]);
    assertTrue(((String) r[2]).contains("unknown command 'train'"));
  }

  @Test
  void missingDataFileIsARunErrorWithoutStackTrace() {
    Object[] r =
        main(
            "bench",
            "--data",
            "/nonexistent/data.csv",
            "--scenario",
            "split-task",
            "--method",
            "naive");
    assertEquals(Main.RUN_ERROR, r[0]);
    assertTrue(((String) r[2]).contains("does not exist"), (String) r[2]);
    assertFalse(((String) r[2]).contains("Exception"));
  }

  @Test
  void helpExplainsEveryFlag() {
    Object[] r = main("bench", "--help");
    assertEquals(0, r[0]);
    String help = (String) r[1];
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
          "--calibrate-p"
        }) {
      assertTrue(help.contains("  " + flag + " "), flag);
    }
    r = main("demo", "--help");
    assertEquals(0, r[0]);
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
      assertTrue(((String) r[1]).contains("  " + flag + " "), flag);
    }
    r = main("--help");
    assertEquals(0, r[0]);
    assertTrue(((String) r[1]).contains("bench"));
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
    assertEquals(123.0, DemoCommand.lambda(o, Method.ONLINE_EWC, DemoCommand.ScenarioName.CLASS));
    assertThrows(
        UsageException.class, () -> DemoOptions.parse(new String[] {"--methods", "magic"}));
    assertThrows(UsageException.class, () -> DemoOptions.parse(new String[] {"--lambda", "ewc:3"}));
  }
}
