package org.engram.weka;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Locale;
import org.engram.cl.data.Digits;
import org.engram.cl.data.TaskData;
import weka.classifiers.functions.ContinualMLP;
import weka.core.converters.ArffLoader;
import weka.knowledgeflow.Flow;
import weka.knowledgeflow.StepManager;
import weka.knowledgeflow.StepManagerImpl;
import weka.knowledgeflow.steps.ClassAssigner;
import weka.knowledgeflow.steps.Classifier;
import weka.knowledgeflow.steps.IncrementalClassifierEvaluator;
import weka.knowledgeflow.steps.Loader;
import weka.knowledgeflow.steps.SerializedModelSaver;
import weka.knowledgeflow.steps.TextSaver;

/**
 * Writes the files of examples/weka: the split-digits parity tasks as ARFF (a task attribute, 64
 * pixel attributes 0..16, class even/odd) and the KnowledgeFlow flow that streams them through
 * ContinualMLP. Run once by hand ({@code main}) when they change; the tests use the committed
 * files.
 */
public final class ExampleFiles {
  /** The flow's file name. */
  public static final String FLOW = "continual-mlp-task-stream.kf";

  /** The training tasks' file name. */
  public static final String TRAIN = "digits-parity-tasks.arff";

  /** The test rows' file name. */
  public static final String TEST = "digits-parity-test.arff";

  /** The task pairs: task k holds digits 2k and 2k+1, the class says which (even or odd). */
  public static final int[][] PAIRS = {{0, 1}, {2, 3}, {4, 5}, {6, 7}, {8, 9}};

  /** Where each step sits on the KnowledgeFlow canvas. */
  private static final java.util.Map<String, String> COORDINATES = new java.util.HashMap<>();

  private ExampleFiles() {}

  /**
   * @param args the output folder (default examples/weka)
   * @throws Exception if writing fails
   */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "examples/weka");
    Files.createDirectories(dir);
    TaskData[] tt = DigitsTasks.trainTest();
    writeArff(dir.resolve(TRAIN), "digits-parity-tasks", tt[0]);
    writeArff(dir.resolve(TEST), "digits-parity-test", tt[1]);
    Path flowFile = dir.resolve(FLOW);
    flow().saveFlow(flowFile.toFile());
    // Headless saving drops the canvas positions: add them so the flow opens tidily in the GUI.
    String json = Files.readString(flowFile, StandardCharsets.UTF_8);
    for (var e : COORDINATES.entrySet()) {
      String key = "\"class\" : \"" + e.getKey() + "\",";
      json = json.replace(key, key + "\n\t\t\t\"coordinates\" : \"" + e.getValue() + "\",");
    }
    Files.writeString(flowFile, json, StandardCharsets.UTF_8);
  }

  private static void writeArff(Path file, String relation, TaskData data) throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append(
        "% Split UCI digits as five continual tasks: task tK holds the digits 2K-2 and 2K-1,\n");
    sb.append("% and the class says whether the digit is even or odd (domain-incremental).\n");
    sb.append("% 8x8 images, pixels 0..16. Source: ").append(Digits.ATTRIBUTION).append('\n');
    sb.append("@relation ").append(relation).append("\n\n");
    sb.append("@attribute task {t1,t2,t3,t4,t5}\n");
    for (int j = 0; j < data.featureCount(); j++) {
      sb.append("@attribute p").append(j).append(" numeric\n");
    }
    sb.append("@attribute class {even,odd}\n\n@data\n");
    for (int t = 0; t < PAIRS.length; t++) {
      for (int r = 0; r < data.size(); r++) {
        int digit = data.label(r);
        if (digit != PAIRS[t][0] && digit != PAIRS[t][1]) {
          continue;
        }
        sb.append('t').append(t + 1);
        for (int j = 0; j < data.featureCount(); j++) {
          sb.append(',').append(Math.round(data.feature(r, j) * 16));
        }
        sb.append(',').append(digit % 2 == 0 ? "even" : "odd").append('\n');
      }
    }
    Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
  }

  /**
   * @return the flow: ARFF loader → class assigner → ContinualMLP (incremental, task attribute
   *     "task") → prequential evaluation → text file, and the final model → a model file
   * @throws Exception if a step cannot be configured
   */
  public static Flow flow() throws Exception {
    Flow flow = new Flow();
    flow.setFlowName("ContinualMLP task stream");
    String here = "${Internal.knowledgeflow.directory}";

    ArffLoader arff = new ArffLoader();
    arff.setFile(new File(here + File.separator + TRAIN));
    Loader loader = new Loader();
    loader.setLoader(arff);
    StepManagerImpl load = step(flow, loader, "Digits parity tasks", 50, 50);

    ClassAssigner assigner = new ClassAssigner();
    assigner.setClassColumn("/last");
    StepManagerImpl assign = step(flow, assigner, "Class is last", 200, 50);

    ContinualMLP mlp = new ContinualMLP();
    mlp.setOptions(
        new String[] {"-method", "EWC", "-task-attribute", "task", "-hidden", "100", "-S", "1"});
    Classifier classifier = new Classifier();
    classifier.setClassifier(mlp);
    StepManagerImpl learn = step(flow, classifier, "ContinualMLP", 350, 50);

    IncrementalClassifierEvaluator evaluator = new IncrementalClassifierEvaluator();
    evaluator.setStatusFrequency(500);
    StepManagerImpl evaluate = step(flow, evaluator, "Test then train", 500, 50);

    TextSaver text = new TextSaver();
    text.setFile(new File(here + File.separator + "continual-mlp-stream-evaluation.txt"));
    text.setAppend(false);
    StepManagerImpl save = step(flow, text, "Save evaluation", 650, 50);

    SerializedModelSaver models = new SerializedModelSaver();
    models.setOutputDirectory(new File(here));
    models.setFilenamePrefix("stream-");
    StepManagerImpl model = step(flow, models, "Save model", 500, 200);

    connect(flow, load, assign, StepManager.CON_INSTANCE);
    connect(flow, assign, learn, StepManager.CON_INSTANCE);
    connect(flow, learn, evaluate, StepManager.CON_INCREMENTAL_CLASSIFIER);
    connect(flow, learn, model, StepManager.CON_INCREMENTAL_CLASSIFIER);
    connect(flow, evaluate, save, StepManager.CON_TEXT);
    return flow;
  }

  private static StepManagerImpl step(
      Flow flow, weka.knowledgeflow.steps.Step step, String name, int x, int y) {
    step.setName(name);
    StepManagerImpl m = new StepManagerImpl(step);
    flow.addStep(m);
    COORDINATES.put(step.getClass().getName(), x + "," + y);
    return m;
  }

  private static void connect(Flow flow, StepManagerImpl a, StepManagerImpl b, String type) {
    if (!flow.connectSteps(a, b, type, true)) {
      throw new IllegalStateException(
          String.format(
              Locale.ROOT, "cannot connect %s -> %s (%s)", a.getName(), b.getName(), type));
    }
  }

  /**
   * @return the rows of the training tasks
   */
  static ArrayList<String> taskNames() {
    ArrayList<String> names = new ArrayList<>();
    for (int t = 0; t < PAIRS.length; t++) {
      names.add("t" + (t + 1));
    }
    return names;
  }
}
