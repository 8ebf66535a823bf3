package org.engram.cl.optim;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.engram.cl.linalg.Parallel;
import org.engram.cl.nn.IndexMap;
import org.engram.cl.util.Finite;
import org.engram.cl.util.FloatIO;
import org.engram.cl.util.Spare;

/**
 * Updates parameters in place from a gradient that is already the minibatch average.
 *
 * <p>The update runs over fixed blocks of {@link #BLOCK} parameters, spread over the {@link
 * Parallel} threads; an optimiser supplies only its element-wise {@link #update} of a block. Just
 * before a block is updated, a {@link BlockTerm} may add to that block of the gradient: an
 * element-wise term such as a quadratic penalty then rides on the optimiser's one pass over memory
 * instead of making its own (the penalty costs the reads of its own arrays only). Element-wise
 * updates and fixed blocks make the result the same for every thread count.
 *
 * <p>State (momentum, moments) is aligned with the parameter vector and follows the network's
 * growth ({@link #remap}: new parameters start with zero state). By default the learner creates a
 * fresh optimiser for each task, as the reference implementations do.
 */
public abstract class Optimiser {
  /**
   * Parameters per block: 4 KiB per array, so a block's arrays stay in L1 between term and update.
   */
  public static final int BLOCK = 1024;

  /** Blocks per hand-off to another thread. */
  private static final int GRAIN_BLOCKS = 16;

  /** Subclasses are this package's optimisers, created by {@link #create}. */
  Optimiser() {}

  /** Set by a block that wrote a non-finite parameter during the current step. */
  private volatile boolean wroteNonFinite;

  /** Whether the next step saves each block before writing it (see {@link #checkpoint}). */
  private boolean saveNextStep;

  /** The parameters as the armed step found them, block by block (reused across checkpoints). */
  private float[] savedParams;

  /** Which blocks the armed step saved. */
  private boolean[] savedBlocks;

  /**
   * Applies one update.
   *
   * @param params parameters, updated in place
   * @param grad gradient, same length
   * @return whether every parameter the step wrote is finite
   */
  public final boolean step(float[] params, float[] grad) {
    return step(params, grad, BlockTerm.NONE);
  }

  /**
   * Applies one update, letting {@code term} add to each block of the gradient first.
   *
   * @param params parameters, updated in place
   * @param grad gradient, same length; block b is complete when {@code term} sees it
   * @param term called once per block, possibly concurrently for different blocks
   * @return whether every parameter the step wrote is finite: each block is checked right after it
   *     is written, while it is in cache, so that a caller need not pass over the parameters again
   *     to know
   */
  public final boolean step(float[] params, float[] grad, BlockTerm term) {
    beginStep();
    wroteNonFinite = false;
    boolean save = saveNextStep;
    saveNextStep = false;
    float[] saved = savedParams;
    boolean[] savedBlock = savedBlocks;
    int n = params.length;
    Parallel.forRange(
        blocks(n),
        GRAIN_BLOCKS,
        (b0, b1) -> {
          for (int b = b0; b < b1; b++) {
            int from = b * BLOCK;
            int to = Math.min(n, from + BLOCK);
            if (save) {
              System.arraycopy(params, from, saved, from, to - from);
              saveBlock(from, to);
              savedBlock[b] = true;
            }
            term.add(b, from, to);
            update(params, grad, from, to);
            if (!Finite.all(params, from, to)) {
              wroteNonFinite = true;
            }
          }
        });
    return !wroteNonFinite;
  }

  /** Called once per step before any block is updated (step counters, bias corrections). */
  void beginStep() {}

  /**
   * Updates params[from..to) from grad[from..to); called concurrently for disjoint blocks.
   *
   * @param params parameters
   * @param grad gradient
   * @param from first parameter
   * @param to one past the last parameter
   */
  abstract void update(float[] params, float[] grad, int from, int to);

  /**
   * Follows the network's growth: old parameters keep their state, new ones start at zero.
   *
   * @param map where the old parameters went
   */
  public abstract void remap(IndexMap map);

  /**
   * Starts a new task with this optimiser kept from the last one: the momentum (Adam's first
   * moment, SGD's velocity) is cleared, the per-parameter step scale (Adam's second moment and step
   * count) is kept. Stale momentum from the last task's final steps hurt split tasks in a
   * measurement (PyTorch, split digits: fine-tuning 84.1 % with a fresh Adam, 72.5 % keeping all of
   * it, 82.5 % keeping the second moment only), while the kept second moment is what helped on
   * permuted tasks (61.1 → 64.5 %).
   */
  public abstract void startTask();

  /**
   * @return the number of parameters it updates
   */
  public abstract int size();

  /**
   * Captures the parameters and the optimiser's state (moments, step count) of this moment, so that
   * a failed update can be undone. Nothing is copied now: the next step copies each block of the
   * parameters and of the state just before it writes it, while the block is in cache, into arrays
   * kept for the next checkpoint (a separate copy of a 784-256-256-10 network's parameters and
   * Adam's moments, 3 MB, cost about a tenth of a 32-row update). Steps after the next change
   * nothing the copy needs. Only the latest checkpoint can be restored, at most once, and only
   * while nothing but {@link #step} changed the parameters and the state since.
   *
   * @param params the parameters the next steps write
   * @return puts the parameters and the state of this moment back when run
   */
  public final Runnable checkpoint(float[] params) {
    int n = params.length;
    savedParams = Spare.sized(savedParams, n);
    if (savedBlocks == null || savedBlocks.length != blocks(n)) {
      savedBlocks = new boolean[blocks(n)];
    } else {
      java.util.Arrays.fill(savedBlocks, false);
    }
    prepareSave();
    Runnable scalars = saveScalars();
    float[] saved = savedParams;
    boolean[] savedBlock = savedBlocks;
    saveNextStep = true;
    return () -> {
      saveNextStep = false;
      for (int b = 0; b < savedBlock.length; b++) {
        if (savedBlock[b]) {
          int from = b * BLOCK;
          int to = Math.min(n, from + BLOCK);
          System.arraycopy(saved, from, params, from, to - from);
          restoreBlock(from, to);
        }
      }
      scalars.run();
    };
  }

  /** Makes room to save every block of the state (before a step saves blocks concurrently). */
  abstract void prepareSave();

  /** Copies the state of parameters [from, to) aside; called concurrently for disjoint blocks. */
  abstract void saveBlock(int from, int to);

  /** Puts the state of parameters [from, to) back as {@link #saveBlock} found it. */
  abstract void restoreBlock(int from, int to);

  /**
   * @return puts back the state that is not per parameter (Adam's step count) when run
   */
  abstract Runnable saveScalars();

  /**
   * @return bytes of state held
   */
  public abstract long memoryBytes();

  /**
   * Writes the state (moments, step count) so that training can continue after loading.
   *
   * @param out the stream
   * @throws IOException if writing fails
   */
  public abstract void write(DataOutputStream out) throws IOException;

  /**
   * Restores state written by {@link #write} into an optimiser of the same kind and size.
   *
   * @param in the stream
   * @throws IOException if reading fails or the sizes differ
   */
  public abstract void read(DataInputStream in) throws IOException;

  static void readInto(DataInputStream in, float[] a, String what) throws IOException {
    int n = in.readInt();
    if (n != (a == null ? -1 : a.length)) {
      throw new IOException(
          "optimiser "
              + what
              + " in state has "
              + n
              + " entries, expected "
              + (a == null ? -1 : a.length));
    }
    if (a != null) {
      FloatIO.read(in, a, 0, n);
    }
  }

  static void writeArray(DataOutputStream out, float[] a) throws IOException {
    out.writeInt(a == null ? -1 : a.length);
    if (a != null) {
      FloatIO.write(out, a, 0, a.length);
    }
  }

  /**
   * @param size number of parameters
   * @return the number of blocks of {@link #BLOCK} parameters
   */
  public static int blocks(int size) {
    return (size + BLOCK - 1) / BLOCK;
  }

  /** An element-wise term added to the gradient block by block, just before each block's update. */
  @FunctionalInterface
  public interface BlockTerm {
    /** The term that adds nothing. */
    BlockTerm NONE = (block, from, to) -> {};

    /**
     * Adds to grad[from..to) (and reads params[from..to) as they were before the update).
     *
     * @param block the block's index, from / {@link #BLOCK}
     * @param from first parameter of the block
     * @param to one past its last parameter
     */
    void add(int block, int from, int to);
  }

  /**
   * Creates an optimiser from its description.
   *
   * @param spec the description
   * @param size number of parameters
   * @return the optimiser
   */
  public static Optimiser create(OptimiserSpec spec, int size) {
    return switch (spec.kind()) {
      case SGD -> new Sgd(spec.learningRate(), spec.momentum(), size);
      case ADAM -> new Adam(spec.learningRate(), spec.beta1(), spec.beta2(), spec.epsilon(), size);
    };
  }
}
