package org.engram.tribuo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.engram.cl.Calibration;
import org.engram.cl.HeadMode;
import org.engram.cl.LearnerConfig;
import org.engram.cl.Setting;
import org.engram.cl.method.Hyperparameter;
import org.engram.cl.method.Method;
import org.engram.cl.method.MethodSpec;
import org.engram.cl.optim.OptimiserSpec;
import org.junit.jupiter.api.Test;

/**
 * Every option of the core is reachable through Tribuo's configuration, with the core's defaults,
 * and every option is either honoured on the route taken or refused naming it: a test here fails if
 * a hyperparameter or setting is missing, or accepted and then ignored.
 */
class OptionsTest {
  private static final String CONFIG = "/org/engram/tribuo/options.xml";

  /** Looks up component {@code c} of options.xml with {@code --@c.field value} overrides. */
  private static ContinualTrainer configured(String component, Map<String, String> fields) {
    List<String> args = new ArrayList<>(List.of("-c", CONFIG));
    fields.forEach(
        (field, value) -> {
          args.add("--@" + component + "." + field);
          args.add(value);
        });
    try (ConfigurationManager cm = new ConfigurationManager(args.toArray(new String[0]))) {
      return (ContinualTrainer) cm.lookup(component);
    }
  }

  /** A valid value other than the core's default. */
  private static String sample(Hyperparameter<?> p) {
    Object d = p.defaultValue();
    if (p.type().isEnum()) {
      return ((Enum<?>) p.choices().stream().filter(c -> !c.equals(d)).findFirst().get()).name();
    }
    if (p.type() == Integer.class) {
      return String.valueOf((Integer) d + 1);
    }
    return d == null ? "3" : String.valueOf((Double) d / 2);
  }

  private static String messages(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (; t != null; t = t.getCause()) {
      sb.append(t.getMessage()).append(" | ");
    }
    return sb.toString();
  }

  private static void assertSameConfig(LearnerConfig want, LearnerConfig got) {
    assertArrayEquals(want.hidden(), got.hidden(), "hidden");
    assertEquals(want.activation(), got.activation());
    assertEquals(want.initialisation(), got.initialisation());
    assertEquals(want.headMode(), got.headMode());
    assertEquals(want.optimiser(), got.optimiser());
    assertEquals(want.epochs(), got.epochs());
    assertEquals(want.batchSize(), got.batchSize());
    assertEquals(want.seed(), got.seed());
    assertEquals(want.method(), got.method());
    assertEquals(want.maxClasses(), got.maxClasses());
    assertEquals(want.replaySize(), got.replaySize());
    assertEquals(want.calibration(), got.calibration());
    assertEquals(want.keepOptimiserState(), got.keepOptimiserState());
  }

  @Test
  void everyHyperparameterAndSettingOfTheCoreIsAConfigField() {
    Set<String> fields = new TreeSet<>();
    for (Field f : ContinualTrainer.class.getDeclaredFields()) {
      if (f.isAnnotationPresent(Config.class)) {
        fields.add(f.getName());
      }
    }
    Set<String> expected = new TreeSet<>(List.of("method", "taskKey", "featureNames"));
    for (Hyperparameter<?> p : Hyperparameter.all()) {
      assertTrue(fields.contains(p.name()), "no @Config field for hyperparameter " + p.name());
      expected.add(p.name());
    }
    for (Setting s : Setting.values()) {
      String name = ContinualTrainer.fieldName(s);
      assertTrue(fields.contains(name), "no @Config field for setting " + s + " (" + name + ")");
      expected.add(name);
    }
    assertEquals(
        expected, fields, "the fields are the core's options, method, taskKey, featureNames");
  }

  @Test
  void defaultsAreTheCores() {
    for (Method m : Method.values()) {
      assertSameConfig(
          LearnerConfig.builder().method(MethodSpec.of(m)).build(),
          new ContinualTrainer(m).learnerConfig());
    }
    ContinualTrainer sgd = configured("c", Map.of("optimiser", "SGD"));
    assertEquals(
        Double.parseDouble(Setting.MOMENTUM.defaultValue()),
        sgd.learnerConfig().optimiser().momentum());
    // The presets too: λ automatic, the core's defaults for the rest.
    assertSameConfig(
        LearnerConfig.builder().method(MethodSpec.of(Method.MAS)).build(),
        new MASTrainer().learnerConfig());
    assertTrue(new EWCTrainer().methodSpec().automaticLambda());
  }

  @Test
  void everyHyperparameterAMethodReadsReachesTheCore() {
    for (Method m : Method.values()) {
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("method", m.name());
      MethodSpec want = MethodSpec.of(m);
      for (Hyperparameter<?> p : m.hyperparameters()) {
        fields.put(p.name(), sample(p));
        want = want.withText(p.name(), sample(p));
      }
      if (m.uses(Hyperparameter.WARMUP_EPOCHS)) {
        fields.put("headMode", "PER_TASK");
      }
      assertEquals(want, configured("c", fields).learnerConfig().method(), m.token());
    }
  }

  @Test
  void aHyperparameterTheMethodDoesNotReadIsRefusedNamingIt() {
    int refused = 0;
    for (Method m : Method.values()) {
      for (Hyperparameter<?> p : Hyperparameter.all()) {
        if (m.uses(p)) {
          continue;
        }
        Exception e =
            assertThrows(
                Exception.class,
                () -> configured("c", Map.of("method", m.name(), p.name(), sample(p))),
                m + " accepted " + p.name());
        assertTrue(messages(e).contains(p.name() + " is not a hyperparameter of " + m.token()));
        refused++;
      }
    }
    assertTrue(refused > 20, "checked " + refused + " combinations");
  }

  @Test
  void everySettingReachesTheCore() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("method", "EWC");
    fields.put("hiddenSizes", "7,5");
    fields.put("epochs", "3");
    fields.put("minibatchSize", "5");
    fields.put("learningRate", "0.01");
    fields.put("optimiser", "SGD");
    fields.put("momentum", "0.5");
    fields.put("seed", "9");
    fields.put("headMode", "PER_TASK");
    fields.put("replaySize", "10");
    fields.put("calibrate", "true");
    fields.put("calibrateP", "0.3");
    fields.put("keepOptimiserState", "true");
    for (Setting s : Setting.values()) {
      assertTrue(fields.containsKey(ContinualTrainer.fieldName(s)), "test every setting: " + s);
    }
    fields.put("lambda", "7");
    fields.put("taskKey", "t");
    fields.put("featureNames", "b,a");
    ContinualTrainer t = configured("c", fields);
    assertSameConfig(
        LearnerConfig.builder()
            .method(MethodSpec.of(Method.EWC).withLambda(7))
            .hidden(7, 5)
            .epochs(3)
            .batchSize(5)
            .optimiser(OptimiserSpec.sgd(0.01, 0.5))
            .seed(9)
            .headMode(HeadMode.PER_TASK)
            .replaySize(10)
            .calibration(Calibration.withP(0.3))
            .keepOptimiserState(true)
            .build(),
        t.learnerConfig());
    assertEquals("t", t.getTaskKey());
    // featureNames: the model's inputs, in the declared order.
    var data = DigitsTasks.tasks(DigitsDataSource.Labelling.DIGIT, false, new int[] {0, 1});
    List<String> names = new ArrayList<>(TribuoData.firstInputs(data.get(0).train()).names());
    java.util.Collections.reverse(names);
    ContinualModel m =
        configured("c", Map.of("featureNames", String.join(",", names))).train(data.get(0).train());
    assertEquals(names, m.inputFeatureNames());
  }

  @Test
  void settingsTheRouteDoesNotReadAreRefusedNamingThem() {
    Map<String, Map<String, String>> cases = new LinkedHashMap<>();
    cases.put("momentum", Map.of("momentum", "0.5"));
    cases.put("calibrateP", Map.of("method", "MAS", "lambda", "1", "calibrateP", "0.3"));
    cases.put("calibrate", Map.of("method", "JOINT", "calibrate", "true"));
    cases.put("warmupEpochs", Map.of("method", "LWF", "warmupEpochs", "2"));
    cases.put("taskKey", Map.of("taskKey", "t"));
    cases.put("lambda", Map.of("lambda", "auto"));
    cases.forEach(
        (field, fields) -> {
          Exception e = assertThrows(Exception.class, () -> configured("c", fields), field);
          assertTrue(messages(e).contains(field), field + ": " + messages(e));
        });
    // Each is accepted where the route reads it.
    assertNotNull(configured("c", Map.of("optimiser", "SGD", "momentum", "0.5")));
    assertNotNull(configured("c", Map.of("method", "MAS", "calibrateP", "0.3")));
    assertNotNull(
        configured("c", Map.of("method", "LWF", "warmupEpochs", "2", "headMode", "PER_TASK")));
  }

  @Test
  void ewcTrainersGammaIsToleratedForOldFilesWithOneWarning() {
    List<String> logged = new ArrayList<>();
    Handler h =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            logged.add(record.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger logger = Logger.getLogger(ContinualTrainer.class.getName());
    logger.addHandler(h);
    try {
      ContinualTrainer t = configured("ewc", Map.of());
      t.setReplaySize(3); // validated again: no second warning
      assertEquals(MethodSpec.of(Method.EWC).withLambda(100), t.methodSpec());
      assertEquals(1, logged.stream().filter(s -> s.contains("gamma is not read by ewc")).count());
      ContinualTrainer online = configured("ewc", Map.of("online", "true"));
      assertEquals(0.5, online.methodSpec().get(Hyperparameter.GAMMA));
    } finally {
      logger.removeHandler(h);
    }
    // ContinualTrainer itself tolerates nothing.
    assertFalse(new ContinualTrainer(Method.EWC).tolerates(Hyperparameter.GAMMA));
  }

  @Test
  void aFailedChangeLeavesTheTrainerAsItWas() {
    ContinualTrainer t = new ContinualTrainer(Method.MAS);
    String before = t.toString();
    var provenance = t.getProvenance();
    assertThrows(IllegalArgumentException.class, () -> t.setMomentum(0.5)); // Adam
    assertThrows(IllegalArgumentException.class, () -> t.setReplaySize(-1));
    assertThrows(IllegalArgumentException.class, () -> t.setTaskKey("t")); // shared head
    assertThrows(IllegalArgumentException.class, () -> t.setFeatureNames(List.of("a", "a")));
    assertEquals(before, t.toString());
    assertEquals(provenance, t.getProvenance());
  }
}
