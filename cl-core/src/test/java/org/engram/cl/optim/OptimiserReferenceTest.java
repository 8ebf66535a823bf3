package org.engram.cl.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.engram.cl.nn.Activation;
import org.engram.cl.nn.IndexMap;
import org.engram.cl.nn.Initialisation;
import org.engram.cl.nn.Mlp;
import org.engram.cl.util.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Adam and SGD against their published update rules, written here independently in double
 * precision: Adam as Kingma and Ba 2015, Algorithm 1 (which is also PyTorch's {@code
 * torch.optim.Adam} with {@code amsgrad=False}, no weight decay), SGD as PyTorch's {@code
 * torch.optim.SGD} (v ← μv + g, θ ← θ − ηv; plain θ ← θ − ηg without momentum). Parameter vectors
 * span several of the optimiser's blocks and end in a partial one, gradients change sign and size
 * over many steps, and the hyperparameters are chosen so that every term (ε included) changes the
 * result.
 */
class OptimiserReferenceTest {
  /** Three full blocks and a partial fourth. */
  static final int SIZE = 3 * Optimiser.BLOCK + 37;

  static float[] randomVector(Random r, int n, double scale) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (scale * r.nextGaussian());
    }
    return v;
  }

  /** Kingma and Ba 2015, Algorithm 1, one parameter vector, double precision. */
  static final class ReferenceAdam {
    final double lr;
    final double b1;
    final double b2;
    final double eps;
    double[] m;
    double[] v;
    int t;

    ReferenceAdam(double lr, double b1, double b2, double eps, int n) {
      this.lr = lr;
      this.b1 = b1;
      this.b2 = b2;
      this.eps = eps;
      m = new double[n];
      v = new double[n];
    }

    void step(double[] theta, float[] g) {
      t++;
      for (int i = 0; i < theta.length; i++) {
        m[i] = b1 * m[i] + (1 - b1) * g[i];
        v[i] = b2 * v[i] + (1 - b2) * g[i] * (double) g[i];
        double mHat = m[i] / (1 - Math.pow(b1, t));
        double vHat = v[i] / (1 - Math.pow(b2, t));
        theta[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
      }
    }
  }

  static double[] toDouble(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i];
    }
    return d;
  }

  static void assertClose(double[] expected, float[] actual, double tol, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      assertEquals(
          expected[i], actual[i], tol * (1 + Math.abs(expected[i])), what + ", parameter " + i);
    }
  }

  @ParameterizedTest(name = "lr {0}, beta1 {1}, beta2 {2}, eps {3}")
  @CsvSource({
    "0.001, 0.9, 0.999, 1e-8",
    // a large ε and small gradients make ε matter; low β2 makes the bias correction matter less
    "0.01, 0.8, 0.95, 0.05",
    "0.05, 0.0, 0.5, 1e-3",
    "0.002, 0.5, 0.0, 1e-2"
  })
  void adamFollowsAlgorithmOneOverManySteps(double lr, double b1, double b2, double eps) {
    Random r = new Random(11);
    float[] params = randomVector(r, SIZE, 1);
    double[] ref = toDouble(params);
    Optimiser adam =
        Optimiser.create(new OptimiserSpec(OptimiserSpec.Kind.ADAM, lr, 0, b1, b2, eps), SIZE);
    ReferenceAdam reference = new ReferenceAdam(lr, b1, b2, eps, SIZE);
    for (int step = 0; step < 40; step++) {
      // sizes from 1e-3 to 10 and both signs, a few exact zeros
      float[] g = randomVector(r, SIZE, Math.pow(10, (step % 5) - 3));
      for (int i = step; i < SIZE; i += 97) {
        g[i] = 0f;
      }
      adam.step(params, g);
      reference.step(ref, g);
    }
    assertClose(ref, params, 2e-5, "Adam");
    // the run moved the parameters by much more than the tolerance
    double moved = 0;
    float[] start = randomVector(new Random(11), SIZE, 1);
    for (int i = 0; i < SIZE; i++) {
      moved = Math.max(moved, Math.abs(start[i] - params[i]));
    }
    assertTrue(moved > 100 * 2e-5, "moved " + moved);
  }

  @Test
  void adamsFirstStepMovesEveryParameterByTheLearningRateWithTheGradientsSign() {
    // Algorithm 1 at t = 1: m̂ = g, v̂ = g², so Δθ = −η g / (|g| + ε) ≈ −η sign(g).
    Optimiser adam = Optimiser.create(OptimiserSpec.adam(0.01), 3);
    float[] p = {0f, 0f, 0f};
    adam.step(p, new float[] {3f, -0.25f, 0f});
    assertArrayEquals(new float[] {-0.01f, 0.01f, 0f}, p, 1e-7f);
  }

  @ParameterizedTest(name = "lr {0}, momentum {1}")
  @CsvSource({"0.1, 0", "0.05, 0.9", "0.01, 0.5", "0.2, 0.99"})
  void sgdIsPyTorchsUpdate(double lr, double momentum) {
    Random r = new Random(12);
    float[] params = randomVector(r, SIZE, 1);
    double[] ref = toDouble(params);
    double[] buf = new double[SIZE];
    Optimiser sgd = Optimiser.create(OptimiserSpec.sgd(lr, momentum), SIZE);
    for (int step = 0; step < 30; step++) {
      float[] g = randomVector(r, SIZE, 1);
      sgd.step(params, g);
      for (int i = 0; i < SIZE; i++) {
        // torch.optim.SGD: buf = g at the first step, then buf = μ buf + g (dampening 0)
        buf[i] = step == 0 ? g[i] : momentum * buf[i] + g[i];
        ref[i] -= lr * (momentum == 0 ? g[i] : buf[i]);
      }
    }
    assertClose(ref, params, 1e-5, "SGD");
  }

  @Test
  void blockTermSeesEachBlockOnceBeforeItsUpdateAndTheUpdateUsesWhatItAdded() {
    Random r = new Random(13);
    float[] params = randomVector(r, SIZE, 1);
    float[] before = params.clone();
    float[] grad = randomVector(r, SIZE, 1);
    float[] dataGrad = grad.clone();
    int blocks = Optimiser.blocks(SIZE);
    assertEquals(4, blocks);
    AtomicIntegerArray calls = new AtomicIntegerArray(blocks);
    Optimiser sgd = Optimiser.create(OptimiserSpec.sgd(0.5, 0), SIZE);
    sgd.step(
        params,
        grad,
        (block, from, to) -> {
          calls.incrementAndGet(block);
          assertEquals(block * Optimiser.BLOCK, from, "block start");
          assertEquals(Math.min(SIZE, (block + 1) * Optimiser.BLOCK), to, "block end");
          for (int i = from; i < to; i++) {
            // the block is still at its old values, and its gradient is the data gradient
            assertEquals(before[i], params[i], "parameter " + i + " updated before its term");
            grad[i] += 3 * params[i]; // the gradient of 1.5 θ²
          }
        });
    for (int b = 0; b < blocks; b++) {
      assertEquals(1, calls.get(b), "calls for block " + b);
    }
    for (int i = 0; i < SIZE; i++) {
      double expected = before[i] - 0.5 * (dataGrad[i] + 3.0 * before[i]);
      assertEquals(expected, params[i], 1e-5 * (1 + Math.abs(expected)), "parameter " + i);
    }
  }

  @Test
  void blockCount() {
    assertEquals(0, Optimiser.blocks(0));
    assertEquals(1, Optimiser.blocks(1));
    assertEquals(1, Optimiser.blocks(Optimiser.BLOCK));
    assertEquals(2, Optimiser.blocks(Optimiser.BLOCK + 1));
    assertEquals(3, Optimiser.blocks(3 * Optimiser.BLOCK));
  }

  /** A small network whose head grows by one unit: the map of its growth. */
  static IndexMap growth(Mlp net) {
    IndexMap map = net.ensureClasses(0, new int[] {0, 1, 2}, new Rng(2));
    assertTrue(map != null && map.newSize() > map.oldSize());
    return map;
  }

  static Mlp smallNet() {
    Rng rng = new Rng(1);
    Mlp net = new Mlp(3, new int[] {4}, Activation.TANH, Initialisation.XAVIER, rng);
    net.ensureClasses(0, new int[] {0, 1}, rng);
    return net;
  }

  /**
   * After growth, old parameters keep their moments and the step count goes on; new ones start with
   * zero moments under the shared t (so their bias correction is that of step t, not step 1).
   */
  @Test
  void adamStateFollowsGrowth() {
    Mlp net = smallNet();
    int n0 = net.parameterCount();
    Random r = new Random(14);
    double lr = 0.01;
    Optimiser adam = Optimiser.create(OptimiserSpec.adam(lr), n0);
    float[] p = net.params().clone();
    ReferenceAdam ref = new ReferenceAdam(lr, 0.9, 0.999, 1e-8, n0);
    double[] refP = toDouble(p);
    for (int s = 0; s < 5; s++) {
      float[] g = randomVector(r, n0, 1);
      adam.step(p, g);
      ref.step(refP, g);
    }
    IndexMap map = growth(net);
    assertEquals(map.newSize(), map.remap(p).length);
    adam.remap(map);
    assertEquals(map.newSize(), adam.size());
    int n1 = map.newSize();
    boolean[] inherited = map.inherited();
    // the reference's state, moved by hand: old entries where the map sends them, zeros elsewhere
    ReferenceAdam moved = new ReferenceAdam(lr, 0.9, 0.999, 1e-8, n1);
    moved.t = ref.t;
    double[] movedP = new double[n1];
    float[] grown = map.remap(p);
    for (int i = 0; i < n1; i++) {
      movedP[i] = grown[i];
    }
    float[] probeM = map.remap(toFloat(ref.m));
    float[] probeV = map.remap(toFloat(ref.v));
    for (int i = 0; i < n1; i++) {
      moved.m[i] = inherited[i] ? probeM[i] : 0;
      moved.v[i] = inherited[i] ? probeV[i] : 0;
    }
    for (int s = 0; s < 3; s++) {
      float[] g = randomVector(r, n1, 1);
      adam.step(grown, g);
      moved.step(movedP, g);
    }
    assertClose(movedP, grown, 2e-5, "Adam after growth");
  }

  static float[] toFloat(double[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      f[i] = (float) a[i];
    }
    return f;
  }

  @Test
  void sgdVelocityFollowsGrowth() {
    Mlp net = smallNet();
    int n0 = net.parameterCount();
    Optimiser sgd = Optimiser.create(OptimiserSpec.sgd(0.1, 0.5), n0);
    float[] p = new float[n0];
    float[] ones = new float[n0];
    java.util.Arrays.fill(ones, 1f);
    sgd.step(p, ones); // velocity 1 everywhere
    IndexMap map = growth(net);
    sgd.remap(map);
    assertEquals(map.newSize(), sgd.size());
    assertEquals(4L * map.newSize(), sgd.memoryBytes());
    float[] q = new float[map.newSize()];
    sgd.step(q, new float[map.newSize()]); // zero gradient: only the velocity moves θ
    boolean[] inherited = map.inherited();
    for (int i = 0; i < q.length; i++) {
      // old entries: v = 0.5 · 1, θ = −0.1 · 0.5; new ones have no velocity
      assertEquals(inherited[i] ? -0.05f : 0f, q[i], 1e-7f, "parameter " + i);
    }
  }

  @Test
  void sgdWithoutMomentumKeepsNoStateAndFollowsGrowthInSize() {
    Mlp net = smallNet();
    Optimiser sgd = Optimiser.create(OptimiserSpec.sgd(0.1, 0), net.parameterCount());
    assertEquals(0, sgd.memoryBytes());
    IndexMap map = growth(net);
    sgd.remap(map);
    assertEquals(map.newSize(), sgd.size());
    assertEquals(0, sgd.memoryBytes());
  }

  @Test
  void memoryIsTheStateHeld() {
    assertEquals(8L * 100, Optimiser.create(OptimiserSpec.adam(0.1), 100).memoryBytes());
    assertEquals(4L * 100, Optimiser.create(OptimiserSpec.sgd(0.1, 0.9), 100).memoryBytes());
    assertEquals(100, Optimiser.create(OptimiserSpec.adam(0.1), 100).size());
    assertEquals(100, Optimiser.create(OptimiserSpec.sgd(0.1, 0.9), 100).size());
  }

  /** Steps that continue after {@code restore} or after loading must equal those that did not. */
  static void assertContinuesExactly(Optimiser a, Optimiser b, float[] pa, float[] pb, long seed) {
    Random r = new Random(seed);
    for (int s = 0; s < 4; s++) {
      float[] g = randomVector(r, pa.length, 1);
      a.step(pa, g);
      b.step(pb, g.clone());
    }
    assertArrayEquals(pa, pb);
  }

  @ParameterizedTest
  @CsvSource({"ADAM, 0", "SGD, 0.9", "SGD, 0"})
  void checkpointRestoresTheStateOfThatMoment(OptimiserSpec.Kind kind, double momentum) {
    OptimiserSpec spec =
        kind == OptimiserSpec.Kind.ADAM
            ? OptimiserSpec.adam(0.01)
            : OptimiserSpec.sgd(0.01, momentum);
    int n = 2 * Optimiser.BLOCK + 7; // several blocks, the last one short
    Random r = new Random(15);
    Optimiser a = Optimiser.create(spec, n);
    Optimiser b = Optimiser.create(spec, n);
    float[] pa = randomVector(r, n, 1);
    for (int s = 0; s < 3; s++) {
      float[] g = randomVector(r, n, 1);
      a.step(pa, g);
      b.step(pa.clone(), g);
    }
    float[] pb = pa.clone();
    float[] before = pa.clone();
    Runnable restore = a.checkpoint(pa);
    for (int s = 0; s < 5; s++) {
      a.step(pa, randomVector(r, n, 5)); // steps that a failure undoes
    }
    restore.run();
    assertArrayEquals(before, pa, "the parameters as they were");
    assertContinuesExactly(a, b, pa, pb, 16);
    // a checkpoint whose step never came puts nothing back but what it holds, and arms no later one
    float[] pc = pa.clone();
    Runnable unused = a.checkpoint(pa);
    unused.run();
    assertArrayEquals(pc, pa);
    Runnable stale = a.checkpoint(pa);
    stale.run();
    a.step(pa, randomVector(r, n, 1));
    float[] stepped = pa.clone();
    stale.run(); // already run once: nothing was saved since, so nothing changes
    assertArrayEquals(stepped, pa);
  }

  static byte[] bytes(Optimiser o) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bos)) {
      o.write(out);
    }
    return bos.toByteArray();
  }

  static DataInputStream in(byte[] b) {
    return new DataInputStream(new ByteArrayInputStream(b));
  }

  @ParameterizedTest
  @CsvSource({"ADAM, 0", "SGD, 0.9", "SGD, 0"})
  void savedStateContinuesTraining(OptimiserSpec.Kind kind, double momentum) throws IOException {
    OptimiserSpec spec =
        kind == OptimiserSpec.Kind.ADAM
            ? OptimiserSpec.adam(0.01)
            : OptimiserSpec.sgd(0.01, momentum);
    int n = 40;
    Random r = new Random(17);
    Optimiser a = Optimiser.create(spec, n);
    float[] pa = randomVector(r, n, 1);
    for (int s = 0; s < 6; s++) {
      a.step(pa, randomVector(r, n, 1));
    }
    Optimiser b = Optimiser.create(spec, n);
    b.read(in(bytes(a)));
    assertContinuesExactly(a, b, pa, pa.clone(), 18);
  }

  @Test
  void aStateSavedBeforeAnyStepReadsBack() throws IOException {
    Optimiser fresh = Optimiser.create(OptimiserSpec.adam(0.01), 5);
    Optimiser b = Optimiser.create(OptimiserSpec.adam(0.01), 5);
    b.read(in(bytes(fresh)));
    float[] p = new float[5];
    assertContinuesExactly(fresh, b, p, p.clone(), 19);
  }

  @Test
  void stateOfAnotherSizeOrAnInvalidStepCountIsRefused() throws IOException {
    Optimiser adam = Optimiser.create(OptimiserSpec.adam(0.01), 10);
    adam.step(new float[10], new float[10]);
    byte[] state = bytes(adam);
    IOException e =
        assertThrows(
            IOException.class,
            () -> Optimiser.create(OptimiserSpec.adam(0.01), 11).read(in(state)));
    assertTrue(e.getMessage().contains("10 entries, expected 11"), e.getMessage());
    byte[] negative = state.clone();
    negative[0] = (byte) 0x80; // the step count's sign bit
    e =
        assertThrows(
            IOException.class,
            () -> Optimiser.create(OptimiserSpec.adam(0.01), 10).read(in(negative)));
    assertTrue(e.getMessage().contains("step count"), e.getMessage());
    // SGD with momentum cannot read a state without velocity, nor the reverse
    byte[] none = bytes(Optimiser.create(OptimiserSpec.sgd(0.1, 0), 10));
    assertThrows(
        IOException.class, () -> Optimiser.create(OptimiserSpec.sgd(0.1, 0.9), 10).read(in(none)));
    byte[] some = bytes(Optimiser.create(OptimiserSpec.sgd(0.1, 0.9), 10));
    e =
        assertThrows(
            IOException.class,
            () -> Optimiser.create(OptimiserSpec.sgd(0.1, 0), 10).read(in(some)));
    assertTrue(e.getMessage().contains("expected -1"), e.getMessage());
  }

  /**
   * The subnormal flushing's contract ({@link org.engram.cl.util.Denormals}): a moment whose
   * gradient stopped decays towards zero without ever becoming subnormal, and the updates stay
   * those of Algorithm 1 (what is flushed is below anything that moves a parameter).
   */
  @Test
  void adamsMomentsDecayWithoutEverBecomingSubnormal() throws IOException {
    int n = 8;
    Optimiser adam = Optimiser.create(OptimiserSpec.adam(1e-3), n);
    ReferenceAdam ref = new ReferenceAdam(1e-3, 0.9, 0.999, 1e-8, n);
    float[] p = new float[n];
    double[] refP = new double[n];
    float[] g = {1f, -1f, 1e-3f, -1e-3f, 1e-20f, 1e-30f, 5f, -5f};
    adam.step(p, g);
    ref.step(refP, g);
    float[] zero = new float[n];
    for (int s = 0; s < 2000; s++) {
      adam.step(p, zero);
      ref.step(refP, zero);
      if (s % 50 == 0 || s > 1990) {
        DataInputStream in = in(bytes(adam));
        in.readInt();
        for (int k = 0; k < 2; k++) {
          assertEquals(n, in.readInt());
          for (int i = 0; i < n; i++) {
            float v = in.readFloat();
            assertTrue(
                v == 0f || Math.abs(v) >= Float.MIN_NORMAL,
                "moment " + k + " of parameter " + i + " is subnormal at step " + s + ": " + v);
          }
        }
      }
    }
    // The first moments (0.9^2000 of their start) are long flushed; the second (0.999^2000) are
    // not.
    assertClose(refP, p, 1e-5, "Adam after the moments decayed");
  }

  @Test
  void specValidationNamesTheField() {
    assertRefused("learningRate", () -> OptimiserSpec.adam(0));
    assertRefused("learningRate", () -> OptimiserSpec.adam(-1));
    assertRefused("learningRate", () -> OptimiserSpec.adam(Double.POSITIVE_INFINITY));
    assertRefused("learningRate", () -> OptimiserSpec.adam(Double.NaN));
    assertRefused("momentum", () -> OptimiserSpec.sgd(0.1, 1));
    assertRefused("momentum", () -> OptimiserSpec.sgd(0.1, -0.01));
    assertRefused("beta1", () -> new OptimiserSpec(OptimiserSpec.Kind.ADAM, 0.1, 0, 1, 0.9, 1e-8));
    assertRefused(
        "beta1", () -> new OptimiserSpec(OptimiserSpec.Kind.ADAM, 0.1, 0, -0.1, 0.9, 1e-8));
    assertRefused("beta2", () -> new OptimiserSpec(OptimiserSpec.Kind.ADAM, 0.1, 0, 0.9, 1, 1e-8));
    assertRefused(
        "beta2", () -> new OptimiserSpec(OptimiserSpec.Kind.ADAM, 0.1, 0, 0.9, -0.1, 1e-8));
    assertRefused("epsilon", () -> new OptimiserSpec(OptimiserSpec.Kind.ADAM, 0.1, 0, 0.9, 0.9, 0));
    assertRefused("kind", () -> new OptimiserSpec(null, 0.1, 0, 0.9, 0.9, 1e-8));
    // the edges that are allowed
    OptimiserSpec.sgd(Double.MIN_VALUE, 0);
    new OptimiserSpec(OptimiserSpec.Kind.ADAM, 0.1, 0, 0, 0, Double.MIN_VALUE);
    OptimiserSpec adam = OptimiserSpec.adam(0.003);
    assertEquals(OptimiserSpec.Kind.ADAM, adam.kind());
    assertEquals(0.003, adam.learningRate());
    assertEquals(0.9, adam.beta1());
    assertEquals(0.999, adam.beta2());
    assertEquals(1e-8, adam.epsilon());
    OptimiserSpec sgd = OptimiserSpec.sgd(0.2, 0.7);
    assertEquals(OptimiserSpec.Kind.SGD, sgd.kind());
    assertEquals(0.7, sgd.momentum());
    assertEquals(0.2, sgd.learningRate());
  }

  static void assertRefused(String field, Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().contains(field), e.getMessage());
  }

  /**
   * A step says whether every parameter it wrote is finite, whichever block went wrong: the learner
   * relies on it instead of passing over the parameters after each call.
   */
  @Test
  void aStepReportsANonFiniteParameterInAnyBlock() {
    int n = 3 * Optimiser.BLOCK + 5;
    float[] grad = new float[n];
    java.util.Arrays.fill(grad, 0.5f);
    for (OptimiserSpec spec :
        new OptimiserSpec[] {OptimiserSpec.adam(0.01), OptimiserSpec.sgd(0.1, 0.9)}) {
      assertTrue(Optimiser.create(spec, n).step(new float[n], grad), spec + ": a finite step");
      for (int at : new int[] {0, Optimiser.BLOCK + 1, n - 1}) {
        float[] bad = grad.clone();
        bad[at] = Float.NaN;
        assertTrue(
            !Optimiser.create(spec, n).step(new float[n], bad), spec + ": NaN gradient at " + at);
      }
    }
  }

  /**
   * A checkpoint taken after growth covers every grown parameter and moment: its spare arrays,
   * sized for the network before growth, are not reused for the larger one.
   */
  @ParameterizedTest
  @CsvSource({"ADAM, 0", "SGD, 0.9"})
  void aCheckpointAfterGrowthCoversTheGrownParameters(OptimiserSpec.Kind kind, double momentum)
      throws IOException {
    OptimiserSpec spec =
        kind == OptimiserSpec.Kind.ADAM
            ? OptimiserSpec.adam(0.01)
            : OptimiserSpec.sgd(0.01, momentum);
    Mlp net = smallNet();
    int n0 = net.parameterCount();
    Random r = new Random(21);
    Optimiser o = Optimiser.create(spec, n0);
    float[] p = net.params().clone();
    o.checkpoint(p);
    o.step(p, randomVector(r, n0, 1)); // the spare arrays now hold n0 entries
    IndexMap map = growth(net);
    o.remap(map);
    float[] grown = map.remap(p);
    float[] before = grown.clone();
    byte[] state = bytes(o);
    Runnable restore = o.checkpoint(grown);
    o.step(grown, randomVector(r, grown.length, 1));
    restore.run();
    assertArrayEquals(before, grown);
    assertArrayEquals(state, bytes(o));
  }

  /** Plain SGD has no velocity to clear when a kept optimiser starts a new task. */
  @Test
  void plainSgdStartsATaskWithNothingToClear() {
    Optimiser sgd = Optimiser.create(OptimiserSpec.sgd(0.1, 0), 5);
    sgd.startTask();
    assertEquals(0, sgd.memoryBytes());
  }
}
