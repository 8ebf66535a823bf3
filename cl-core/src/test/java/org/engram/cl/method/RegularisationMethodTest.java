package org.engram.cl.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.engram.cl.data.TaskData;
import org.engram.cl.importance.FisherImportance;
import org.engram.cl.importance.ImportanceEstimator;
import org.engram.cl.importance.MasImportance;
import org.engram.cl.importance.SynapticIntelligence;
import org.engram.cl.importance.UniformImportance;
import org.engram.cl.nn.Activation;
import org.engram.cl.nn.IndexMap;
import org.engram.cl.nn.Initialisation;
import org.engram.cl.nn.Mlp;
import org.engram.cl.util.Rng;
import org.junit.jupiter.api.Test;

/**
 * The quadratic methods' hooks: what the estimator is shown and when (the data gradient before the
 * penalty is added, the parameters after each step, growth), what is consolidated at a task's end,
 * the λ convention of each paper, and the saved state.
 */
class RegularisationMethodTest {

  /** Records what the method shows it. */
  static final class Recorder implements ImportanceEstimator {
    final List<String> events = new ArrayList<>();
    final boolean samples;
    float[] estimate;
    float[] seenGradient;
    float[] seenStart;
    float[] seenStep;
    Object[] estimateArgs;
    IndexMap seenMap;
    float[] seenGrowthParams;
    int restored;
    float written = 3.5f;

    Recorder(boolean samples) {
      this.samples = samples;
    }

    @Override
    public float[] estimate(Mlp net, TaskData sample, int head, Rng rng) {
      events.add("estimate");
      estimateArgs = new Object[] {net, sample, head, rng};
      return estimate;
    }

    @Override
    public boolean needsSamples() {
      return samples;
    }

    @Override
    public void beforeTask(float[] params) {
      events.add("beforeTask");
      seenStart = params.clone();
    }

    @Override
    public void observeGradient(float[] grad, int from, int to) {
      events.add("gradient " + from + "-" + to);
      seenGradient = java.util.Arrays.copyOfRange(grad, from, to);
    }

    @Override
    public void observeStep(float[] params) {
      events.add("step");
      seenStep = params.clone();
    }

    @Override
    public void remap(IndexMap map, float[] params) {
      seenMap = map;
      seenGrowthParams = params;
    }

    @Override
    public Runnable checkpoint() {
      return () -> restored++;
    }

    @Override
    public long memoryBytes() {
      return 1000;
    }

    @Override
    public void write(DataOutputStream out) throws IOException {
      out.writeFloat(written);
    }

    @Override
    public void read(DataInputStream in) throws IOException {
      written = in.readFloat();
    }
  }

  static MethodSpec spec() {
    return MethodSpec.of(Method.MAS).with(Hyperparameter.IMPORTANCE_SAMPLES, 77);
  }

  static Mlp net() {
    Rng rng = new Rng(6);
    Mlp m = new Mlp(3, new int[] {4}, Activation.TANH, Initialisation.XAVIER, rng);
    m.ensureClasses(0, new int[] {0, 1}, rng);
    return m;
  }

  @Test
  void theEstimatorSeesTheDataGradientBeforeThePenaltyIsAdded() {
    Recorder rec = new Recorder(true);
    RegularisationMethod m = new RegularisationMethod(spec(), rec, Consolidation.sum(), 1);
    m.setLambda(2);
    m.penaltyMemory().consolidate(new float[] {0f, 0f, 0f, 0f}, new float[] {1f, 1f, 1f, 1f});
    float[] params = {1f, 2f, 3f, 4f};
    float[] grad = {0.5f, -0.5f, 0.25f, 7f};
    double value = m.penalty(params, grad, 1, 3);
    assertEquals(List.of("gradient 1-3"), rec.events);
    assertArrayEquals(new float[] {-0.5f, 0.25f}, rec.seenGradient, "the data gradient alone");
    // λ Σ Ω (θ − θ*)² over [1, 3) = 2 (4 + 9), its gradient 2λΩ(θ − θ*) added in the range only
    assertEquals(26, value, 1e-6);
    assertArrayEquals(new float[] {0.5f, -0.5f + 8f, 0.25f + 12f, 7f}, grad);
    // an ordinary step's gradient-only hook shows the estimator the same and adds the same
    float[] again = {0.5f, -0.5f, 0.25f, 7f};
    m.penaltyGradient(params, again, 1, 3);
    assertEquals(List.of("gradient 1-3", "gradient 1-3"), rec.events);
    assertArrayEquals(new float[] {-0.5f, 0.25f}, rec.seenGradient, "the data gradient alone");
    assertArrayEquals(grad, again);
  }

  /**
   * The automatic λ's scale is the penalty per unit of λ per task held: with EWC's ½ and two
   * per-task slots, c Σ_k Σ_i Ω_k,i (θ_i − θ*_k,i)² / 2, worked out by hand; λ itself plays no
   * part.
   */
  @Test
  void unitPenaltyIsThePenaltyPerUnitLambdaPerTaskHeld() {
    RegularisationMethod m =
        new RegularisationMethod(spec(), new Recorder(true), Consolidation.perTask(), 0.5);
    Mlp net = net();
    TaskData none = TaskData.of(new double[][] {{1, 2, 3}}, new int[] {0});
    assertEquals(0, m.unitPenalty(net, none), "nothing held");
    float[] p = net.params();
    float[] anchor1 = p.clone();
    float[] anchor2 = p.clone();
    float[] omega1 = new float[p.length];
    float[] omega2 = new float[p.length];
    anchor1[0] -= 1; // θ − θ*₁ = 1 at 0
    omega1[0] = 3;
    anchor2[1] += 2; // θ − θ*₂ = −2 at 1
    omega2[1] = 0.5f;
    anchor2[0] -= 1; // and 1 at 0, where Ω₂ is 0
    m.penaltyMemory().consolidate(anchor1, omega1);
    m.penaltyMemory().consolidate(anchor2, omega2);
    m.setLambda(123);
    // ½ (3·1² + 0.5·2²) / 2 tasks = ½ · 5 / 2
    assertEquals(1.25, m.unitPenalty(net, none), 1e-6);
  }

  @Test
  void hooksReachTheEstimatorAndTheMemory() {
    Recorder rec = new Recorder(true);
    RegularisationMethod m = new RegularisationMethod(spec(), rec, Consolidation.perTask(), 0.5);
    Mlp net = net();
    m.beforeTask(net, 0);
    assertArrayEquals(net.params(), rec.seenStart);
    float[] after = net.params().clone();
    after[0] += 1;
    m.afterStep(after);
    assertArrayEquals(after, rec.seenStep);
    rec.estimate = new float[net.parameterCount()];
    for (int i = 0; i < rec.estimate.length; i++) {
      rec.estimate[i] = i % 3;
    }
    TaskData sample = TaskData.of(new double[][] {{1, 2, 3}}, new int[] {1});
    Rng rng = new Rng(1);
    m.afterTask(new ContinualMethod.TaskEnd(net, sample, 0, 0, rng));
    assertSame(net, rec.estimateArgs[0]);
    assertSame(sample, rec.estimateArgs[1]);
    assertEquals(0, rec.estimateArgs[2]);
    assertSame(rng, rec.estimateArgs[3]);
    assertEquals(1, m.penaltyMemory().slots());
    assertArrayEquals(rec.estimate, m.penaltyMemory().importance(0));
    assertArrayEquals(net.params(), m.penaltyMemory().anchor(0));
    // growth reaches both the memory and the estimator, with the grown parameters
    IndexMap map = net.ensureClasses(0, new int[] {2}, rng);
    m.onGrow(map, net.params());
    assertSame(map, rec.seenMap);
    assertSame(net.params(), rec.seenGrowthParams);
    assertEquals(net.parameterCount(), m.penaltyMemory().importance(0).length);
    // the estimator's checkpoint is the method's
    m.checkpoint().run();
    assertEquals(1, rec.restored);
    assertEquals(m.penaltyMemory().memoryBytes() + 1000, m.memoryBytes());
    assertSame(rec, m.estimator());
  }

  @Test
  void samplesAreWantedOnlyByEstimatorsThatReadThem() {
    assertEquals(
        77,
        new RegularisationMethod(spec(), new Recorder(true), Consolidation.sum(), 1)
            .samplesWanted());
    assertEquals(
        0,
        new RegularisationMethod(spec(), new Recorder(false), Consolidation.sum(), 1)
            .samplesWanted());
    assertEquals(1000, Method.EWC.create(MethodSpec.of(Method.EWC)).samplesWanted());
    assertEquals(0, Method.SI.create(MethodSpec.of(Method.SI)).samplesWanted());
    assertEquals(0, Method.L2.create(MethodSpec.of(Method.L2)).samplesWanted());
  }

  @Test
  void lambdaSetsTheStrengthThroughThePapersConvention() {
    RegularisationMethod half =
        new RegularisationMethod(spec(), new Recorder(true), Consolidation.sum(), 0.5);
    assertEquals(0, half.lambda());
    half.setLambda(3);
    assertEquals(3, half.lambda());
    assertEquals(1.5, half.penaltyMemory().strength());
    assertEquals(0.5, half.convention());
    assertThrows(IllegalArgumentException.class, () -> half.setLambda(-1));
    assertThrows(IllegalArgumentException.class, () -> half.setLambda(Double.NaN));
    assertEquals(3, half.lambda(), "a refused λ leaves the method as it was");
  }

  /**
   * Each method's penalty as its paper writes it (methods.md): EWC (λ/2) Σ_k F_k (θ − θ*_k)² with
   * one slot per task; online EWC (λ/2) γF* with F* ← γF* + F; MAS λ Σ Ω with Ω summed; SI c Σ Ω
   * with the sum clipped at 0; L2 λ Σ (θ − θ*_latest)².
   */
  @Test
  void eachMethodHasItsPapersEstimatorRuleAndConvention() {
    double lambda = 3;
    float[] a1 = {1f, -1f};
    float[] a2 = {2f, 0f};
    float[] o1 = {2f, -1f};
    float[] o2 = {-3f, 4f};
    float[] theta = {0f, 1f};
    // EWC: two slots, λ/2
    double ewc =
        penalty(Method.EWC, MethodSpec.of(Method.EWC).withLambda(lambda), a1, o1, a2, o2, theta);
    assertEquals(lambda / 2 * (2 * 1 + -1 * 4 + -3 * 4 + 4 * 1), ewc, 1e-6);
    // online EWC, γ = 0.5: F* = (−2, 3.5) anchored at a2, penalised with γF*
    MethodSpec online =
        MethodSpec.of(Method.ONLINE_EWC).withLambda(lambda).with(Hyperparameter.GAMMA, 0.5);
    assertEquals(
        lambda / 2 * 0.5 * (-2 * 4 + 3.5 * 1),
        penalty(Method.ONLINE_EWC, online, a1, o1, a2, o2, theta),
        1e-6);
    // MAS: Ω summed (−1, 3), λ
    assertEquals(
        lambda * (-1 * 4 + 3 * 1),
        penalty(Method.MAS, MethodSpec.of(Method.MAS).withLambda(lambda), a1, o1, a2, o2, theta),
        1e-6);
    // SI: relu(relu(o1) + o2) = relu((2, 0) + (−3, 4)) = (0, 4), c = λ
    assertEquals(
        lambda * 4 * 1,
        penalty(Method.SI, MethodSpec.of(Method.SI).withLambda(lambda), a1, o1, a2, o2, theta),
        1e-6);
    // L2: the latest Ω, λ
    assertEquals(
        lambda * (-3 * 4 + 4 * 1),
        penalty(Method.L2, MethodSpec.of(Method.L2).withLambda(lambda), a1, o1, a2, o2, theta),
        1e-6);
    // and the estimators
    assertTrue(estimator(Method.EWC) instanceof FisherImportance);
    assertTrue(estimator(Method.ONLINE_EWC) instanceof FisherImportance);
    assertTrue(estimator(Method.MAS) instanceof MasImportance);
    assertTrue(estimator(Method.SI) instanceof SynapticIntelligence);
    assertTrue(estimator(Method.L2) instanceof UniformImportance);
  }

  private static ImportanceEstimator estimator(Method k) {
    return ((RegularisationMethod) MethodSpec.of(k).create()).estimator();
  }

  private static double penalty(
      Method k, MethodSpec spec, float[] a1, float[] o1, float[] a2, float[] o2, float[] theta) {
    ContinualMethod m = spec.create();
    assertEquals(k, m.spec().method());
    assertEquals(spec.lambda().getAsDouble(), m.lambda(), "λ given is applied at creation");
    QuadraticPenalty q = ((RegularisationMethod) m).penaltyMemory();
    q.consolidate(a1, o1);
    q.consolidate(a2, o2);
    return q.addTo(theta, new float[2], 0, 2);
  }

  /** The Fisher variant and SI's damping chosen in the spec reach the estimator. */
  @Test
  void hyperparametersReachTheEstimator() {
    Mlp net = net();
    TaskData sample =
        TaskData.of(new double[][] {{1, 0, -1}, {0.5, 2, 0}, {-1, 1, 1}}, new int[] {0, 1, 1});
    for (FisherImportance.Variant v : FisherImportance.Variant.values()) {
      ImportanceEstimator e =
          ((RegularisationMethod) MethodSpec.of(Method.EWC).with(Hyperparameter.FISHER, v).create())
              .estimator();
      assertArrayEquals(
          new FisherImportance(v).estimate(net, sample, 0, new Rng(3)),
          e.estimate(net, sample, 0, new Rng(3)),
          v.toString());
    }
    // SI's Ω = ω / (Δ² + ξ): with ω = 1 and Δ = 0 it is 1/ξ
    SynapticIntelligence si =
        (SynapticIntelligence)
            ((RegularisationMethod)
                    MethodSpec.of(Method.SI).with(Hyperparameter.DAMPING, 0.25).create())
                .estimator();
    float[] p = net.params();
    si.beforeTask(p);
    float[] g = new float[p.length];
    g[0] = -1;
    si.observeGradient(g, 0, p.length);
    float[] moved = p.clone();
    moved[0] += 1;
    si.observeStep(moved);
    si.observeGradient(new float[p.length], 0, p.length);
    si.observeStep(p); // back to the start: Δ = 0, ω_0 = 1
    assertEquals(4f, si.estimate(net, null, 0, null)[0], 1e-6f);
  }

  static byte[] bytes(ContinualMethod m) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    m.write(new DataOutputStream(bos));
    return bos.toByteArray();
  }

  @Test
  void savedStateReadsBack() throws IOException {
    Recorder rec = new Recorder(true);
    RegularisationMethod m = new RegularisationMethod(spec(), rec, Consolidation.perTask(), 0.5);
    m.setLambda(4);
    m.penaltyMemory().consolidate(new float[] {1f, 2f}, new float[] {3f, 4f});
    rec.written = 9f;
    Recorder rec2 = new Recorder(true);
    RegularisationMethod back =
        new RegularisationMethod(spec(), rec2, Consolidation.perTask(), 0.5);
    back.read(new DataInputStream(new ByteArrayInputStream(bytes(m))));
    assertEquals(4, back.lambda());
    assertEquals(2, back.penaltyMemory().strength(), "λ read back goes through the convention");
    assertArrayEquals(new float[] {1f, 2f}, back.penaltyMemory().anchor(0));
    assertArrayEquals(new float[] {3f, 4f}, back.penaltyMemory().importance(0));
    assertEquals(9f, rec2.written);
  }

  @Test
  void aStateWithLambdaZeroReadsBack() throws IOException {
    RegularisationMethod m =
        new RegularisationMethod(spec(), new Recorder(true), Consolidation.sum(), 1);
    m.setLambda(0);
    RegularisationMethod back =
        new RegularisationMethod(spec(), new Recorder(true), Consolidation.sum(), 1);
    back.setLambda(5);
    back.read(new DataInputStream(new ByteArrayInputStream(bytes(m))));
    assertEquals(0, back.lambda());
    assertEquals(0, back.penaltyMemory().strength());
  }

  @Test
  void anInvalidLambdaInAStateIsRefused() throws IOException {
    for (double bad : new double[] {-1, Double.NaN, Double.POSITIVE_INFINITY}) {
      ByteArrayOutputStream bos = new ByteArrayOutputStream();
      new DataOutputStream(bos).writeDouble(bad);
      RegularisationMethod m =
          new RegularisationMethod(spec(), new Recorder(true), Consolidation.sum(), 1);
      IOException e =
          assertThrows(
              IOException.class,
              () -> m.read(new DataInputStream(new ByteArrayInputStream(bos.toByteArray()))));
      assertTrue(e.getMessage().contains("lambda"), e.getMessage());
    }
  }
}
