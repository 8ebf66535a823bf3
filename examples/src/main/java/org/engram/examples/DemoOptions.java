package org.engram.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.engram.cl.HeadMode;
import org.engram.cl.LearnerConfig;
import org.engram.cl.method.Hyperparameter;
import org.engram.cl.method.Method;
import org.engram.cl.method.MethodSpec;

/**
 * The {@code demo} command's flags. The demo runs with cl-core's defaults (what a Tribuo or Weka
 * user gets, λ automatic); the method, hyperparameter and setting flags are derived from the core's
 * descriptors ({@link CoreFlags}), so every option the core has can be tried here too.
 *
 * @param out folder of the HTML report and PNG images
 * @param methods methods to run, in order
 * @param scenarios scenarios to run, in order
 * @param configs each method's learner configuration, with a shared head (the scenario sets the
 *     head mode: see {@link #config})
 * @param kernel the matrix kernel asked for with --kernel (auto, java, netlib), or null when not
 *     given (then -Dengram.kernel or auto decides)
 */
public record DemoOptions(
    Path out,
    List<Method> methods,
    List<DemoCommand.ScenarioName> scenarios,
    Map<Method, LearnerConfig> configs,
    String kernel) {

  /** The methods the demo runs by default. */
  static final String DEFAULT_METHODS = "naive,ewc,online-ewc,mas,si,lwf,joint";

  /** The demo's defaults are the core's: no overrides. */
  static final CoreFlags CORE = new CoreFlags("scenarios", Map.of());

  /** The usage line shown with every command-line mistake. */
  public static final String USAGE =
      "demo [--out DIR] [--methods naive,ewc,...] [--scenarios task,domain,class]"
          + " [--lambda METHOD=L,...] [flags; demo --help lists them]";

  /** The flags, in help order. */
  static final List<Flags.Section> SECTIONS =
      List.of(
          new Flags.Section(
              "Demo",
              List.of(
                  new Flags.Flag("out", "DIR", "Report folder (default engram-report)"),
                  new Flags.Flag(
                      "methods",
                      "LIST",
                      "Comma-separated methods, from "
                          + CoreFlags.methodTokens().replace('|', ',')
                          + " (default "
                          + DEFAULT_METHODS
                          + ").\n"
                          + CoreFlags.methodHelp()),
                  new Flags.Flag(
                      "scenarios",
                      "LIST",
                      "Comma-separated, from task,domain,class (default all three). Also decides"
                          + " cl-core's headMode: one head per task in task-IL, shared otherwise."),
                  new Flags.Flag("kernel", String.join("|", KernelFlag.VALUES), KernelFlag.HELP),
                  new Flags.Flag("help", null, "This text"))),
          new Flags.Section(
              "Method hyperparameters (from cl-core's descriptors)",
              CoreFlags.hyperparameterFlags(true)),
          new Flags.Section(
              "Network and training (cl-core's settings and defaults)", CORE.settingFlags()));

  /** Full help for {@code demo --help}. */
  public static final String HELP =
      String.join(
              "\n",
              "Usage: java -jar engram-examples.jar " + USAGE,
              "",
              "Trains fine-tune, EWC, online EWC, MAS, SI, LwF and joint training on split UCI",
              "digits (1,797 8x8 images; 70/30 stratified split with a fixed seed; 5 tasks of 2",
              "digits: 0-1, 2-3, ..., 8-9) in the task-, domain- and class-incremental scenarios,",
              "with cl-core's defaults: what a user of the library gets. lambda is automatic unless",
              "given: chosen per task from the new task's data (task 1 has nothing to protect);",
              "the demo prints the lambda chosen for each task. It prints ACC, BWT, FWT and",
              "forgetting per method and scenario and writes an HTML report with plots and PNG",
              "images. FWT is '-' where it is undefined: where the learner cannot predict the next",
              "task's classes before training on it (class-IL; task-IL, whose next head does not",
              "exist yet).",
              "")
          + Flags.help(SECTIONS)
          + String.join(
              "\n",
              "",
              "Exit status: 0 done; 2 a command-line mistake (the flag is named); 1 a failure while",
              "running (one line on stderr).");

  /** Copies the collections. */
  public DemoOptions {
    methods = List.copyOf(methods);
    scenarios = List.copyOf(scenarios);
    configs = Map.copyOf(configs);
  }

  /**
   * @param m a method of {@link #methods()}
   * @param s a scenario
   * @return the learner configuration the demo runs it with there
   */
  public LearnerConfig config(Method m, DemoCommand.ScenarioName s) {
    LearnerConfig c = configs.get(m);
    HeadMode heads = s.scenario().headMode();
    MethodSpec spec = c.method();
    if (heads == HeadMode.SHARED
        && spec.method().uses(Hyperparameter.WARMUP_EPOCHS)
        && spec.get(Hyperparameter.WARMUP_EPOCHS) > 0) {
      // LwF's warm-up trains a task's own head: the shared-head scenarios run without it
      spec = spec.with(Hyperparameter.WARMUP_EPOCHS, 0);
    }
    return c.toBuilder().method(spec).headMode(heads).build();
  }

  /**
   * @param args arguments after {@code demo}
   * @return the options
   * @throws UsageException naming the flag at fault
   */
  public static DemoOptions parse(String[] args) {
    Flags f = Flags.parse(args, SECTIONS);
    List<Method> methods = new ArrayList<>();
    for (String m : f.string("methods", DEFAULT_METHODS).split(",", -1)) {
      Method k = method(m, "--methods");
      if (methods.contains(k)) {
        throw new UsageException("--methods: '" + m + "' given twice");
      }
      methods.add(k);
    }
    List<DemoCommand.ScenarioName> scenarios = new ArrayList<>();
    for (String s : f.string("scenarios", "task,domain,class").split(",", -1)) {
      String t = s.trim().toLowerCase(Locale.ROOT);
      DemoCommand.ScenarioName sc =
          switch (t) {
            case "task", "task-il" -> DemoCommand.ScenarioName.TASK;
            case "domain", "domain-il" -> DemoCommand.ScenarioName.DOMAIN;
            case "class", "class-il" -> DemoCommand.ScenarioName.CLASS;
            default ->
                throw new UsageException(
                    "--scenarios: unknown scenario '" + s + "' (expected task, domain, class)");
          };
      if (scenarios.contains(sc)) {
        throw new UsageException("--scenarios: '" + s + "' given twice");
      }
      scenarios.add(sc);
    }
    Map<Method, MethodSpec> specs = specs(methods, f);
    boolean searches = specs.values().stream().anyMatch(s -> CORE.searchesLambda(s, f));
    CORE.requireSearchFlagsUsed(
        f, searches, "--methods " + String.join(",", methods.stream().map(Method::token).toList()));
    Map<Method, LearnerConfig> configs = new LinkedHashMap<>();
    for (Method m : methods) {
      // validated with one head per task, where every option applies; config() adapts the rest
      configs.put(m, CORE.config(f, specs.get(m), HeadMode.PER_TASK));
    }
    return new DemoOptions(
        Path.of(f.string("out", "engram-report")),
        methods,
        scenarios,
        configs,
        f.choice("kernel", null, KernelFlag.VALUES));
  }

  /**
   * Each method's specification from the hyperparameter flags: a bare value goes to every method
   * that reads it, {@code method=value} items to one method each.
   */
  private static Map<Method, MethodSpec> specs(List<Method> methods, Flags f) {
    Map<Method, MethodSpec> specs = new EnumMap<>(Method.class);
    for (Method m : methods) {
      specs.put(m, MethodSpec.of(m));
    }
    for (Hyperparameter<?> p : Hyperparameter.all()) {
      if (!f.has(p.option())) {
        continue;
      }
      String flag = "--" + p.option();
      String text = f.string(p.option(), null);
      if (!text.contains("=")) {
        List<Method> readers = methods.stream().filter(m -> m.uses(p)).toList();
        if (readers.isEmpty()) {
          throw new UsageException(
              flag
                  + ": no method of --methods reads "
                  + p.name()
                  + " (read by "
                  + String.join(
                      ", ",
                      java.util.Arrays.stream(Method.values())
                          .filter(m -> m.uses(p))
                          .map(Method::token)
                          .toList())
                  + ")");
        }
        for (Method m : readers) {
          specs.put(m, CoreFlags.with(specs.get(m), p, text));
        }
        continue;
      }
      Set<Method> seen = new HashSet<>();
      for (String item : text.split(",", -1)) {
        String[] kv = item.split("=", 2);
        if (kv.length != 2) {
          throw new UsageException(flag + " needs method=value items, got '" + item + "'");
        }
        Method m = method(kv[0], flag);
        if (!specs.containsKey(m)) {
          throw new UsageException(flag + ": " + m.token() + " is not among --methods");
        }
        if (!seen.add(m)) {
          throw new UsageException(flag + ": " + m.token() + " given twice");
        }
        specs.put(m, CoreFlags.with(specs.get(m), p, kv[1]));
      }
    }
    return specs;
  }

  private static Method method(String name, String flag) {
    try {
      return Method.parse(name);
    } catch (IllegalArgumentException e) {
      throw new UsageException(flag + ": " + e.getMessage());
    }
  }
}
