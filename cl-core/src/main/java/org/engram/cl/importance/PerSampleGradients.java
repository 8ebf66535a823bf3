package org.engram.cl.importance;

import org.engram.cl.data.TaskData;
import org.engram.cl.nn.GradientMode;
import org.engram.cl.nn.Mlp;
import org.engram.cl.nn.Workspace;

/**
 * Runs the network over a sample in chunks and sums per-example squared or absolute gradients,
 * using one batched backward pass per chunk and output gradient (see {@link GradientMode}).
 */
final class PerSampleGradients {
  static final int CHUNK = 256;

  /** Fills the logit gradient of one chunk and requests backward passes. */
  interface Chunk {
    /**
     * @param logits the head's logits for the chunk, rows × n
     * @param n head units
     * @param rows rows in the chunk
     * @param first index of the chunk's first row in the sample
     * @param pass runs a backward pass for a given logit gradient
     */
    void visit(float[] logits, int n, int rows, int first, Pass pass);
  }

  /** A backward pass with a given logit gradient, accumulated in the chosen mode. */
  interface Pass {
    void backward(float[] dLogits);
  }

  private PerSampleGradients() {}

  /**
   * @return Σ over the sample of the reduced per-example gradient, divided by the sample size
   */
  static float[] mean(Mlp net, TaskData sample, int head, GradientMode mode, Chunk chunk) {
    int p = net.parameterCount();
    if (sample.size() == 0) {
      // Every row of the task was weighted out (weight-0 rows never enter the sample): it taught
      // nothing, so nothing is important; 0/0 would make the penalty NaN for every later task.
      return new float[p];
    }
    double[] total = new double[p];
    float[] acc = new float[p];
    int d = net.inputSize();
    Workspace ws = net.workspace(Math.min(CHUNK, sample.size()));
    for (int first = 0; first < sample.size(); first += CHUNK) {
      int rows = Math.min(CHUNK, sample.size() - first);
      System.arraycopy(sample.features(), first * d, ws.input(), 0, rows * d);
      net.forwardTrunk(ws, rows);
      float[] z = net.forwardHead(ws, head, rows);
      java.util.Arrays.fill(acc, 0f);
      chunk.visit(
          z,
          net.headSize(head),
          rows,
          first,
          dz -> {
            net.beginBackward(ws, rows);
            net.backwardHead(ws, head, rows, dz, acc, mode);
            net.backwardTrunk(ws, rows, acc, mode);
          });
      for (int i = 0; i < p; i++) {
        total[i] += acc[i];
      }
    }
    float[] out = new float[p];
    for (int i = 0; i < p; i++) {
      out[i] = (float) (total[i] / sample.size());
    }
    return out;
  }
}
