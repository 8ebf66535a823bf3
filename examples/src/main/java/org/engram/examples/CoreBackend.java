package org.engram.examples;

import java.util.List;
import org.engram.cl.LearnerConfig;
import org.engram.cl.TaskReport;
import org.engram.cl.TrainingListener;
import org.engram.cl.data.Task;
import org.engram.cl.eval.Experiment;

/** {@code --via core}: cl-core's {@link Experiment#run} directly. */
public final class CoreBackend implements Backend {

  /** Creates the backend. */
  public CoreBackend() {}

  @Override
  public String name() {
    return "core";
  }

  @Override
  public Outcome run(LearnerConfig config, List<Task> tasks, TrainingListener listener) {
    Experiment.Result r = Experiment.run(config, tasks, listener);
    long examples = 0;
    for (TaskReport t : r.reports()) {
      examples += t.examples();
    }
    return Outcome.of(
        r.matrix(), r.trainSeconds(), r.consolidationSeconds(), examples, r.learner().history());
  }
}
