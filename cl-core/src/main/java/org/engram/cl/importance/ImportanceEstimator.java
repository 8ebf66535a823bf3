package org.engram.cl.importance;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.engram.cl.data.TaskData;
import org.engram.cl.nn.IndexMap;
import org.engram.cl.nn.Mlp;
import org.engram.cl.util.Rng;

/**
 * Estimates a per-parameter importance Ω ≥ 0 for the task that just ended.
 *
 * <p>Data-based estimators (Fisher, MAS) run in inference mode on a sample of the task; path-based
 * ones (SI) watch the training steps through the observe hooks and ignore the sample.
 */
public interface ImportanceEstimator {

  /**
   * @param net the network at the end of the task
   * @param sample examples of the task
   * @param head the head the task trained
   * @param rng random stream (for sampled labels)
   * @return Ω, one entry per parameter, non-negative (SI's may be negative: its consolidation clips
   *     the accumulated sum, as the authors' code does)
   */
  float[] estimate(Mlp net, TaskData sample, int head, Rng rng);

  /**
   * @return whether {@link #estimate} reads the sample
   */
  default boolean needsSamples() {
    return true;
  }

  /**
   * Called when a task starts.
   *
   * @param params the parameters at the start
   */
  default void beforeTask(float[] params) {}

  /**
   * Called with each block of the data gradient of each step, before any penalty is added to it
   * (possibly concurrently for different blocks).
   *
   * @param grad the gradient (do not modify)
   * @param from first parameter of the block
   * @param to one past its last parameter
   */
  default void observeGradient(float[] grad, int from, int to) {}

  /**
   * Called after each optimiser step.
   *
   * @param params the updated parameters
   */
  default void observeStep(float[] params) {}

  /**
   * Follows the network's growth.
   *
   * @param map where the old parameters went
   * @param params the parameters after growth (new entries hold their initial values)
   */
  default void remap(IndexMap map, float[] params) {}

  /**
   * Captures what the observe hooks change, so that a failed streamed update can be undone. An
   * estimator may copy into arrays it keeps for the next checkpoint: only the latest checkpoint can
   * be restored, at most once.
   *
   * @return restores that state when run
   */
  default Runnable checkpoint() {
    return () -> {};
  }

  /**
   * @return bytes of state held between tasks
   */
  default long memoryBytes() {
    return 0;
  }

  /**
   * @param out the stream
   * @throws IOException if writing fails
   */
  default void write(DataOutputStream out) throws IOException {}

  /**
   * @param in the stream
   * @throws IOException if reading fails
   */
  default void read(DataInputStream in) throws IOException {}
}
