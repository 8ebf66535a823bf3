package weka.classifiers.functions;

import weka.classifiers.AbstractClassifierTest;
import weka.classifiers.Classifier;

/**
 * Weka's own battery of classifier checks (attribute types, missing values, zero training, build
 * initialisation, options round trip, tool tips, serialVersionUID, regression against the committed
 * reference in src/test/resources/wekarefs).
 */
public class ContinualMLPTest extends AbstractClassifierTest {

  /**
   * @param name the test's name
   */
  public ContinualMLPTest(String name) {
    super(name);
  }

  /**
   * @return the classifier with its default options
   */
  @Override
  public Classifier getClassifier() {
    return new ContinualMLP();
  }
}
