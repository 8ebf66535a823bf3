package org.engram.cl.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.OptionalDouble;
import org.engram.cl.importance.FisherImportance;
import org.junit.jupiter.api.Test;

/**
 * The method descriptors: names and parsing, each hyperparameter's range (both edges), parsing and
 * formatting, what a method refuses, and the saved form of a spec.
 */
class MethodSpecTest {

  static void assertRefused(Runnable r, String... words) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    for (String w : words) {
      assertTrue(e.getMessage().contains(w), "'" + w + "' not in: " + e.getMessage());
    }
  }

  @Test
  void everyNameOfAMethodParses() {
    for (Method m : Method.values()) {
      assertEquals(m, Method.parse(m.token()));
      assertEquals(m, Method.parse(m.label()));
      assertEquals(m, Method.parse(m.name()));
      assertEquals(m, Method.parse(" " + m.label().toLowerCase() + " "));
    }
    assertEquals(Method.ONLINE_EWC, Method.parse("Online-EWC"));
    assertEquals(Method.ONLINE_EWC, Method.parse("onlineewc"));
    assertEquals(Method.FINE_TUNE, Method.parse("finetune"));
    assertEquals(Method.FINE_TUNE, Method.parse("none"));
    assertEquals(Method.FINE_TUNE, Method.parse("naive"));
    assertRefused(() -> Method.parse("ewc2"), "'ewc2'", "naive, joint, ewc", "NONE, JOINT");
  }

  @Test
  void methodsDescribeThemselves() {
    assertEquals("online-ewc", Method.ONLINE_EWC.token());
    assertEquals("ONLINE_EWC", Method.ONLINE_EWC.label());
    assertEquals("NONE", Method.FINE_TUNE.label());
    for (Method m : Method.values()) {
      assertFalse(m.summary().isBlank(), m + " summary");
      assertFalse(m.penalty().isBlank(), m + " penalty");
      boolean baseline = m == Method.FINE_TUNE || m == Method.JOINT;
      assertEquals(baseline, m.paper().isEmpty(), m + " paper");
      assertEquals(!baseline, m.hasLambda(), m + " has λ");
      assertEquals(m.hyperparameters().contains(Hyperparameter.LAMBDA), m.hasLambda());
      for (Hyperparameter<?> p : Hyperparameter.all()) {
        assertEquals(m.hyperparameters().contains(p), m.uses(p), m + " " + p);
      }
    }
    assertTrue(Method.EWC.paper().contains("Kirkpatrick"));
    assertTrue(Method.EWC.penalty().contains("λ/2"), "EWC's convention is λ/2");
    assertTrue(Method.ONLINE_EWC.penalty().contains("γF*"), "online EWC penalises with γF*");
    assertTrue(Method.LWF.penalty().contains("T²"));
    assertEquals(
        List.of(
            Hyperparameter.LAMBDA,
            Hyperparameter.GAMMA,
            Hyperparameter.FISHER,
            Hyperparameter.IMPORTANCE_SAMPLES),
        Method.ONLINE_EWC.hyperparameters());
    assertEquals(
        List.of(Hyperparameter.LAMBDA, Hyperparameter.DAMPING), Method.SI.hyperparameters());
    assertEquals(
        List.of(Hyperparameter.LAMBDA, Hyperparameter.TEMPERATURE, Hyperparameter.WARMUP_EPOCHS),
        Method.LWF.hyperparameters());
    assertEquals(List.of(), Method.JOINT.hyperparameters());
  }

  @Test
  void hyperparameterNamesAndOptions() {
    assertEquals("importance-samples", Hyperparameter.IMPORTANCE_SAMPLES.option());
    assertEquals("warmup-epochs", Hyperparameter.WARMUP_EPOCHS.option());
    assertEquals("lambda", Hyperparameter.LAMBDA.option());
    assertEquals("importanceSamples", Hyperparameter.IMPORTANCE_SAMPLES.name());
    assertEquals("importanceSamples", Hyperparameter.IMPORTANCE_SAMPLES.toString());
    for (Hyperparameter<?> p : Hyperparameter.all()) {
      assertEquals(p, Hyperparameter.named(p.name()));
      assertEquals(p, Hyperparameter.named(p.option()));
      assertEquals(p, Hyperparameter.named(p.option().toUpperCase()));
      assertFalse(p.description().isBlank());
      assertFalse(p.symbol().isBlank());
      assertFalse(p.range().isBlank());
    }
    assertEquals(7, Hyperparameter.all().size());
    assertRefused(() -> Hyperparameter.named("alpha"), "'alpha'", "lambda, gamma");
    assertEquals("ξ", Hyperparameter.DAMPING.symbol());
    assertEquals(Integer.class, Hyperparameter.IMPORTANCE_SAMPLES.type());
    assertEquals(List.of(FisherImportance.Variant.values()), Hyperparameter.FISHER.choices());
    assertEquals(List.of(), Hyperparameter.GAMMA.choices());
  }

  @Test
  void defaults() {
    assertNull(Hyperparameter.LAMBDA.defaultValue(), "λ is automatic by default");
    assertEquals(1.0, Hyperparameter.GAMMA.defaultValue());
    assertEquals(2.0, Hyperparameter.TEMPERATURE.defaultValue());
    assertEquals(FisherImportance.Variant.EMPIRICAL, Hyperparameter.FISHER.defaultValue());
    assertEquals(1000, Hyperparameter.IMPORTANCE_SAMPLES.defaultValue());
    assertEquals(0.1, Hyperparameter.DAMPING.defaultValue());
    assertEquals(0, Hyperparameter.WARMUP_EPOCHS.defaultValue());
  }

  /** Each range at both of its edges: the last value accepted and the first refused. */
  @Test
  void rangesAtTheirEdges() {
    assertEquals(0.0, Hyperparameter.LAMBDA.check(0.0));
    assertNull(Hyperparameter.LAMBDA.check(null), "null λ is automatic");
    assertRefused(() -> Hyperparameter.LAMBDA.check(-Double.MIN_VALUE), "lambda must be ≥ 0");
    assertRefused(() -> Hyperparameter.LAMBDA.check(Double.POSITIVE_INFINITY), "lambda");
    assertRefused(() -> Hyperparameter.LAMBDA.check(Double.NaN), "lambda");
    assertEquals(1.0, Hyperparameter.GAMMA.check(1.0));
    assertEquals(Double.MIN_VALUE, Hyperparameter.GAMMA.check(Double.MIN_VALUE));
    assertRefused(() -> Hyperparameter.GAMMA.check(0.0), "gamma must be in (0, 1], got 0");
    assertRefused(() -> Hyperparameter.GAMMA.check(Math.nextUp(1.0)), "gamma");
    assertRefused(() -> Hyperparameter.GAMMA.check(null), "gamma must be set");
    assertEquals(Double.MIN_VALUE, Hyperparameter.TEMPERATURE.check(Double.MIN_VALUE));
    assertRefused(() -> Hyperparameter.TEMPERATURE.check(0.0), "temperature");
    assertRefused(() -> Hyperparameter.TEMPERATURE.check(Double.POSITIVE_INFINITY), "temperature");
    assertEquals(1, Hyperparameter.IMPORTANCE_SAMPLES.check(1));
    assertRefused(
        () -> Hyperparameter.IMPORTANCE_SAMPLES.check(0), "importanceSamples must be ≥ 1, got 0");
    assertEquals(Double.MIN_VALUE, Hyperparameter.DAMPING.check(Double.MIN_VALUE));
    assertRefused(() -> Hyperparameter.DAMPING.check(0.0), "damping");
    assertRefused(() -> Hyperparameter.DAMPING.check(Double.POSITIVE_INFINITY), "damping");
    assertEquals(0, Hyperparameter.WARMUP_EPOCHS.check(0));
    assertRefused(() -> Hyperparameter.WARMUP_EPOCHS.check(-1), "warmupEpochs");
    assertEquals(
        FisherImportance.Variant.EXACT,
        Hyperparameter.FISHER.check(FisherImportance.Variant.EXACT));
    assertRefused(() -> Hyperparameter.FISHER.check(null), "fisher must be set");
    @SuppressWarnings({"unchecked", "rawtypes"})
    Hyperparameter<Object> raw = (Hyperparameter) Hyperparameter.GAMMA;
    assertRefused(() -> raw.check("0.5"), "gamma must be a Double, got String");
  }

  @Test
  void parsingAndFormattingAreInverse() {
    assertNull(Hyperparameter.LAMBDA.parse("auto"));
    assertNull(Hyperparameter.LAMBDA.parse(" AUTO "));
    assertNull(Hyperparameter.LAMBDA.parse("automatic"));
    assertNull(Hyperparameter.LAMBDA.parse(""));
    assertEquals(1e5, Hyperparameter.LAMBDA.parse("1e5"));
    assertEquals(0.25, Hyperparameter.LAMBDA.parse(" 0.25 "));
    assertRefused(
        () -> Hyperparameter.LAMBDA.parse("big"), "lambda must be a number, got 'big' (or auto)");
    assertRefused(() -> Hyperparameter.GAMMA.parse("big"), "gamma must be a number, got 'big'");
    assertFalse(
        assertThrows(IllegalArgumentException.class, () -> Hyperparameter.GAMMA.parse("x"))
            .getMessage()
            .contains("auto"),
        "only λ can be automatic");
    assertRefused(() -> Hyperparameter.GAMMA.parse("2"), "gamma must be in (0, 1], got 2");
    assertRefused(() -> Hyperparameter.GAMMA.parse(null), "gamma: no value given");
    assertEquals(1000000, Hyperparameter.IMPORTANCE_SAMPLES.parse("1e6"));
    assertEquals(1000, Hyperparameter.IMPORTANCE_SAMPLES.parse("1000.0"));
    assertEquals(Integer.MAX_VALUE, Hyperparameter.IMPORTANCE_SAMPLES.parse("2147483647"));
    assertRefused(
        () -> Hyperparameter.IMPORTANCE_SAMPLES.parse("2.5"),
        "importanceSamples must be a whole number, got '2.5'");
    assertRefused(() -> Hyperparameter.IMPORTANCE_SAMPLES.parse("2147483648"), "importanceSamples");
    assertRefused(() -> Hyperparameter.WARMUP_EPOCHS.parse("-2147483649"), "warmupEpochs");
    assertEquals(FisherImportance.Variant.SAMPLED, Hyperparameter.FISHER.parse("Sampled"));
    assertRefused(
        () -> Hyperparameter.FISHER.parse("true"),
        "fisher must be one of empirical, sampled, exact, got 'true'");
    // format: what parse reads back
    assertEquals("auto", Hyperparameter.LAMBDA.format(null));
    assertEquals("100000", Hyperparameter.LAMBDA.format(1e5));
    assertEquals("-3", Hyperparameter.LAMBDA.format(-3.0));
    assertEquals("0.5", Hyperparameter.GAMMA.format(0.5));
    assertEquals("1.0E7", Hyperparameter.LAMBDA.format(1e7), "large whole numbers stay doubles");
    assertEquals("999999", Hyperparameter.LAMBDA.format(999999.0));
    assertEquals("1000000.0", Hyperparameter.LAMBDA.format(1e6));
    assertEquals("exact", Hyperparameter.FISHER.format(FisherImportance.Variant.EXACT));
    assertEquals("12", Hyperparameter.IMPORTANCE_SAMPLES.format(12));
    for (double v : new double[] {0, 0.1, 1, 1e5, 1e-9, 123456.75, 3e12}) {
      assertEquals(v, Hyperparameter.LAMBDA.parse(Hyperparameter.LAMBDA.format(v)));
    }
  }

  @Test
  void aSpecHoldsTheValuesGivenAndDefaultsOtherwise() {
    MethodSpec ewc = MethodSpec.of(Method.EWC);
    assertEquals(Method.EWC, ewc.method());
    assertTrue(ewc.automaticLambda());
    assertEquals(OptionalDouble.empty(), ewc.lambda());
    assertFalse(ewc.isSet(Hyperparameter.FISHER));
    assertEquals(FisherImportance.Variant.EMPIRICAL, ewc.get(Hyperparameter.FISHER));
    MethodSpec set = ewc.with(Hyperparameter.FISHER, FisherImportance.Variant.EXACT).withLambda(3);
    assertTrue(set.isSet(Hyperparameter.FISHER));
    assertEquals(FisherImportance.Variant.EXACT, set.get(Hyperparameter.FISHER));
    assertEquals(OptionalDouble.of(3), set.lambda());
    assertFalse(set.automaticLambda());
    assertFalse(ewc.isSet(Hyperparameter.FISHER), "specs are immutable");
    // null λ goes back to automatic
    MethodSpec auto = set.with(Hyperparameter.LAMBDA, null);
    assertTrue(auto.automaticLambda());
    assertFalse(auto.isSet(Hyperparameter.LAMBDA));
    assertEquals(ewc.with(Hyperparameter.FISHER, FisherImportance.Variant.EXACT), auto);
    // methods without λ
    assertFalse(MethodSpec.of(Method.FINE_TUNE).automaticLambda());
    assertEquals(OptionalDouble.empty(), MethodSpec.of(Method.JOINT).lambda());
    assertEquals(0, MethodSpec.of(Method.EWC).create().lambda(), "automatic λ is 0 until chosen");
  }

  @Test
  void aMethodRefusesWhatItDoesNotRead() {
    assertRefused(
        () -> MethodSpec.of(Method.MAS).with(Hyperparameter.GAMMA, 0.5),
        "gamma is not a hyperparameter of mas (it has lambda, importanceSamples)");
    assertRefused(
        () -> MethodSpec.of(Method.FINE_TUNE).withLambda(1),
        "lambda is not a hyperparameter of naive (it has none)");
    assertRefused(() -> MethodSpec.of(Method.EWC).withLambda(-1), "lambda must be ≥ 0");
    assertRefused(() -> MethodSpec.of(Method.LWF).withText("temperature", "0"), "temperature");
    assertRefused(
        () -> MethodSpec.of(Method.LWF).withText("tau", "1"), "unknown hyperparameter 'tau'");
    assertRefused(() -> MethodSpec.of(null), "method must not be null");
  }

  @Test
  void textSetsByNameOrOption() {
    MethodSpec s =
        MethodSpec.of(Method.ONLINE_EWC)
            .withText("gamma", "0.9")
            .withText("importance-samples", "200")
            .withText("FISHER", "exact")
            .withText("lambda", "auto");
    assertEquals(0.9, s.get(Hyperparameter.GAMMA));
    assertEquals(200, s.get(Hyperparameter.IMPORTANCE_SAMPLES));
    assertEquals(FisherImportance.Variant.EXACT, s.get(Hyperparameter.FISHER));
    assertTrue(s.automaticLambda());
    assertEquals(
        "online-ewc(lambda=auto, gamma=0.9, fisher=exact, importanceSamples=200)", s.toString());
    assertEquals("naive", MethodSpec.of(Method.FINE_TUNE).toString());
    assertEquals("si(lambda=2, damping=0.1)", MethodSpec.of(Method.SI).withLambda(2).toString());
  }

  @Test
  void equalityIsMethodAndValues() {
    MethodSpec a = MethodSpec.of(Method.SI).withLambda(2);
    MethodSpec b = MethodSpec.of(Method.SI).withText("lambda", "2");
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, MethodSpec.of(Method.SI).withLambda(3));
    assertNotEquals(a, MethodSpec.of(Method.L2).withLambda(2));
    assertNotEquals(MethodSpec.of(Method.SI), MethodSpec.of(Method.L2));
    assertNotEquals(MethodSpec.of(Method.SI).hashCode(), MethodSpec.of(Method.L2).hashCode());
    assertNotEquals(a, "si(lambda=2)");
    // a value given equal to the default is the same spec (a Tribuo preset sets fisher, a
    // ContinualTrainer may not: the same EWC), though it is still recorded as given
    MethodSpec damped = MethodSpec.of(Method.SI).with(Hyperparameter.DAMPING, 0.1);
    assertEquals(MethodSpec.of(Method.SI), damped);
    assertEquals(MethodSpec.of(Method.SI).hashCode(), damped.hashCode());
    assertTrue(damped.isSet(Hyperparameter.DAMPING));
    assertNotEquals(MethodSpec.of(Method.SI), damped.with(Hyperparameter.DAMPING, 0.2));
    // λ's default is automatic: a given λ is never the default
    assertNotEquals(MethodSpec.of(Method.SI), MethodSpec.of(Method.SI).withLambda(1));
  }

  static MethodSpec roundTrip(MethodSpec s) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    s.write(new DataOutputStream(bos));
    return MethodSpec.read(new DataInputStream(new ByteArrayInputStream(bos.toByteArray())));
  }

  /**
   * A λ of -0 (typed "-0", or -0.0 in code) is the λ 0 it reads back as: the saved form writes "0",
   * and a spec that kept -0.0 differed from its own copy, so a Tribuo model trained with lambda -0
   * refused to be continued by the same trainer ("ewc(lambda=0, ...) vs ewc(lambda=0, ...)").
   */
  @Test
  void negativeZeroLambdaIsZero() throws IOException {
    MethodSpec typed = MethodSpec.of(Method.EWC).withText("lambda", "-0");
    MethodSpec coded = MethodSpec.of(Method.EWC).withLambda(-0.0);
    MethodSpec zero = MethodSpec.of(Method.EWC).withLambda(0);
    assertEquals(zero, typed);
    assertEquals(zero, coded);
    assertEquals(typed, roundTrip(typed));
    assertEquals(coded, roundTrip(coded));
    assertEquals(zero.hashCode(), typed.hashCode());
    assertEquals(0, Double.compare(0.0, typed.lambda().getAsDouble()));
  }

  @Test
  void savedSpecsReadBackEqual() throws IOException {
    for (MethodSpec s :
        List.of(
            MethodSpec.of(Method.FINE_TUNE),
            MethodSpec.of(Method.EWC),
            MethodSpec.of(Method.EWC)
                .withLambda(123456.75)
                .with(Hyperparameter.FISHER, FisherImportance.Variant.SAMPLED),
            MethodSpec.of(Method.ONLINE_EWC)
                .with(Hyperparameter.GAMMA, 0.3)
                .with(Hyperparameter.IMPORTANCE_SAMPLES, 7),
            MethodSpec.of(Method.SI).withLambda(1e-7).with(Hyperparameter.DAMPING, 0.01),
            MethodSpec.of(Method.LWF)
                .withLambda(0)
                .with(Hyperparameter.TEMPERATURE, 4.0)
                .with(Hyperparameter.WARMUP_EPOCHS, 3))) {
      MethodSpec back = roundTrip(s);
      assertEquals(s, back);
      assertEquals(s.toString(), back.toString());
    }
  }

  @Test
  void invalidSavedSpecsAreRefused() throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bos);
    out.writeUTF("MAS");
    out.writeInt(1);
    out.writeUTF("gamma");
    out.writeUTF("0.5");
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                MethodSpec.read(new DataInputStream(new ByteArrayInputStream(bos.toByteArray()))));
    assertTrue(e.getMessage().startsWith("invalid method in state: gamma is not"), e.getMessage());
    ByteArrayOutputStream unknown = new ByteArrayOutputStream();
    new DataOutputStream(unknown).writeUTF("EWC3");
    assertThrows(
        IOException.class,
        () ->
            MethodSpec.read(new DataInputStream(new ByteArrayInputStream(unknown.toByteArray()))));
    ByteArrayOutputStream count = new ByteArrayOutputStream();
    DataOutputStream c = new DataOutputStream(count);
    c.writeUTF("EWC");
    c.writeInt(-1);
    e =
        assertThrows(
            IOException.class,
            () ->
                MethodSpec.read(
                    new DataInputStream(new ByteArrayInputStream(count.toByteArray()))));
    assertTrue(e.getMessage().contains("hyperparameter count"), e.getMessage());
  }
}
