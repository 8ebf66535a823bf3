package org.engram.tribuo;

import com.google.protobuf.Any;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.engram.cl.HeadMode;
import org.engram.cl.data.TaskData;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.MutableFeatureMap;
import org.tribuo.VariableInfo;
import org.tribuo.classification.ImmutableLabelInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.protos.ImmutableLabelInfoProto;
import org.tribuo.protos.ProtoUtil;
import org.tribuo.protos.core.OutputDomainProto;

/**
 * Translation between Tribuo's examples and domains and the core's dense {@link TaskData}.
 *
 * <p><b>Orders.</b> Tribuo numbers features by sorting their names as strings ({@code f0, f1, f10,
 * f11, ..., f2}) and keeps that numbering in every {@link ImmutableFeatureMap}. The network's
 * inputs follow another, stated order ({@link Inputs}): the declared {@code featureNames}, else the
 * names in natural order ({@link #NATURAL}: digit runs compare as numbers, so {@code f2} comes
 * before {@code f10}). A table maps each Tribuo feature id to its input. Labels get ids in the
 * order they first appear, task after task, and in natural order within a task; a label's id is its
 * class id in the core. With these two orders a Tribuo run over the columns {@code f0 .. fN} and
 * integer labels trains exactly what the core trains on the same matrix.
 */
final class TribuoData {
  private TribuoData() {}

  /**
   * Natural order of names: runs of digits compare by their numeric value, everything else as
   * characters; names equal under that rule (e.g. "f01" and "f1") fall back to plain string order,
   * so the order is total.
   */
  static final Comparator<String> NATURAL = TribuoData::compareNatural;

  /** A task's data in the core's form, and what did not fit the model's feature domain. */
  record Converted(TaskData data, int taskId, int unknownFeatures, long unknownValues) {}

  /**
   * The model's inputs: Tribuo's feature domain and, for each feature id, the network input that
   * reads it.
   *
   * @param domain the feature domain (ids in Tribuo's order)
   * @param column {@code column[id]} is the input of feature {@code id}
   */
  record Inputs(ImmutableFeatureMap domain, int[] column) {
    /**
     * @return number of inputs
     */
    int size() {
      return column.length;
    }

    /**
     * @return the feature names in input order
     */
    List<String> names() {
      String[] names = new String[column.length];
      for (int id = 0; id < column.length; id++) {
        names[column[id]] = domain.get(id).getName();
      }
      return List.of(names);
    }

    /**
     * @param names feature names in input order, distinct
     * @return the inputs reading them in that order
     */
    static Inputs of(List<String> names) {
      MutableFeatureMap map = new MutableFeatureMap();
      for (String name : names) {
        map.add(name, 0.0);
      }
      ImmutableFeatureMap domain = new ImmutableFeatureMap(map);
      int[] column = new int[names.size()];
      for (int i = 0; i < names.size(); i++) {
        column[domain.getID(names.get(i))] = i;
      }
      return new Inputs(domain, column);
    }
  }

  /**
   * The inputs of a first task: its feature domain (with Tribuo's statistics of each feature), read
   * in the natural order of the names.
   *
   * @param data the first task
   * @return the inputs
   * @throws IllegalArgumentException if the dataset is empty or has no features
   */
  static Inputs firstInputs(Dataset<Label> data) {
    requireExamples(data);
    ImmutableFeatureMap domain = data.getFeatureIDMap();
    if (domain.size() == 0) {
      throw new IllegalArgumentException("the dataset has no features");
    }
    List<String> names = new ArrayList<>();
    for (VariableInfo info : domain) {
      names.add(info.getName());
    }
    names.sort(NATURAL);
    int[] column = new int[names.size()];
    for (int i = 0; i < names.size(); i++) {
      column[domain.getID(names.get(i))] = i;
    }
    return new Inputs(domain, column);
  }

  /**
   * Inputs declared up front, in the order given.
   *
   * @param names the feature names
   * @param data the first task
   * @return the inputs
   * @throws IllegalArgumentException if the dataset is empty
   */
  static Inputs declaredInputs(List<String> names, Dataset<Label> data) {
    requireExamples(data);
    return Inputs.of(names);
  }

  /**
   * @param index an example's index in its dataset
   * @return how messages name it: by Tribuo's index, which counts from 0 (the first data row of a
   *     CSV file is example 0), and saying so
   */
  static String example(int index) {
    return "example " + index + " (counting from 0)";
  }

  /**
   * Checks a dataset before anything trains on it: it has examples, and every feature value is a
   * finite float.
   *
   * @throws IllegalArgumentException naming the example and the feature
   */
  static void checkValues(Dataset<Label> data) {
    requireExamples(data);
    int r = 0;
    for (Example<Label> e : data) {
      for (Feature feature : e) {
        checkFinite(r, feature);
      }
      r++;
    }
  }

  private static void checkFinite(int r, Feature feature) {
    double v = feature.getValue();
    if (!Float.isFinite((float) v)) {
      throw new IllegalArgumentException(
          example(r)
              + ", feature '"
              + feature.getName()
              + "' is "
              + v
              + (Double.isFinite(v)
                  ? ", beyond the float range ±3.4e38 the network computes in"
                  : "")
              + "; feature values must be finite");
    }
  }

  private static void requireExamples(Dataset<Label> data) {
    // Generics stop this at compile time, but not a configuration file or raw types: a regression
    // or multi-label dataset would otherwise fail on its first example with a ClassCastException
    if (!(data.getOutputFactory() instanceof LabelFactory)) {
      throw new IllegalArgumentException(
          "the dataset's outputs are not classification labels (its output factory is "
              + data.getOutputFactory().getClass().getName()
              + "): Engram's trainers learn classification; read the data with a "
              + LabelFactory.class.getName());
    }
    if (data.size() == 0) {
      throw new IllegalArgumentException("the dataset has no examples");
    }
  }

  /**
   * The output domain after a task: the previous domain's labels keep their ids, labels new in this
   * task are appended in natural order, then labels the dataset declares without an example of them
   * (with the dataset's count of them), in natural order; observation counts add up.
   *
   * @param previous the previous model's domain, or null for a first task
   * @param data the task
   * @return the grown domain
   * @throws IllegalArgumentException if the dataset is empty or an example has no label
   */
  static ImmutableOutputInfo<Label> growLabelDomain(
      ImmutableOutputInfo<Label> previous, Dataset<Label> data) {
    requireExamples(data);
    Map<String, Long> counts = new LinkedHashMap<>();
    if (previous != null) {
      ImmutableLabelInfo info = (ImmutableLabelInfo) previous;
      for (int id = 0; id < previous.size(); id++) {
        counts.put(previous.getOutput(id).getLabel(), info.getLabelCount(id));
      }
    }
    Map<String, Long> seen = new java.util.TreeMap<>(NATURAL);
    int i = 0;
    for (Example<Label> e : data) {
      Label label = e.getOutput();
      if (label == null || LabelFactory.UNKNOWN_LABEL.equals(label)) {
        throw new IllegalArgumentException(
            example(i) + " has no label (the unknown label); every example needs one");
      }
      seen.merge(label.getLabel(), 1L, Long::sum);
      i++;
    }
    seen.forEach((name, n) -> counts.merge(name, n, Long::sum));
    // Labels the dataset declares but has no example of (a DatasetView, e.g. a fold of Tribuo's
    // CrossValidation, declares every label of the dataset it views) join the domain too, with
    // probability 0 until a task teaches them: Tribuo's evaluators score a model on the labels
    // of its domain, and refused the fold's test examples of such a label. They come after the
    // labels seen, so the ids of the labels trained on are those they would have without them;
    // their count is the one the dataset declares (Tribuo's domains refuse a count of 0).
    Map<String, Long> declared = new java.util.TreeMap<>(NATURAL);
    for (var c : data.getOutputInfo().outputCountsIterable()) {
      if (!LabelFactory.UNKNOWN_LABEL.getLabel().equals(c.getA())) {
        declared.put(c.getA(), Math.max(1L, c.getB()));
      }
    }
    declared.forEach(counts::putIfAbsent);
    ImmutableLabelInfoProto.Builder b = ImmutableLabelInfoProto.newBuilder();
    int id = 0;
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      b.addLabel(e.getKey());
      b.addCount(e.getValue());
      b.addId(id++);
    }
    OutputDomainProto proto =
        OutputDomainProto.newBuilder()
            .setVersion(0)
            .setClassName(ImmutableLabelInfo.class.getName())
            .setSerializedData(Any.pack(b.build()))
            .build();
    return ProtoUtil.deserialize(proto);
  }

  /**
   * Writes an example's features that the model knows into row {@code r} of a dense row-major
   * block, each at its input.
   *
   * @param e the example
   * @param r its row
   * @param inputs the model's inputs
   * @param x the block, rows × inputs
   * @param unknown receives the names of features the model does not know (may be null)
   * @return how many of the example's features the model knows
   * @throws IllegalArgumentException naming the example and feature of a value that is not a finite
   *     float (NaN, infinite, or beyond ±3.4e38, which a float cannot hold), or of a feature given
   *     twice
   */
  static int copyFeatures(Example<Label> e, int r, Inputs inputs, float[] x, Set<String> unknown) {
    int f = inputs.size();
    int used = 0;
    String previous = null;
    for (Feature feature : e) {
      // Tribuo keeps an example's features sorted by name, so a name given twice (added after
      // the example joined its dataset, which Tribuo refuses at the time of adding) is adjacent
      if (feature.getName().equals(previous)) {
        throw new IllegalArgumentException(
            example(r) + " has feature '" + previous + "' twice; give each feature once");
      }
      previous = feature.getName();
      int id = inputs.domain().getID(feature.getName());
      if (id < 0) {
        if (unknown != null) {
          unknown.add(feature.getName());
        }
        continue;
      }
      checkFinite(r, feature);
      x[r * f + inputs.column()[id]] = (float) feature.getValue();
      used++;
    }
    return used;
  }

  /**
   * Converts a task's examples.
   *
   * @param data the examples
   * @param inputs the model's inputs
   * @param labels the model's output domain (containing every label of the data)
   * @param mode head mode: with PER_TASK, example task ids are read from the metadata
   * @param taskKey the metadata key of the task id
   * @param defaultTask the task id of examples without one (the task being learned)
   * @return the dense data, the task id to learn it as, and the count of unknown features
   * @throws IllegalArgumentException naming the example and feature of a bad value, or if no
   *     feature is known to the model
   */
  static Converted toTaskData(
      Dataset<Label> data,
      Inputs inputs,
      ImmutableOutputInfo<Label> labels,
      HeadMode mode,
      String taskKey,
      int defaultTask) {
    requireExamples(data);
    int n = data.size();
    int f = inputs.size();
    float[] x = new float[Math.multiplyExact(n, f)];
    int[] y = new int[n];
    float[] w = new float[n];
    int[] tasks = mode == HeadMode.PER_TASK ? new int[n] : null;
    boolean weighted = false;
    Set<String> unknown = new HashSet<>();
    long unknownValues = 0;
    long known = 0;
    List<Integer> emptyRows = new ArrayList<>();
    int r = 0;
    for (Example<Label> e : data) {
      int used = copyFeatures(e, r, inputs, x, unknown);
      unknownValues += e.size() - used;
      if (used == 0) {
        emptyRows.add(r);
      }
      known += used;
      int label = labels.getID(e.getOutput());
      if (label < 0) {
        throw new IllegalArgumentException(
            example(r) + " has label '" + e.getOutput().getLabel() + "' outside the domain");
      }
      y[r] = label;
      w[r] = e.getWeight();
      if (!(w[r] >= 0) || Float.isInfinite(w[r])) {
        throw new IllegalArgumentException(
            example(r) + " has weight " + w[r] + "; weights must be finite and >= 0");
      }
      weighted |= w[r] != 1f;
      if (tasks != null) {
        tasks[r] = taskOf(e, taskKey, r).orElse(defaultTask);
        if (r > 0 && tasks[r] != tasks[0]) {
          throw new IllegalArgumentException(
              "a dataset is one task, but example 0 has "
                  + taskKey
                  + "="
                  + tasks[0]
                  + " and example "
                  + r
                  + " has "
                  + taskKey
                  + "="
                  + tasks[r]);
        }
      }
      r++;
    }
    if (known == 0) {
      throw new IllegalArgumentException(
          "no feature of the dataset is known to the model (the model has "
              + f
              + " features, e.g. '"
              + inputs.domain().get(0).getName()
              + "'; the dataset has "
              + unknown.size()
              + " others)");
    }
    if (!emptyRows.isEmpty()) {
      throw new IllegalArgumentException(
          emptyRows.size()
              + " example(s) have no feature known to the model, first example "
              + emptyRows.get(0));
    }
    int taskId = tasks == null ? defaultTask : tasks[0];
    return new Converted(
        new TaskData(x, f, y, weighted ? w : null, tasks), taskId, unknown.size(), unknownValues);
  }

  /**
   * Reads an example's task id from its metadata: an integer in [0, 2^31 − 1], given as a whole
   * number of any numeric type or as its decimal text. A fraction (1.7, "1.5") or a number out of
   * that range (2^32 + 1) is refused, never rounded or truncated.
   *
   * @param e the example
   * @param taskKey the key
   * @param index the example's index, for messages
   * @return the task id, or empty if the example has none
   * @throws IllegalArgumentException naming the example, the key and the value
   */
  static Optional<Integer> taskOf(Example<Label> e, String taskKey, int index) {
    Optional<Object> v = e.getMetadataValue(taskKey);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    Object o = v.get();
    BigDecimal value;
    try {
      value =
          o instanceof BigDecimal d
              ? d
              : o instanceof BigInteger i
                  ? new BigDecimal(i)
                  : o instanceof Long
                          || o instanceof Integer
                          || o instanceof Short
                          || o instanceof Byte
                      ? BigDecimal.valueOf(((Number) o).longValue())
                      : o instanceof Number n
                          ? new BigDecimal(n.doubleValue())
                          : new BigDecimal(o.toString().trim());
    } catch (NumberFormatException ex) {
      throw badTask(index, taskKey, o, "is not a number");
    }
    if (value.signum() != 0 && value.stripTrailingZeros().scale() > 0) {
      throw badTask(index, taskKey, o, "is not a whole number");
    }
    if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
      throw badTask(index, taskKey, o, "is outside [0, " + Integer.MAX_VALUE + "]");
    }
    return Optional.of(value.intValueExact());
  }

  private static IllegalArgumentException badTask(int index, String key, Object o, String why) {
    return new IllegalArgumentException(
        example(index)
            + " has metadata "
            + key
            + "='"
            + o
            + "' ("
            + o.getClass().getSimpleName()
            + "), which "
            + why
            + "; the task id must be an integer in [0, "
            + Integer.MAX_VALUE
            + "]");
  }

  private static int compareNatural(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      if (Character.isDigit(ca) && Character.isDigit(cb)) {
        int ei = digitsEnd(a, i);
        int ej = digitsEnd(b, j);
        int c = compareDigits(a.substring(i, ei), b.substring(j, ej));
        if (c != 0) {
          return c;
        }
        i = ei;
        j = ej;
      } else {
        if (ca != cb) {
          return Character.compare(ca, cb);
        }
        i++;
        j++;
      }
    }
    int c = Integer.compare(a.length() - i, b.length() - j);
    return c != 0 ? c : a.compareTo(b);
  }

  private static int digitsEnd(String s, int from) {
    int k = from;
    while (k < s.length() && Character.isDigit(s.charAt(k))) {
      k++;
    }
    return k;
  }

  private static int compareDigits(String x, String y) {
    String a = x.replaceFirst("^0+(?=.)", "");
    String b = y.replaceFirst("^0+(?=.)", "");
    return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
  }
}
