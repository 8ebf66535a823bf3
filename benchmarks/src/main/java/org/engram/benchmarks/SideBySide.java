package org.engram.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.engram.cl.ContinualLearner;
import org.engram.cl.TrainingListener;
import org.engram.cl.data.TaskData;
import org.engram.cl.linalg.Gemm;
import org.engram.cl.linalg.Kernels;
import org.engram.cl.linalg.NetlibGemm;
import org.engram.cl.linalg.PackedGemm;
import org.engram.cl.linalg.Parallel;
import org.engram.cl.method.Consolidation;
import org.engram.cl.method.Method;
import org.engram.cl.method.QuadraticPenalty;
import org.engram.cl.optim.Optimiser;
import org.engram.cl.optim.OptimiserSpec;
import weka.classifiers.functions.ContinualMLP;

/**
 * Interleaved timings for ratios on a shared, noisy machine: every round runs every case once, in
 * turn, so a burst of load from elsewhere hits all cases alike; medians over the rounds and ratios
 * against a baseline measured in the same run are printed. The JMH benchmarks measure the same
 * operations one configuration after another, which is more rigorous on a quiet machine.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar org.engram.benchmarks.SideBySide
 * [rounds] [filter]}; the filter keeps cases whose name contains one of its comma-separated parts.
 * With {@code -Dsidebyside.clock=cpu} every case is timed by the calling thread's CPU time instead
 * of the wall clock: on a machine loaded by other processes a descheduled thread's waits then do
 * not count, but neither does any other thread's work, so use it for one-thread cases only (the
 * {@code java-1} kernels, the optimiser's pass, the stream routes).
 */
public final class SideBySide {
  private SideBySide() {}

  private static final boolean CPU_CLOCK = "cpu".equals(System.getProperty("sidebyside.clock"));

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  /** The clock every case is timed by: wall time, or this thread's CPU time. */
  private static long now() {
    return CPU_CLOCK ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
  }

  /** One operation; returns the nanoseconds that count (setup inside it excluded). */
  private interface Op {
    long run();
  }

  private static Op timed(Runnable r) {
    return () -> {
      long t0 = now();
      r.run();
      return now() - t0;
    };
  }

  /** A case: a name, setup done, and its operation. */
  private record Case(String name, String baseline, Runnable before, Op op) {}

  /**
   * Runs the comparison.
   *
   * @param args optional round count (default 9) and name filter (comma-separated parts, any of
   *     which a case's name may contain)
   */
  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
    String filter = args.length > 1 ? args[1] : "";
    boolean netlib = NetlibGemm.load(true) != null;
    List<String> kernels = new ArrayList<>(List.of("java-1", "java-2"));
    if (netlib) {
      kernels.add("netlib");
    }
    List<Case> cases = new ArrayList<>();
    for (String shape : new String[] {"NN:128:256:784", "NT:128:400:400", "TN:784:400:128"}) {
      for (String k : withNaive(kernels)) {
        cases.add(gemmCase(shape, k));
      }
    }
    cases.add(concurrentHalvesCase());
    for (String method : new String[] {"FINE_TUNE", "EWC"}) {
      for (String k : kernels) {
        cases.add(stepCase(method, k));
      }
    }
    cases.addAll(optimiserCases());
    for (String k : kernels) {
      cases.addAll(importanceCases(k));
    }
    for (String batch : new String[] {"default", "128"}) {
      cases.addAll(streamCases(batch));
    }
    List<String> wanted = List.of(filter.split(","));
    cases.removeIf(c -> wanted.stream().noneMatch(c.name()::contains));
    System.out.println("kernel chosen by default: " + Kernels.describe());
    System.out.printf(
        Locale.ROOT,
        "%s, %d processors, OPENBLAS_NUM_THREADS=%s, OPENBLAS_CORETYPE=%s, %d rounds, %s%n",
        System.getProperty("java.vm.version"),
        Runtime.getRuntime().availableProcessors(),
        System.getenv("OPENBLAS_NUM_THREADS"),
        System.getenv("OPENBLAS_CORETYPE"),
        rounds,
        CPU_CLOCK ? "CPU time of the calling thread" : "wall time");
    Gemm original = Kernels.gemm();
    // Calibrate repetitions to about 0.1 s per case and round, after a warm-up.
    int[] reps = new int[cases.size()];
    for (int i = 0; i < cases.size(); i++) {
      Case c = cases.get(i);
      for (int w = 0; w < 3; w++) {
        time(c, 1);
      }
      double once = time(c, 3);
      reps[i] = (int) Math.max(1, Math.min(1000, 0.1 / once));
    }
    double[][] t = new double[cases.size()][rounds];
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < cases.size(); i++) {
        t[i][r] = time(cases.get(i), reps[i]);
      }
    }
    Kernels.use(original);
    Map<String, Double> median = new LinkedHashMap<>();
    for (int i = 0; i < cases.size(); i++) {
      double[] s = t[i].clone();
      Arrays.sort(s);
      median.put(cases.get(i).name(), s[s.length / 2]);
    }
    System.out.printf(Locale.ROOT, "%-44s %12s %12s  %s%n", "case", "median ms", "min ms", "ratio");
    for (int i = 0; i < cases.size(); i++) {
      Case c = cases.get(i);
      double m = median.get(c.name());
      Double base = median.get(c.baseline());
      double min = Arrays.stream(t[i]).min().orElse(Double.NaN);
      String ratio =
          base == null || c.baseline().equals(c.name())
              ? "(baseline)"
              : String.format(Locale.ROOT, "%.2fx faster than %s", base / m, c.baseline());
      System.out.printf(
          Locale.ROOT, "%-44s %12.3f %12.3f  %s%n", c.name(), m * 1e3, min * 1e3, ratio);
    }
  }

  private static List<String> withNaive(List<String> kernels) {
    List<String> all = new ArrayList<>();
    all.add("naive");
    all.addAll(kernels);
    return all;
  }

  private static double time(Case c, int reps) {
    c.before().run();
    long ns = 0;
    for (int i = 0; i < reps; i++) {
      ns += c.op().run();
    }
    return ns / 1e9 / reps;
  }

  /**
   * The ceiling a second thread can give the GEMM-bound part of a step on this machine: the two
   * 64-row halves of the forward product, each single-threaded, run at the same time on two threads
   * (what the training step's row shards do), against the whole product on one thread.
   */
  private static Case concurrentHalvesCase() {
    int k = 784;
    int n = 256;
    Random r = new Random(5);
    float[] a = new float[128 * k];
    float[] b = new float[k * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextFloat();
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = r.nextFloat();
    }
    float[] c = new float[128 * n];
    Gemm single = new PackedGemm(1);
    return new Case(
        "gemm NN:128:256:784 as 2x64 rows, one per thread",
        "gemm NN:128:256:784 java-1",
        () -> {},
        timed(
            () ->
                Parallel.forEach(
                    2,
                    2,
                    h ->
                        single.gemm(
                            false,
                            false,
                            64,
                            n,
                            k,
                            1f,
                            a,
                            h * 64 * k,
                            k,
                            b,
                            0,
                            n,
                            0f,
                            c,
                            h * 64 * n,
                            n))));
  }

  private static Case gemmCase(String shape, String kernel) {
    String[] s = shape.split(":");
    boolean ta = s[0].charAt(0) == 'T';
    boolean tb = s[0].charAt(1) == 'T';
    int m = Integer.parseInt(s[1]);
    int n = Integer.parseInt(s[2]);
    int k = Integer.parseInt(s[3]);
    Random r = new Random(1);
    float[] a = new float[m * k];
    float[] b = new float[k * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = (float) r.nextGaussian();
    }
    float[] c = new float[m * n];
    Gemm g = KernelChoice.of(kernel);
    float beta = ta ? 1f : 0f;
    return new Case(
        "gemm " + shape + " " + kernel,
        "gemm " + shape + " naive",
        () -> {},
        timed(
            () -> g.gemm(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, beta, c, 0, n)));
  }

  private static Case stepCase(String method, String kernel) {
    Gemm g = KernelChoice.of(kernel);
    KernelChoice.install(kernel, g);
    ContinualLearner l = Fixtures.learner(Method.valueOf(method));
    l.learnTask(Fixtures.data(512, 10, 1), 0, TrainingListener.NONE);
    l.beginTask(1);
    TaskData batch = Fixtures.data(Fixtures.BATCH, 10, 2);
    return new Case(
        "step " + method + " " + kernel,
        "step FINE_TUNE java-1",
        () -> KernelChoice.install(kernel, g),
        timed(() -> l.update(batch)));
  }

  /**
   * The optimiser's pass over the parameters of the 784-256-256-10 network, alone, with an EWC
   * penalty's gradient folded in (an ordinary step) and with its gradient and value (the last step
   * of an epoch; before issue 15, every step); their differences, against a fine-tune step, are the
   * penalty's share of a step.
   */
  private static List<Case> optimiserCases() {
    int n = (Fixtures.INPUTS * 256 + 256) + (256 * 256 + 256) + (256 * 10 + 10);
    Random r = new Random(4);
    float[] params = new float[n];
    float[] anchor = new float[n];
    float[] omega = new float[n];
    float[] grad = new float[n];
    for (int i = 0; i < n; i++) {
      params[i] = (float) (0.05 * r.nextGaussian());
      anchor[i] = params[i] + (float) (1e-3 * r.nextGaussian());
      omega[i] = (float) Math.abs(1e-4 * r.nextGaussian());
      grad[i] = (float) (1e-3 * r.nextGaussian());
    }
    QuadraticPenalty penalty = new QuadraticPenalty(Consolidation.perTask(), 0.5e5);
    penalty.consolidate(anchor, omega);
    Optimiser plain = Optimiser.create(OptimiserSpec.adam(0.001), n);
    Optimiser penalised = Optimiser.create(OptimiserSpec.adam(0.001), n);
    Optimiser valued = Optimiser.create(OptimiserSpec.adam(0.001), n);
    float[] g = new float[n];
    double[] values = new double[Optimiser.blocks(n)];
    return List.of(
        new Case(
            "optimiser pass " + n,
            "step FINE_TUNE java-1",
            () -> KernelChoice.install("java-1", new PackedGemm(1)),
            timed(
                () -> {
                  System.arraycopy(grad, 0, g, 0, n);
                  plain.step(params, g);
                })),
        new Case(
            "optimiser pass + EWC penalty gradient " + n,
            "step FINE_TUNE java-1",
            () -> KernelChoice.install("java-1", new PackedGemm(1)),
            timed(
                () -> {
                  System.arraycopy(grad, 0, g, 0, n);
                  penalised.step(
                      params, g, (b, from, to) -> penalty.addGradientTo(params, g, from, to));
                })),
        new Case(
            "optimiser pass + EWC penalty and value " + n,
            "step FINE_TUNE java-1",
            () -> KernelChoice.install("java-1", new PackedGemm(1)),
            timed(
                () -> {
                  System.arraycopy(grad, 0, g, 0, n);
                  valued.step(
                      params, g, (b, from, to) -> values[b] = penalty.addTo(params, g, from, to));
                })));
  }

  /**
   * Weka's streamed route against the core's, as {@link UpdateClassifierBenchmark} sets them up
   * (the same 1,024 rows, fine-tuning, one pass, minibatches of Weka's default size or 128; one
   * operation is all 1,024 rows), on the pure-Java kernel and one thread: their ratio is the Weka
   * route's cost per row.
   */
  private static List<Case> streamCases(String batch) {
    String size = batch.equals("default") ? new ContinualMLP().getBatchSize() : batch;
    String core = "stream core, batch " + size;
    Runnable oneThread = () -> KernelChoice.install("java-1", new PackedGemm(1));
    List<Case> cases = new ArrayList<>();
    for (String path : new String[] {"core-update", "weka-updateClassifier"}) {
      UpdateClassifierBenchmark b = new UpdateClassifierBenchmark();
      b.path = path;
      b.batch = batch;
      try {
        b.setup();
      } catch (Exception e) {
        throw new IllegalStateException("cannot set up " + path, e);
      }
      String name = path.equals("core-update") ? core : "stream weka, batch " + size;
      cases.add(
          new Case(
              name,
              core,
              oneThread,
              timed(
                  () -> {
                    try {
                      b.pass();
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  })));
    }
    return cases;
  }

  private static List<Case> importanceCases(String kernel) {
    Gemm g = KernelChoice.of(kernel);
    KernelChoice.install(kernel, g);
    TaskData task = Fixtures.data(ImportanceBenchmark.ROWS, 10, 3);
    ContinualLearner trained = Fixtures.learner(Method.EWC);
    trained.beginTask(0);
    trained.update(task);
    ContinualLearner trainer = trained.copy();
    // endTask consumes its open task: each call gets a copy made outside the timing.
    Op end =
        () -> {
          ContinualLearner fresh = trained.copy();
          long t0 = now();
          fresh.endTask();
          return now() - t0;
        };
    return List.of(
        new Case(
            "endTask EWC 1000 " + kernel,
            "epoch1000 EWC " + kernel,
            () -> KernelChoice.install(kernel, g),
            end),
        new Case(
            "epoch1000 EWC " + kernel,
            "epoch1000 EWC " + kernel,
            () -> KernelChoice.install(kernel, g),
            timed(() -> trainer.update(task))));
  }
}
