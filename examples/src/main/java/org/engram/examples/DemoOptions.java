package org.engram.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.engram.cl.method.Method;

/**
 * The {@code demo} command's flags. The defaults are the demo as the README shows it; the flags
 * make it smaller (tests) or let a user try other λ values.
 *
 * @param out folder of the HTML report and PNG images
 * @param methods methods to run, in order
 * @param scenarios scenarios to run, in order
 * @param hidden hidden layer sizes
 * @param epochs epochs per task
 * @param batch minibatch size
 * @param seed seed of the network (the train/test split is fixed)
 * @param lambdaOverrides λ per method replacing the demo's table in every scenario
 * @param kernel the matrix kernel asked for with --kernel (auto, java, netlib), or null when not
 *     given (then -Dengram.kernel or auto decides)
 */
public record DemoOptions(
    Path out,
    List<Method> methods,
    List<DemoCommand.ScenarioName> scenarios,
    int[] hidden,
    int epochs,
    int batch,
    long seed,
    Map<Method, Double> lambdaOverrides,
    String kernel) {

  /** The usage line shown with every command-line mistake. */
  public static final String USAGE =
      "demo [--out DIR] [--methods naive,ewc,...] [--scenarios task,domain,class]"
          + " [--lambda method=L,...] [--hidden 100,100] [--epochs 10] [--batch 32] [--seed 1]"
          + " [--kernel auto|java|netlib]";

  /** Full help for {@code demo --help}. */
  public static final String HELP =
      String.join(
          "\n",
          "Usage: java -jar engram-examples.jar " + USAGE,
          "",
          "Trains fine-tune, EWC, online EWC, MAS, SI, LwF and joint training on split UCI digits",
          "(1,797 8x8 images; 70/30 stratified split with a fixed seed; 5 tasks of 2 digits: 0-1, 2-3,",
          "..., 8-9) in the task-, domain- and class-incremental scenarios; prints ACC, BWT and",
          "forgetting per method and scenario and writes an HTML report with plots and PNG images.",
          "",
          "  --out DIR             report folder (default engram-report)",
          "  --methods LIST        comma-separated, from naive,ewc,online-ewc,mas,si,lwf,l2,joint",
          "                        (default naive,ewc,online-ewc,mas,si,lwf,joint)",
          "  --scenarios LIST      comma-separated, from task,domain,class (default all three)",
          "  --lambda LIST         override the demo's lambda for a method in every scenario,",
          "                        e.g. --lambda ewc=10000,si=100 (see the printed lambda table)",
          "  --hidden H            hidden layer sizes (default 100,100)",
          "  --epochs E            epochs per task (default 10)",
          "  --batch B             minibatch size (default 32)",
          "  --seed S              seed of initialisation and shuffling (default 1)",
          KernelFlag.HELP,
          "  --help                this text");

  private static final Set<String> VALUED =
      Set.of(
          "out", "methods", "scenarios", "lambda", "hidden", "epochs", "batch", "seed", "kernel");

  /** Copies the arrays and collections. */
  public DemoOptions {
    hidden = hidden.clone();
    methods = List.copyOf(methods);
    scenarios = List.copyOf(scenarios);
    lambdaOverrides = Map.copyOf(lambdaOverrides);
  }

  /**
   * @return a copy of the hidden layer sizes
   */
  @Override
  public int[] hidden() {
    return hidden.clone();
  }

  /**
   * @param args arguments after {@code demo}
   * @return the options
   * @throws UsageException naming the flag at fault
   */
  public static DemoOptions parse(String[] args) {
    Flags f = Flags.parse(args, VALUED, Set.of());
    List<Method> methods = new ArrayList<>();
    for (String m : f.string("methods", "naive,ewc,online-ewc,mas,si,lwf,joint").split(",")) {
      methods.add(method(m, "--methods"));
    }
    List<DemoCommand.ScenarioName> scenarios = new ArrayList<>();
    for (String s : f.string("scenarios", "task,domain,class").split(",")) {
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
    Map<Method, Double> lambdas = new LinkedHashMap<>();
    if (f.has("lambda")) {
      for (String item : f.string("lambda", "").split(",")) {
        String[] kv = item.split("=", 2);
        if (kv.length != 2) {
          throw new UsageException("--lambda needs method=value items, got '" + item + "'");
        }
        double v;
        try {
          v = Double.parseDouble(kv[1].trim());
        } catch (NumberFormatException e) {
          throw new UsageException("--lambda: '" + kv[1] + "' is not a number");
        }
        if (!(v >= 0) || Double.isInfinite(v)) {
          throw new UsageException("--lambda: " + kv[0] + " must be finite and >= 0");
        }
        lambdas.put(method(kv[0], "--lambda"), v);
      }
    }
    long seed;
    try {
      seed = Long.parseLong(f.string("seed", "1").trim());
    } catch (NumberFormatException e) {
      throw new UsageException("--seed needs an integer, got '" + f.string("seed", "") + "'");
    }
    return new DemoOptions(
        Path.of(f.string("out", "engram-report")),
        methods,
        scenarios,
        f.integers("hidden", new int[] {100, 100}),
        f.integer("epochs", 10, 1),
        f.integer("batch", 32, 1),
        seed,
        lambdas,
        f.choice("kernel", null, KernelFlag.VALUES));
  }

  private static Method method(String name, String flag) {
    try {
      return Method.parse(name);
    } catch (IllegalArgumentException e) {
      throw new UsageException(flag + ": " + e.getMessage());
    }
  }
}
