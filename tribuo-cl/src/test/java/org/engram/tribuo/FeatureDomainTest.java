package org.engram.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.engram.cl.HeadMode;
import org.junit.jupiter.api.Test;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The feature domain: fixed by the first task, or declared up front for sources that drop zero
 * values (as Tribuo's IDXDataSource does with pixels).
 */
class FeatureDomainTest {
  private static final ContinualTrainer.OptimiserType ADAM = ContinualTrainer.OptimiserType.ADAM;

  /** The examples with their zero-valued features dropped, as IDXDataSource would. */
  private static MutableDataset<Label> sparse(Dataset<Label> dense) {
    MutableDataset<Label> out =
        new MutableDataset<>(
            new SimpleDataSourceProvenance("sparse digits", new LabelFactory()),
            new LabelFactory());
    for (Example<Label> e : dense) {
      List<String> names = new ArrayList<>();
      List<Double> values = new ArrayList<>();
      for (Feature f : e) {
        if (f.getValue() != 0) {
          names.add(f.getName());
          values.add(f.getValue());
        }
      }
      out.add(
          new ArrayExample<>(
              e.getOutput(),
              names.toArray(new String[0]),
              values.stream().mapToDouble(Double::doubleValue).toArray()));
    }
    return out;
  }

  private static Set<String> names(Dataset<Label> d) {
    Set<String> s = new HashSet<>();
    d.getFeatureIDMap().forEach(v -> s.add(v.getName()));
    return s;
  }

  @Test
  void declaredFeaturesCoverWhatTheFirstTaskLacks() {
    List<DigitsTasks.Task> tasks =
        DigitsTasks.tasks(
            DigitsDataSource.Labelling.POSITION, false, new int[] {0, 1}, new int[] {6, 7});
    MutableDataset<Label> task1 = sparse(tasks.get(0).train());
    MutableDataset<Label> task2 = sparse(tasks.get(1).train());
    Set<String> missing = names(task2);
    missing.removeAll(names(task1));
    assertTrue(missing.size() > 0, "the test needs pixels that only task 2 uses");

    ContinualTrainer fixedByTask1 =
        new MASTrainer(new int[] {16}, 1, 64, 0.003, ADAM, 1, HeadMode.SHARED, 10, 100);
    ContinualModel a = fixedByTask1.incrementalTrain(task2, fixedByTask1.train(task1));
    assertEquals(names(task1).size(), a.getFeatureIDMap().size());
    assertEquals(missing.size(), a.unknownFeatureCount());

    ContinualTrainer declared =
        new MASTrainer(new int[] {16}, 1, 64, 0.003, ADAM, 1, HeadMode.SHARED, 10, 100)
            .setFeatureNames(Arrays.asList(DigitsDataSource.featureNames(64)));
    ContinualModel b = declared.incrementalTrain(task2, declared.train(task1));
    assertEquals(64, b.getFeatureIDMap().size());
    assertEquals(0, b.unknownFeatureCount());
    assertTrue(
        b.getProvenance()
            .getTrainerProvenance()
            .getConfiguredParameters()
            .containsKey("featureNames"));
    // Dense test data predicts the same way whether or not zeros are spelled out.
    assertEquals(
        DigitsTasks.accuracy(b, tasks.get(1).test()),
        DigitsTasks.accuracy(b, sparse(tasks.get(1).test())));
  }

  @Test
  void invalidDeclarations() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new FineTuneTrainer().setFeatureNames(List.of("a", "b", "a")));
    assertTrue(e.getMessage().contains("featureNames lists 'a' twice"), e.getMessage());
  }
}
