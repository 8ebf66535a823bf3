package org.engram.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
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

  @Test
  void autoPicksTheNativePathWhenPresent() throws Exception {
    assumeTrue(NetlibGemm.load(true) != null, "no native BLAS on this machine");
    String auto = probe();
    assertTrue(auto.contains("JNIBLAS"), auto);
  }
}
