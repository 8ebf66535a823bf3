package org.engram.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.engram.cl.linalg.Kernels;
import org.engram.cl.linalg.NetlibGemm;
import org.junit.jupiter.api.Test;

/**
 * The kernel is chosen once per JVM, so the system properties are checked in child JVMs with netlib
 * on the class path.
 */
class KernelSelectionTest {

  /** Entry point of the child JVM: prints the chosen kernel and thread count. */
  public static final class Probe {
    private Probe() {}

    /**
     * @param args unused
     */
    public static void main(String[] args) {
      System.out.println(Kernels.describe() + " | threads=" + Kernels.threads());
    }
  }

  private static String probe(String... properties) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of(properties));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Probe.class.getName());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
    pinOpenBlasCoreType(pb);
    Process p = pb.start();
    p.getErrorStream().transferTo(java.io.OutputStream.nullOutputStream());
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  @Test
  void systemPropertiesForceThePureJavaKernelAndTheThreadCount() throws Exception {
    String forced = probe("-Dengram.kernel=java", "-Dengram.threads=3");
    assertTrue(forced.contains("pure Java"), forced);
    assertTrue(forced.endsWith("threads=3"), forced);
    String naive = probe("-Dengram.kernel=naive");
    assertTrue(naive.startsWith("java |"), naive);
  }

  /**
   * OpenBLAS's own CPU detection fails on some virtual machines (it then runs its generic kernel,
   * which {@code auto} refuses for its speed); pinning a core type the CPU has keeps these tests
   * about the library rather than the machine.
   */
  static void pinOpenBlasCoreType(ProcessBuilder pb) throws IOException {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (System.getenv("OPENBLAS_CORETYPE") == null
        && Files.isReadable(cpuinfo)
        && Files.readString(cpuinfo).contains(" avx2")) {
      pb.environment().put("OPENBLAS_CORETYPE", "Haswell");
    }
  }

  @Test
  void autoPicksTheNativePathWhenAnOptimisedLibraryIsPresent() throws Exception {
    NetlibGemm netlib = NetlibGemm.load(true);
    assumeTrue(netlib != null && netlib.isOptimised(), "no OpenBLAS/MKL/BLIS on this machine");
    String auto = probe();
    assertTrue(auto.startsWith("netlib-JNIBLAS"), auto);
    assertTrue(auto.contains(netlib.vendor() + " (" + netlib.library() + ")"), auto);
    String off = probe("-Dengram.kernel=java");
    assertTrue(off.startsWith("java-packed"), off);
  }

  @Test
  void autoRefusesTheReferenceBlasWhichNetlibModeStillForces() throws Exception {
    // Debian's and Ubuntu's reference BLAS (package libblas3), loaded in place of libblas.so.3 the
    // way a fresh machine's alternatives symlink would.
    Path reference =
        Stream.of("x86_64-linux-gnu", "aarch64-linux-gnu")
            .map(d -> Path.of("/usr/lib", d, "blas", "libblas.so.3"))
            .filter(Files::isRegularFile)
            .findFirst()
            .orElse(null);
    assumeTrue(reference != null, "no reference BLAS (libblas3) installed");
    assumeTrue(NetlibGemm.load(true) != null, "netlib's JNI binding does not load here");
    String lib = "-Ddev.ludovic.netlib.blas.nativeLib=" + reference;
    String auto = probe(lib);
    assertTrue(auto.startsWith("java-packed"), auto);
    assertTrue(auto.contains("refused netlib JNIBLAS → reference BLAS"), auto);
    String forced = probe(lib, "-Dengram.kernel=netlib");
    assertTrue(forced.startsWith("netlib-JNIBLAS"), forced);
    assertTrue(forced.contains("JNIBLAS → reference BLAS (/usr/lib/"), forced);
  }

  @Test
  void withoutANativeLibraryAutoSaysWhyItStaysPureJava() throws Exception {
    String auto = probe("-Ddev.ludovic.netlib.blas.nativeLib=/nonexistent/libblas.so.3");
    assertTrue(auto.startsWith("java-packed"), auto);
    assertTrue(auto.contains("native binding did not load"), auto);
  }
}
