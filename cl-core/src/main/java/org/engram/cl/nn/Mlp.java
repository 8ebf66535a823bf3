package org.engram.cl.nn;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.engram.cl.linalg.Gemm;
import org.engram.cl.linalg.Kernels;
import org.engram.cl.util.FloatIO;
import org.engram.cl.util.OptionException;
import org.engram.cl.util.Rng;

/**
 * A multilayer perceptron: a shared trunk of dense hidden layers and any number of output heads.
 *
 * <p>All parameters live in one flat {@code float[]}: first each trunk layer's weights (stored
 * fan_in × fan_out, row-major) and biases, then each head's weights and biases in creation order.
 * One flat vector lets importance, anchors and optimiser moments be plain arrays aligned with it.
 *
 * <p>A head is a softmax output layer keyed by an int (a task id, or {@link #SHARED_HEAD}); each of
 * its units stands for one class, given by a global class id. Heads and units can be added at any
 * time; existing weights are never touched, and the returned {@link IndexMap} tells the holders of
 * per-parameter arrays where every old parameter went.
 *
 * <p>Forward and backward work on minibatches held in a {@link Workspace}, which owns every buffer,
 * so the hot path allocates nothing per example.
 */
public final class Mlp {
  /** Key of the one head shared by all tasks (domain- and class-incremental scenarios). */
  public static final int SHARED_HEAD = -1;

  private final int inputSize;
  private final int[] hidden;
  private final Activation activation;
  private final Initialisation initialisation;
  private final int trunkSize;
  private final int[] trunkW;
  private final int[] trunkB;
  private final List<Head> heads = new ArrayList<>();
  private float[] params;

  /** One output head: its key, the global class id of each unit, and its place in the vector. */
  private static final class Head {
    final int key;
    int[] classes;
    int wOff;
    int bOff;

    Head(int key, int[] classes) {
      this.key = key;
      this.classes = classes;
    }
  }

  /**
   * Creates a network with no head yet.
   *
   * @param inputSize number of input features, positive
   * @param hidden sizes of the hidden layers (may be empty: then the heads see the inputs)
   * @param activation hidden non-linearity
   * @param initialisation weight initialisation
   * @param rng source of the initial weights
   */
  public Mlp(
      int inputSize, int[] hidden, Activation activation, Initialisation initialisation, Rng rng) {
    this(inputSize, hidden, activation, initialisation);
    int in = inputSize;
    for (int l = 0; l < hidden.length; l++) {
      for (int i = 0; i < in * hidden[l]; i++) {
        params[trunkW[l] + i] = initialisation.sample(rng, in, hidden[l]);
      }
      in = hidden[l];
    }
  }

  /** The architecture with every parameter 0 (for {@link #read}, which fills them). */
  private Mlp(int inputSize, int[] hidden, Activation activation, Initialisation initialisation) {
    if (inputSize <= 0) {
      throw new IllegalArgumentException("inputSize must be positive, got " + inputSize);
    }
    for (int h : hidden) {
      if (h <= 0) {
        throw new OptionException(
            "hidden", "hidden layer sizes must be positive, got " + Arrays.toString(hidden));
      }
    }
    long size = 0;
    long width = inputSize;
    for (int h : hidden) {
      size += width * h + h;
      width = h;
    }
    checkSize(
        size,
        "hidden",
        "hidden layer sizes " + Arrays.toString(hidden) + " with " + inputSize + " inputs");
    this.inputSize = inputSize;
    this.hidden = hidden.clone();
    this.activation = activation;
    this.initialisation = initialisation;
    this.trunkW = new int[hidden.length];
    this.trunkB = new int[hidden.length];
    int off = 0;
    int in = inputSize;
    for (int l = 0; l < hidden.length; l++) {
      trunkW[l] = off;
      off += in * hidden[l];
      trunkB[l] = off;
      off += hidden[l];
      in = hidden[l];
    }
    this.trunkSize = off;
    this.params = new float[trunkSize];
  }

  /** The most parameters a network may have: one Java float array holds them all. */
  public static final long MAX_PARAMETERS = Integer.MAX_VALUE - 8;

  /** Refuses a parameter count that no array (or heap) can hold, naming what asked for it. */
  private static void checkSize(long parameters, String option, String what) {
    long heap = Runtime.getRuntime().maxMemory();
    // training needs the parameters, their gradient and Adam's two moments at least
    if (parameters > MAX_PARAMETERS || 16 * parameters > heap) {
      throw new OptionException(
          option,
          what
              + " need "
              + parameters
              + " parameters ("
              + String.format(java.util.Locale.ROOT, "%.1f", 16.0 * parameters / (1L << 30))
              + " GB to train); the limit is "
              + Math.min(MAX_PARAMETERS, heap / 16)
              + " parameters with this JVM's "
              + (heap >> 20)
              + " MB heap: use smaller hidden layers");
    }
  }

  private Mlp(Mlp other) {
    this.inputSize = other.inputSize;
    this.hidden = other.hidden.clone();
    this.activation = other.activation;
    this.initialisation = other.initialisation;
    this.trunkSize = other.trunkSize;
    this.trunkW = other.trunkW.clone();
    this.trunkB = other.trunkB.clone();
    for (Head h : other.heads) {
      Head c = new Head(h.key, h.classes.clone());
      c.wOff = h.wOff;
      c.bOff = h.bOff;
      heads.add(c);
    }
    this.params = other.params.clone();
  }

  /**
   * @return a deep copy (a frozen snapshot, for distillation)
   */
  public Mlp copy() {
    return new Mlp(this);
  }

  /**
   * @return number of input features
   */
  public int inputSize() {
    return inputSize;
  }

  /**
   * @return number of hidden layers
   */
  public int hiddenCount() {
    return hidden.length;
  }

  /**
   * @param layer a hidden layer
   * @return its width
   */
  public int hiddenSize(int layer) {
    return hidden[layer];
  }

  /**
   * @return hidden layer sizes (a copy)
   */
  public int[] hiddenSizes() {
    return hidden.clone();
  }

  /**
   * @return the hidden non-linearity
   */
  public Activation activation() {
    return activation;
  }

  /**
   * @return size of the representation the heads read
   */
  public int featureSize() {
    return hidden.length == 0 ? inputSize : hidden[hidden.length - 1];
  }

  /**
   * The live parameter vector; optimisers update it in place. Its length changes when the network
   * grows, so do not keep the reference across growth.
   *
   * @return the parameters
   */
  public float[] params() {
    return params;
  }

  /**
   * @return the number of parameters
   */
  public int parameterCount() {
    return params.length;
  }

  /**
   * @return number of heads
   */
  public int headCount() {
    return heads.size();
  }

  /**
   * @param key a head key
   * @return the index of the head with that key, or -1
   */
  public int headIndex(int key) {
    for (int i = 0; i < heads.size(); i++) {
      if (heads.get(i).key == key) {
        return i;
      }
    }
    return -1;
  }

  /**
   * @param head a head index
   * @return the head's key
   */
  public int headKey(int head) {
    return heads.get(head).key;
  }

  /**
   * @param head a head index
   * @return the global class id of each unit of the head (a copy)
   */
  public int[] headClasses(int head) {
    return heads.get(head).classes.clone();
  }

  /**
   * @param head a head index
   * @return number of output units of the head
   */
  public int headSize(int head) {
    return heads.get(head).classes.length;
  }

  /**
   * @param head a head index
   * @return offset of the head's weights (featureSize × units) in the parameter vector
   */
  public int headWeightOffset(int head) {
    return heads.get(head).wOff;
  }

  /**
   * @param head a head index
   * @return offset of the head's biases in the parameter vector
   */
  public int headBiasOffset(int head) {
    return heads.get(head).bOff;
  }

  /**
   * @param layer a trunk layer index
   * @return offset of its weights (fan_in × fan_out) in the parameter vector
   */
  public int trunkWeightOffset(int layer) {
    return trunkW[layer];
  }

  /**
   * @param layer a trunk layer index
   * @return offset of its biases in the parameter vector
   */
  public int trunkBiasOffset(int layer) {
    return trunkB[layer];
  }

  /**
   * @return number of trunk parameters (they come first in the vector)
   */
  public int trunkSize() {
    return trunkSize;
  }

  /**
   * @param key head key
   * @param classes global class ids
   * @return whether {@link #ensureClasses} would change the network (a new head or new units)
   */
  public boolean lacks(int key, int[] classes) {
    int hi = headIndex(key);
    if (hi < 0) {
      return true;
    }
    int[] have = heads.get(hi).classes;
    return Arrays.stream(classes).anyMatch(c -> indexOf(have, c) < 0);
  }

  /**
   * Adds a head with the given classes, or units for classes a head does not have yet. Existing
   * weights are kept exactly; new weights are drawn from the initialisation.
   *
   * @param key head key
   * @param classes global class ids that the head must have a unit for
   * @param rng source of the new weights
   * @return where the old parameters went, or null if nothing changed
   */
  public IndexMap ensureClasses(int key, int[] classes, Rng rng) {
    int hi = headIndex(key);
    int[] old = hi < 0 ? new int[0] : heads.get(hi).classes;
    int[] added =
        Arrays.stream(classes).distinct().filter(c -> indexOf(old, c) < 0).sorted().toArray();
    if (added.length == 0 && hi >= 0) {
      return null;
    }
    int f = featureSize();
    checkSize(
        (long) params.length + (long) (f + 1) * added.length,
        "classes",
        "output heads with " + (old.length + added.length) + " classes");
    int[] oldSizes = heads.stream().mapToInt(h -> h.classes.length).toArray();
    int[] merged = Arrays.copyOf(old, old.length + added.length);
    System.arraycopy(added, 0, merged, old.length, added.length);
    if (hi < 0) {
      heads.add(new Head(key, merged));
      hi = heads.size() - 1;
    } else {
      heads.get(hi).classes = merged;
    }
    int[] oldHeadW = heads.stream().mapToInt(h -> h.wOff).toArray();
    layoutHeads();
    int newSize =
        heads.isEmpty() ? trunkSize : heads.get(heads.size() - 1).bOff + headSize(heads.size() - 1);
    float[] np = new float[newSize];
    int[] map = new int[params.length];
    for (int i = 0; i < trunkSize; i++) {
      map[i] = i;
    }
    for (int h = 0; h < oldSizes.length; h++) {
      Head head = heads.get(h);
      int n0 = oldSizes[h];
      int n1 = head.classes.length;
      int ow = oldHeadW[h];
      int ob = ow + f * n0;
      for (int r = 0; r < f; r++) {
        for (int c = 0; c < n0; c++) {
          map[ow + r * n0 + c] = head.wOff + r * n1 + c;
        }
      }
      for (int c = 0; c < n0; c++) {
        map[ob + c] = head.bOff + c;
      }
    }
    for (int i = 0; i < map.length; i++) {
      np[map[i]] = params[i];
    }
    Head grown = heads.get(hi);
    int n1 = grown.classes.length;
    int n0 = old.length;
    for (int r = 0; r < f; r++) {
      for (int c = n0; c < n1; c++) {
        np[grown.wOff + r * n1 + c] = initialisation.sample(rng, f, n1);
      }
    }
    params = np;
    return new IndexMap(map, newSize);
  }

  private void layoutHeads() {
    int off = trunkSize;
    int f = featureSize();
    for (Head h : heads) {
      h.wOff = off;
      off += f * h.classes.length;
      h.bOff = off;
      off += h.classes.length;
    }
  }

  private static int indexOf(int[] a, int v) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == v) {
        return i;
      }
    }
    return -1;
  }

  /**
   * @param capacity the largest number of rows a batch will have
   * @return buffers for forward and backward passes of up to that many rows
   */
  public Workspace workspace(int capacity) {
    return new Workspace(this, capacity);
  }

  /**
   * Runs the trunk on the first {@code rows} rows of {@link Workspace#input()}.
   *
   * @param ws the workspace
   * @param rows number of rows
   */
  public void forwardTrunk(Workspace ws, int rows) {
    forwardTrunk(ws, 0, rows);
  }

  /**
   * Runs the trunk on rows [from, to) of {@link Workspace#input()}. Rows are independent and every
   * row's result is the same whatever range it is computed in, so disjoint ranges of one workspace
   * may run concurrently.
   *
   * @param ws the workspace
   * @param from first row
   * @param to one past the last row
   */
  public void forwardTrunk(Workspace ws, int from, int to) {
    Gemm g = Kernels.gemm();
    float[] in = ws.input;
    int inSize = inputSize;
    int m = to - from;
    for (int l = 0; l < hidden.length; l++) {
      int out = hidden[l];
      float[] a = ws.act[l];
      for (int r = from; r < to; r++) {
        System.arraycopy(params, trunkB[l], a, r * out, out);
      }
      g.gemm(
          false,
          false,
          m,
          out,
          inSize,
          1f,
          in,
          from * inSize,
          inSize,
          params,
          trunkW[l],
          out,
          1f,
          a,
          from * out,
          out);
      activation.apply(a, from * out, m * out);
      in = a;
      inSize = out;
    }
  }

  /**
   * Computes a head's logits for the batch whose trunk was just run.
   *
   * @param ws the workspace
   * @param head head index
   * @param rows number of rows
   * @return the logits, rows × headSize(head), owned by the workspace
   */
  public float[] forwardHead(Workspace ws, int head, int rows) {
    return forwardHead(ws, head, 0, rows);
  }

  /**
   * Computes a head's logits for rows [from, to) of the batch whose trunk was just run (disjoint
   * ranges may run concurrently once {@link Workspace#fitHeads()} has sized the buffers).
   *
   * @param ws the workspace
   * @param head head index
   * @param from first row
   * @param to one past the last row
   * @return the workspace's logit buffer for the head, capacity × headSize(head); rows [from, to)
   *     are filled
   */
  public float[] forwardHead(Workspace ws, int head, int from, int to) {
    Head h = heads.get(head);
    int n = h.classes.length;
    int f = featureSize();
    float[] z = ws.logits(head);
    for (int r = from; r < to; r++) {
      System.arraycopy(params, h.bOff, z, r * n, n);
    }
    Kernels.gemm()
        .gemm(
            false,
            false,
            to - from,
            n,
            f,
            1f,
            ws.features(),
            from * f,
            f,
            params,
            h.wOff,
            n,
            1f,
            z,
            from * n,
            n);
    return z;
  }

  /**
   * Starts a backward pass: clears the gradient with respect to the trunk's output.
   *
   * @param ws the workspace
   * @param rows number of rows
   */
  public void beginBackward(Workspace ws, int rows) {
    beginBackward(ws, 0, rows);
  }

  /**
   * Starts a backward pass on rows [from, to): clears their gradient with respect to the trunk's
   * output.
   *
   * @param ws the workspace
   * @param from first row
   * @param to one past the last row
   */
  public void beginBackward(Workspace ws, int from, int to) {
    if (hidden.length > 0) {
      Arrays.fill(ws.dFeatures, from * featureSize(), to * featureSize(), 0f);
    }
  }

  /**
   * Back-propagates a head's logit gradient: accumulates the head's parameter gradient into {@code
   * grad} and adds the gradient with respect to the trunk output into the workspace.
   *
   * @param ws the workspace
   * @param head head index
   * @param rows number of rows
   * @param dLogits gradient of the loss with respect to the logits, rows × headSize(head)
   * @param grad gradient accumulator aligned with {@link #params()}
   * @param mode what to accumulate
   */
  public void backwardHead(
      Workspace ws, int head, int rows, float[] dLogits, float[] grad, GradientMode mode) {
    accumulateHead(ws, head, rows, dLogits, grad, mode);
    propagateHead(ws, head, 0, rows, dLogits);
  }

  /**
   * Accumulates a head's parameter gradient over the first {@code rows} rows: grad[W] += reduce(Fᵀ
   * δ), grad[b] += reduce(Σ δ), with F the trunk's output.
   *
   * @param ws the workspace
   * @param head head index
   * @param rows number of rows
   * @param dLogits gradient of the loss with respect to the head's logits, rows × headSize(head)
   * @param grad gradient accumulator aligned with {@link #params()}
   * @param mode what to accumulate
   */
  public void accumulateHead(
      Workspace ws, int head, int rows, float[] dLogits, float[] grad, GradientMode mode) {
    Head h = heads.get(head);
    accumulate(
        ws,
        ws.features(),
        featureSize(),
        dLogits,
        h.classes.length,
        rows,
        grad,
        h.wOff,
        h.bOff,
        mode);
  }

  /**
   * Adds a head's contribution to the gradient with respect to the trunk output, δ_F += δ Wᵀ, for
   * rows [from, to) (disjoint ranges may run concurrently).
   *
   * @param ws the workspace
   * @param head head index
   * @param from first row
   * @param to one past the last row
   * @param dLogits gradient with respect to the head's logits, row-major with headSize(head)
   *     columns
   */
  public void propagateHead(Workspace ws, int head, int from, int to, float[] dLogits) {
    if (hidden.length == 0) {
      return;
    }
    Head h = heads.get(head);
    int n = h.classes.length;
    int f = featureSize();
    Kernels.gemm()
        .gemm(
            false,
            true,
            to - from,
            f,
            n,
            1f,
            dLogits,
            from * n,
            n,
            params,
            h.wOff,
            n,
            1f,
            ws.dFeatures,
            from * f,
            f);
  }

  /**
   * Back-propagates the accumulated trunk-output gradient through the hidden layers.
   *
   * @param ws the workspace
   * @param rows number of rows
   * @param grad gradient accumulator aligned with {@link #params()}
   * @param mode what to accumulate
   */
  public void backwardTrunk(Workspace ws, int rows, float[] grad, GradientMode mode) {
    propagateTrunk(ws, 0, rows);
    accumulateTrunk(ws, rows, grad, mode);
  }

  /**
   * Propagates the trunk-output gradient of rows [from, to) down through the hidden layers, leaving
   * each layer's pre-activation gradient in the workspace for {@link #accumulateTrunk} (disjoint
   * ranges may run concurrently).
   *
   * @param ws the workspace
   * @param from first row
   * @param to one past the last row
   */
  public void propagateTrunk(Workspace ws, int from, int to) {
    Gemm g = Kernels.gemm();
    int m = to - from;
    for (int l = hidden.length - 1; l >= 0; l--) {
      int out = hidden[l];
      float[] delta = ws.delta[l];
      activation.backward(ws.act[l], delta, from * out, m * out);
      if (l > 0) {
        int in = hidden[l - 1];
        g.gemm(
            false,
            true,
            m,
            in,
            out,
            1f,
            delta,
            from * out,
            out,
            params,
            trunkW[l],
            out,
            0f,
            ws.delta[l - 1],
            from * in,
            in);
      }
    }
  }

  /**
   * Accumulates the hidden layers' parameter gradients over the first {@code rows} rows, from the
   * gradients {@link #propagateTrunk} left in the workspace.
   *
   * @param ws the workspace
   * @param rows number of rows
   * @param grad gradient accumulator aligned with {@link #params()}
   * @param mode what to accumulate
   */
  public void accumulateTrunk(Workspace ws, int rows, float[] grad, GradientMode mode) {
    for (int l = hidden.length - 1; l >= 0; l--) {
      int in = l == 0 ? inputSize : hidden[l - 1];
      float[] below = l == 0 ? ws.input : ws.act[l - 1];
      accumulate(ws, below, in, ws.delta[l], hidden[l], rows, grad, trunkW[l], trunkB[l], mode);
    }
  }

  /** grad[W] += reduce(Aᵀ δ), grad[b] += reduce(Σ_rows δ) for one dense layer. */
  private static void accumulate(
      Workspace ws,
      float[] a,
      int in,
      float[] delta,
      int out,
      int rows,
      float[] grad,
      int wOff,
      int bOff,
      GradientMode mode) {
    float[] aa = a;
    float[] dd = delta;
    if (mode != GradientMode.SUM) {
      aa = ws.scratchA(rows * in);
      dd = ws.scratchD(rows * out);
      boolean sq = mode == GradientMode.SQUARED;
      for (int i = 0; i < rows * in; i++) {
        aa[i] = sq ? a[i] * a[i] : Math.abs(a[i]);
      }
      for (int i = 0; i < rows * out; i++) {
        dd[i] = sq ? delta[i] * delta[i] : Math.abs(delta[i]);
      }
    }
    Kernels.gemm().gemm(true, false, in, out, rows, 1f, aa, 0, in, dd, 0, out, 1f, grad, wOff, out);
    for (int r = 0; r < rows; r++) {
      int ro = r * out;
      for (int j = 0; j < out; j++) {
        grad[bOff + j] += dd[ro + j];
      }
    }
  }

  /**
   * Writes the architecture and parameters.
   *
   * @param out the stream
   * @throws IOException if writing fails
   */
  public void write(DataOutputStream out) throws IOException {
    out.writeInt(inputSize);
    out.writeInt(hidden.length);
    for (int h : hidden) {
      out.writeInt(h);
    }
    out.writeUTF(activation.name());
    out.writeUTF(initialisation.name());
    out.writeInt(heads.size());
    for (Head h : heads) {
      out.writeInt(h.key);
      out.writeInt(h.classes.length);
      for (int c : h.classes) {
        out.writeInt(c);
      }
    }
    out.writeInt(params.length);
    FloatIO.write(out, params, 0, params.length);
  }

  /**
   * Reads a network written by {@link #write(DataOutputStream)}.
   *
   * @param in the stream
   * @return the network
   * @throws IOException if reading fails or the content is inconsistent
   */
  public static Mlp read(DataInputStream in) throws IOException {
    int inputSize = in.readInt();
    int[] hidden = new int[checkCount(in.readInt(), "hidden layer count")];
    for (int i = 0; i < hidden.length; i++) {
      hidden[i] = in.readInt();
    }
    Activation act = Activation.valueOf(in.readUTF());
    Initialisation init = Initialisation.valueOf(in.readUTF());
    Mlp m;
    try {
      m = new Mlp(inputSize, hidden, act, init);
    } catch (IllegalArgumentException e) {
      throw new IOException("invalid network architecture in state: " + e.getMessage(), e);
    }
    int nHeads = checkCount(in.readInt(), "head count");
    for (int h = 0; h < nHeads; h++) {
      int key = in.readInt();
      int[] classes = new int[checkCount(in.readInt(), "head size")];
      for (int i = 0; i < classes.length; i++) {
        classes[i] = in.readInt();
      }
      m.heads.add(new Head(key, classes));
    }
    m.layoutHeads();
    int n = in.readInt();
    int expected =
        nHeads == 0 ? m.trunkSize : m.heads.get(nHeads - 1).bOff + m.headSize(nHeads - 1);
    if (n != expected) {
      throw new IOException("state holds " + n + " parameters, architecture needs " + expected);
    }
    m.params = new float[n];
    FloatIO.read(in, m.params, 0, n);
    return m;
  }

  private static int checkCount(int n, String what) throws IOException {
    if (n < 0 || n > 1 << 24) {
      throw new IOException("implausible " + what + " in state: " + n);
    }
    return n;
  }
}
