package org.engram.cl.method;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import org.engram.cl.util.OptionException;

/**
 * A {@link Method} and the values of its {@link Hyperparameter}s: what the adapters fill from their
 * options and the learner saves. Immutable; every value is validated when set, with a message that
 * names the hyperparameter. A hyperparameter not set reads as its default.
 *
 * <p>λ conventions differ between methods (see {@link Method#penalty()}): EWC and online EWC add
 * (λ/2) Σ F (θ − θ*)², MAS, SI and L2 add λ Σ Ω (θ − θ*)², LwF adds λ · T² · KL. Fisher is
 * per-sample (the paper's definition), so λ is not comparable with Avalanche's per-minibatch
 * Fisher. λ not set means automatic: chosen per task (see {@link org.engram.cl.LambdaSearch}).
 */
public final class MethodSpec {
  private final Method method;
  private final Map<Hyperparameter<?>, Object> values;

  private MethodSpec(Method method, Map<Hyperparameter<?>, Object> values) {
    this.method = Objects.requireNonNull(method, "method");
    this.values = values;
  }

  /**
   * @param method the method
   * @return the method with every hyperparameter at its default (λ automatic)
   */
  public static MethodSpec of(Method method) {
    if (method == null) {
      throw new IllegalArgumentException("method must not be null");
    }
    return new MethodSpec(method, new LinkedHashMap<>());
  }

  /**
   * @return the method
   */
  public Method method() {
    return method;
  }

  /**
   * @param p one of the method's hyperparameters
   * @param <T> its type
   * @return its value, or its default when not set (null: λ automatic)
   */
  @SuppressWarnings("unchecked")
  public <T> T get(Hyperparameter<T> p) {
    return values.containsKey(p) ? (T) values.get(p) : p.defaultValue();
  }

  /**
   * @param p a hyperparameter
   * @return whether a value was given for it
   */
  public boolean isSet(Hyperparameter<?> p) {
    return values.containsKey(p);
  }

  /**
   * @param p one of the method's hyperparameters
   * @param value its value (for λ, null means automatic)
   * @param <T> its type
   * @return a copy with that value
   * @throws IllegalArgumentException if the method does not read it or the value is out of range
   */
  public <T> MethodSpec with(Hyperparameter<T> p, T value) {
    if (!method.uses(p)) {
      throw new OptionException(
          p.name(),
          p.name()
              + " is not a hyperparameter of "
              + method.token()
              + (method.hyperparameters().isEmpty()
                  ? " (it has none)"
                  : " (it has "
                      + String.join(
                          ", ",
                          method.hyperparameters().stream().map(Hyperparameter::name).toList())
                      + ")"));
    }
    value = p.check(value);
    Map<Hyperparameter<?>, Object> v = new LinkedHashMap<>(values);
    if (value == null) {
      v.remove(p);
    } else {
      v.put(p, value);
    }
    return new MethodSpec(method, v);
  }

  /**
   * Sets a hyperparameter from text, as typed on a command line.
   *
   * @param name the hyperparameter's name or option
   * @param text its value
   * @return a copy with that value
   * @throws IllegalArgumentException naming the hyperparameter and the problem
   */
  public MethodSpec withText(String name, String text) {
    return withParsed(Hyperparameter.named(name), text);
  }

  private <T> MethodSpec withParsed(Hyperparameter<T> p, String text) {
    return with(p, p.parse(text));
  }

  /**
   * @return λ when given, empty when it is automatic (or the method has none)
   */
  public OptionalDouble lambda() {
    Double l = method.hasLambda() ? get(Hyperparameter.LAMBDA) : null;
    return l == null ? OptionalDouble.empty() : OptionalDouble.of(l);
  }

  /**
   * @return whether λ is chosen per task (the method has a λ and none was given)
   */
  public boolean automaticLambda() {
    return method.hasLambda() && get(Hyperparameter.LAMBDA) == null;
  }

  /**
   * @param value λ, finite and ≥ 0
   * @return a copy with that λ
   */
  public MethodSpec withLambda(double value) {
    return with(Hyperparameter.LAMBDA, value);
  }

  /**
   * @return a fresh method with empty memory; with λ automatic, its λ is 0 until the learner sets
   *     one for a task
   */
  public ContinualMethod create() {
    ContinualMethod m = method.create(this);
    lambda().ifPresent(m::setLambda);
    return m;
  }

  /**
   * Writes the method and the values given, by name (so a state stays readable when methods gain
   * hyperparameters).
   *
   * @param out the stream
   * @throws IOException if writing fails
   */
  public void write(DataOutputStream out) throws IOException {
    out.writeUTF(method.name());
    out.writeInt(values.size());
    for (var e : values.entrySet()) {
      out.writeUTF(e.getKey().name());
      out.writeUTF(e.getKey().format(e.getValue()));
    }
  }

  /**
   * @param in the stream
   * @return the description
   * @throws IOException if reading fails or a value is invalid
   */
  public static MethodSpec read(DataInputStream in) throws IOException {
    try {
      MethodSpec s = of(Method.valueOf(in.readUTF()));
      int n = States.count(in.readInt(), "hyperparameter count");
      for (int i = 0; i < n; i++) {
        s = s.withText(in.readUTF(), in.readUTF());
      }
      return s;
    } catch (IllegalArgumentException e) {
      throw new IOException("invalid method in state: " + e.getMessage(), e);
    }
  }

  /**
   * Two specs are equal when they name the same method with the same value of every hyperparameter
   * it reads, a value given equal to its default being the same as none given (Tribuo's EWCTrainer
   * sets fisher, a ContinualTrainer may leave it: the same EWC, and a model of one can be continued
   * by the other). λ's default is "automatic", so a given λ never equals none.
   */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof MethodSpec s) || s.method != method) {
      return false;
    }
    for (Hyperparameter<?> p : method.hyperparameters()) {
      if (!java.util.Objects.equals(get(p), s.get(p))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = method.hashCode();
    for (Hyperparameter<?> p : method.hyperparameters()) {
      h = h * 31 + java.util.Objects.hashCode(get(p));
    }
    return h;
  }

  /**
   * @return e.g. "ewc(lambda=auto, fisher=empirical, importanceSamples=1000)"
   */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    for (Hyperparameter<?> p : method.hyperparameters()) {
      parts.add(p.name() + "=" + p.format(get(p)));
    }
    return method.token() + (parts.isEmpty() ? "" : "(" + String.join(", ", parts) + ")");
  }
}
