package org.engram.cl.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.engram.cl.data.TaskData;
import org.junit.jupiter.api.Test;

/**
 * The two bounds: fine-tuning adds nothing to the training step (every hook's default does
 * nothing), joint training trains each task on the union of all tasks so far and saves that data.
 */
class BaselineMethodsTest {

  static TaskData task(int taskId, float base, int rows, boolean weights) {
    float[] x = new float[rows * 2];
    int[] y = new int[rows];
    float[] w = weights ? new float[rows] : null;
    for (int r = 0; r < rows; r++) {
      x[2 * r] = base + r;
      x[2 * r + 1] = -base - r;
      y[r] = taskId * 2 + r % 2;
      if (w != null) {
        w[r] = 0.5f + r;
      }
    }
    return new TaskData(x, 2, y, w, null).withTask(taskId);
  }

  @Test
  void fineTuningChangesNothingInTheStep() {
    MethodSpec spec = MethodSpec.of(Method.FINE_TUNE);
    ContinualMethod m = spec.create();
    assertSame(spec, m.spec());
    assertEquals(0, m.lambda());
    m.setLambda(5);
    assertEquals(0, m.lambda(), "fine-tuning has no λ");
    assertTrue(m.streams());
    assertEquals(0, m.samplesWanted());
    assertEquals(0, m.warmupEpochs());
    TaskData d = task(0, 1, 3, false);
    assertSame(d, m.trainingData(d));
    assertEquals(0, m.outputHeads(null, 0).length);
    assertEquals(0, m.outputLoss(null));
    float[] grad = {1f, 2f};
    assertEquals(0, m.penalty(new float[] {3f, 4f}, grad, 0, 2));
    assertArrayEquals(new float[] {1f, 2f}, grad);
    m.penaltyGradient(new float[] {3f, 4f}, grad, 0, 2);
    assertArrayEquals(new float[] {1f, 2f}, grad);
    m.checkpoint().run();
    assertEquals(0, m.memoryBytes());
  }

  @Test
  void jointTrainingTrainsOnEveryTaskSoFar() {
    MethodSpec spec = MethodSpec.of(Method.JOINT);
    ContinualMethod joint = spec.create();
    assertSame(spec, joint.spec());
    assertFalse(joint.streams(), "joint training needs whole tasks");
    TaskData t0 = task(0, 0, 3, false);
    TaskData t1 = task(1, 10, 2, false);
    assertSame(t0.size(), joint.trainingData(t0).size());
    joint.afterTask(null);
    joint.afterTask(null); // a second end adds nothing
    TaskData both = joint.trainingData(t1);
    assertEquals(5, both.size());
    for (int r = 0; r < 5; r++) {
      TaskData src = r < 3 ? t0 : t1;
      int s = r < 3 ? r : r - 3;
      assertEquals(src.label(s), both.label(r));
      assertEquals(src.feature(s, 1), both.feature(r, 1));
      assertEquals(src.task(s, -1), both.task(r, -1));
    }
    joint.afterTask(null);
    assertEquals(4L * 5 * (2 + 3), joint.memoryBytes(), "rows × (features + label, weight, task)");
  }

  @Test
  void jointTrainingSavesItsData() throws IOException {
    ContinualMethod joint = MethodSpec.of(Method.JOINT).create();
    TaskData t0 = task(0, 0, 3, true);
    TaskData t1 = task(1, 10, 2, false);
    joint.trainingData(t0);
    joint.afterTask(null);
    joint.trainingData(t1);
    joint.afterTask(null);
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    joint.write(new DataOutputStream(bos));
    ContinualMethod back = MethodSpec.of(Method.JOINT).create();
    back.trainingData(task(5, 0, 1, false));
    back.afterTask(null); // replaced by what is read
    back.read(new DataInputStream(new ByteArrayInputStream(bos.toByteArray())));
    assertEquals(joint.memoryBytes(), back.memoryBytes());
    TaskData t2 = task(2, 20, 1, false);
    TaskData all = back.trainingData(t2);
    assertEquals(6, all.size());
    TaskData expected = joint.trainingData(t2);
    for (int r = 0; r < 6; r++) {
      assertEquals(expected.label(r), all.label(r));
      assertEquals(expected.weight(r), all.weight(r));
      assertEquals(expected.task(r, -1), all.task(r, -1));
      assertEquals(expected.feature(r, 0), all.feature(r, 0));
    }
    assertEquals(1.5f, all.weight(1), "the first task's weights come back");
  }

  @Test
  void inconsistentStoredDataIsRefused() throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bos);
    out.writeInt(1); // one task
    out.writeInt(2); // two features
    out.writeInt(3); // but three values
    out.writeFloat(1f);
    out.writeFloat(2f);
    out.writeFloat(3f);
    out.writeInt(1); // one row
    out.writeInt(0);
    out.writeFloat(1f);
    out.writeInt(0);
    ContinualMethod joint = MethodSpec.of(Method.JOINT).create();
    IOException e =
        assertThrows(
            IOException.class,
            () -> joint.read(new DataInputStream(new ByteArrayInputStream(bos.toByteArray()))));
    assertTrue(e.getMessage().contains("inconsistent stored task data"), e.getMessage());
    ByteArrayOutputStream neg = new ByteArrayOutputStream();
    new DataOutputStream(neg).writeInt(-1);
    e =
        assertThrows(
            IOException.class,
            () -> joint.read(new DataInputStream(new ByteArrayInputStream(neg.toByteArray()))));
    assertTrue(e.getMessage().contains("stored tasks"), e.getMessage());
  }
}
