package org.engram.cl;

import java.util.List;
import java.util.Map;
import org.engram.cl.data.Digits;
import org.engram.cl.data.Scenario;
import org.engram.cl.data.Scenarios;
import org.engram.cl.data.Task;
import org.engram.cl.data.TaskData;
import org.engram.cl.method.Method;
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
   * λ per method for the tests that need one fixed: chosen on split UCI digits (domain-incremental,
   * MLP 100-100) by a grid over powers of ten.
   */
  static final Map<Method, Double> LAMBDA =
      Map.of(
          Method.EWC, 1e5,
          Method.ONLINE_EWC, 1e5,
          Method.MAS, 10.0,
          Method.SI, 1000.0,
          Method.L2, 1.0,
          Method.LWF, 1.0);

  /**
   * @param method a method
   * @return it with the fixed λ of {@link #LAMBDA} (none for the bounds)
   */
  public static MethodSpec spec(Method method) {
    MethodSpec s = MethodSpec.of(method);
    return method.hasLambda() ? s.withLambda(LAMBDA.get(method)) : s;
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

  /**
   * @param source the class whose logger to listen to
   * @param body what to run
   * @return what that logger logged meanwhile, formatted
   */
  public static List<String> said(Class<?> source, Runnable body) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(source.getName());
    List<java.util.logging.LogRecord> records = new java.util.ArrayList<>();
    java.util.logging.Handler handler =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord r) {
            records.add(r);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(handler);
    try {
      body.run();
    } finally {
      logger.removeHandler(handler);
    }
    return records.stream()
        .map(r -> java.text.MessageFormat.format(r.getMessage(), r.getParameters()))
        .toList();
  }
}
