package org.engram.weka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.beans.BeanInfo;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.engram.cl.Setting;
import org.engram.cl.method.Hyperparameter;
import org.junit.jupiter.api.Test;
import weka.classifiers.AbstractClassifier;
import weka.classifiers.functions.ContinualMLP;
import weka.core.Option;
import weka.core.OptionMetadata;
import weka.core.SelectedTag;
import weka.core.Utils;
import weka.gui.GenericObjectEditor;

/**
 * ContinualMLP's options against the core's descriptors: every hyperparameter and setting is an
 * option and a bean property, with the core's default and description; the help is generated;
 * values are checked on every route in (command line, GUI setter) and a refused call changes
 * nothing.
 */
class OptionsTest {

  private static Map<String, PropertyDescriptor> properties() throws Exception {
    BeanInfo info = Introspector.getBeanInfo(ContinualMLP.class);
    Map<String, PropertyDescriptor> byName = new HashMap<>();
    for (PropertyDescriptor p : info.getPropertyDescriptors()) {
      if (p.getReadMethod() != null && p.getWriteMethod() != null) {
        byName.put(p.getName(), p);
      }
    }
    return byName;
  }

  private static Map<String, Option> listed() {
    Map<String, Option> byName = new HashMap<>();
    for (Option o : Collections.list(new ContinualMLP().listOptions())) {
      byName.put(o.name(), o);
    }
    return byName;
  }

  private static OptionMetadata metadata(PropertyDescriptor p) {
    OptionMetadata m = p.getReadMethod().getAnnotation(OptionMetadata.class);
    return m != null ? m : p.getWriteMethod().getAnnotation(OptionMetadata.class);
  }

  @Test
  void everyHyperparameterAndSettingOfTheCoreIsAnOptionAndABeanProperty() throws Exception {
    Map<String, PropertyDescriptor> properties = properties();
    Map<String, Option> listed = listed();
    List<Object> descriptors = new ArrayList<>(Hyperparameter.all());
    descriptors.addAll(List.of(Setting.values()));
    for (Object d : descriptors) {
      WekaOption o =
          Arrays.stream(WekaOption.values())
              .filter(w -> w.hyperparameter() == d || w.setting() == d)
              .findFirst()
              .orElseThrow(() -> new AssertionError("no Weka option for " + d));
      PropertyDescriptor p = properties.get(o.property());
      assertNotNull(p, "no bean property " + o.property() + " for " + d);
      OptionMetadata m = metadata(p);
      assertNotNull(m, o.property() + " has no @OptionMetadata");
      assertEquals(o.cli(), m.commandLineParamName(), o.property());
      assertEquals(o.property(), m.displayName(), "the GUI name is the property's");
      assertEquals(o.ordinal() + 1, m.displayOrder(), o.property() + "'s place in the dialog");
      assertEquals("", m.category(), "no category: Weka turns one into a sub-dialog");
      // the tooltip is the core's one-line description, word for word
      String core =
          d instanceof Hyperparameter<?> h ? h.description() : ((Setting) d).description();
      assertEquals(core, m.description(), o.property() + "'s tooltip differs from the core");
      assertTrue(listed.containsKey(o.cli()), "-" + o.cli() + " is not in listOptions");
    }
    // the hyperparameters keep the core's names, in Weka as in Tribuo and the bench
    for (Hyperparameter<?> h : Hyperparameter.all()) {
      assertTrue(properties.containsKey(h.name()), h.name());
      assertTrue(listed.containsKey(h.option()), h.option());
    }
  }

  @Test
  void everyOptionHasOneAnnotatedPropertyInTheDialogsOrder() throws Exception {
    Map<String, PropertyDescriptor> properties = properties();
    for (WekaOption o : WekaOption.values()) {
      PropertyDescriptor p = properties.get(o.property());
      assertNotNull(p, o.property());
      OptionMetadata m = metadata(p);
      assertEquals(o.cli(), m.commandLineParamName());
      assertEquals(o.kind() == WekaOption.Kind.FLAG, m.commandLineParamIsFlag(), o.property());
      assertEquals(o.tip(), m.description(), o.property());
      assertEquals(o.ordinal() + 1, m.displayOrder(), o.property());
    }
  }

  /**
   * A flag's tooltip says what it does when on (True in the GUI), never "this, or that": the GUI
   * shows a check box, and the user must know which state is which.
   */
  @Test
  void eachFlagsTooltipSaysWhatOnMeans() {
    Map<WekaOption, String> on =
        Map.of(
            WekaOption.PER_TASK_HEADS, "one output layer per task",
            WekaOption.CALIBRATE, "search λ per task",
            WekaOption.KEEP_OPTIMISER_STATE, "keep the optimiser's step scale",
            WekaOption.NO_SCALING, "use numeric attributes as they are",
            WekaOption.DEBUG, "write each epoch's mean loss",
            WekaOption.DO_NOT_CHECK_CAPABILITIES, "skip Weka's check");
    for (WekaOption o : WekaOption.values()) {
      if (o.kind() == WekaOption.Kind.FLAG) {
        assertTrue(on.containsKey(o), o.property() + ": a new flag; say what on means");
        assertTrue(o.tip().startsWith(on.get(o)), o.property() + ": " + o.tip());
      }
    }
    assertTrue(
        WekaOption.PER_TASK_HEADS.tip().contains("instead of one shared by all tasks"),
        WekaOption.PER_TASK_HEADS.tip());
  }

  @Test
  void defaultsAreTheCoresAndTheHelpStatesThem() {
    ContinualMLP c = new ContinualMLP();
    assertEquals("auto", c.getLambda(), "lambda is automatic unless given");
    assertNull(c.value(WekaOption.LAMBDA));
    for (Setting s : Setting.values()) {
      WekaOption o = forSetting(s);
      if (s == Setting.HEAD_MODE) {
        assertFalse(c.getPerTaskHeads(), "the core's default head mode is " + s.defaultValue());
        continue;
      }
      assertEquals(o.parse(s.defaultValue()), c.value(o), s.key());
      Object d = o.parse(s.defaultValue());
      String text = o.kind() == WekaOption.Kind.FLAG ? (Boolean) d ? "on" : "off" : o.format(d);
      assertTrue(Help.of(o).contains("Default: " + text), Help.of(o));
    }
    for (Hyperparameter<?> h : Hyperparameter.all()) {
      WekaOption o = forHyperparameter(h);
      assertEquals(h.defaultValue(), c.value(o), h.name());
      assertTrue(Help.of(o).contains(h.range()), Help.of(o));
    }
    // the help of -h is generated: lambda's says automatic, and no hand-written default is left
    Option lambda = listed().get("lambda");
    assertTrue(lambda.description().contains("automatic"), lambda.description());
    assertFalse(lambda.description().matches("(?s).*\\b(1000|1e5|100000)\\b.*"));
    String method = Utils.joinOptions(new String[] {listed().get("method").description()});
    for (org.engram.cl.method.Method m : org.engram.cl.method.Method.values()) {
      assertTrue(method.contains(m.label()), m.label());
      assertTrue(
          listed().get("method").description().replaceAll("\\s+", " ").contains(m.paper()),
          m.paper());
    }
  }

  /**
   * The technical information (the GUI's "More", BibTeX export) has one entry per paper with its
   * authors, year, title and venue, each under its own key, and every method with a paper is in it.
   */
  @Test
  void theTechnicalInformationIsOneWellFormedEntryPerPaper() {
    weka.core.TechnicalInformation first = new ContinualMLP().getTechnicalInformation();
    List<weka.core.TechnicalInformation> all = new java.util.ArrayList<>(List.of(first));
    for (var more = first.additional(); more.hasMoreElements(); ) {
      all.add((weka.core.TechnicalInformation) more.nextElement());
    }
    assertEquals(5, all.size(), first.toBibTex());
    java.util.Set<String> keys = new java.util.HashSet<>();
    for (weka.core.TechnicalInformation t : all) {
      for (weka.core.TechnicalInformation.Field f :
          List.of(
              weka.core.TechnicalInformation.Field.AUTHOR,
              weka.core.TechnicalInformation.Field.YEAR,
              weka.core.TechnicalInformation.Field.TITLE)) {
        assertTrue(t.exists(f), f + " missing in " + t.toBibTex());
      }
      assertTrue(keys.add(t.getID()), "key " + t.getID() + " twice");
    }
    String text = first.toString();
    for (org.engram.cl.method.Method m : org.engram.cl.method.Method.values()) {
      if (!m.paper().isEmpty()) {
        String surname = m.paper().split(" ")[0];
        String year = m.paper().replaceAll("^[^0-9]*(\\d{4}).*$", "$1");
        assertTrue(text.contains(surname) && text.contains(year), m + " " + surname + " " + year);
        assertTrue(first.toBibTex().contains(" " + m.label() + " ("), m.label());
      }
    }
  }

  private static WekaOption forSetting(Setting s) {
    return Arrays.stream(WekaOption.values()).filter(o -> o.setting() == s).findFirst().get();
  }

  private static WekaOption forHyperparameter(Hyperparameter<?> h) {
    return Arrays.stream(WekaOption.values())
        .filter(o -> o.hyperparameter() == h)
        .findFirst()
        .get();
  }

  @Test
  void everyOptionRoundTripsThroughTheCommandLine() throws Exception {
    String[] opts = {
      "-method",
      "ONLINE_EWC",
      "-lambda",
      "250",
      "-task-attribute",
      "task",
      "-hidden",
      "64, 32",
      "-epochs",
      "7",
      "-batch-size",
      "8",
      "-lr",
      "0.01",
      "-optimizer",
      "sgd",
      "-per-task-heads",
      "-replay-size",
      "120",
      "-calibrate",
      "-gamma",
      "0.9",
      "-fisher",
      "EXACT",
      "-importance-samples",
      "1e3",
      "-calibrate-p",
      "0.3",
      "-calibrate-trials",
      "4",
      "-momentum",
      "0.5",
      "-no-scaling",
      "-S",
      "42",
      "-output-debug-info",
      "-do-not-check-capabilities",
      "-num-decimal-places",
      "4"
    };
    ContinualMLP c = new ContinualMLP();
    c.setOptions(opts.clone());
    assertEquals("ONLINE_EWC", c.getMethod().getSelectedTag().getReadable());
    assertEquals("250", c.getLambda());
    assertEquals("64,32", c.getHidden());
    assertEquals("8", c.getBatchSize());
    assertEquals("SGD", c.getOptimizer().getSelectedTag().getReadable());
    assertEquals("exact", c.getFisher().getSelectedTag().getReadable());
    assertEquals(1000, c.getImportanceSamples(), "1e3 is an integer too");
    assertEquals(0.3, c.getCalibrateP());
    assertEquals(4, c.getCalibrateTrials());
    assertEquals(
        org.engram.cl.Calibration.of(0.3, 4), c.learnerConfig(2).calibration(), "-calibrate");
    assertEquals(0.5, c.getMomentum());
    assertTrue(c.getPerTaskHeads() && c.getCalibrate());
    assertTrue(c.getDoNotScaleInputs() && c.getDebug() && c.getDoNotCheckCapabilities());
    assertEquals(42, c.getSeed());
    assertEquals(4, c.getNumDecimalPlaces());

    ContinualMLP d = new ContinualMLP();
    d.setOptions(c.getOptions());
    assertEquals(c.values(), d.values());
    assertArrayEquals(c.getOptions(), d.getOptions());
    // Weka's own copy path (options through a string) gives the same configuration.
    ContinualMLP e =
        (ContinualMLP)
            AbstractClassifier.forName(
                ContinualMLP.class.getName(),
                Utils.splitOptions(Utils.joinOptions(c.getOptions())));
    assertEquals(c.values(), e.values());
    // keepOptimiserState keeps Adam's step scale: with SGD it is refused, with Adam it round-trips
    ContinualMLP sgd = new ContinualMLP();
    sgd.setOptions(new String[] {"-optimizer", "sgd", "-keep-optimiser-state"});
    assertThrows(IllegalArgumentException.class, () -> sgd.learnerConfig(2));
    ContinualMLP kept = new ContinualMLP();
    kept.setOptions(new String[] {"-keep-optimiser-state"});
    assertTrue(kept.getKeepOptimiserState() && kept.learnerConfig(2).keepOptimiserState());
    ContinualMLP keptAgain = new ContinualMLP();
    keptAgain.setOptions(kept.getOptions());
    assertEquals(kept.values(), keptAgain.values());
    // Every method's tokens are accepted, case-insensitively, and the bench's names too.
    for (org.engram.cl.method.Method m : org.engram.cl.method.Method.values()) {
      for (String token : List.of(m.label(), m.token(), m.label().toLowerCase())) {
        d.setOptions(new String[] {"-method", token});
        assertEquals(m.label(), d.getMethod().getSelectedTag().getReadable(), token);
      }
    }
  }

  @Test
  void theSavedKnowledgeFlowsOptionsAreStillAccepted() throws Exception {
    Path kf =
        Path.of(System.getProperty("engram.examples.dir", "../examples/weka"))
            .resolve(ExampleFiles.FLOW);
    String json = Files.readString(kf);
    String options = json.replaceAll("(?s).*\"options\" : \"([^\"]*)\".*", "$1");
    assertTrue(options.contains("-lambda -1.0"), options);
    ContinualMLP c = new ContinualMLP();
    c.setOptions(Utils.splitOptions(options));
    assertEquals("auto", c.getLambda(), "-1 was 'the method's default': now automatic");
    assertEquals("task", c.getTaskAttribute());
    assertEquals("100", c.getHidden());
  }

  @Test
  void invalidValuesAreRefusedNamingTheOptionAndChangeNothing() throws Exception {
    String[][] bad = {
      {"-method", "EWCC"},
      {"-lambda", "-3"},
      {"-lambda", "abc"},
      {"-gamma", "1.5"},
      {"-temperature", "0"},
      {"-hidden", "100,x"},
      {"-hidden", "0"},
      {"-hidden", "10,,"},
      {"-epochs", "0"},
      {"-epochs", "2.5"},
      {"-batch-size", "-1"},
      {"-lr", "0"},
      {"-lr", "NaN"},
      {"-optimizer", "RMSPROP"},
      {"-fisher", "true"},
      {"-importance-samples", "0"},
      {"-replay-size", "-5"},
      {"-damping", "-1"},
      {"-warmup-epochs", "-1"},
      {"-calibrate-p", "1"},
      {"-calibrate-trials", "1"},
      {"-calibrate-trials", "0"},
      {"-calibrate-trials", "-2"},
      {"-calibrate-trials", "2.5"},
      {"-calibrate-trials", "many"},
      {"-momentum", "1"},
      {"-S", "x"},
    };
    ContinualMLP c = new ContinualMLP();
    c.setOptions(new String[] {"-method", "MAS", "-epochs", "3"});
    Map<WekaOption, Object> before = c.values();
    for (String[] b : bad) {
      Exception e =
          assertThrows(
              Exception.class,
              () -> c.setOptions(new String[] {"-no-scaling", b[0], b[1]}),
              Arrays.toString(b));
      assertTrue(
          e.getMessage().contains("option " + b[0] + ":"),
          "message for " + Arrays.toString(b) + " names the option: " + e.getMessage());
      assertEquals(before, c.values(), "refused " + Arrays.toString(b) + " changed options");
    }
    // several at once: each named
    Exception e =
        assertThrows(
            Exception.class,
            () -> c.setOptions(new String[] {"-gamma", "7", "-lr", "-1", "-epochs", "0"}));
    for (String o : List.of("-gamma", "-lr", "-epochs")) {
      assertTrue(e.getMessage().contains("option " + o), e.getMessage());
    }
    // Unknown options are errors too (Weka's "Illegal options").
    e = assertThrows(Exception.class, () -> c.setOptions(new String[] {"-bogus", "1"}));
    assertTrue(e.getMessage().contains("-bogus"), e.getMessage());
    assertEquals(before, c.values());
    // a whole number beyond an int is said to be too large, not "not an integer"
    e = assertThrows(Exception.class, () -> c.setOptions(new String[] {"-epochs", "1e99"}));
    assertTrue(e.getMessage().contains("an integer of at most 2147483647"), e.getMessage());
    e = assertThrows(Exception.class, () -> c.setOptions(new String[] {"-epochs", "2.5"}));
    assertFalse(e.getMessage().contains("at most"), e.getMessage());
  }

  /**
   * The λ search's options are refused in their own words, as the other options are ("option
   * -epochs: epochs must be at least 1, got 0"), not the core record's maxTrials or p.
   */
  @Test
  void theSearchsOptionsAreRefusedInTheirOwnNames() throws Exception {
    ContinualMLP c = new ContinualMLP();
    c.setOptions(new String[] {"-method", "MAS"});
    Exception e =
        assertThrows(Exception.class, () -> c.setOptions(new String[] {"-calibrate-trials", "1"}));
    assertEquals(
        "option -calibrate-trials: calibrateTrials must be >= 2 (the fine-tuning reference and at"
            + " least one lambda), got 1",
        e.getMessage());
    e = assertThrows(Exception.class, () -> c.setOptions(new String[] {"-calibrate-p", "1.5"}));
    assertEquals("option -calibrate-p: calibrateP must be in (0, 1), got 1.5", e.getMessage());
    // the GUI's setter names its own field the same way
    e = assertThrows(IllegalArgumentException.class, () -> c.setCalibrateTrials(1));
    assertTrue(e.getMessage().startsWith("calibrateTrials must be >= 2"), e.getMessage());
    assertFalse(e.getMessage().contains("maxTrials"), e.getMessage());
  }

  /**
   * An option the configuration does not read is kept, however it was set, and survives Weka's
   * copies: the command line, and the GUI's dialog, whose OK copies the classifier through its
   * option string (a value left out of it came back as the default, with nothing said: temperature
   * typed with EWC was 2 again in the dialog). The build names it in Weka's log ({@link
   * RoutesTest#optionsTheConfigurationDoesNotReadAreNamedInWekasLogWhenSetInTheGui}).
   */
  @Test
  void anOptionTheConfigurationDoesNotReadIsKeptThroughWekasCopies() throws Exception {
    String[][] unread = {
      {"-method", "EWC", "-temperature", "3"},
      {"-method", "MAS", "-fisher", "sampled"},
      {"-method", "SI", "-importance-samples", "50"},
      {"-method", "NONE", "-lambda", "5"},
      {"-method", "JOINT", "-calibrate"},
      {"-method", "EWC", "-lambda", "10", "-calibrate-p", "0.3"},
      {"-method", "EWC", "-lambda", "10", "-calibrate-trials", "4"},
      {"-method", "NONE", "-calibrate-trials", "4"},
      {"-method", "LWF", "-warmup-epochs", "2"},
      {"-momentum", "0.5"},
      {"-per-task-heads"},
    };
    for (String[] u : unread) {
      ContinualMLP c = new ContinualMLP();
      c.setOptions(u.clone());
      String option = u[u.length - (u[u.length - 1].startsWith("-") ? 1 : 2)];
      assertTrue(Arrays.asList(c.getOptions()).contains(option), String.join(" ", u));
      ContinualMLP copy = (ContinualMLP) GenericObjectEditor.makeCopy(c);
      assertEquals(c.values(), copy.values(), String.join(" ", u));
    }
    // the dialog: temperature typed while the method is EWC, then the method switched to LwF
    ContinualMLP gui = new ContinualMLP();
    gui.setTemperature(5);
    ContinualMLP afterOk = (ContinualMLP) GenericObjectEditor.makeCopy(gui);
    afterOk.setMethod(new SelectedTag("LWF", afterOk.getMethod().getTags()));
    assertEquals(5, afterOk.learnerConfig(2).method().get(Hyperparameter.TEMPERATURE));
    // at their defaults they stay out of the option string
    ContinualMLP defaults = new ContinualMLP();
    defaults.setOptions(new String[] {"-method", "EWC", "-temperature", "2", "-gamma", "1.0"});
    assertFalse(Arrays.asList(defaults.getOptions()).contains("-temperature"));
    // and each is in effect where it is read
    ContinualMLP c = new ContinualMLP();
    c.setOptions(new String[] {"-method", "EWC", "-calibrate-trials", "4"});
    assertEquals(4, c.learnerConfig(2).calibration().maxTrials());
    c.setOptions(
        new String[] {"-method", "EWC", "-lambda", "10", "-calibrate", "-calibrate-trials", "2"});
    assertEquals(2, c.learnerConfig(2).calibration().maxTrials());
    ContinualMLP given = new ContinualMLP();
    given.setLambda("10");
    given.setCalibrateTrials(4);
    assertNull(given.learnerConfig(2).calibration(), "no search: nothing to budget");
  }

  @Test
  void guiSettersRefuseByTheFieldsName() {
    ContinualMLP c = new ContinualMLP();
    Map<WekaOption, Object> before = c.values();
    Runnable[] bad = {
      () -> c.setLambda("-3"),
      () -> c.setGamma(2),
      () -> c.setHidden("ten"),
      () -> c.setBatchSize("many"),
      () -> c.setEpochs(0),
      () -> c.setLearningRate(Double.POSITIVE_INFINITY),
      () -> c.setCalibrateP(0),
      () -> c.setCalibrateTrials(1),
      () -> c.setMomentum(-0.1),
      () -> c.setImportanceSamples(0),
    };
    String[] names = {
      "lambda",
      "gamma",
      "hidden",
      "batchSize",
      "epochs",
      "learningRate",
      "calibrateP",
      "calibrateTrials",
      "momentum",
      "importanceSamples"
    };
    for (int i = 0; i < bad.length; i++) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad[i]::run);
      assertTrue(e.getMessage().startsWith(names[i]), e.getMessage());
      assertFalse(e.getMessage().contains("option -"), "the GUI names fields, not options");
    }
    assertEquals(before, c.values());
  }

  @Test
  void gettersAndSettersUseTheBeanTypesWekasGuiEdits() throws Exception {
    // Weka's property sheet needs a public get/set pair of the same type for each option.
    for (WekaOption o : WekaOption.values()) {
      String cap = Character.toUpperCase(o.property().charAt(0)) + o.property().substring(1);
      Method get = ContinualMLP.class.getMethod("get" + cap);
      ContinualMLP.class.getMethod("set" + cap, get.getReturnType());
    }
  }
}
