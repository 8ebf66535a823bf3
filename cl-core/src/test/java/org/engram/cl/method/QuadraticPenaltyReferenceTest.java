package org.engram.cl.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.engram.cl.nn.Activation;
import org.engram.cl.nn.IndexMap;
import org.engram.cl.nn.Initialisation;
import org.engram.cl.nn.Mlp;
import org.engram.cl.optim.Optimiser;
import org.engram.cl.util.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The consolidation memory against the rules written out by hand here: each {@link Consolidation}
 * over three tasks of hand-picked importances, and the penalty s·g·Σ_slots Σ_i Ω_i (θ_i − θ*_i)²
 * with its gradient 2 s g Ω (θ − θ*) against a plain double loop and against central differences,
 * on ranges that cross the optimiser's blocks, start and end inside the penalty's 8-wide lanes, and
 * cover several slots; the gradient-only path of ordinary steps adds exactly the same gradient.
 */
class QuadraticPenaltyReferenceTest {

  /** Importances of three tasks, three parameters, with negative entries (SI's may be). */
  static final float[][] OMEGA = {{4f, 0.5f, -1f}, {2f, 3f, 2f}, {1f, -4f, -3f}};

  static final float[][] THETA = {{1f, -2f, 0.5f}, {0f, 3f, 1f}, {2f, 1f, -1f}};

  static QuadraticPenalty consolidated(Consolidation rule, int tasks) {
    QuadraticPenalty q = new QuadraticPenalty(rule, 1);
    for (int k = 0; k < tasks; k++) {
      q.consolidate(THETA[k], OMEGA[k]);
    }
    return q;
  }

  /** What each rule keeps after three tasks, worked out by hand from {@link #OMEGA}. */
  @Test
  void eachRuleOverThreeTasksByHand() {
    // PER_TASK: one slot per task, importances as given (negatives are not clipped)
    QuadraticPenalty perTask = consolidated(Consolidation.perTask(), 3);
    assertEquals(3, perTask.slots());
    for (int k = 0; k < 3; k++) {
      assertArrayEquals(OMEGA[k], perTask.importance(k));
      assertArrayEquals(THETA[k], perTask.anchor(k));
    }
    // ONLINE, γ = 0.5: Ω1 = (4, .5, −1); Ω2 = .5Ω1 + (2, 3, 2) = (4, 3.25, 1.5);
    // Ω3 = .5Ω2 + (1, −4, −3) = (3, −2.375, −2.25)
    assertOneSlot(consolidated(Consolidation.online(0.5), 3), 3f, -2.375f, -2.25f);
    // RUNNING_AVERAGE, α = 0.25: Ω2 = .25Ω1 + .75(2, 3, 2) = (2.5, 2.375, 1.25);
    // Ω3 = .25Ω2 + .75(1, −4, −3) = (1.375, −2.40625, −1.9375)
    assertOneSlot(consolidated(Consolidation.runningAverage(0.25), 3), 1.375f, -2.40625f, -1.9375f);
    // α = 0: the latest only
    assertOneSlot(consolidated(Consolidation.runningAverage(0), 3), 1f, -4f, -3f);
    // SUM: (7, −0.5, −2)
    assertOneSlot(consolidated(Consolidation.sum(), 3), 7f, -0.5f, -2f);
    // CLIPPED_SUM (SI's authors: relu(prev + new)): Ω1 = (4, .5, 0); Ω2 = (6, 3.5, 2);
    // Ω3 = (7, 0, 0)
    assertOneSlot(consolidated(Consolidation.clippedSum(), 3), 7f, 0f, 0f);
    QuadraticPenalty clippedTwo = consolidated(Consolidation.clippedSum(), 2);
    assertArrayEquals(new float[] {6f, 3.5f, 2f}, clippedTwo.importance(0));
    // LATEST
    assertOneSlot(consolidated(Consolidation.latest(), 3), 1f, -4f, -3f);
  }

  private static void assertOneSlot(QuadraticPenalty q, float... expected) {
    assertEquals(1, q.slots());
    assertArrayEquals(expected, q.importance(0), 1e-6f);
    assertArrayEquals(THETA[2], q.anchor(0), "the anchor is the latest task's parameters");
  }

  @Test
  void consolidationCopiesWhatItIsGiven() {
    float[] theta = {1f, 2f};
    float[] omega = {3f, 4f};
    QuadraticPenalty q = new QuadraticPenalty(Consolidation.sum(), 1);
    q.consolidate(theta, omega);
    theta[0] = 9f;
    omega[0] = 9f;
    assertEquals(1f, q.anchor(0)[0]);
    assertEquals(3f, q.importance(0)[0]);
    float[] theta2 = {5f, 6f};
    q.consolidate(theta2, new float[] {1f, 1f});
    theta2[1] = 0f;
    assertEquals(6f, q.anchor(0)[1]);
  }

  @Test
  void subnormalImportancesAreFlushedUnderEveryRule() {
    float tiny = Float.MIN_NORMAL / 8;
    for (Consolidation rule :
        List.of(
            Consolidation.perTask(),
            Consolidation.online(0.5),
            Consolidation.runningAverage(0.5),
            Consolidation.sum(),
            Consolidation.clippedSum(),
            Consolidation.latest())) {
      QuadraticPenalty q = new QuadraticPenalty(rule, 1);
      q.consolidate(new float[] {0f, 0f}, new float[] {tiny, 1f});
      assertEquals(0f, q.importance(0)[0], rule + ", first task");
      assertEquals(1f, q.importance(0)[1], rule + ", first task");
      q.consolidate(new float[] {0f, 0f}, new float[] {tiny, 1f});
      int last = q.slots() - 1;
      assertEquals(0f, q.importance(last)[0], rule + ", second task");
    }
  }

  @Test
  void rulesCheckTheirFactor() {
    assertRefused("gamma", () -> Consolidation.online(0));
    assertRefused("gamma", () -> Consolidation.online(1.0001));
    assertRefused("gamma", () -> Consolidation.online(Double.NaN));
    assertEquals(1.0, Consolidation.online(1).factor());
    assertEquals(Double.MIN_VALUE, Consolidation.online(Double.MIN_VALUE).factor());
    assertRefused("alpha", () -> Consolidation.runningAverage(1));
    assertRefused("alpha", () -> Consolidation.runningAverage(-0.01));
    assertRefused("alpha", () -> Consolidation.runningAverage(Double.NaN));
    assertEquals(0.0, Consolidation.runningAverage(0).factor());
    assertRefused("kind", () -> new Consolidation(null, 0));
    // the factor of the other rules is not read, so not checked
    assertEquals(Consolidation.Kind.SUM, new Consolidation(Consolidation.Kind.SUM, 7).kind());
  }

  @Test
  void onlyOnlineEwcScalesThePenaltyByGamma() {
    assertEquals(0.3, Consolidation.online(0.3).penaltyScale());
    assertEquals(1.0, Consolidation.runningAverage(0.3).penaltyScale());
    assertEquals(1.0, Consolidation.perTask().penaltyScale());
    assertEquals(1.0, Consolidation.sum().penaltyScale());
    assertEquals(1.0, Consolidation.clippedSum().penaltyScale());
    assertEquals(1.0, Consolidation.latest().penaltyScale());
  }

  static void assertRefused(String word, Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().contains(word), e.getMessage());
  }

  /** Three slots (per task) over 2.5 blocks, or one slot for the other rules. */
  static QuadraticPenalty randomMemory(Consolidation rule, int n, double strength, Random r) {
    QuadraticPenalty q = new QuadraticPenalty(rule, strength);
    for (int k = 0; k < 3; k++) {
      float[] anchor = new float[n];
      float[] omega = new float[n];
      for (int i = 0; i < n; i++) {
        anchor[i] = (float) r.nextGaussian();
        omega[i] = (float) (r.nextDouble() * 2);
      }
      q.consolidate(anchor, omega);
    }
    return q;
  }

  /** The penalty's value and gradient over [from, to), as a plain double loop over the slots. */
  static double[] reference(QuadraticPenalty q, double scale, float[] theta, int from, int to) {
    double[] out = new double[theta.length + 1];
    for (int k = 0; k < q.slots(); k++) {
      for (int i = from; i < to; i++) {
        double d = theta[i] - (double) q.anchor(k)[i];
        double w = q.strength() * scale * q.importance(k)[i];
        out[theta.length] += w * d * d;
        out[i] += 2 * w * d;
      }
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(
      value = Consolidation.Kind.class,
      names = {"PER_TASK", "ONLINE"})
  void valueAndGradientOverRangesAcrossBlocksAndLanes(Consolidation.Kind kind) {
    Random r = new Random(21);
    int n = 2 * Optimiser.BLOCK + 515;
    Consolidation rule =
        kind == Consolidation.Kind.ONLINE ? Consolidation.online(0.6) : Consolidation.perTask();
    QuadraticPenalty q = randomMemory(rule, n, 0.35, r);
    assertEquals(kind == Consolidation.Kind.PER_TASK ? 3 : 1, q.slots());
    float[] theta = new float[n];
    float[] grad0 = new float[n];
    for (int i = 0; i < n; i++) {
      theta[i] = (float) r.nextGaussian();
      grad0[i] = (float) r.nextGaussian();
    }
    double scale = rule.penaltyScale();
    // lengths 1024, 1024, 515, 17, 15 (one short of two lanes), 1, 0 and 13
    int[][] ranges = {
      {0, Optimiser.BLOCK},
      {Optimiser.BLOCK, 2 * Optimiser.BLOCK},
      {2 * Optimiser.BLOCK, n},
      {3, 20},
      {10, 25},
      {5, 6},
      {7, 7},
      {n - 13, n}
    };
    for (int[] range : ranges) {
      float[] grad = grad0.clone();
      double value = q.addTo(theta, grad, range[0], range[1]);
      double[] ref = reference(q, scale, theta, range[0], range[1]);
      assertEquals(ref[n], value, 1e-5 * Math.abs(ref[n]) + 1e-9, "value over " + range[0]);
      for (int i = 0; i < n; i++) {
        boolean inside = i >= range[0] && i < range[1];
        double expected = grad0[i] + (inside ? ref[i] : 0);
        assertEquals(expected, grad[i], 1e-5 * (1 + Math.abs(expected)), "gradient " + i);
      }
      // an ordinary step's gradient-only path adds exactly the same gradient
      float[] gradientOnly = grad0.clone();
      q.addGradientTo(theta, gradientOnly, range[0], range[1]);
      assertArrayEquals(grad, gradientOnly, "gradient alone over " + range[0]);
    }
    // the blocks add up to the whole
    double whole = 0;
    for (int b = 0; b < Optimiser.blocks(n); b++) {
      whole +=
          q.addTo(
              theta, grad0.clone(), b * Optimiser.BLOCK, Math.min(n, (b + 1) * Optimiser.BLOCK));
    }
    assertEquals(reference(q, scale, theta, 0, n)[n], whole, 1e-5 * whole);
  }

  /** The gradient is the derivative of the value: central differences on a few parameters. */
  @Test
  void gradientIsTheDerivativeOfTheValue() {
    Random r = new Random(22);
    int n = 29;
    QuadraticPenalty q = randomMemory(Consolidation.online(0.7), n, 1.3, r);
    float[] theta = new float[n];
    for (int i = 0; i < n; i++) {
      theta[i] = (float) r.nextGaussian();
    }
    float[] grad = new float[n];
    q.addTo(theta, grad, 0, n);
    for (int i = 0; i < n; i++) {
      float[] up = theta.clone();
      float[] down = theta.clone();
      up[i] += 1e-2f;
      down[i] -= 1e-2f;
      double h = (double) up[i] - down[i];
      double numeric = (q.addTo(up, new float[n], 0, n) - q.addTo(down, new float[n], 0, n)) / h;
      assertEquals(numeric, grad[i], 1e-3 * (1 + Math.abs(numeric)), "parameter " + i);
    }
  }

  @Test
  void zeroStrengthAddsNothing() {
    QuadraticPenalty q = randomMemory(Consolidation.sum(), 20, 0, new Random(23));
    float[] grad = new float[20];
    assertEquals(0, q.addTo(new float[20], grad, 0, 20));
    assertArrayEquals(new float[20], grad);
    q.addGradientTo(new float[20], grad, 0, 20);
    assertArrayEquals(new float[20], grad);
    q.setStrength(2);
    assertEquals(2, q.strength());
    assertTrue(q.addTo(new float[20], grad, 0, 20) > 0);
  }

  /**
   * λ = 0 reads nothing of the memory: training is then exactly fine-tuning, even where an
   * importance overflowed to infinity (0 · ∞ would be NaN and stop training).
   */
  @Test
  void zeroStrengthReadsNothingEvenAnOverflowedImportance() {
    QuadraticPenalty q = new QuadraticPenalty(Consolidation.sum(), 0);
    q.consolidate(new float[] {0f, 0f}, new float[] {Float.POSITIVE_INFINITY, 1f});
    float[] grad = {0.5f, -0.5f};
    assertEquals(0, q.addTo(new float[] {1f, 1f}, grad, 0, 2));
    assertArrayEquals(new float[] {0.5f, -0.5f}, grad);
    q.addGradientTo(new float[] {1f, 1f}, grad, 0, 2);
    assertArrayEquals(new float[] {0.5f, -0.5f}, grad);
  }

  /**
   * The penalty per unit of strength, which the λ search's scale divides by, by hand: two per-task
   * slots add up, and online EWC's one slot is scaled by γ (0.4 here, so that dividing by it
   * instead would show).
   */
  @Test
  void unitValueByHandPerSlotAndScaledByGamma() {
    QuadraticPenalty perTask = new QuadraticPenalty(Consolidation.perTask(), 3);
    perTask.consolidate(new float[] {0, 1}, new float[] {2, 0.5f});
    perTask.consolidate(new float[] {1, 1}, new float[] {1, 4});
    // θ = (2, -1): slot 1: 2·2² + 0.5·(−2)² = 10; slot 2: 1·1² + 4·(−2)² = 17
    assertEquals(27, perTask.unitValue(new float[] {2, -1}), 1e-12);
    QuadraticPenalty online = new QuadraticPenalty(Consolidation.online(0.4), 3);
    online.consolidate(new float[] {0, 1}, new float[] {2, 0.5f});
    assertEquals(0.4 * 10, online.unitValue(new float[] {2, -1}), 1e-12);
  }

  @Test
  void strengthMustBeFiniteAndNonNegative() {
    QuadraticPenalty q = new QuadraticPenalty(Consolidation.sum(), 1);
    for (double bad : new double[] {-1e-9, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertRefused("strength", () -> q.setStrength(bad));
      assertRefused("strength", () -> new QuadraticPenalty(Consolidation.sum(), bad));
    }
    assertEquals(1, q.strength(), "a refused value leaves the strength as it was");
    q.setStrength(0);
    assertEquals(0, q.strength());
  }

  @Test
  void importanceMustMatchTheParameters() {
    QuadraticPenalty q = new QuadraticPenalty(Consolidation.sum(), 1);
    assertRefused("length", () -> q.consolidate(new float[3], new float[2]));
    assertEquals(0, q.slots());
  }

  /**
   * The penalty's largest curvature per unit strength: every slot pulls on the same parameter, so
   * per-task slots add up (parameter 0: 4 + 2 + 1), not the largest single Ω (4).
   */
  @Test
  void maxImportanceIsTheLargestSumOverSlotsTimesTheScale() {
    QuadraticPenalty perTask = consolidated(Consolidation.perTask(), 3);
    assertEquals(7.0, perTask.maxImportance());
    QuadraticPenalty online = consolidated(Consolidation.online(0.5), 2); // (4, 3.25, 1.5)
    assertEquals(0.5 * 4, online.maxImportance(), 1e-6);
    QuadraticPenalty negative = new QuadraticPenalty(Consolidation.sum(), 1);
    negative.consolidate(new float[2], new float[] {-3f, -1f});
    assertEquals(0.0, negative.maxImportance());
    assertEquals(0.0, new QuadraticPenalty(Consolidation.sum(), 1).maxImportance());
  }

  /** A network whose second head appears: the map of that growth. */
  static IndexMap growth(Mlp net) {
    return net.ensureClasses(1, new int[] {5, 6}, new Rng(3));
  }

  static Mlp net() {
    Rng rng = new Rng(4);
    Mlp net = new Mlp(2, new int[] {3}, Activation.TANH, Initialisation.XAVIER, rng);
    net.ensureClasses(0, new int[] {0, 1}, rng);
    return net;
  }

  @Test
  void growthMovesAnchorsAndImportancesAndGivesNewParametersNone() {
    Mlp net = net();
    int n0 = net.parameterCount();
    QuadraticPenalty q = new QuadraticPenalty(Consolidation.perTask(), 1);
    float[] a0 = new float[n0];
    float[] o0 = new float[n0];
    for (int i = 0; i < n0; i++) {
      a0[i] = i + 1;
      o0[i] = 2 * i + 1;
    }
    q.consolidate(a0, o0);
    q.consolidate(a0, o0);
    IndexMap map = growth(net);
    q.remap(map);
    boolean[] inherited = map.inherited();
    for (int k = 0; k < 2; k++) {
      assertEquals(map.newSize(), q.anchor(k).length);
      assertArrayEquals(map.remap(a0), q.anchor(k));
      assertArrayEquals(map.remap(o0), q.importance(k));
    }
    int fresh = 0;
    for (int i = 0; i < map.newSize(); i++) {
      if (!inherited[i]) {
        assertEquals(0f, q.importance(0)[i]);
        fresh++;
      }
    }
    assertTrue(fresh > 0);
    assertEquals(8L * map.newSize() * 2, q.memoryBytes());
  }

  @Test
  void memoryCountsEverySlot() {
    assertEquals(0, new QuadraticPenalty(Consolidation.perTask(), 1).memoryBytes());
    assertEquals(3 * 8L * 3, consolidated(Consolidation.perTask(), 3).memoryBytes());
    assertEquals(8L * 3, consolidated(Consolidation.online(0.5), 3).memoryBytes());
  }

  @Test
  void savedMemoryReadsBackEqual() throws IOException {
    QuadraticPenalty q = randomMemory(Consolidation.perTask(), 11, 1, new Random(24));
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    q.write(new DataOutputStream(bos));
    QuadraticPenalty back = new QuadraticPenalty(Consolidation.perTask(), 1);
    back.consolidate(new float[11], new float[11]); // replaced by what is read
    back.read(new DataInputStream(new ByteArrayInputStream(bos.toByteArray())));
    assertEquals(3, back.slots());
    for (int k = 0; k < 3; k++) {
      assertArrayEquals(q.anchor(k), back.anchor(k));
      assertArrayEquals(q.importance(k), back.importance(k));
      assertNotSame(q.anchor(k), back.anchor(k));
    }
  }

  @Test
  void implausibleCountsInAStateAreRefused() throws IOException {
    for (int bad : new int[] {-2, (1 << 28) + 1}) {
      ByteArrayOutputStream bos = new ByteArrayOutputStream();
      DataOutputStream d = new DataOutputStream(bos);
      d.writeDouble(0); // tasks held
      d.writeInt(bad);
      QuadraticPenalty q = new QuadraticPenalty(Consolidation.perTask(), 1);
      IOException e =
          assertThrows(
              IOException.class,
              () -> q.read(new DataInputStream(new ByteArrayInputStream(bos.toByteArray()))));
      assertTrue(e.getMessage().contains("penalty slots"), e.getMessage());
    }
    for (double tasks : new double[] {-1, Double.NaN, Double.POSITIVE_INFINITY}) {
      ByteArrayOutputStream bos = new ByteArrayOutputStream();
      new DataOutputStream(bos).writeDouble(tasks);
      QuadraticPenalty q = new QuadraticPenalty(Consolidation.perTask(), 1);
      IOException e =
          assertThrows(
              IOException.class,
              () -> q.read(new DataInputStream(new ByteArrayInputStream(bos.toByteArray()))));
      assertTrue(e.getMessage().contains("invalid task count"), e.getMessage());
    }
    // the limits themselves are plausible: an empty memory and an absent array
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bos);
    out.writeDouble(1);
    out.writeInt(1);
    out.writeInt(-1); // no anchor
    out.writeInt(0); // an empty importance
    QuadraticPenalty q = new QuadraticPenalty(Consolidation.perTask(), 1);
    q.read(new DataInputStream(new ByteArrayInputStream(bos.toByteArray())));
    assertEquals(null, q.anchor(0));
    assertEquals(0, q.importance(0).length);
    // and such a memory writes back as it was read
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    q.write(new DataOutputStream(again));
    assertArrayEquals(bos.toByteArray(), again.toByteArray());
    List<Integer> ok = new ArrayList<>();
    for (int n : new int[] {0, 1 << 28}) {
      ok.add(States.count(n, "x"));
    }
    assertEquals(List.of(0, 1 << 28), ok);
  }
}
