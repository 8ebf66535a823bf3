package org.engram.cl.importance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import org.engram.cl.data.TaskData;
import org.engram.cl.nn.Activation;
import org.engram.cl.nn.IndexMap;
import org.engram.cl.nn.Initialisation;
import org.engram.cl.nn.Mlp;
import org.engram.cl.util.Rng;
import org.junit.jupiter.api.Test;

/**
 * Synaptic Intelligence's bookkeeping against its definition (Zenke et al. 2017, eq. 4-5), worked
 * out here from the gradients and parameters handed to it: ω_i = −Σ_k g_k,i (θ_k,i − θ_k−1,i), Ω_i
 * = ω_i / ((θ_end,i − θ_start,i)² + ξ), gradients handed over block by block; parameters created
 * mid-task start their path at their value then; a checkpoint undoes the steps after it; the state
 * saved mid-task continues the same path. And the other estimators' contracts.
 */
class SynapticIntelligenceByHandTest {
  static final double XI = 0.3;

  static Mlp net() {
    Rng rng = new Rng(5);
    Mlp m = new Mlp(2, new int[] {3}, Activation.TANH, Initialisation.XAVIER, rng);
    m.ensureClasses(0, new int[] {0, 1}, rng);
    return m;
  }

  static float[] random(Random r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  /** The path of one task, kept by hand in double. */
  static final class Path {
    final double[] start;
    final double[] previous;
    final double[] omega;

    Path(float[] p) {
      start = new double[p.length];
      previous = new double[p.length];
      omega = new double[p.length];
      for (int i = 0; i < p.length; i++) {
        start[i] = p[i];
        previous[i] = p[i];
      }
    }

    void step(float[] g, float[] p) {
      for (int i = 0; i < p.length; i++) {
        omega[i] -= g[i] * (p[i] - previous[i]);
        previous[i] = p[i];
      }
    }

    double importance(int i, float end) {
      double d = end - start[i];
      return omega[i] / (d * d + XI);
    }
  }

  /** Hands the gradient over in two blocks split at {@code cut}, garbage outside each block. */
  static void observe(SynapticIntelligence si, float[] g, int cut) {
    float[] first = g.clone();
    float[] second = g.clone();
    for (int i = cut; i < g.length; i++) {
      first[i] = 1e6f;
    }
    for (int i = 0; i < cut; i++) {
      second[i] = -1e6f;
    }
    si.observeGradient(second, cut, g.length);
    si.observeGradient(first, 0, cut);
  }

  @Test
  void importanceIsThePathIntegralOverTheSquaredDisplacementPlusDamping() {
    Mlp net = net();
    int n = net.parameterCount();
    Random r = new Random(1);
    SynapticIntelligence si = new SynapticIntelligence(XI);
    assertFalse(si.needsSamples());
    assertEquals(0, si.pathIntegral().length, "no path before a task");
    assertEquals(0, si.memoryBytes());
    float[] p = net.params();
    si.beforeTask(p);
    Path path = new Path(p);
    assertEquals(16L * n, si.memoryBytes());
    for (int k = 0; k < 6; k++) {
      float[] g = random(r, n);
      observe(si, g, 1 + k * 3);
      for (int i = 0; i < n; i++) {
        // every third step goes uphill: ω_i of either sign
        p[i] -= (float) ((k % 3 == 2 ? -0.2 : 0.1) * g[i] + 0.02 * r.nextGaussian());
      }
      si.observeStep(p);
      path.step(g, p);
    }
    double[] omega = si.pathIntegral();
    for (int i = 0; i < n; i++) {
      assertEquals(path.omega[i], omega[i], 1e-6 * (1 + Math.abs(path.omega[i])), "ω " + i);
    }
    omega[0] = 1e9;
    assertEquals(path.omega[0], si.pathIntegral()[0], 1e-6, "pathIntegral is a copy");
    float[] importance = si.estimate(net, null, 0, null);
    int negative = 0;
    for (int i = 0; i < n; i++) {
      double expected = path.importance(i, p[i]);
      assertEquals(expected, importance[i], 1e-5 * (1 + Math.abs(expected)), "Ω " + i);
      negative += expected < 0 ? 1 : 0;
    }
    assertTrue(negative > 0, "a task's Ω may be negative (the consolidation clips the sum)");
    // the path ended: nothing until the next task begins
    assertEquals(0, si.pathIntegral().length);
    assertEquals(0, si.memoryBytes());
    assertArrayEquals(new float[n], si.estimate(net, null, 0, null));
    si.checkpoint().run(); // nothing to restore
    assertEquals(0, si.pathIntegral().length);
  }

  @Test
  void dampingMustBePositive() {
    for (double bad : new double[] {0, -0.1, Double.NaN}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> new SynapticIntelligence(bad));
      assertTrue(e.getMessage().contains("damping"), e.getMessage());
    }
  }

  /** A unit created mid-task starts its path at its value then; old parameters keep theirs. */
  @Test
  void parametersCreatedMidTaskStartWhereTheyWereCreated() {
    Mlp net = net();
    Random r = new Random(2);
    SynapticIntelligence si = new SynapticIntelligence(XI);
    si.beforeTask(net.params());
    Path before = new Path(net.params());
    float[] p = net.params();
    for (int k = 0; k < 3; k++) {
      float[] g = random(r, p.length);
      si.observeGradient(g, 0, p.length);
      for (int i = 0; i < p.length; i++) {
        p[i] -= 0.1f * g[i];
      }
      si.observeStep(p);
      before.step(g, p);
    }
    IndexMap map = net.ensureClasses(0, new int[] {2}, new Rng(7));
    float[] q = net.params();
    si.remap(map, q);
    boolean[] old = map.inherited();
    // the hand-kept path, moved: old entries where the map sends them, new ones start at q
    Path after = new Path(q);
    float[] startOld = map.remap(toFloat(before.start));
    float[] omegaOld = map.remap(toFloat(before.omega));
    for (int i = 0; i < q.length; i++) {
      if (old[i]) {
        after.start[i] = startOld[i];
        after.omega[i] = omegaOld[i];
      }
    }
    double[] moved = si.pathIntegral();
    for (int i = 0; i < q.length; i++) {
      assertEquals(after.omega[i], moved[i], 1e-6 * (1 + Math.abs(after.omega[i])), "ω " + i);
    }
    for (int k = 0; k < 3; k++) {
      float[] g = random(r, q.length);
      si.observeGradient(g, 0, q.length);
      for (int i = 0; i < q.length; i++) {
        q[i] -= 0.1f * g[i];
      }
      si.observeStep(q);
      after.step(g, q);
    }
    float[] importance = si.estimate(net, null, 0, null);
    int fresh = 0;
    for (int i = 0; i < q.length; i++) {
      double expected = after.importance(i, q[i]);
      assertEquals(expected, importance[i], 1e-5 * (1 + Math.abs(expected)), "Ω " + i);
      fresh += old[i] ? 0 : 1;
    }
    assertTrue(fresh > 0);
  }

  static float[] toFloat(double[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      f[i] = (float) a[i];
    }
    return f;
  }

  @Test
  void growthBeforeATaskIsIgnored() {
    Mlp net = net();
    SynapticIntelligence si = new SynapticIntelligence(XI);
    IndexMap map = net.ensureClasses(0, new int[] {2}, new Rng(7));
    si.remap(map, net.params());
    assertEquals(0, si.pathIntegral().length);
  }

  /** Steps after a checkpoint are undone, the gradient they saw included. */
  @Test
  void aCheckpointUndoesTheStepsAfterIt() {
    Mlp net = net();
    int n = net.parameterCount();
    Random r = new Random(3);
    SynapticIntelligence si = new SynapticIntelligence(XI);
    float[] p = net.params();
    si.beforeTask(p);
    Path path = new Path(p);
    float[] g0 = random(r, n);
    si.observeGradient(g0, 0, n);
    float[] p1 = p.clone();
    for (int i = 0; i < n; i++) {
      p1[i] -= 0.1f * g0[i];
    }
    si.observeStep(p1);
    path.step(g0, p1);
    Runnable restore = si.checkpoint();
    for (int k = 0; k < 3; k++) { // a failed update's steps
      si.observeGradient(random(r, n), 0, n);
      si.observeStep(random(r, n));
    }
    restore.run();
    // no gradient seen since: a step now adds nothing to ω, only moves "previous"
    float[] p2 = random(r, n);
    si.observeStep(p2);
    path.step(new float[n], p2);
    float[] g3 = random(r, n);
    si.observeGradient(g3, 0, n);
    float[] p3 = random(r, n);
    si.observeStep(p3);
    path.step(g3, p3);
    System.arraycopy(p3, 0, p, 0, n);
    float[] importance = si.estimate(net, null, 0, null);
    for (int i = 0; i < n; i++) {
      double expected = path.importance(i, p3[i]);
      assertEquals(expected, importance[i], 1e-5 * (1 + Math.abs(expected)), "Ω " + i);
    }
  }

  static byte[] bytes(ImportanceEstimator e) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    e.write(new DataOutputStream(bos));
    return bos.toByteArray();
  }

  static void read(ImportanceEstimator e, byte[] b) throws IOException {
    e.read(new DataInputStream(new ByteArrayInputStream(b)));
  }

  @Test
  void aStateSavedMidTaskContinuesThePath() throws IOException {
    Mlp net = net();
    int n = net.parameterCount();
    Random r = new Random(4);
    SynapticIntelligence si = new SynapticIntelligence(XI);
    float[] p = net.params();
    si.beforeTask(p);
    Path path = new Path(p);
    float[] g = random(r, n);
    si.observeGradient(g, 0, n);
    float[] p1 = random(r, n);
    si.observeStep(p1);
    path.step(g, p1);
    SynapticIntelligence back = new SynapticIntelligence(XI);
    read(back, bytes(si));
    assertEquals(16L * n, back.memoryBytes());
    float[] g2 = random(r, n);
    back.observeGradient(g2, 0, n);
    float[] p2 = random(r, n);
    back.observeStep(p2);
    path.step(g2, p2);
    System.arraycopy(p2, 0, p, 0, n);
    float[] importance = back.estimate(net, null, 0, null);
    for (int i = 0; i < n; i++) {
      double expected = path.importance(i, p2[i]);
      assertEquals(expected, importance[i], 1e-5 * (1 + Math.abs(expected)), "Ω " + i);
    }
    // a state between tasks reads back as no path, replacing one in progress
    SynapticIntelligence between = new SynapticIntelligence(XI);
    SynapticIntelligence busy = new SynapticIntelligence(XI);
    busy.beforeTask(p);
    read(busy, bytes(between));
    assertEquals(0, busy.pathIntegral().length);
    assertEquals(0, busy.memoryBytes());
  }

  @Test
  void implausiblePathLengthsAreRefused() throws IOException {
    for (int bad : new int[] {-1, (1 << 28) + 1}) {
      ByteArrayOutputStream bos = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bos);
      out.writeBoolean(true);
      out.writeInt(bad);
      IOException e =
          assertThrows(
              IOException.class, () -> read(new SynapticIntelligence(XI), bos.toByteArray()));
      assertTrue(e.getMessage().contains("path integral length"), e.getMessage());
    }
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bos);
    out.writeBoolean(true);
    out.writeInt(0);
    SynapticIntelligence empty = new SynapticIntelligence(XI);
    read(empty, bos.toByteArray());
    assertEquals(0, empty.memoryBytes());
    assertEquals(0, empty.pathIntegral().length);
  }

  /** L2's importance is one for every parameter; it and SI read no sample. */
  @Test
  void uniformImportanceIsOneEverywhere() {
    Mlp net = net();
    UniformImportance u = new UniformImportance();
    assertFalse(u.needsSamples());
    float[] omega = u.estimate(net, null, 0, null);
    assertEquals(net.parameterCount(), omega.length);
    for (float v : omega) {
      assertEquals(1f, v);
    }
  }

  /** The data-based estimators read a sample and keep no state between tasks. */
  @Test
  void dataBasedEstimatorsReadSamplesAndKeepNoState() throws IOException {
    for (ImportanceEstimator e :
        new ImportanceEstimator[] {
          new MasImportance(), new FisherImportance(FisherImportance.Variant.EMPIRICAL)
        }) {
      assertTrue(e.needsSamples());
      assertEquals(0, e.memoryBytes());
      assertEquals(0, bytes(e).length);
      e.checkpoint().run();
    }
  }

  @Test
  void theEmpiricalFisherRefusesALabelTheHeadHasNoUnitFor() {
    Mlp net = net();
    TaskData sample = TaskData.of(new double[][] {{1, 2}, {3, 4}}, new int[] {1, 9});
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new FisherImportance(FisherImportance.Variant.EMPIRICAL)
                    .estimate(net, sample, 0, new Rng(1)));
    assertTrue(e.getMessage().contains("class 9"), e.getMessage());
  }
}
