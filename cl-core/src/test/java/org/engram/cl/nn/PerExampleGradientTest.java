package org.engram.cl.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The batched squared/absolute reductions equal the sum over examples of each example's own
 * gradient squared or made absolute, computed one example at a time.
 */
class PerExampleGradientTest {

  @ParameterizedTest
  @EnumSource(
      value = GradientMode.class,
      names = {"SQUARED", "ABSOLUTE"})
  void batchedReductionEqualsLoopOverExamples(GradientMode mode) {
    Mlp m = GradientCheckTest.net(Activation.TANH, 11);
    Workspace ws = GradientCheckTest.input(m, 12);
    int rows = GradientCheckTest.ROWS;
    int n = m.headSize(0);
    float[] dz = new float[rows * n];
    for (int i = 0; i < dz.length; i++) {
      dz[i] = (float) Math.sin(i + 1);
    }
    float[] batched = new float[m.parameterCount()];
    m.forwardTrunk(ws, rows);
    m.forwardHead(ws, 0, rows);
    m.beginBackward(ws, rows);
    m.backwardHead(ws, 0, rows, dz, batched, mode);
    m.backwardTrunk(ws, rows, batched, mode);

    float[] looped = new float[m.parameterCount()];
    Workspace one = m.workspace(1);
    for (int r = 0; r < rows; r++) {
      System.arraycopy(ws.input(), r * m.inputSize(), one.input(), 0, m.inputSize());
      float[] g = new float[m.parameterCount()];
      m.forwardTrunk(one, 1);
      m.forwardHead(one, 0, 1);
      m.beginBackward(one, 1);
      float[] d = new float[n];
      System.arraycopy(dz, r * n, d, 0, n);
      m.backwardHead(one, 0, 1, d, g, GradientMode.SUM);
      m.backwardTrunk(one, 1, g, GradientMode.SUM);
      for (int i = 0; i < g.length; i++) {
        looped[i] += mode == GradientMode.SQUARED ? g[i] * g[i] : Math.abs(g[i]);
      }
    }
    for (int i = 0; i < looped.length; i++) {
      assertEquals(looped[i], batched[i], 1e-4 + 1e-4 * Math.abs(looped[i]), "parameter " + i);
    }
  }
}
