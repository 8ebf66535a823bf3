package org.engram.cl.nn;

import java.util.Arrays;

/** Buffers for one minibatch: inputs, activations, gradients and scratch space. */
public final class Workspace {
  final Mlp net;
  private final int capacity;
  final float[] input;
  final float[][] act;
  final float[][] delta;
  final float[] dFeatures;
  private float[][] logits = new float[0][];
  private float[][] logitGradients = new float[0][];
  private float[] scratchA = new float[0];
  private float[] scratchD = new float[0];

  Workspace(Mlp net, int capacity) {
    this.net = net;
    this.capacity = capacity;
    // The inputs and activations, the transposed operands of the weight-gradient products, have
    // one row to spare: a native BLAS reached through netlib checks a block of their columns as if
    // each column were a full row long, and refuses all but the first block of a split product
    // without it (NetlibGemm splits those products across threads).
    this.input = new float[(capacity + 1) * net.inputSize()];
    this.act = new float[net.hiddenCount()][];
    this.delta = new float[net.hiddenCount()][];
    for (int l = 0; l < net.hiddenCount(); l++) {
      act[l] = new float[(capacity + 1) * net.hiddenSize(l)];
      delta[l] = new float[capacity * net.hiddenSize(l)];
    }
    this.dFeatures = net.hiddenCount() == 0 ? new float[0] : delta[net.hiddenCount() - 1];
    fitHeads();
  }

  /**
   * @return the batch's input rows (capacity × inputSize, row-major); fill before forwardTrunk
   */
  public float[] input() {
    return input;
  }

  /**
   * @return the largest batch this workspace holds
   */
  public int capacity() {
    return capacity;
  }

  /**
   * @return the trunk's output for the batch (the inputs when there is no hidden layer)
   */
  public float[] features() {
    return act.length == 0 ? input : act[act.length - 1];
  }

  /**
   * Sizes the per-head buffers for the network's current heads. Called on creation; call it again
   * after the network grew and before running row ranges of a batch concurrently (a buffer is
   * otherwise created on first use).
   */
  public void fitHeads() {
    int heads = net.headCount();
    if (logits.length < heads) {
      logits = Arrays.copyOf(logits, heads);
      logitGradients = Arrays.copyOf(logitGradients, heads);
    }
    for (int h = 0; h < heads; h++) {
      int size = capacity * net.headSize(h);
      if (logits[h] == null || logits[h].length < size) {
        logits[h] = new float[size];
        logitGradients[h] = new float[size];
      }
    }
  }

  /** Returns a head's logit buffer, capacity × headSize(head). */
  float[] logits(int head) {
    if (head >= logits.length || logits[head].length < capacity * net.headSize(head)) {
      fitHeads();
    }
    return logits[head];
  }

  /**
   * @param head head index
   * @return a buffer for the gradient with respect to the head's logits, capacity × headSize(head),
   *     owned by the workspace (the training loop fills it; output-loss terms add to it)
   */
  public float[] logitGradient(int head) {
    if (head >= logitGradients.length
        || logitGradients[head].length < capacity * net.headSize(head)) {
      fitHeads();
    }
    return logitGradients[head];
  }

  float[] scratchA(int size) {
    if (scratchA.length < size) {
      scratchA = new float[size];
    }
    return scratchA;
  }

  float[] scratchD(int size) {
    if (scratchD.length < size) {
      scratchD = new float[size];
    }
    return scratchD;
  }
}
