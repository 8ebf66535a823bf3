package org.engram.cl.method;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.engram.cl.data.TaskData;
import org.engram.cl.nn.IndexMap;
import org.engram.cl.nn.Mlp;
import org.engram.cl.nn.Workspace;

/**
 * A continual-learning method, as a set of hooks into the learner's one training loop (the
 * lifecycle points of Avalanche's plugins).
 *
 * <p>Per training step the learner runs, on row shards of the batch in parallel: forward, the
 * cross-entropy's gradient with respect to the logits, {@link #outputLoss} (extra output terms such
 * as distillation, added to the logit gradients), and the backward pass down the trunk. Then, over
 * the whole batch: the parameter gradients, then the optimiser's pass with the parameter-space
 * terms folded in block by block ({@link #penaltyGradient}, or {@link #penalty} on a step whose
 * loss is reported), then {@link #afterStep}. At the task boundary it calls {@link #afterTask} with
 * a sample of the task. Every hook has a do-nothing default, so a method implements only what it
 * changes; fine-tuning implements none.
 *
 * <p>Methods are created from a {@link MethodSpec} and hold mutable state that the learner saves
 * and restores through {@link #write} and {@link #read}.
 */
public interface ContinualMethod {

  /**
   * @return the description this method was created from
   */
  MethodSpec spec();

  /**
   * @return the λ in use (0 for methods without one, and while an automatic λ is not chosen yet)
   */
  default double lambda() {
    return 0;
  }

  /**
   * Sets the λ later steps use, keeping the memory: how an automatic λ is applied per task, and how
   * a λ search tries values on copies. Ignored by methods without a λ.
   *
   * @param value λ, finite and ≥ 0
   */
  default void setLambda(double value) {}

  /**
   * The method's term at λ = 1 for a network, on some of the new task's inputs: how much protection
   * a candidate solution would cost, which sets the scale of an automatic λ (see {@link
   * org.engram.cl.LambdaSearch}). 0 before the first task ends and for methods without a λ.
   *
   * @param net a network derived from the one the method protects (e.g. a fine-tuned copy; its
   *     method's memory must follow its growth)
   * @param inputs rows of the new task (read by output-based terms such as distillation)
   * @return the term's value per unit λ, per task its memory adds up (a memory that sums one
   *     importance per task reports the average task's share)
   */
  default double unitPenalty(Mlp net, TaskData inputs) {
    return 0;
  }

  /**
   * @return whether the method can learn a task from a stream of small batches ({@link
   *     org.engram.cl.ContinualLearner#update}); joint training needs whole tasks
   */
  default boolean streams() {
    return true;
  }

  /**
   * @return how many examples of a task {@link #afterTask} needs (0: none)
   */
  default int samplesWanted() {
    return 0;
  }

  /**
   * @return epochs to train only the new head, trunk frozen, before normal training (LwF's warm-up)
   */
  default int warmupEpochs() {
    return 0;
  }

  /**
   * Chooses what a task actually trains on (joint training adds all earlier tasks' data).
   *
   * @param task the new task's examples, each tagged with its task id
   * @return the examples to train on
   */
  default TaskData trainingData(TaskData task) {
    return task;
  }

  /**
   * Called once a task's training data is known and the network has grown for it.
   *
   * @param net the network
   * @param taskId the task
   */
  default void beforeTask(Mlp net, int taskId) {}

  /**
   * The heads, besides those of the batch's own rows, whose logits {@link #outputLoss} adds
   * gradient to; the learner clears their logit gradients before and back-propagates them after.
   * Called once per step, before {@link #outputLoss}.
   *
   * @param net the network
   * @param headKey the key of the head the task trains
   * @return head indices (none by default)
   */
  default int[] outputHeads(Mlp net, int headKey) {
    return new int[0];
  }

  /**
   * Adds loss terms on the network's outputs for rows [from, to) of the batch: their gradient with
   * respect to a head's logits is added to {@link Workspace#logitGradient(int)} in those rows, for
   * heads of the batch or of {@link #outputHeads}. The learner back-propagates it.
   *
   * <p>Called concurrently for disjoint row ranges of one batch: write only those rows of the
   * workspace's buffers, and guard any other state.
   *
   * @param step the rows being trained
   * @return the terms' value on those rows
   */
  default double outputLoss(Step step) {
    return 0;
  }

  /**
   * Adds parameter-space penalty gradients to grad[from..to), after the data gradient is complete,
   * and returns the penalty's value over those parameters. The optimiser calls it for each of its
   * blocks just before updating the block (see {@link org.engram.cl.optim.Optimiser.BlockTerm}),
   * possibly concurrently for different blocks: the term must be element-wise. The learner asks for
   * the value only on the steps whose loss it reports (the last step of each epoch); the other
   * steps call {@link #penaltyGradient}.
   *
   * @param params parameters (block [from, to) not yet updated)
   * @param grad minibatch-averaged gradient, added to in place
   * @param from first parameter of the block
   * @param to one past its last parameter
   * @return the penalty's value over the block
   */
  default double penalty(float[] params, float[] grad, int from, int to) {
    return 0;
  }

  /**
   * Adds the same gradients as {@link #penalty}, on a step whose loss is not reported, so the
   * penalty's value is not needed: called like {@link #penalty}, on every other training step. The
   * default calls {@link #penalty} and drops the value; a method whose value costs work of its own
   * overrides it.
   *
   * @param params parameters (block [from, to) not yet updated)
   * @param grad minibatch-averaged gradient, added to in place
   * @param from first parameter of the block
   * @param to one past its last parameter
   */
  default void penaltyGradient(float[] params, float[] grad, int from, int to) {
    penalty(params, grad, from, to);
  }

  /**
   * Called after each optimiser step.
   *
   * @param params the updated parameters
   */
  default void afterStep(float[] params) {}

  /**
   * Consolidates at the end of a task.
   *
   * @param end the network, the task and a sample of its examples
   */
  default void afterTask(TaskEnd end) {}

  /**
   * Follows the network's growth.
   *
   * @param map where the old parameters went
   * @param params the parameters after growth (new entries hold their initial values)
   */
  default void onGrow(IndexMap map, float[] params) {}

  /**
   * Captures the state that training steps change (not the consolidated memory, which only task
   * ends change), so that a failed streamed update can be undone. A method may copy into arrays it
   * keeps for the next checkpoint (the learner takes one per update call): only the latest
   * checkpoint can be restored, at most once.
   *
   * @return restores that state when run
   */
  default Runnable checkpoint() {
    return () -> {};
  }

  /**
   * @return bytes of consolidation memory held (anchors, importances, snapshots, stored data)
   */
  default long memoryBytes() {
    return 0;
  }

  /**
   * Writes the method's state.
   *
   * @param out the stream
   * @throws IOException if writing fails
   */
  default void write(DataOutputStream out) throws IOException {}

  /**
   * Restores state written by {@link #write}.
   *
   * @param in the stream
   * @throws IOException if reading fails or the state is inconsistent
   */
  default void read(DataInputStream in) throws IOException {}

  /**
   * A row range of one training batch, as seen by {@link #outputLoss}: the trunk has run on those
   * rows and the cross-entropy's logit gradients are in the workspace.
   *
   * @param net the network
   * @param workspace the batch's buffers (input rows, trunk output, logits, logit gradients)
   * @param from first row of the range
   * @param to one past its last row
   * @param rows rows in the whole batch (the divisor of a batch mean)
   * @param taskId the task being trained
   * @param headKey the key of the head the task trains
   * @param weights each batch row's weight (its example's; 1 for a replayed one), or null when all
   *     are 1
   */
  record Step(
      Mlp net,
      Workspace workspace,
      int from,
      int to,
      int rows,
      int taskId,
      int headKey,
      float[] weights) {}

  /**
   * The end of a task, as seen by {@link #afterTask}.
   *
   * @param net the network after the task
   * @param sample up to {@link #samplesWanted()} examples of the task, chosen uniformly at random
   * @param taskId the task
   * @param head index of the head the task trained
   * @param rng the learner's random stream
   */
  record TaskEnd(Mlp net, TaskData sample, int taskId, int head, org.engram.cl.util.Rng rng) {}
}
