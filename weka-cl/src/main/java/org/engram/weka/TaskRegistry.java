package org.engram.weka;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * The tasks a model has learned, in order: each task's name (its task attribute value, or the
 * relation's name), the learner's task id, and the rows trained on; with one output layer per task,
 * which layer each task name owns (a task that comes back trains its own layer again). Also which
 * streamed task is open, by its task attribute value, and how many streamed tasks were tiny.
 */
public final class TaskRegistry implements Serializable {
  private static final long serialVersionUID = 1L;

  /** A task streamed with fewer rows than this counts as tiny. */
  static final int TINY_TASK_ROWS = 10;

  /** How many tiny tasks a stream or a batch build has before it says so. */
  static final int TINY_TASKS_TO_WARN = 3;

  /**
   * One task.
   *
   * @param name its name
   * @param id the learner's task id (its output layer with one layer per task)
   * @param rows rows trained on
   */
  public record Task(String name, int id, long rows) implements Serializable {}

  private final boolean perTaskHeads;
  private final ArrayList<Task> tasks = new ArrayList<>();
  private final LinkedHashMap<String, Integer> heads = new LinkedHashMap<>();
  private double openKey = Double.NaN;
  private int tinyTasks;

  /**
   * @param perTaskHeads whether each task name has its own output layer
   */
  public TaskRegistry(boolean perTaskHeads) {
    this.perTaskHeads = perTaskHeads;
  }

  /**
   * @return an independent copy
   */
  public TaskRegistry copy() {
    TaskRegistry c = new TaskRegistry(perTaskHeads);
    c.tasks.addAll(tasks);
    c.heads.putAll(heads);
    c.openKey = openKey;
    c.tinyTasks = tinyTasks;
    return c;
  }

  /**
   * Registers a new task.
   *
   * @param name its name
   * @param key its task attribute value (NaN without a task attribute)
   * @return the learner's task id for it
   */
  public int begin(String name, double key) {
    int id = tasks.size();
    if (perTaskHeads) {
      id = heads.computeIfAbsent(name, n -> heads.size());
    }
    tasks.add(new Task(name, id, 0));
    openKey = key;
    return id;
  }

  /**
   * @param rows rows the last task was trained on, added to its count
   */
  public void addRows(long rows) {
    Task t = tasks.get(tasks.size() - 1);
    tasks.set(tasks.size() - 1, new Task(t.name(), t.id(), t.rows() + rows));
  }

  /**
   * Closes the streamed task.
   *
   * @return whether it was tiny and is the third tiny one (the moment to warn)
   */
  public boolean end() {
    openKey = Double.NaN;
    boolean tiny = !tasks.isEmpty() && tasks.get(tasks.size() - 1).rows() < TINY_TASK_ROWS;
    return tiny && ++tinyTasks == TINY_TASKS_TO_WARN;
  }

  /**
   * @param c receives everything the registry holds (for a saved model's checksum)
   */
  void addTo(StateChecksum c) {
    c.add(perTaskHeads).add((long) tasks.size());
    for (Task t : tasks) {
      c.add(t.name()).add((long) t.id()).add(t.rows());
    }
    c.add((long) heads.size());
    heads.forEach((name, id) -> c.add(name).add((long) id));
    c.add(openKey).add((long) tinyTasks);
  }

  /**
   * @return the task attribute value of the open streamed task (NaN when none or no attribute)
   */
  public double openKey() {
    return openKey;
  }

  /**
   * @return the tasks, in the order they were begun
   */
  public List<Task> tasks() {
    return List.copyOf(tasks);
  }

  /**
   * @param name a task name
   * @return the learner task id whose output layer classifies it, or null if it has none yet
   */
  public Integer head(String name) {
    return heads.get(name);
  }

  /**
   * @return the task names that own an output layer
   */
  public Set<String> headNames() {
    return heads.keySet();
  }
}
