package org.engram.weka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built package, as a user meets it: {@code WekaPackageManager -offline -install-package} into
 * a fresh WEKA_HOME, then a JVM with only Weka on its classpath finds ContinualMLP through the
 * GUI's class discovery and runs it through {@code weka.Run}; the plain jar also works when simply
 * put on Weka's classpath. Runs in the integration-test phase, after the zip is built.
 */
class PackageInstallIT {
  @TempDir static Path home;
  @TempDir Path work;

  private static Path zip;
  private static String wekaClasspath;
  private static String testClasses;

  @BeforeAll
  static void install() throws Exception {
    zip = Path.of(System.getProperty("engram.weka.package", "target/weka-cl-missing.zip"));
    assertTrue(Files.isRegularFile(zip), "package zip not built: " + zip);
    // Weka and its dependencies only (set by the build): this project's classes must come from
    // the package.
    wekaClasspath = System.getProperty("engram.weka.classpath", "");
    testClasses = System.getProperty("engram.test.classes", "target/test-classes");
    assertTrue(wekaClasspath.contains("weka-stable"), "no Weka classpath given: " + wekaClasspath);
    assertTrue(!wekaClasspath.contains("cl-core"), wekaClasspath);
    Result r =
        java(
            wekaClasspath,
            "weka.core.WekaPackageManager",
            "-offline",
            "-install-package",
            zip.toString());
    assertEquals(0, r.code, r.output);
    assertTrue(Files.isRegularFile(home.resolve("packages/engram/Description.props")), r.output);
  }

  @Test
  void guiClassDiscoveryListsContinualMlp() throws Exception {
    Path probeDir = probeDir();
    Result r = java(wekaClasspath + File.pathSeparator + probeDir, DiscoveryProbe.class.getName());
    assertEquals(0, r.code, r.output);
    assertTrue(r.output.contains("GenericPropertiesCreator=true"), r.output);
    assertTrue(r.output.contains("PluginManager=true"), r.output);
    assertTrue(r.output.contains("loadedFrom=") && r.output.contains("packages/engram"), r.output);
    assertTrue(r.output.contains("distributionLength=2"), r.output);
    assertTrue(r.output.contains("kernel="), r.output);
  }

  @Test
  void installedPackageTakesTheNativePathWhereOpenBlasIsInstalled() throws Exception {
    assumeTrue(openBlasIsTheSystemBlas(), "libblas.so.3 is not OpenBLAS on this machine");
    Result r =
        java(wekaClasspath + File.pathSeparator + probeDir(), DiscoveryProbe.class.getName());
    assertEquals(0, r.code, r.output);
    // netlib's jar comes from the package's lib/; its f2j dependency from Weka's own class path
    assertTrue(r.output.contains("kernel=netlib-JNIBLAS"), r.output);
    assertTrue(r.output.contains("→ OpenBLAS"), r.output);
  }

  @Test
  void plainJarOnTheClasspathIsDiscoveredByTheGuiToo() throws Exception {
    Path jar = zip.resolveSibling(zip.getFileName().toString().replace(".zip", ".jar"));
    Path probeDir = probeDir();
    Path emptyHome = work.resolve("empty-home");
    Files.createDirectories(emptyHome);
    Result r =
        java(
            emptyHome,
            wekaClasspath + File.pathSeparator + jar + File.pathSeparator + probeDir,
            DiscoveryProbe.class.getName());
    assertEquals(0, r.code, r.output);
    assertTrue(r.output.contains("GenericPropertiesCreator=true"), r.output);
    assertTrue(
        r.output.contains("loadedFrom=") && r.output.contains(jar.getFileName().toString()),
        r.output);
    // the plain jar carries no netlib: pure Java, and it says why
    assertTrue(r.output.contains("kernel=java-packed"), r.output);
    assertTrue(r.output.contains("not on the class path"), r.output);
  }

  @Test
  void installedPackageRunsFromTheCommandLine() throws Exception {
    Path train = arff("train.arff");
    Result r =
        java(
            wekaClasspath,
            "weka.Run",
            "ContinualMLP",
            "-t",
            train.toString(),
            "-T",
            train.toString(),
            "-method",
            "MAS",
            "-hidden",
            "8");
    assertEquals(0, r.code, r.output);
    assertTrue(r.output.contains("ContinualMLP"), r.output);
    assertTrue(r.output.contains("Correctly Classified Instances"), r.output);
  }

  @Test
  void userMistakesOnTheCommandLineGiveOneLineWithoutAStackTrace() throws Exception {
    Path train = arff("train.arff");
    Path empty = Files.createFile(work.resolve("empty.model"));
    List<String[]> runs =
        List.of(
            // an empty model file: Weka alone says "Weka exception: null"
            new String[] {"-l", empty.toString(), "-T", train.toString()},
            // training that diverges, as the command line trains: a stream
            new String[] {
              "-t",
              train.toString(),
              "-T",
              train.toString(),
              "-optimizer",
              "SGD",
              "-lr",
              "1e30",
              "-lambda",
              "1",
              "-hidden",
              "8"
            },
            // joint training cannot stream
            new String[] {"-t", train.toString(), "-T", train.toString(), "-method", "JOINT"});
    String[] expected = {"is empty", "diverged", "-force-batch-training"};
    for (int i = 0; i < runs.size(); i++) {
      List<String> args = new ArrayList<>(List.of("weka.Run", "ContinualMLP"));
      args.addAll(List.of(runs.get(i)));
      Result r = java(wekaClasspath, args.toArray(new String[0]));
      // Weka's class discovery prints a trace of its own for the .pom that Maven's Weka class
      // path holds (a user's weka.jar has none): leave it out
      String ours = r.output.replaceAll("java.util.zip.ZipException[^\n]*(\n\tat [^\n]*)*", "");
      assertTrue(ours.contains(expected[i]), r.output);
      assertTrue(!ours.contains("\tat ") && !ours.contains("Weka exception: null"), r.output);
    }
  }

  @Test
  void helpOnTheCommandLineIsGeneratedFromTheCore() throws Exception {
    Result r = java(wekaClasspath, "weka.Run", "ContinualMLP", "-h");
    assertTrue(r.output.contains("-lambda <auto|num>"), r.output);
    assertTrue(r.output.contains("Default: automatic"), r.output);
    assertTrue(r.output.contains("-fisher <empirical|sampled|exact>"), r.output);
    assertTrue(r.output.contains("-warmup-epochs <int>"), r.output);
  }

  @Test
  void plainJarWorksOnAWekaClasspath() throws Exception {
    Path jar = zip.resolveSibling(zip.getFileName().toString().replace(".zip", ".jar"));
    assertTrue(Files.isRegularFile(jar), "shaded jar missing: " + jar);
    Path train = arff("train.arff");
    Result r =
        java(
            wekaClasspath + File.pathSeparator + jar,
            "weka.classifiers.functions.ContinualMLP",
            "-t",
            train.toString(),
            "-T",
            train.toString(),
            "-hidden",
            "8");
    assertEquals(0, r.code, r.output);
    assertTrue(r.output.contains("Correctly Classified Instances"), r.output);
  }

  /** A folder with only the probe class (the test classes' Weka test cases need JUnit 3). */
  private Path probeDir() throws IOException {
    String probe = DiscoveryProbe.class.getName().replace('.', '/') + ".class";
    Path probeDir = work.resolve("probe");
    Files.createDirectories(probeDir.resolve(probe).getParent());
    Files.copy(
        Path.of(testClasses).resolve(probe),
        probeDir.resolve(probe),
        StandardCopyOption.REPLACE_EXISTING);
    return probeDir;
  }

  /** Whether the Debian/Ubuntu libblas.so.3 alternative resolves to OpenBLAS. */
  private static boolean openBlasIsTheSystemBlas() {
    for (String arch : new String[] {"x86_64-linux-gnu", "aarch64-linux-gnu"}) {
      Path p = Path.of("/usr/lib", arch, "libblas.so.3");
      try {
        if (Files.exists(p) && p.toRealPath().toString().contains("openblas")) {
          return true;
        }
      } catch (IOException e) {
        // not this one
      }
    }
    return false;
  }

  private Path arff(String name) throws IOException {
    StringBuilder sb = new StringBuilder("@relation toy\n@attribute x numeric\n");
    sb.append("@attribute colour {red,green}\n@attribute class {a,b}\n@data\n");
    for (int i = 0; i < 40; i++) {
      double x = (i % 10) / 10.0;
      sb.append(x).append(',').append(i % 2 == 0 ? "red" : "green").append(',');
      sb.append(x < 0.5 ? "a" : "b").append('\n');
    }
    Path p = work.resolve(name);
    Files.writeString(p, sb.toString(), StandardCharsets.UTF_8);
    return p;
  }

  private record Result(int code, String output) {}

  private static Result java(String classpath, String... args) throws Exception {
    return java(home, classpath, args);
  }

  private static Result java(Path wekaHome, String classpath, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(
        List.of(
            "-Xmx512m",
            "-Djava.awt.headless=true",
            "-Dweka.packageManager.offline=true",
            "-cp",
            classpath));
    cmd.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("WEKA_HOME", wekaHome.toString());
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (System.getenv("OPENBLAS_CORETYPE") == null
        && Files.isReadable(cpuinfo)
        && Files.readString(cpuinfo).contains(" avx2")) {
      // OpenBLAS's CPU detection fails on some VMs (its generic kernel is then refused for speed)
      pb.environment().put("OPENBLAS_CORETYPE", "Haswell");
    }
    Process p = pb.start();
    String out;
    try (var in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + String.join(" ", cmd));
    }
    String shown =
        out.lines()
            .filter(l -> l.startsWith("kernel=") || !l.contains("netlib"))
            .collect(Collectors.joining("\n"));
    return new Result(p.exitValue(), String.join(" ", args) + "\n" + shown);
  }
}
