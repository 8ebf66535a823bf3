package org.engram.cl.method;

import static org.engram.cl.method.Hyperparameter.DAMPING;
import static org.engram.cl.method.Hyperparameter.FISHER;
import static org.engram.cl.method.Hyperparameter.GAMMA;
import static org.engram.cl.method.Hyperparameter.IMPORTANCE_SAMPLES;
import static org.engram.cl.method.Hyperparameter.LAMBDA;
import static org.engram.cl.method.Hyperparameter.TEMPERATURE;
import static org.engram.cl.method.Hyperparameter.WARMUP_EPOCHS;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.engram.cl.importance.FisherImportance;
import org.engram.cl.importance.MasImportance;
import org.engram.cl.importance.SynapticIntelligence;
import org.engram.cl.importance.UniformImportance;

/**
 * The continual-learning methods, each one self-describing unit: its names, the paper it comes
 * from, its penalty's convention, the {@link Hyperparameter}s it reads and how it is created.
 * Everything else (the adapters' options, help texts, the saved state) is derived from this.
 *
 * <p>Adding a method: one constant here (its descriptor and {@code create}), the class it creates
 * (or an {@link org.engram.cl.importance.ImportanceEstimator} for a quadratic penalty), and its
 * tests. See ARCHITECTURE.md.
 */
public enum Method {
  /** Fine-tuning: no protection, the lower bound. */
  FINE_TUNE(
      "NONE",
      "naive",
      "fine-tuning: each task trains with no protection (the lower bound)",
      "",
      "none",
      List.of(),
      spec -> new FineTune(spec)),

  /** Joint training on every task seen so far: the upper bound (keeps all data). */
  JOINT(
      "JOINT",
      "joint",
      "joint training: each task trains on the data of every task so far (the upper bound;"
          + " keeps all data, batch training only)",
      "",
      "none",
      List.of(),
      spec -> new JointTraining(spec)),

  /** Elastic weight consolidation, one Fisher and anchor per task. */
  EWC(
      "EWC",
      "ewc",
      "elastic weight consolidation: one diagonal Fisher and anchor per task",
      "Kirkpatrick et al. 2017, \"Overcoming catastrophic forgetting in neural networks\", PNAS"
          + " 114(13), eq. 3",
      "(λ/2) Σ_k Σ_i F_k,i (θ_i − θ*_k,i)²",
      List.of(LAMBDA, FISHER, IMPORTANCE_SAMPLES),
      spec ->
          new RegularisationMethod(
              spec, new FisherImportance(spec.get(FISHER)), Consolidation.perTask(), 0.5)),

  /** Online EWC: one Fisher, decayed by γ before each new task's is added. */
  ONLINE_EWC(
      "ONLINE_EWC",
      "online-ewc",
      "online EWC: one running Fisher F* ← γF* + F, anchored at the latest task",
      "Schwarz et al. 2018, \"Progress & Compress: A scalable framework for continual learning\","
          + " ICML, eq. 8",
      "(λ/2) Σ_i γF*_i (θ_i − θ*_i)²",
      List.of(LAMBDA, GAMMA, FISHER, IMPORTANCE_SAMPLES),
      spec ->
          new RegularisationMethod(
              spec,
              new FisherImportance(spec.get(FISHER)),
              Consolidation.online(spec.get(GAMMA)),
              0.5)),

  /** Memory aware synapses: importance from the output's sensitivity, no labels. */
  MAS(
      "MAS",
      "mas",
      "memory aware synapses: importance = mean |∂‖f(x)‖²/∂θ| (no labels), summed over tasks",
      "Aljundi et al. 2018, \"Memory Aware Synapses: Learning what (not) to forget\", ECCV, eq. 4",
      "λ Σ_i Ω_i (θ_i − θ*_i)²",
      List.of(LAMBDA, IMPORTANCE_SAMPLES),
      spec -> new RegularisationMethod(spec, new MasImportance(), Consolidation.sum(), 1)),

  /** Synaptic intelligence: importance from the path integral of the training loss. */
  SI(
      "SI",
      "si",
      "synaptic intelligence: importance from each parameter's contribution to the loss's decrease"
          + " along the training path",
      "Zenke et al. 2017, \"Continual Learning Through Synaptic Intelligence\", ICML, eq. 4-5",
      "c Σ_i Ω_i (θ_i − θ*_i)², c = λ",
      List.of(LAMBDA, DAMPING),
      spec ->
          new RegularisationMethod(
              spec, new SynapticIntelligence(spec.get(DAMPING)), Consolidation.clippedSum(), 1)),

  /** L2 distance to the last task's parameters (the EWC paper's baseline). */
  L2(
      "L2",
      "l2",
      "L2: every parameter equally important, anchored at the last task",
      "Kirkpatrick et al. 2017, PNAS 114(13), fig. 2A (the L2 baseline)",
      "λ Σ_i (θ_i − θ*_i)²",
      List.of(LAMBDA),
      spec -> new RegularisationMethod(spec, new UniformImportance(), Consolidation.latest(), 1)),

  /** Learning without forgetting: distils a snapshot's outputs on the new task's inputs. */
  LWF(
      "LWF",
      "lwf",
      "learning without forgetting: distils the last task's model's outputs on the new inputs",
      "Li and Hoiem 2017, \"Learning without Forgetting\", TPAMI 40(12), eq. 2",
      "λ · T² · KL(softmax(old/T) ‖ softmax(new/T))",
      List.of(LAMBDA, TEMPERATURE, WARMUP_EPOCHS),
      spec -> new LearningWithoutForgetting(spec));

  private final String label;
  private final String token;
  private final String summary;
  private final String paper;
  private final String penalty;
  private final List<Hyperparameter<?>> hyperparameters;
  private final Function<MethodSpec, ContinualMethod> factory;

  Method(
      String label,
      String token,
      String summary,
      String paper,
      String penalty,
      List<Hyperparameter<?>> hyperparameters,
      Function<MethodSpec, ContinualMethod> factory) {
    this.label = label;
    this.token = token;
    this.summary = summary;
    this.paper = paper;
    this.penalty = penalty;
    this.hyperparameters = hyperparameters;
    this.factory = factory;
  }

  /** Creates the method with empty memory (called by {@link MethodSpec#create()}). */
  ContinualMethod create(MethodSpec spec) {
    return factory.apply(spec);
  }

  /**
   * @return the upper-case label (Weka's method tag, e.g. "NONE", "ONLINE_EWC")
   */
  public String label() {
    return label;
  }

  /**
   * @return the command-line token (the bench's {@code --method}, e.g. "naive", "online-ewc")
   */
  public String token() {
    return token;
  }

  /**
   * @return one line saying what the method does
   */
  public String summary() {
    return summary;
  }

  /**
   * @return the paper it comes from (empty for the baselines without one)
   */
  public String paper() {
    return paper;
  }

  /**
   * @return its penalty (or distillation term) and λ convention, as a formula
   */
  public String penalty() {
    return penalty;
  }

  /**
   * @return the hyperparameters it reads
   */
  public List<Hyperparameter<?>> hyperparameters() {
    return hyperparameters;
  }

  /**
   * @param p a hyperparameter
   * @return whether this method reads it
   */
  public boolean uses(Hyperparameter<?> p) {
    return hyperparameters.contains(p);
  }

  /**
   * @return whether the method has a λ (every method but the fine-tune and joint bounds)
   */
  public boolean hasLambda() {
    return uses(LAMBDA);
  }

  /**
   * Finds a method by its label, token or constant name, case-insensitively, with '-' or '_' (e.g.
   * "online-ewc", "ONLINE_EWC", "naive", "none", "finetune").
   *
   * @param name the name
   * @return the method
   * @throws IllegalArgumentException naming the accepted values
   */
  public static Method parse(String name) {
    if (name == null) {
      throw new IllegalArgumentException("method name must not be null");
    }
    String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (Method m : values()) {
      if (n.equals(m.token)
          || n.equals(m.label.toLowerCase(Locale.ROOT).replace('_', '-'))
          || n.equals(m.name().toLowerCase(Locale.ROOT).replace('_', '-'))
          || n.replace("-", "").equals(m.name().toLowerCase(Locale.ROOT).replace("_", ""))) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown method '"
            + name
            + "'; expected one of "
            + String.join(", ", Arrays.stream(values()).map(Method::token).toList())
            + " (or "
            + String.join(", ", Arrays.stream(values()).map(Method::label).toList())
            + ")");
  }
}
