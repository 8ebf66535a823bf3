package org.engram.cl;

import java.util.List;
import org.engram.cl.data.Digits;
import org.engram.cl.data.Scenario;
import org.engram.cl.data.Scenarios;
import org.engram.cl.data.Task;
import org.engram.cl.data.TaskData;
import org.engram.cl.method.MethodSpec;

/** Shared test data: split UCI digits, the shipped data set. */
public final class Fixtures {
  private static final TaskData[] SPLIT = Digits.load().split(0.7, 7);

  private Fixtures() {}

  /**
   * @param scenario the scenario
   * @return 5 tasks of 2 digits
   */
  public static List<Task> splitDigits(Scenario scenario) {
    return Scenarios.splitByClass(SPLIT[0], SPLIT[1], Scenarios.consecutiveGroups(10, 5), scenario);
  }

  /**
   * @param scenario the scenario
   * @param method the method
   * @param seed the seed
   * @return the configuration the tests use: MLP 100-100, 10 epochs, batch 32
   */
  public static LearnerConfig config(Scenario scenario, MethodSpec method, long seed) {
    return LearnerConfig.builder()
        .hidden(100, 100)
        .epochs(10)
        .batchSize(32)
        .seed(seed)
        .headMode(scenario.headMode())
        .method(method)
        .build();
  }
}
