package org.engram.tribuo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
    fields.put("calibrateTrials", "4");
    fields.put("keepOptimiserState", "false"); // true with Adam below: SGD has no step scale
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
            .calibration(Calibration.of(0.3, 4))
            .build(),
        t.learnerConfig());
    Map<String, String> adam = new LinkedHashMap<>(fields);
    adam.remove("momentum");
    adam.put("optimiser", "ADAM");
    adam.put("keepOptimiserState", "true");
    assertTrue(configured("c", adam).learnerConfig().keepOptimiserState());
    // with SGD it would do nothing, and is refused by name
    fields.put("keepOptimiserState", "true");
    Exception refused = assertThrows(Exception.class, () -> configured("c", fields));
    assertTrue(messages(refused).contains("keepOptimiserState"), messages(refused));
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
    cases.put("calibrateTrials", Map.of("method", "MAS", "lambda", "1", "calibrateTrials", "4"));
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
    assertNotNull(configured("c", Map.of("method", "MAS", "calibrateTrials", "4")));
    assertNotNull(
        configured(
            "c",
            Map.of("method", "MAS", "lambda", "1", "calibrate", "true", "calibrateTrials", "4")));
    // a method without λ has no search to budget, whatever lambda says
    for (Map<String, String> noLambda :
        List.of(Map.of("calibrateTrials", "4"), Map.of("method", "JOINT", "calibrateP", "0.3"))) {
      Exception e = assertThrows(Exception.class, () -> configured("c", noLambda), "" + noLambda);
      String field = noLambda.containsKey("calibrateP") ? "calibrateP" : "calibrateTrials";
      assertTrue(
          messages(e).contains(field + " is read by the λ search, which does not run here"),
          messages(e));
    }
    assertNotNull(
        configured("c", Map.of("method", "LWF", "warmupEpochs", "2", "headMode", "PER_TASK")));
  }

  /**
   * calibrateTrials is the search's budget: a whole number ≥ 2 (the fine-tuning reference and at
   * least one λ), refused otherwise naming the field, through configuration and the setter alike.
   */
  @Test
  void calibrateTrialsIsAWholeNumberOfAtLeastTwo() {
    for (String bad : List.of("1", "0", "-3", "2.5", "many", "NaN", "1e10")) {
      Exception e =
          assertThrows(
              Exception.class,
              () -> configured("c", Map.of("method", "MAS", "calibrateTrials", bad)),
              bad);
      assertTrue(
          messages(e).contains("calibrateTrials must be an integer >= 2")
              && messages(e).contains("got '" + bad + "'"),
          messages(e));
    }
    assertEquals(
        5,
        configured("c", Map.of("method", "MAS", "calibrateTrials", "5.0"))
            .learnerConfig()
            .calibration()
            .maxTrials(),
        "a whole number, as the core's integer fields read it");
    ContinualTrainer t = new ContinualTrainer(Method.MAS);
    String before = t.toString();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> t.setCalibrateTrials(1));
    assertTrue(e.getMessage().contains("calibrateTrials"), e.getMessage());
    assertEquals(before, t.toString(), "a refused change changes nothing");
    assertEquals(2, t.setCalibrateTrials(2).learnerConfig().calibration().maxTrials());
    assertTrue(t.toString().contains("calibrateTrials=2"), t.toString());
    // setCalibration(false, ...) turns the search's settings off, the budget too
    ContinualTrainer given = configured("c", Map.of("method", "MAS", "lambda", "1"));
    given.setCalibration(true, 0.2).setCalibrateTrials(4);
    assertEquals(Calibration.of(0.2, 4), given.learnerConfig().calibration());
    assertNull(given.setCalibration(false, 0.2).learnerConfig().calibration());
  }

  /**
   * The budget is honoured: with 2, each searched task runs the fine-tuning reference and one λ;
   * with 4 and a search that keeps raising (p = 0.99: every λ keeps), three λ's, beyond the default
   * 3, and the second task's λ is 100 times the 2-trial one (the same start, two ×10 steps up). It
   * travels in the provenance, and a model continues only with the same budget.
   */
  @Test
  void calibrateTrialsBoundsEachTasksSearchAndTravelsInProvenance() {
    var tasks =
        DigitsTasks.tasks(
            DigitsDataSource.Labelling.POSITION,
            false,
            new int[] {0, 1},
            new int[] {2, 3},
            new int[] {4, 5});
    Map<Integer, ContinualModel> models = new LinkedHashMap<>();
    for (int budget : new int[] {2, 4}) {
      ContinualTrainer t = masSearching("0.99", budget);
      ContinualModel m = t.train(tasks.get(0).train());
      for (int i = 1; i < tasks.size(); i++) {
        m = t.incrementalTrain(tasks.get(i).train(), m);
      }
      assertArrayEquals(
          new int[] {0, budget, budget},
          m.history().stream().mapToInt(org.engram.cl.TaskReport::lambdaTrials).toArray(),
          "trials per task with calibrateTrials " + budget);
      var recorded =
          (com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance)
              m.getProvenance()
                  .getTrainerProvenance()
                  .getConfiguredParameters()
                  .get("calibrateTrials");
      assertEquals(String.valueOf(budget), recorded.getValue(), "the budget in the provenance");
      models.put(budget, m);
    }
    double two = models.get(2).lambdaPerTask()[1];
    double four = models.get(4).lambdaPerTask()[1];
    assertEquals(100 * two, four, 1e-9 * four, "two steps of the ladder further");
    // rebuilt from the provenance, a trainer has the same budget
    try (ConfigurationManager cm = new ConfigurationManager()) {
      cm.addConfiguration(
          com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil.extractConfiguration(
              models.get(2).getProvenance()));
      ContinualTrainer rebuilt = cm.lookupAll(ContinualTrainer.class).get(0);
      assertEquals(2, rebuilt.learnerConfig().calibration().maxTrials());
      assertEquals(0.99, rebuilt.learnerConfig().calibration().p());
    }
    // the core configuration's budget reaches the trainer built from it, and back
    LearnerConfig core =
        LearnerConfig.builder()
            .method(MethodSpec.of(Method.MAS))
            .calibration(Calibration.of(0.2, 5))
            .build();
    assertSameConfig(core, new ContinualTrainer(core).learnerConfig());
    // a model searched with 2 trials continues only with a budget of 2
    ContinualTrainer other = configured("c", Map.of("method", "MAS", "calibrateP", "0.99"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> other.incrementalTrain(tasks.get(1).train(), models.get(2)));
    assertTrue(e.getMessage().contains("calibrate/calibrateP/calibrateTrials"), e.getMessage());
    // a model searched with the defaults continues with a trainer that spells the defaults out
    ContinualModel plain = configured("c", Map.of("method", "MAS")).train(tasks.get(0).train());
    ContinualTrainer spelled =
        masSearching(String.valueOf(Calibration.DEFAULT_P), Calibration.DEFAULT_MAX_TRIALS);
    assertEquals(2, spelled.incrementalTrain(tasks.get(1).train(), plain).history().size());
  }

  /** A MAS trainer configured through OLCUT with the λ search's two settings. */
  private static ContinualTrainer masSearching(String calibrateP, int calibrateTrials) {
    return configured(
        "c",
        Map.of(
            "method",
            "MAS",
            "calibrateP",
            calibrateP,
            "calibrateTrials",
            String.valueOf(calibrateTrials)));
  }

  @Test
  void ewcTrainersGammaIsToleratedForOldFilesWithOneWarning() {
    List<String> logged =
        Logged.byTrainer(
            () -> {
              ContinualTrainer t = configured("ewc", Map.of());
              t.setReplaySize(3); // validated again: no second warning
              assertEquals(MethodSpec.of(Method.EWC).withLambda(100), t.methodSpec());
              ContinualTrainer online = configured("ewc", Map.of("online", "true"));
              assertEquals(0.5, online.methodSpec().get(Hyperparameter.GAMMA));
            });
    assertEquals(
        1,
        logged.stream().filter(s -> s.contains("gamma is not read by ewc")).count(),
        "" + logged);
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
