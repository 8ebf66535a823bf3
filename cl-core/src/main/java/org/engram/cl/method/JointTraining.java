package org.engram.cl.method;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.engram.cl.data.TaskData;

/**
 * Joint training, the upper bound: each task trains on the union of every task's data seen so far
 * (continuing from the current weights). Keeps all raw training data; not a continual method, a
 * reference point.
 */
public final class JointTraining implements ContinualMethod {
  private final MethodSpec spec;
  private final List<TaskData> seen = new ArrayList<>();
  private TaskData pending;

  /**
   * @param spec the description
   */
  public JointTraining(MethodSpec spec) {
    this.spec = spec;
  }

  @Override
  public MethodSpec spec() {
    return spec;
  }

  @Override
  public boolean streams() {
    return false;
  }

  @Override
  public TaskData trainingData(TaskData task) {
    pending = task;
    List<TaskData> all = new ArrayList<>(seen);
    all.add(task);
    return TaskData.concat(all);
  }

  @Override
  public void afterTask(TaskEnd end) {
    if (pending != null) {
      seen.add(pending);
      pending = null;
    }
  }

  @Override
  public long memoryBytes() {
    return seen.stream().mapToLong(d -> 4L * d.size() * (d.featureCount() + 3)).sum();
  }

  @Override
  public void write(DataOutputStream out) throws IOException {
    out.writeInt(seen.size());
    for (TaskData d : seen) {
      out.writeInt(d.featureCount());
      States.writeFloats(out, d.features());
      out.writeInt(d.size());
      for (int r = 0; r < d.size(); r++) {
        out.writeInt(d.label(r));
        out.writeFloat(d.weight(r));
        out.writeInt(d.task(r, -1));
      }
    }
  }

  @Override
  public void read(DataInputStream in) throws IOException {
    seen.clear();
    int n = States.count(in.readInt(), "stored tasks");
    for (int k = 0; k < n; k++) {
      int f = in.readInt();
      float[] x = States.readFloats(in);
      int rows = States.count(in.readInt(), "stored rows");
      int[] y = new int[rows];
      float[] w = new float[rows];
      int[] t = new int[rows];
      for (int r = 0; r < rows; r++) {
        y[r] = in.readInt();
        w[r] = in.readFloat();
        t[r] = in.readInt();
      }
      try {
        seen.add(new TaskData(x, f, y, w, t));
      } catch (IllegalArgumentException e) {
        throw new IOException("inconsistent stored task data: " + e.getMessage(), e);
      }
    }
  }
}
