package org.engram.tribuo;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.SkeletalConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.engram.cl.data.Digits;
import org.engram.cl.data.TaskData;
import org.tribuo.ConfigurableDataSource;
import org.tribuo.Example;
import org.tribuo.OutputFactory;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.DataSourceProvenance;

/**
 * One task of split UCI digits, the small dataset shipped in Engram's core ({@link Digits}): the
 * examples of some digits, from a stratified train/test split, as Tribuo examples with 64 features
 * {@code px00 .. px63} (pixel intensities scaled to [0, 1]). Lets the examples and tests run
 * continual learning on real data with nothing to download.
 *
 * <p>Labels are either the digit itself ({@code DIGIT}: class- and task-incremental learning) or
 * the digit's position in {@code digits} ({@code POSITION}: domain-incremental learning, where
 * every task asks "first or second digit of the pair?"). If {@code taskId} is &gt;= 0 each example
 * carries it in its metadata under {@code taskKey}.
 *
 * <p>Data: E. Alpaydin and C. Kaynak, "Optical Recognition of Handwritten Digits", UCI Machine
 * Learning Repository, 1998 ({@link Digits#ATTRIBUTION}).
 */
public final class DigitsDataSource implements ConfigurableDataSource<Label> {
  /** Which part of the stratified split. */
  public enum Split {
    /** The training part. */
    TRAIN,
    /** The test part. */
    TEST
  }

  /** How examples are labelled. */
  public enum Labelling {
    /** The digit, "0" .. "9". */
    DIGIT,
    /** The digit's position in the task's digit list, "0", "1", ... */
    POSITION
  }

  @Config(mandatory = true, description = "The digits of this task, e.g. 0,1.")
  private List<Integer> digits;

  @Config(description = "TRAIN or TEST part of the stratified split.")
  private Split split = Split.TRAIN;

  @Config(description = "Fraction of each digit in the training part, in (0, 1).")
  private double trainFraction = 0.7;

  @Config(description = "Seed of the train/test split.")
  private long splitSeed = 1;

  @Config(description = "DIGIT (the digit) or POSITION (its position in digits).")
  private Labelling labelling = Labelling.DIGIT;

  @Config(description = "Task id written to each example's metadata (-1: none).")
  private int taskId = -1;

  @Config(description = "Metadata key of the task id.")
  private String taskKey = ContinualTrainer.DEFAULT_TASK_KEY;

  private List<Example<Label>> examples;

  /** For OLCUT. */
  private DigitsDataSource() {}

  /**
   * One task of split digits.
   *
   * @param digits the digits of the task
   * @param split train or test part
   * @param labelling digit or position labels
   * @param taskId task id for the metadata, or -1 for none
   */
  public DigitsDataSource(List<Integer> digits, Split split, Labelling labelling, int taskId) {
    this.digits = new ArrayList<>(digits);
    this.split = split;
    this.labelling = labelling;
    this.taskId = taskId;
    postConfig();
  }

  /**
   * Validates the fields and reads the examples.
   *
   * @throws IllegalArgumentException naming an invalid field
   */
  @Override
  public void postConfig() {
    if (digits == null || digits.isEmpty()) {
      throw new IllegalArgumentException("digits must list at least one digit");
    }
    for (Integer d : digits) {
      if (d == null || d < 0 || d > 9) {
        throw new IllegalArgumentException("digits must be in 0..9, got " + digits);
      }
    }
    if (digits.stream().distinct().count() != digits.size()) {
      throw new IllegalArgumentException("digits must not repeat, got " + digits);
    }
    if (!(trainFraction > 0 && trainFraction < 1)) {
      throw new IllegalArgumentException("trainFraction must be in (0, 1), got " + trainFraction);
    }
    if (split == null || labelling == null) {
      throw new IllegalArgumentException("split and labelling must be set");
    }
    if (taskKey == null || taskKey.isBlank()) {
      throw new IllegalArgumentException("taskKey must not be empty");
    }
    TaskData[] parts = Digits.load().split(trainFraction, splitSeed);
    TaskData part = parts[split == Split.TRAIN ? 0 : 1];
    String[] names = featureNames(part.featureCount());
    List<Example<Label>> list = new ArrayList<>();
    for (int r = 0; r < part.size(); r++) {
      int pos = digits.indexOf(part.label(r));
      if (pos < 0) {
        continue;
      }
      String label = String.valueOf(labelling == Labelling.DIGIT ? part.label(r) : pos);
      double[] values = new double[part.featureCount()];
      for (int j = 0; j < values.length; j++) {
        values[j] = part.feature(r, j);
      }
      ArrayExample<Label> e = new ArrayExample<>(new Label(label), names, values);
      if (taskId >= 0) {
        e.setMetadataValue(taskKey, String.valueOf(taskId));
      }
      list.add(e);
    }
    this.examples = Collections.unmodifiableList(list);
  }

  /**
   * @param count number of features
   * @return px00, px01, ... (zero-padded so name order is pixel order)
   */
  static String[] featureNames(int count) {
    String[] names = new String[count];
    for (int j = 0; j < count; j++) {
      names[j] = String.format(Locale.ROOT, "px%02d", j);
    }
    return names;
  }

  @Override
  public OutputFactory<Label> getOutputFactory() {
    return new LabelFactory();
  }

  @Override
  public Iterator<Example<Label>> iterator() {
    return examples.iterator();
  }

  /**
   * @return the digits of this task
   */
  public List<Integer> getDigits() {
    return Collections.unmodifiableList(digits);
  }

  /**
   * @return number of examples
   */
  public int size() {
    return examples.size();
  }

  @Override
  public DataSourceProvenance getProvenance() {
    return new DigitsDataSourceProvenance(this);
  }

  @Override
  public String toString() {
    return "DigitsDataSource(digits="
        + digits
        + ",split="
        + split
        + ",labelling="
        + labelling
        + ",taskId="
        + taskId
        + ")";
  }

  /** Provenance of a {@link DigitsDataSource}: its configuration (the data ships in the jar). */
  public static final class DigitsDataSourceProvenance extends SkeletalConfiguredObjectProvenance
      implements DataSourceProvenance {
    private static final long serialVersionUID = 1L;

    DigitsDataSourceProvenance(DigitsDataSource host) {
      super(host, "DataSource");
    }

    /**
     * For unmarshalling.
     *
     * @param map the provenance map
     */
    public DigitsDataSourceProvenance(Map<String, Provenance> map) {
      super(extract(map));
    }

    private static ExtractedInfo extract(Map<String, Provenance> map) {
      Map<String, Provenance> configured = new HashMap<>(map);
      String className =
          ObjectProvenance.checkAndExtractProvenance(
                  configured,
                  CLASS_NAME,
                  StringProvenance.class,
                  DigitsDataSourceProvenance.class.getSimpleName())
              .getValue();
      String host =
          ObjectProvenance.checkAndExtractProvenance(
                  configured,
                  HOST_SHORT_NAME,
                  StringProvenance.class,
                  DigitsDataSourceProvenance.class.getSimpleName())
              .getValue();
      Map<String, PrimitiveProvenance<?>> instance = new HashMap<>();
      return new ExtractedInfo(className, host, configured, instance);
    }
  }
}
