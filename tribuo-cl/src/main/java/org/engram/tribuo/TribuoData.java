package org.engram.tribuo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.engram.cl.HeadMode;
import org.engram.cl.data.TaskData;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.MutableFeatureMap;
import org.tribuo.classification.ImmutableLabelInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.protos.ImmutableLabelInfoProto;
import org.tribuo.protos.ProtoUtil;
import org.tribuo.protos.core.OutputDomainProto;

/**
 * Translation between Tribuo's examples and domains and the core's dense {@link TaskData}: feature
 * ids come from the model's feature map, and a label's id in the model's output domain is its
 * global class id in the core.
 */
final class TribuoData {
  private TribuoData() {}

  /** A task's data in the core's form, and what did not fit the model's feature domain. */
  record Converted(TaskData data, int taskId, int unknownFeatures, long unknownValues) {}

  /**
   * The feature domain of a first task.
   *
   * @param data the first task
   * @return its feature map
   * @throws IllegalArgumentException if the dataset is empty or has no features
   */
  static ImmutableFeatureMap firstFeatureDomain(Dataset<Label> data) {
    if (data.size() == 0) {
      throw new IllegalArgumentException("the dataset has no examples");
    }
    ImmutableFeatureMap map = data.getFeatureIDMap();
    if (map.size() == 0) {
      throw new IllegalArgumentException("the dataset has no features");
    }
    return map;
  }

  /**
   * A feature domain declared up front.
   *
   * @param names the feature names
   * @param data the first task, which must share at least one feature with the names
   * @return the feature map (ids follow Tribuo's order of names)
   * @throws IllegalArgumentException if the dataset is empty
   */
  static ImmutableFeatureMap declaredFeatureDomain(List<String> names, Dataset<Label> data) {
    if (data.size() == 0) {
      throw new IllegalArgumentException("the dataset has no examples");
    }
    MutableFeatureMap map = new MutableFeatureMap();
    for (String name : names) {
      map.add(name, 0.0);
    }
    return new ImmutableFeatureMap(map);
  }

  /**
   * The output domain after a task: the previous domain's labels keep their ids, labels new in this
   * task are appended (in name order), and observation counts add up.
   *
   * @param previous the previous model's domain, or null for a first task
   * @param data the task
   * @return the grown domain
   * @throws IllegalArgumentException if the dataset is empty or has an unknown label
   */
  static ImmutableOutputInfo<Label> growLabelDomain(
      ImmutableOutputInfo<Label> previous, Dataset<Label> data) {
    if (data.size() == 0) {
      throw new IllegalArgumentException("the dataset has no examples");
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    if (previous != null) {
      ImmutableLabelInfo info = (ImmutableLabelInfo) previous;
      for (int id = 0; id < previous.size(); id++) {
        counts.put(previous.getOutput(id).getLabel(), info.getLabelCount(id));
      }
    }
    TreeMap<String, Long> seen = new TreeMap<>();
    int i = 0;
    for (Example<Label> e : data) {
      Label label = e.getOutput();
      if (label == null || LabelFactory.UNKNOWN_LABEL.equals(label)) {
        throw new IllegalArgumentException(
            "example " + i + " has no label (the unknown label); every example needs one");
      }
      seen.merge(label.getLabel(), 1L, Long::sum);
      i++;
    }
    for (Map.Entry<String, Long> e : seen.entrySet()) {
      counts.merge(e.getKey(), e.getValue(), Long::sum);
    }
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
            .setSerializedData(com.google.protobuf.Any.pack(b.build()))
            .build();
    return ProtoUtil.deserialize(proto);
  }

  /**
   * Writes an example's features that the map knows into row {@code r} of a dense row-major block.
   *
   * @param e the example
   * @param r its row
   * @param features the model's feature domain
   * @param x the block, rows × features.size()
   * @param unknown receives the names of features the map does not know (may be null)
   * @return how many of the example's features the map knows
   * @throws IllegalArgumentException naming the example and feature of a NaN or infinite value
   */
  static int copyFeatures(
      Example<Label> e, int r, ImmutableFeatureMap features, float[] x, Set<String> unknown) {
    int f = features.size();
    int used = 0;
    for (Feature feature : e) {
      int id = features.getID(feature.getName());
      if (id < 0) {
        if (unknown != null) {
          unknown.add(feature.getName());
        }
        continue;
      }
      double v = feature.getValue();
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException(
            "example "
                + r
                + ", feature '"
                + feature.getName()
                + "' is "
                + v
                + "; feature values must be finite");
      }
      x[r * f + id] = (float) v;
      used++;
    }
    return used;
  }

  /**
   * Converts a task's examples.
   *
   * @param data the examples
   * @param features the model's feature domain
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
      ImmutableFeatureMap features,
      ImmutableOutputInfo<Label> labels,
      HeadMode mode,
      String taskKey,
      int defaultTask) {
    int n = data.size();
    int f = features.size();
    if (n == 0) {
      throw new IllegalArgumentException("the dataset has no examples");
    }
    float[] x = new float[n * f];
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
      int used = copyFeatures(e, r, features, x, unknown);
      unknownValues += e.size() - used;
      if (used == 0) {
        emptyRows.add(r);
      }
      known += used;
      int label = labels.getID(e.getOutput());
      if (label < 0) {
        throw new IllegalArgumentException(
            "example " + r + " has label '" + e.getOutput().getLabel() + "' outside the domain");
      }
      y[r] = label;
      w[r] = e.getWeight();
      if (!(w[r] >= 0) || Float.isInfinite(w[r])) {
        throw new IllegalArgumentException(
            "example " + r + " has weight " + w[r] + "; weights must be finite and >= 0");
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
              + features.get(0).getName()
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
   * Reads an example's task id from its metadata.
   *
   * @param e the example
   * @param taskKey the key
   * @param index the example's index, for messages
   * @return the task id, or empty if the example has none
   * @throws IllegalArgumentException if the value is not an integer &gt;= 0
   */
  static Optional<Integer> taskOf(Example<Label> e, String taskKey, int index) {
    Optional<Object> v = e.getMetadataValue(taskKey);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    Object o = v.get();
    int t;
    if (o instanceof Number num) {
      t = num.intValue();
    } else {
      try {
        t = Integer.parseInt(o.toString().trim());
      } catch (NumberFormatException ex) {
        throw new IllegalArgumentException(
            "example "
                + index
                + " has metadata "
                + taskKey
                + "='"
                + o
                + "'; the task id must be an integer >= 0");
      }
    }
    if (t < 0) {
      throw new IllegalArgumentException(
          "example " + index + " has metadata " + taskKey + "=" + t + "; task ids must be >= 0");
    }
    return Optional.of(t);
  }
}
