package org.engram.cl.method;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Locale;
import org.engram.cl.importance.FisherImportance;
import org.engram.cl.importance.MasImportance;
import org.engram.cl.importance.SynapticIntelligence;
import org.engram.cl.importance.UniformImportance;

/**
 * A method and its hyperparameters: the one description the adapters fill from their options and
 * the learner saves. Values are validated here, with messages that name the option.
 *
 * <p>λ conventions (see {@link QuadraticPenalty}): EWC and online EWC add (λ/2) Σ F (θ − θ*)²; MAS,
 * SI and L2 add λ Σ Ω (θ − θ*)²; LwF adds λ · T² · KL. Fisher is per-sample (the paper's
 * definition), so λ is not comparable with Avalanche's per-minibatch Fisher.
 *
 * @param kind the method
 * @param lambda regularisation strength λ ≥ 0 (c for SI)
 * @param gamma online EWC's decay γ in (0, 1]
 * @param temperature LwF's distillation temperature T &gt; 0
 * @param fisher EWC's Fisher variant
 * @param importanceSamples examples of a task used to estimate importance (Fisher, MAS), &gt; 0
 * @param damping SI's ξ &gt; 0
 * @param warmupEpochs LwF's head warm-up epochs ≥ 0
 */
public record MethodSpec(
    Kind kind,
    double lambda,
    double gamma,
    double temperature,
    FisherImportance.Variant fisher,
    int importanceSamples,
    double damping,
    int warmupEpochs) {

  /** The methods. */
  public enum Kind {
    /** Fine-tuning, no protection (lower bound). */
    FINE_TUNE,
    /** Training on all tasks seen so far (upper bound). */
    JOINT,
    /** Elastic weight consolidation, one Fisher per task (Kirkpatrick et al. 2017). */
    EWC,
    /** Online EWC, one decayed Fisher (Schwarz et al. 2018). */
    ONLINE_EWC,
    /** Memory aware synapses (Aljundi et al. 2018). */
    MAS,
    /** Synaptic intelligence (Zenke et al. 2017). */
    SI,
    /** L2 distance to the last task's parameters. */
    L2,
    /** Learning without forgetting (Li and Hoiem 2017). */
    LWF;

    /**
     * Parses a method name, case-insensitively, with '-' or '_' (e.g. "online-ewc", "ONLINE_EWC",
     * "finetune", "naive").
     *
     * @param name the name
     * @return the kind
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Kind parse(String name) {
      String n = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
      switch (n) {
        case "NAIVE", "NONE", "FINETUNE" -> n = "FINE_TUNE";
        case "ONLINEEWC" -> n = "ONLINE_EWC";
        default -> {}
      }
      try {
        return valueOf(n);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown method '"
                + name
                + "'; expected one of fine-tune (naive), joint, ewc, online-ewc, mas, si, l2, lwf");
      }
    }
  }

  /** Validates every value, naming the offending option. */
  public MethodSpec {
    if (kind == null) {
      throw new IllegalArgumentException("method must not be null");
    }
    if (!(lambda >= 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("lambda must be finite and >= 0, got " + lambda);
    }
    if (!(gamma > 0 && gamma <= 1)) {
      throw new IllegalArgumentException("gamma must be in (0, 1], got " + gamma);
    }
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
    }
    if (fisher == null) {
      throw new IllegalArgumentException("fisher variant must not be null");
    }
    if (importanceSamples <= 0) {
      throw new IllegalArgumentException(
          "importanceSamples must be positive, got " + importanceSamples);
    }
    if (!(damping > 0)) {
      throw new IllegalArgumentException("damping must be > 0, got " + damping);
    }
    if (warmupEpochs < 0) {
      throw new IllegalArgumentException("warmupEpochs must be >= 0, got " + warmupEpochs);
    }
  }

  /**
   * The method with its default hyperparameters: λ as in {@link #defaultLambda(Kind)}, γ = 1, T =
   * 2, empirical Fisher on 1000 samples, ξ = 0.1, no warm-up.
   *
   * @param kind the method
   * @return the description
   */
  public static MethodSpec of(Kind kind) {
    return new MethodSpec(
        kind, defaultLambda(kind), 1.0, 2.0, FisherImportance.Variant.EMPIRICAL, 1000, 0.1, 0);
  }

  /**
   * Default λ per method, chosen on split UCI digits (domain-incremental, 5 tasks, MLP 100-100) by
   * a grid over powers of ten, so each method protects visibly out of the box: EWC and online EWC
   * 1e5, MAS 10, SI 1000, L2 1, LwF 1. The right value depends on data, network and scenario by
   * orders of magnitude (see the README).
   *
   * @param kind the method
   * @return the default λ
   */
  public static double defaultLambda(Kind kind) {
    return switch (kind) {
      case EWC, ONLINE_EWC -> 1e5;
      case MAS -> 10;
      case SI -> 1000;
      case L2 -> 1;
      case LWF -> 1;
      case FINE_TUNE, JOINT -> 0;
    };
  }

  /**
   * @param value λ
   * @return a copy with that λ
   */
  public MethodSpec withLambda(double value) {
    return new MethodSpec(
        kind, value, gamma, temperature, fisher, importanceSamples, damping, warmupEpochs);
  }

  /**
   * @param value γ
   * @return a copy with that γ
   */
  public MethodSpec withGamma(double value) {
    return new MethodSpec(
        kind, lambda, value, temperature, fisher, importanceSamples, damping, warmupEpochs);
  }

  /**
   * @param value T
   * @return a copy with that temperature
   */
  public MethodSpec withTemperature(double value) {
    return new MethodSpec(
        kind, lambda, gamma, value, fisher, importanceSamples, damping, warmupEpochs);
  }

  /**
   * @param value the variant
   * @return a copy with that Fisher variant
   */
  public MethodSpec withFisher(FisherImportance.Variant value) {
    return new MethodSpec(
        kind, lambda, gamma, temperature, value, importanceSamples, damping, warmupEpochs);
  }

  /**
   * @param value N
   * @return a copy that estimates importance on up to N examples
   */
  public MethodSpec withImportanceSamples(int value) {
    return new MethodSpec(kind, lambda, gamma, temperature, fisher, value, damping, warmupEpochs);
  }

  /**
   * @param value ξ
   * @return a copy with that SI damping
   */
  public MethodSpec withDamping(double value) {
    return new MethodSpec(
        kind, lambda, gamma, temperature, fisher, importanceSamples, value, warmupEpochs);
  }

  /**
   * @param value epochs
   * @return a copy with that LwF warm-up
   */
  public MethodSpec withWarmupEpochs(int value) {
    return new MethodSpec(
        kind, lambda, gamma, temperature, fisher, importanceSamples, damping, value);
  }

  /**
   * @return a fresh method with empty memory
   */
  public ContinualMethod create() {
    return switch (kind) {
      case FINE_TUNE -> new FineTune(this);
      case JOINT -> new JointTraining(this);
      case EWC ->
          new RegularisationMethod(
              this, new FisherImportance(fisher), Consolidation.perTask(), lambda / 2);
      case ONLINE_EWC ->
          new RegularisationMethod(
              this, new FisherImportance(fisher), Consolidation.online(gamma), lambda / 2);
      case MAS -> new RegularisationMethod(this, new MasImportance(), Consolidation.sum(), lambda);
      case SI ->
          new RegularisationMethod(
              this, new SynapticIntelligence(damping), Consolidation.sum(), lambda);
      case L2 ->
          new RegularisationMethod(this, new UniformImportance(), Consolidation.latest(), lambda);
      case LWF -> new LearningWithoutForgetting(this);
    };
  }

  /**
   * @param out the stream
   * @throws IOException if writing fails
   */
  public void write(DataOutputStream out) throws IOException {
    out.writeUTF(kind.name());
    out.writeDouble(lambda);
    out.writeDouble(gamma);
    out.writeDouble(temperature);
    out.writeUTF(fisher.name());
    out.writeInt(importanceSamples);
    out.writeDouble(damping);
    out.writeInt(warmupEpochs);
  }

  /**
   * @param in the stream
   * @return the description
   * @throws IOException if reading fails or a value is invalid
   */
  public static MethodSpec read(DataInputStream in) throws IOException {
    try {
      return new MethodSpec(
          Kind.valueOf(in.readUTF()),
          in.readDouble(),
          in.readDouble(),
          in.readDouble(),
          FisherImportance.Variant.valueOf(in.readUTF()),
          in.readInt(),
          in.readDouble(),
          in.readInt());
    } catch (IllegalArgumentException e) {
      throw new IOException("invalid method in state: " + e.getMessage(), e);
    }
  }
}
