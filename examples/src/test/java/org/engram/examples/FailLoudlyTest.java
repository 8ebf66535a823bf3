package org.engram.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.engram.cl.data.Digits;
import org.engram.cl.data.TaskData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 through the bench as a user meets it: each bad input gives one line on stderr naming the
 * file, line and column (or the flag), the documented exit status, and no stack trace; nothing is
 * silently dropped or replaced.
 */
class FailLoudlyTest {
  @TempDir static Path dir;

  /** The real UCI digits as CSV lines: 64 pixels 0..16, then the digit (no header). */
  static List<String> digits;

  @BeforeAll
  static void readDigits() {
    TaskData d = Digits.load();
    digits = new ArrayList<>();
    for (int r = 0; r < d.size(); r++) {
      StringBuilder sb = new StringBuilder();
      for (int j = 0; j < d.featureCount(); j++) {
        sb.append(Math.round(d.feature(r, j) * 16)).append(',');
      }
      digits.add(sb.append(d.label(r)).toString());
    }
  }

  /** Writes the digits with line {@code lineNo} (1-based) replaced by a mutation of it. */
  private static Path csvWith(String name, int lineNo, java.util.function.UnaryOperator<String> f)
      throws IOException {
    List<String> lines = new ArrayList<>(digits);
    lines.set(lineNo - 1, f.apply(lines.get(lineNo - 1)));
    Path p = dir.resolve(name);
    Files.write(p, lines);
    return p;
  }

  /** Replaces the cell at column {@code col} (1-based). */
  private static java.util.function.UnaryOperator<String> cell(int col, String value) {
    return line -> {
      String[] c = line.split(",");
      c[col - 1] = value;
      return String.join(",", c);
    };
  }

  private static Cli bench(Path data, String... extra) {
    return benchMethod(data, "naive", extra);
  }

  private static Cli benchMethod(Path data, String method, String... extra) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "bench",
                "--data",
                data.toString(),
                "--scenario",
                "split-task",
                "--method",
                method,
                "--tasks",
                "2",
                "--hidden",
                "16",
                "--epochs",
                "1"));
    a.addAll(Arrays.asList(extra));
    return Cli.run(a.toArray(new String[0]));
  }

  /** One line on stderr, the status, no stack trace; returns the line. */
  private static String oneLine(Cli r, int status) {
    String err = r.err().strip();
    assertEquals(status, r.status(), err);
    assertEquals(1, err.lines().count(), err);
    assertFalse(err.contains("Exception") || err.contains("\tat "), err);
    return err;
  }

  @Test
  void aNanCellIsAnErrorNamingFileLineAndColumn() throws IOException {
    Path p = csvWith("nan.csv", 7, cell(3, "NaN"));
    assertEquals(
        "bench: " + p + ": line 7, column 3: 'NaN' is not a finite number",
        oneLine(bench(p), Main.RUN_ERROR));
  }

  @Test
  void anInfinityOnLine52IsReportedOnLine52() throws IOException {
    Path p = csvWith("inf.csv", 52, cell(2, "Infinity"));
    assertEquals(
        "bench: " + p + ": line 52, column 2: 'Infinity' is not a finite number",
        oneLine(bench(p), Main.RUN_ERROR));
    p = csvWith("big.csv", 52, cell(2, "1e300"));
    assertEquals(
        "bench: "
            + p
            + ": line 52, column 2: 1e300 is too large for a 32-bit float (at most 3.4e38 in"
            + " magnitude)",
        oneLine(bench(p), Main.RUN_ERROR));
  }

  /**
   * Data with one class is the data's problem, not the command line's: status 1, the file named.
   */
  @Test
  void dataOfOneClassIsARunErrorNamingTheFile() throws IOException {
    Path p = dir.resolve("one-class.csv");
    Files.write(p, digits.stream().filter(l -> l.endsWith(",0")).toList());
    long rows = digits.stream().filter(l -> l.endsWith(",0")).count();
    assertEquals(
        "bench: "
            + p
            + ": "
            + rows
            + " rows of 1 class(es); a split scenario needs at least 2 classes",
        oneLine(bench(p), Main.RUN_ERROR));
  }

  /** A class that no pair takes (an odd count, or fewer tasks than pairs) is named, not dropped. */
  @Test
  void classesInNoTaskAreNamed() throws IOException {
    Path seven = dir.resolve("seven.csv");
    Files.write(seven, digits.stream().filter(l -> l.charAt(l.length() - 1) < '7').toList());
    String[] run = {
      "bench",
      "--data",
      seven.toString(),
      "--scenario",
      "split-task",
      "--method",
      "naive",
      "--hidden",
      "16",
      "--epochs",
      "1"
    };
    Cli r = Cli.run(run);
    assertEquals(0, r.status(), r.err());
    assertTrue(
        r.out().contains("note: the 3 tasks pair classes 0..5; class 6 of the 7 is in no task"),
        r.out());
    r = bench(seven); // --tasks 2
    assertTrue(
        r.out()
            .contains("note: the 2 tasks pair classes 0..3; classes 4..6 of the 7 are in no task"),
        r.out());
  }

  @Test
  void aLabelOutOfRangeNamesLineAndValue() throws IOException {
    Path p = csvWith("label.csv", 30, cell(65, "1000000"));
    assertEquals(
        "bench: "
            + p
            + ": line 30: label 1000000 is out of range: the file has 11 distinct labels, so"
            + " class ids must be 0..10",
        oneLine(bench(p), Main.RUN_ERROR));
  }

  @Test
  void onlyTheFirstLineCanBeAHeader() throws IOException {
    // a header line is read as one
    List<String> lines = new ArrayList<>(digits);
    lines.add(0, "p0," + String.join(",", java.util.Collections.nCopies(63, "p")) + ",digit");
    Path ok = dir.resolve("header.csv");
    Files.write(ok, lines);
    assertEquals(0, bench(ok).status());
    // a later row whose first cell is not a number is an error, not a dropped "header"
    Path p = csvWith("later.csv", 101, cell(1, "a"));
    assertEquals(
        "bench: " + p + ": line 101, column 1: 'a' is not a number",
        oneLine(bench(p), Main.RUN_ERROR));
    // and a header's names are given in the message
    lines.set(12, lines.get(12).replaceFirst("^\\d+,\\d+,", "0,x,"));
    Path named = dir.resolve("named.csv");
    Files.write(named, lines);
    assertEquals(
        "bench: " + named + ": line 13, column 2 ('p'): 'x' is not a number",
        oneLine(bench(named), Main.RUN_ERROR));
  }

  @Test
  void threadsANativeBlasWillNotUseAreSaidSo() throws IOException {
    Path data = dir.resolve("threads.csv");
    Files.write(data, digits);
    org.engram.cl.linalg.Gemm before = org.engram.cl.linalg.Kernels.gemm();
    // a library that runs each product on its own threads, as OpenBLAS does by default
    org.engram.cl.linalg.Gemm own =
        new org.engram.cl.linalg.Gemm() {
          @Override
          public void gemm(
              boolean ta,
              boolean tb,
              int m,
              int n,
              int k,
              float alpha,
              float[] a,
              int ao,
              int lda,
              float[] b,
              int bo,
              int ldb,
              float beta,
              float[] c,
              int co,
              int ldc) {
            before.gemm(ta, tb, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
          }

          @Override
          public String name() {
            return "own-threads";
          }

          @Override
          public boolean concurrent() {
            return false;
          }
        };
    org.engram.cl.linalg.Kernels.use(own);
    try {
      Cli two = bench(data, "--threads", "2");
      assertEquals(0, two.status(), two.err());
      assertTrue(two.out().contains("note: --threads 2 is not used"), two.out());
      assertFalse(bench(data, "--threads", "1").out().contains("is not used"));
    } finally {
      org.engram.cl.linalg.Kernels.use(before);
    }
  }

  /**
   * @param pixel the pixel attributes' name prefix (the 64 attributes are prefix0..prefix63)
   * @param classAttribute the class attribute's name and type
   * @return the header of an ARFF file of the digits rows, up to and including {@code @data}: 67
   *     lines
   */
  private static StringBuilder arffHeader(String pixel, String classAttribute) {
    StringBuilder a = new StringBuilder("@relation digits\n");
    for (int j = 0; j < 64; j++) {
      a.append("@attribute ").append(pixel).append(j).append(" numeric\n");
    }
    return a.append("@attribute ").append(classAttribute).append("\n@data\n");
  }

  @Test
  void arffInstanceWeightsAreNamedAsSuch() throws IOException {
    StringBuilder a = arffHeader("p", "class {0,1,2,3,4,5,6,7,8,9}");
    for (int r = 0; r < digits.size(); r++) {
      a.append(digits.get(r)).append(r == 3 ? ", {5}" : "").append('\n');
    }
    Path p = dir.resolve("weights.arff"); // 67 header lines: the fourth row is line 71
    Files.writeString(p, a);
    String err = oneLine(bench(p), 1);
    assertTrue(err.contains("line 71") && err.contains("instance weights"), err);
  }

  @Test
  void theArffReaderIsAsStrict() throws IOException {
    StringBuilder a = arffHeader("px", "digit numeric");
    int header = 67; // lines before the first data row
    List<String> rows = new ArrayList<>(digits);
    rows.set(9, cell(5, "NaN").apply(rows.get(9)));
    Path p = dir.resolve("bad.arff");
    Files.writeString(p, a + String.join("\n", rows) + "\n");
    assertEquals(
        "bench: "
            + p
            + ": line "
            + (header + 10)
            + ", column 5 ('px4'): 'NaN' is not a finite number",
        oneLine(bench(p), Main.RUN_ERROR));
    rows = new ArrayList<>(digits);
    rows.set(19, cell(65, "1000000").apply(rows.get(19)));
    Files.writeString(p, a + String.join("\n", rows) + "\n");
    assertEquals(
        "bench: "
            + p
            + ": line "
            + (header + 20)
            + ": label 1000000 is out of range: the file has 11 distinct labels, so class ids"
            + " must be 0..10",
        oneLine(bench(p), Main.RUN_ERROR));
  }

  @Test
  void anIdxHeaderClaimingMoreThanTheFileHoldsNamesTheSizes() throws IOException {
    Path idx = Files.createDirectories(dir.resolve("idx"));
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream o = new DataOutputStream(b);
    o.writeInt(0x00000803);
    o.writeInt(2_000_000_000);
    o.writeInt(1);
    o.writeInt(1);
    o.write(new byte[16]); // 32 bytes in all
    Path images = idx.resolve("train-images-idx3-ubyte");
    Files.write(images, b.toByteArray());
    for (String f : new String[] {"train-labels", "t10k-images", "t10k-labels"}) {
      Files.write(idx.resolve(f), new byte[0]);
    }
    assertEquals(
        "bench: "
            + images
            + ": the header claims 2000000000 images of 1x1 pixels (2000000000 bytes) but the"
            + " file holds only 16 bytes after its header",
        oneLine(bench(idx), Main.RUN_ERROR));
  }

  @Test
  void outputPathsAreCheckedBeforeAnyDataIsRead() throws IOException {
    Path missing = dir.resolve("no-such-folder").resolve("out.json");
    // the data path does not exist either: the --json mistake is reported first
    Cli r = bench(dir.resolve("absent.csv"), "--json", missing.toString());
    assertEquals(
        "bench: --json: folder "
            + missing.getParent()
            + " does not exist (usage: "
            + BenchOptions.USAGE
            + ")",
        oneLine(r, Main.USAGE_ERROR));
    assertFalse(r.out().contains("task 1/"), "nothing trained");
    r = bench(dir.resolve("absent.csv"), "--json", dir.toString());
    assertTrue(oneLine(r, Main.USAGE_ERROR).startsWith("bench: --json: " + dir + " is a folder"));
  }

  @Test
  void aJsonFileThatFailsAfterTrainingIsNamedWithItsFlag() throws IOException {
    Path full = Path.of("/dev/full"); // accepts opening, refuses every write: a full disk
    Assumptions.assumeTrue(Files.isWritable(full), "needs Linux's /dev/full");
    Path p = csvWith("fine-for-json.csv", 1, line -> line);
    Cli r = bench(p, "--json", full.toString());
    assertEquals(
        "bench: --json: /dev/full cannot be written: No space left on device (the results are"
            + " printed above)",
        oneLine(r, Main.RUN_ERROR));
    assertTrue(r.out().contains("task 2 done"), "trained, then failed to write: " + r.out());
  }

  /**
   * A report file that cannot be written after the demo trained (here a folder stands where its
   * page goes; a full disk does the same) is named with its flag, and the results printed before
   * stay: the demo said only the reason, naming neither --out nor the file.
   */
  @Test
  void aReportFileThatFailsAfterTrainingIsNamedWithItsFlag() throws IOException {
    Path out = dir.resolve("blocked-report");
    Path page = out.resolve("index.html");
    Files.createDirectories(page);
    Cli r =
        Cli.run(
            "demo",
            "--out",
            out.toString(),
            "--methods",
            "naive",
            "--scenarios",
            "task",
            "--epochs",
            "1");
    String line = oneLine(r, Main.RUN_ERROR);
    assertTrue(line.startsWith("demo: --out: " + page + " cannot be written: "), line);
    assertTrue(line.endsWith(" (the results are printed above)"), line);
    assertTrue(r.out().contains("task-IL   naive"), "trained, then failed to write: " + r.out());
  }

  @Test
  void anEmptyPathIsRefusedAsEmptyBeforeAnythingTrains() throws IOException {
    Path p = csvWith("fine-for-empty.csv", 1, line -> line);
    for (String empty : new String[] {"", " "}) {
      Cli r = bench(p, "--json", empty);
      assertEquals(
          "bench: --json is empty: name a file (usage: " + BenchOptions.USAGE + ")",
          oneLine(r, Main.USAGE_ERROR));
      assertFalse(r.out().contains("task 1"), "nothing trained: " + r.out());
      r = bench(Path.of(empty));
      assertEquals(
          "bench: --data is empty: name an IDX folder, a CSV file or an ARFF file (usage: "
              + BenchOptions.USAGE
              + ")",
          oneLine(r, Main.USAGE_ERROR));
      r = Cli.run("demo", "--out", empty);
      assertEquals(
          "demo: --out is empty: name a folder (. for this one) (usage: " + DemoOptions.USAGE + ")",
          oneLine(r, Main.USAGE_ERROR));
    }
  }

  @Test
  void hugeValuesNameTheirFlag() throws IOException {
    Path p = csvWith("fine.csv", 1, line -> line);
    // a batch larger than every task is honoured (each step uses a whole task) and said so
    Cli r = bench(p, "--batch", "2147483647");
    assertEquals(0, r.status(), r.err());
    assertTrue(
        r.out()
            .matches(
                "(?s).*note: --batch 2147483647 is more than any task's \\d+ training rows: each"
                    + " step uses a whole task.*"),
        r.out());
    r =
        Cli.run(
            "bench",
            "--data",
            p.toString(),
            "--scenario",
            "split-task",
            "--method",
            "naive",
            "--hidden",
            "2000000000");
    assertTrue(
        oneLine(r, Main.USAGE_ERROR)
            .startsWith("bench: --hidden: hidden layer sizes [2000000000] with 64 inputs need"));
    r =
        Cli.run(
            "bench",
            "--data",
            p.toString(),
            "--scenario",
            "permuted",
            "--method",
            "naive",
            "--tasks",
            "2000000000");
    assertTrue(
        oneLine(r, Main.USAGE_ERROR).startsWith("bench: --tasks 2000000000: 2000000000 permuted"));
    assertTrue(
        oneLine(bench(p, "--replay-size", "99999999999"), Main.USAGE_ERROR)
            .startsWith("bench: --replay-size must be in [0, 2147483647], got 99999999999"));
  }

  @Test
  void divergedTrainingIsOneLineSayingWhatToLower() throws IOException {
    Path p = csvWith("fine2.csv", 1, line -> line);
    String err = oneLine(bench(p, "--lr", "1e30"), Main.RUN_ERROR);
    assertTrue(err.startsWith("bench: training diverged"), err);
    assertTrue(err.contains("Lower the learning rate"), err);
  }

  @Test
  void anOutputThatWouldDestroyTheInputOrCannotBeHonouredIsRefusedBeforeReading()
      throws IOException {
    Path data = dir.resolve("keep.csv");
    Files.write(data, digits);
    byte[] before = Files.readAllBytes(data);
    String same = oneLine(bench(data, "--json", data.toString()), 2);
    assertTrue(same.contains("--json") && same.contains("--data"), same);
    // the same file by another spelling
    String other = data.getParent().resolve(".").resolve("keep.csv").toString();
    assertTrue(oneLine(bench(data, "--json", other), 2).contains("would destroy it"));
    assertArrayEquals(before, Files.readAllBytes(data), "the data file is untouched");
    // LwF's warm-up trains a new head alone; Weka's stream has no such pass
    String warmup =
        oneLine(benchMethod(data, "lwf", "--warmup-epochs", "1", "--via", "weka-stream"), 2);
    assertTrue(warmup.contains("--warmup-epochs") && warmup.contains("weka-stream"), warmup);
    // the demo's report folder must be named
    String out = oneLine(Cli.run("demo", "--out", ""), 2);
    assertTrue(out.contains("--out"), out);
  }

  @Test
  void aGivenLambdaIsNotReportedAsSearched() throws IOException {
    Path data = dir.resolve("given.csv");
    Files.write(data, digits);
    Cli given = benchMethod(data, "ewc", "--lambda", "10");
    assertEquals(0, given.status(), given.err());
    assertTrue(given.out().contains("lambda per task: 10 10"), given.out());
    assertFalse(given.out().contains("searched"), given.out());
    Cli calibrated = benchMethod(data, "ewc", "--lambda", "10", "--calibrate");
    assertEquals(0, calibrated.status(), calibrated.err());
    assertTrue(calibrated.out().contains("searched from --lambda"), calibrated.out());
  }
}
