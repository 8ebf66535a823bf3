package org.engram.cl;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.engram.cl.method.Hyperparameter;
import org.engram.cl.method.Method;
import org.engram.cl.method.MethodSpec;
import org.engram.cl.nn.Activation;
import org.engram.cl.nn.Initialisation;
import org.engram.cl.optim.OptimiserSpec;
import org.engram.cl.util.OptionException;

/**
 * Everything that defines a learner except its input size: architecture, heads, optimiser,
 * schedule, method. Immutable; build with {@link #builder()}. Invalid values fail at {@link
 * Builder#build()} with a message that names the option.
 *
 * @param hidden hidden layer sizes
 * @param activation hidden non-linearity
 * @param initialisation weight initialisation
 * @param headMode shared head or one head per task
 * @param optimiser optimiser and its hyperparameters
 * @param epochs epochs per task, ≥ 1
 * @param batchSize minibatch size, ≥ 1
 * @param seed seed of every random choice (initialisation, shuffling, sampling)
 * @param method the continual-learning method
 * @param maxClasses class ids must be below this (0: no limit)
 * @param replaySize capacity of the experience-replay memory in examples (0: no replay; replay
 *     keeps raw training examples)
 * @param calibration settings of the per-task λ search ({@link LambdaSearch}); null for the
 *     defaults. The search runs when λ is automatic (not given), and also for a given λ when
 *     settings are set here (today's "calibrate" option), starting from that λ
 * @param keepOptimiserState keep the optimiser's step scale (Adam's second moment and step count)
 *     from one task to the next, its momentum cleared, instead of starting a fresh optimiser per
 *     task as the reference implementations do (see {@link
 *     org.engram.cl.optim.Optimiser#startTask()})
 */
public record LearnerConfig(
    int[] hidden,
    Activation activation,
    Initialisation initialisation,
    HeadMode headMode,
    OptimiserSpec optimiser,
    int epochs,
    int batchSize,
    long seed,
    MethodSpec method,
    int maxClasses,
    int replaySize,
    Calibration calibration,
    boolean keepOptimiserState) {

  /** Validates every value. */
  public LearnerConfig {
    hidden = hidden.clone();
    for (int h : hidden) {
      if (h <= 0) {
        throw new OptionException(
            "hidden", "hidden layer sizes must be positive, got " + Arrays.toString(hidden));
      }
    }
    if (activation == null || initialisation == null || headMode == null) {
      throw new IllegalArgumentException("activation, initialisation and headMode must be set");
    }
    if (optimiser == null || method == null) {
      throw new IllegalArgumentException("optimiser and method must be set");
    }
    if (epochs < 1) {
      throw new OptionException("epochs", "epochs must be at least 1, got " + epochs);
    }
    if (batchSize < 1) {
      throw new OptionException("batchSize", "batchSize must be at least 1, got " + batchSize);
    }
    if (maxClasses < 0) {
      throw new IllegalArgumentException("maxClasses must be >= 0, got " + maxClasses);
    }
    if (replaySize < 0) {
      throw new OptionException("replaySize", "replaySize must be >= 0, got " + replaySize);
    }
    if (headMode == HeadMode.SHARED
        && method.method().uses(Hyperparameter.WARMUP_EPOCHS)
        && method.get(Hyperparameter.WARMUP_EPOCHS) > 0) {
      throw new OptionException(
          "warmupEpochs",
          "warmupEpochs applies with one head per task only (headMode per task): with a shared"
              + " head the warm-up would move the old classes' units unguarded");
    }
  }

  @Override
  public int[] hidden() {
    return hidden.clone();
  }

  /**
   * @return a builder with the defaults of {@link Setting}: hidden 100,100, ReLU, He, shared head,
   *     Adam 0.001, 10 epochs, batch 32, seed 1, fine-tuning, no replay, λ searched only when
   *     automatic, a fresh optimiser per task
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The λ search this configuration runs on each task after the first.
   *
   * @return the calibration settings when set, else the defaults when λ is automatic; null when no
   *     search runs (λ given and no settings, or a method without λ)
   */
  public Calibration lambdaSearch() {
    if (calibration != null) {
      return calibration;
    }
    return method.automaticLambda() ? Calibration.defaults() : null;
  }

  /**
   * @return a builder holding this configuration's values
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.hidden = hidden.clone();
    b.activation = activation;
    b.initialisation = initialisation;
    b.headMode = headMode;
    b.optimiser = optimiser;
    b.epochs = epochs;
    b.batchSize = batchSize;
    b.seed = seed;
    b.method = method;
    b.maxClasses = maxClasses;
    b.replaySize = replaySize;
    b.calibration = calibration;
    b.keepOptimiserState = keepOptimiserState;
    return b;
  }

  void write(DataOutputStream out) throws IOException {
    out.writeInt(hidden.length);
    for (int h : hidden) {
      out.writeInt(h);
    }
    out.writeUTF(activation.name());
    out.writeUTF(initialisation.name());
    out.writeUTF(headMode.name());
    out.writeUTF(optimiser.kind().name());
    out.writeDouble(optimiser.learningRate());
    out.writeDouble(optimiser.momentum());
    out.writeDouble(optimiser.beta1());
    out.writeDouble(optimiser.beta2());
    out.writeDouble(optimiser.epsilon());
    out.writeInt(epochs);
    out.writeInt(batchSize);
    out.writeLong(seed);
    method.write(out);
    out.writeInt(maxClasses);
    out.writeInt(replaySize);
    out.writeBoolean(calibration != null);
    if (calibration != null) {
      out.writeDouble(calibration.p());
      out.writeDouble(calibration.decay());
      out.writeDouble(calibration.validationFraction());
      out.writeDouble(calibration.startFactor());
      out.writeInt(calibration.maxTrials());
      out.writeInt(calibration.holdRows());
    }
    out.writeBoolean(keepOptimiserState);
  }

  static LearnerConfig read(DataInputStream in) throws IOException {
    try {
      int n = in.readInt();
      if (n < 0 || n > 1024) {
        throw new IOException("implausible hidden layer count in state: " + n);
      }
      int[] hidden = new int[n];
      for (int i = 0; i < n; i++) {
        hidden[i] = in.readInt();
      }
      return new LearnerConfig(
          hidden,
          Activation.valueOf(in.readUTF()),
          Initialisation.valueOf(in.readUTF()),
          HeadMode.valueOf(in.readUTF()),
          new OptimiserSpec(
              OptimiserSpec.Kind.valueOf(in.readUTF()),
              in.readDouble(),
              in.readDouble(),
              in.readDouble(),
              in.readDouble(),
              in.readDouble()),
          in.readInt(),
          in.readInt(),
          in.readLong(),
          MethodSpec.read(in),
          in.readInt(),
          in.readInt(),
          in.readBoolean()
              ? new Calibration(
                  in.readDouble(),
                  in.readDouble(),
                  in.readDouble(),
                  in.readDouble(),
                  in.readInt(),
                  in.readInt())
              : null,
          in.readBoolean());
    } catch (IllegalArgumentException e) {
      throw new IOException("invalid configuration in state: " + e.getMessage(), e);
    }
  }

  /** Builds a {@link LearnerConfig}. */
  public static final class Builder {
    private int[] hidden = {100, 100};
    private Activation activation = Activation.RELU;
    private Initialisation initialisation = Initialisation.HE;
    private HeadMode headMode = HeadMode.SHARED;
    private OptimiserSpec optimiser = OptimiserSpec.adam(0.001);
    private int epochs = 10;
    private int batchSize = 32;
    private long seed = 1;
    private MethodSpec method = MethodSpec.of(Method.FINE_TUNE);
    private int maxClasses;
    private int replaySize;
    private Calibration calibration;
    private boolean keepOptimiserState;

    private Builder() {}

    /**
     * @param sizes hidden layer sizes (none for a softmax regression)
     * @return this
     */
    public Builder hidden(int... sizes) {
      if (sizes == null) {
        throw new OptionException("hidden", "hidden layer sizes must not be null (none: empty)");
      }
      this.hidden = sizes.clone();
      return this;
    }

    /**
     * @param value hidden non-linearity
     * @return this
     */
    public Builder activation(Activation value) {
      this.activation = value;
      return this;
    }

    /**
     * @param value weight initialisation
     * @return this
     */
    public Builder initialisation(Initialisation value) {
      this.initialisation = value;
      return this;
    }

    /**
     * @param value shared head or one per task
     * @return this
     */
    public Builder headMode(HeadMode value) {
      this.headMode = value;
      return this;
    }

    /**
     * @param value optimiser
     * @return this
     */
    public Builder optimiser(OptimiserSpec value) {
      this.optimiser = value;
      return this;
    }

    /**
     * @param value epochs per task
     * @return this
     */
    public Builder epochs(int value) {
      this.epochs = value;
      return this;
    }

    /**
     * @param value minibatch size
     * @return this
     */
    public Builder batchSize(int value) {
      this.batchSize = value;
      return this;
    }

    /**
     * @param value seed
     * @return this
     */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /**
     * @param value method
     * @return this
     */
    public Builder method(MethodSpec value) {
      this.method = value;
      return this;
    }

    /**
     * @param value class ids must be below this (0: no limit)
     * @return this
     */
    public Builder maxClasses(int value) {
      this.maxClasses = value;
      return this;
    }

    /**
     * @param value capacity of the experience-replay memory in examples (0: none)
     * @return this
     */
    public Builder replaySize(int value) {
      this.replaySize = value;
      return this;
    }

    /**
     * @param value per-task λ calibration settings, or null for none
     * @return this
     */
    public Builder calibration(Calibration value) {
      this.calibration = value;
      return this;
    }

    /**
     * @param value keep the optimiser's state across tasks (default: a fresh optimiser per task)
     * @return this
     */
    public Builder keepOptimiserState(boolean value) {
      this.keepOptimiserState = value;
      return this;
    }

    /**
     * Why keepOptimiserState does nothing with SGD, in the words of this builder's refusal and of
     * Weka's per-option check of the same rule.
     */
    public static final String KEEP_OPTIMISER_STATE_NEEDS_ADAM =
        "keepOptimiserState keeps Adam's step scale from task to task; SGD has none (its"
            + " momentum is cleared at each task)";

    /**
     * @return the validated configuration
     */
    public LearnerConfig build() {
      // Settings that would be read by nothing are refused here, where a configuration is made
      // (a saved state is read through the constructor and stays readable).
      if (calibration != null && method != null && !method.method().hasLambda()) {
        throw new OptionException(
            "calibrate",
            "calibrate: "
                + method.method().token()
                + " has no lambda to search, so a lambda search's settings would do nothing");
      }
      if (keepOptimiserState && optimiser != null && optimiser.kind() == OptimiserSpec.Kind.SGD) {
        throw new OptionException(
            "keepOptimiserState",
            KEEP_OPTIMISER_STATE_NEEDS_ADAM + ", so it would do nothing: use it with Adam");
      }
      return new LearnerConfig(
          hidden,
          activation,
          initialisation,
          headMode,
          optimiser,
          epochs,
          batchSize,
          seed,
          method,
          maxClasses,
          replaySize,
          calibration,
          keepOptimiserState);
    }
  }
}
