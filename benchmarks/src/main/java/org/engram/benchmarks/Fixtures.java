package org.engram.benchmarks;

import java.util.Random;
import org.engram.cl.ContinualLearner;
import org.engram.cl.LearnerConfig;
import org.engram.cl.data.TaskData;
import org.engram.cl.method.Method;
import org.engram.cl.method.MethodSpec;
import org.engram.cl.nn.Activation;
import org.engram.cl.nn.Initialisation;
import org.engram.cl.optim.OptimiserSpec;

/** Synthetic data and learners shared by the benchmarks (timing needs shapes, not accuracy). */
public final class Fixtures {
  /** Input width of the MNIST-sized benchmark network. */
  public static final int INPUTS = 784;

  /** Minibatch size. */
  public static final int BATCH = 128;

  private Fixtures() {}

  /**
   * @param rows number of rows
   * @param classes labels are drawn from 0..classes-1
   * @param seed random seed
   * @return uniform [0, 1) features, like scaled pixels
   */
  public static TaskData data(int rows, int classes, long seed) {
    Random r = new Random(seed);
    float[] x = new float[rows * INPUTS];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextFloat();
    }
    int[] y = new int[rows];
    for (int i = 0; i < rows; i++) {
      y[i] = r.nextInt(classes);
    }
    return new TaskData(x, INPUTS, y);
  }

  /**
   * @param method the continual-learning method
   * @return a learner 784-256-256-10, Adam, batch 128, one epoch per task, seed 1
   */
  public static ContinualLearner learner(Method method) {
    return learner(method, BATCH);
  }

  /**
   * @param method the continual-learning method
   * @param batch minibatch size
   * @return a learner 784-256-256-10, Adam, one epoch per task, seed 1
   */
  public static ContinualLearner learner(Method method, int batch) {
    LearnerConfig config =
        LearnerConfig.builder()
            .hidden(256, 256)
            .activation(Activation.RELU)
            .initialisation(Initialisation.HE)
            .optimiser(OptimiserSpec.adam(0.001))
            .epochs(1)
            .batchSize(batch)
            .seed(1)
            .method(MethodSpec.of(method))
            .build();
    return new ContinualLearner(config, INPUTS);
  }
}
