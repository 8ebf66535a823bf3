package org.engram.cl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.engram.cl.data.Scenario;
import org.engram.cl.data.Task;
import org.engram.cl.eval.Experiment;
import org.engram.cl.method.Method;
import org.junit.jupiter.api.Test;

/**
 * On split UCI digits (5 tasks of 2 digits), every method keeps clearly more of the early tasks
 * than fine-tuning in the domain-incremental scenario, no less in the task-incremental one, and
 * joint training bounds them all. Margins are averaged over seeds; the measured gaps are several
 * times the asserted ones.
 */
class ForgettingTest {
  static final long[] SEEDS = {1, 2, 3};
  static final Method[] METHODS = {
    Method.FINE_TUNE,
    Method.EWC,
    Method.ONLINE_EWC,
    Method.MAS,
    Method.SI,
    Method.L2,
    Method.LWF,
    Method.JOINT
  };

  static Map<Method, double[]> run(Scenario scenario) {
    List<Task> tasks = Fixtures.splitDigits(scenario);
    Map<Method, double[]> out = new EnumMap<>(Method.class);
    for (Method k : METHODS) {
      double bwt = 0;
      double acc = 0;
      for (long seed : SEEDS) {
        Experiment.Result r =
            Experiment.run(
                Fixtures.config(scenario, Fixtures.spec(k), seed), tasks, TrainingListener.NONE);
        bwt += r.matrix().bwt() / SEEDS.length;
        acc += r.matrix().acc() / SEEDS.length;
      }
      out.put(k, new double[] {bwt, acc});
    }
    return out;
  }

  @Test
  void domainIncrementalEveryMethodForgetsLessThanFineTuning() {
    Map<Method, double[]> r = run(Scenario.DOMAIN_INCREMENTAL);
    double fineTuneBwt = r.get(Method.FINE_TUNE)[0];
    assertTrue(fineTuneBwt < -0.1, "fine-tuning should forget here, BWT " + fineTuneBwt);
    for (Method k : METHODS) {
      if (k == Method.FINE_TUNE || k == Method.JOINT) {
        continue;
      }
      assertTrue(
          r.get(k)[0] > fineTuneBwt + 0.08,
          k + " BWT " + r.get(k)[0] + " vs fine-tune " + fineTuneBwt);
      assertTrue(
          r.get(Method.JOINT)[1] >= r.get(k)[1] - 0.01,
          "joint ACC " + r.get(Method.JOINT)[1] + " below " + k + " " + r.get(k)[1]);
    }
    assertTrue(r.get(Method.JOINT)[0] > fineTuneBwt + 0.08, "joint must not forget");
  }

  @Test
  void taskIncrementalNoMethodIsWorseThanFineTuning() {
    Map<Method, double[]> r = run(Scenario.TASK_INCREMENTAL);
    double fineTune = r.get(Method.FINE_TUNE)[1];
    for (Method k : METHODS) {
      if (k == Method.FINE_TUNE || k == Method.JOINT) {
        continue;
      }
      assertTrue(r.get(k)[1] >= fineTune - 0.02, k + " ACC " + r.get(k)[1] + " vs " + fineTune);
      assertTrue(r.get(Method.JOINT)[1] >= r.get(k)[1] - 0.01, "joint below " + k);
    }
    assertTrue(r.get(Method.JOINT)[1] >= fineTune, "joint below fine-tuning");
  }
}
