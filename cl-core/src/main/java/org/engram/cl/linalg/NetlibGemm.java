package org.engram.cl.linalg;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The optional native path: {@code sgemm} of netlib's BLAS binding ({@code dev.ludovic.netlib:blas}
 * 3.x), found reflectively so that cl-core keeps depending on the JDK only.
 *
 * <p>Put netlib's jars on the class path (and a system BLAS such as OpenBLAS on the library path)
 * and {@link Kernels} picks this kernel up; without them this class is never linked against
 * anything. The row-major product is handed over as the column-major product Cᵀ = op(B)ᵀ·op(A)ᵀ,
 * which needs no copy. A library that runs its own threads ({@code OPENBLAS_NUM_THREADS} above 1)
 * gets each product whole; one that runs each call on the calling thread ({@link #concurrent()})
 * gets a large product split by rows of C across {@link Kernels#threads()} threads.
 *
 * <h2>Which library is behind the JNI binding</h2>
 *
 * <p>netlib's JNI stub {@code dlopen}s whatever {@code libblas.so.3} resolves to (or the library
 * named by {@code -Ddev.ludovic.netlib.blas.nativeLib} / {@code nativeLibPath}). On Debian and
 * Ubuntu that is an alternatives symlink: OpenBLAS ({@code .../openblas-pthread/libblas.so.3}),
 * BLIS, ATLAS or the netlib <em>reference</em> BLAS ({@code .../blas/libblas.so.3}, package {@code
 * libblas3}, installed by default). The reference BLAS computes a float32 product about ten times
 * slower than {@link PackedGemm}, so "a native library loaded" is not enough to prefer it: {@link
 * #isOptimised()} says whether the library is one known to be faster.
 *
 * <p>The library is identified without native code of our own (the JDK 17 has no foreign-function
 * API without flags):
 *
 * <ol>
 *   <li>On Linux, {@code /proc/self/maps} is read just before and just after netlib's first load:
 *       the shared objects that appear are the library netlib opened and its dependencies (Linux
 *       lists them by their resolved path, after every symlink). When netlib was already loaded by
 *       other code in this class loader, the mapped objects whose name starts with the requested
 *       library name ({@code libblas.so.3}) are used instead.
 *   <li>Each of those objects is classified by its file name and by the dynamic string table
 *       ({@code .dynstr}) of its ELF file, which holds the names of the symbols it exports and of
 *       the libraries it needs: {@code openblas_get_config} or a needed {@code libopenblas.so.0}
 *       mean OpenBLAS (Debian's {@code openblas-pthread/libblas.so.3} is a thin wrapper that needs
 *       {@code libopenblas.so.0}), {@code MKL_Get_Version} / {@code libmkl} mean MKL, {@code
 *       bli_info_get_*} / {@code libblis} BLIS, {@code ATL_*} / {@code atlas} ATLAS. This holds for
 *       a renamed or self-built library too, which a path rule alone would miss.
 *   <li>A library with none of these marks is the reference BLAS when it is named {@code
 *       libblas.so*} (as the distributions' reference packages are), and "unrecognised" otherwise.
 * </ol>
 *
 * <p>Only OpenBLAS, MKL and BLIS count as optimised. The rule errs on the safe side: refusing an
 * unrecognised fast library costs at most the gap between {@link PackedGemm} (about 30 GFLOP/s on
 * one AVX2 core) and a tuned BLAS (about 75), while accepting the reference BLAS would cost ten
 * times. Where {@code /proc/self/maps} does not exist (netlib 3.0 ships JNI stubs for Linux only)
 * the library is unrecognised.
 */
public final class NetlibGemm implements Gemm {
  private static final String NATIVE_BLAS = "dev.ludovic.netlib.blas.NativeBLAS";
  private static final String[] OPTIMISED = {"OpenBLAS", "MKL", "BLIS"};

  /** The library behind the JNI binding, identified at the first load in this class loader. */
  private static Backing jniBacking;

  private static boolean probed;

  /** Why the last {@link #load(boolean)} returned null, for the kernel's log line. */
  private static volatile String unavailable = "netlib was not tried";

  private final Object blas;
  private final MethodHandle sgemm;
  private final Backing backing;

  private NetlibGemm(Object blas, MethodHandle sgemm, Backing backing) {
    this.blas = blas;
    this.sgemm = sgemm;
    this.backing = backing;
  }

  /**
   * Loads netlib's BLAS if it is on the class path. netlib's own start-up warnings (for example
   * that its Vector API implementation needs {@code --add-modules}) are held back while it loads:
   * {@link Kernels} reports the outcome in one line.
   *
   * @param nativeOnly accept only a native (JNI) implementation, whatever library it reached;
   *     netlib's pure-Java fallbacks are slower than {@link PackedGemm}
   * @return the kernel, or null when netlib (or, if required, its native library) is absent
   */
  public static NetlibGemm load(boolean nativeOnly) {
    try {
      String factory = nativeOnly ? NATIVE_BLAS : "dev.ludovic.netlib.blas.BLAS";
      Class<?> api = Class.forName("dev.ludovic.netlib.blas.BLAS");
      Object blas;
      Backing backing = null;
      synchronized (NetlibGemm.class) {
        Set<String> before = probed ? null : Backing.mappedLibraries();
        blas = quietly(factory);
        if (Class.forName(NATIVE_BLAS).isInstance(blas)) {
          if (!probed) {
            jniBacking = Backing.identify(before, Backing.mappedLibraries());
            probed = true;
          }
          backing = jniBacking;
        }
      }
      MethodHandle h =
          MethodHandles.publicLookup()
              .findVirtual(
                  api,
                  "sgemm",
                  MethodType.methodType(
                      void.class,
                      String.class,
                      String.class,
                      int.class,
                      int.class,
                      int.class,
                      float.class,
                      float[].class,
                      int.class,
                      int.class,
                      float[].class,
                      int.class,
                      int.class,
                      float.class,
                      float[].class,
                      int.class,
                      int.class));
      NetlibGemm g = new NetlibGemm(blas, h.bindTo(blas), backing);
      // One tiny product proves the native library really links before it is chosen.
      float[] c = {Float.NaN};
      g.gemm(
          false, false, 1, 1, 1, 1f, new float[] {2f}, 0, 1, new float[] {3f}, 0, 1, 0f, c, 0, 1);
      if (c[0] != 6f) {
        unavailable = "netlib's sgemm gave a wrong product";
        return null;
      }
      return g;
    } catch (ClassNotFoundException | NoClassDefFoundError e) {
      unavailable = "netlib (dev.ludovic.netlib:blas) is not on the class path";
      return null;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      unavailable =
          nativeOnly
              ? "netlib's native binding did not load: is libblas.so.3 installed?"
              : "netlib failed to load: " + cause;
      return null;
    }
  }

  /**
   * @return why the last {@link #load(boolean)} returned null, in a few words
   */
  static String unavailableReason() {
    return unavailable;
  }

  /** Calls {@code factory.getInstance()} with netlib's java.util.logging output held back. */
  private static Object quietly(String factory) throws ReflectiveOperationException {
    java.util.logging.Logger log =
        java.util.logging.Logger.getLogger("dev.ludovic.netlib.blas.InstanceBuilder");
    java.util.logging.Level old = log.getLevel();
    try {
      log.setLevel(java.util.logging.Level.SEVERE);
    } catch (SecurityException e) {
      // not allowed to change logging: netlib's warnings stay
    }
    try {
      return Class.forName(factory).getMethod("getInstance").invoke(null);
    } finally {
      try {
        log.setLevel(old);
      } catch (SecurityException e) {
        // as above
      }
    }
  }

  /**
   * @return the class netlib chose (JNIBLAS, VectorBLAS, JavaBLAS ...) and, for JNIBLAS, the
   *     library behind it, e.g. {@code JNIBLAS → OpenBLAS
   *     (/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3)}
   */
  public String implementation() {
    String cls = blas.getClass().getSimpleName();
    if (backing == null) {
      return cls;
    }
    return cls
        + " → "
        + backing.vendor()
        + (backing.library() == null ? "" : " (" + backing.library() + ")");
  }

  /**
   * @return the native library's kind (OpenBLAS, MKL, BLIS, ATLAS, reference BLAS, unrecognised
   *     BLAS), or null when netlib runs one of its Java implementations
   */
  public String vendor() {
    return backing == null ? null : backing.vendor();
  }

  /**
   * @return the path of the native library netlib opened, as the system resolved it, or null when
   *     unknown or not native
   */
  public String library() {
    return backing == null ? null : backing.library();
  }

  /**
   * @return whether this is a native library known to be faster than {@link PackedGemm} (OpenBLAS,
   *     MKL or BLIS); false for the reference BLAS, ATLAS, an unrecognised library and netlib's
   *     Java implementations
   */
  public boolean isOptimised() {
    return backing != null && backing.optimised();
  }

  /**
   * @return the environment variable that sets the native library's thread count
   *     (OPENBLAS_NUM_THREADS, MKL_NUM_THREADS, BLIS_NUM_THREADS), or null for other libraries
   */
  public String threadsVariable() {
    String v = vendor();
    if (v == null) {
      return null;
    }
    return switch (v) {
      case "OpenBLAS" -> "OPENBLAS_NUM_THREADS";
      case "MKL" -> "MKL_NUM_THREADS";
      case "BLIS" -> "BLIS_NUM_THREADS";
      default -> null;
    };
  }

  /**
   * A native library runs each product on its own threads unless its thread variable is 1; only
   * then may the training step call it from several of Engram's threads at once (otherwise the two
   * sets of threads would compete for the cores).
   */
  @Override
  public boolean concurrent() {
    String var = threadsVariable();
    return var == null || "1".equals(System.getenv(var));
  }

  @Override
  public String name() {
    return "netlib-" + blas.getClass().getSimpleName();
  }

  @Override
  public void gemm(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float alpha,
      float[] a,
      int aOff,
      int lda,
      float[] b,
      int bOff,
      int ldb,
      float beta,
      float[] c,
      int cOff,
      int ldc) {
    GemmChecks.check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      // BLAS would accept null A and B here only in some implementations.
      GemmChecks.scale(m, n, beta, c, cOff, ldc);
      return;
    }
    // Inside a part of a parallel loop Parallel.threads() is 1: each block below comes back here
    // and makes one native call.
    int parts = Math.min(Parallel.threads(), m);
    // netlib checks an operand as if its last column (column-major) were lda long: a block of
    // columns of Aᵀ starting past column 0 passes only when the array has that much room
    // (Workspace leaves it).
    long lastBlock = (long) (parts - 1) * m / parts;
    boolean fits = !transA || aOff + lastBlock + (long) k * lda <= a.length;
    if (parts > 1 && (long) m * n * k >= PackedGemm.PARALLEL_MIN_WORK && fits && concurrent()) {
      // The library runs each call on the calling thread (concurrent()): split the rows of C across
      // Engram's threads, one contiguous block each. A training step's weight-gradient products
      // are called from one thread, and without this they used one core of two.
      Parallel.forEach(
          parts,
          parts,
          q -> {
            int i0 = (int) ((long) q * m / parts);
            int i1 = (int) ((long) (q + 1) * m / parts);
            // row i of op(A) starts at a[aOff + i*lda] (A as stored) or at a[aOff + i] (Aᵀ)
            int aRow = aOff + (transA ? i0 : i0 * lda);
            gemm(
                transA,
                transB,
                i1 - i0,
                n,
                k,
                alpha,
                a,
                aRow,
                lda,
                b,
                bOff,
                ldb,
                beta,
                c,
                cOff + i0 * ldc,
                ldc);
          });
      return;
    }
    // Typed locals: invokeExact matches static argument types, and a conditional expression in
    // this polymorphic-signature position would be typed Object.
    String opB = transB ? "T" : "N";
    String opA = transA ? "T" : "N";
    try {
      sgemm.invokeExact(opB, opA, n, m, k, alpha, b, bOff, ldb, a, aOff, lda, beta, c, cOff, ldc);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("netlib sgemm failed", e);
    }
  }

  /**
   * The native library behind netlib's JNI binding.
   *
   * @param vendor OpenBLAS, MKL, BLIS, ATLAS, reference BLAS or unrecognised BLAS
   * @param library its resolved path, or null when unknown
   * @param optimised whether it is known to beat {@link PackedGemm}
   */
  private record Backing(String vendor, String library, boolean optimised) {
    private static final Path MAPS = Path.of("/proc/self/maps");
    private static final int MAX_DYNSTR = 16 << 20;

    static Backing identify(Set<String> before, Set<String> after) {
      String wanted = requestedName();
      List<String> candidates = new ArrayList<>();
      if (before != null && after != null) {
        for (String lib : after) {
          if (!before.contains(lib)) {
            candidates.add(lib);
          }
        }
      }
      if (candidates.isEmpty() && after != null) {
        // netlib was loaded earlier in this class loader: go by the requested name
        for (String lib : after) {
          if (fileName(lib).startsWith(wanted)) {
            candidates.add(lib);
          }
        }
      }
      if (candidates.isEmpty()) {
        return new Backing("unrecognised BLAS", null, false);
      }
      String vendor = null;
      String vendorLib = null;
      for (String lib : candidates) {
        String v = vendorOf(lib);
        if (v != null && (vendor == null || rank(v) < rank(vendor))) {
          vendor = v;
          vendorLib = lib;
        }
      }
      String primary = vendorLib != null ? vendorLib : candidates.get(0);
      for (String lib : candidates) {
        if (fileName(lib).startsWith(wanted)) {
          primary = lib;
          break;
        }
      }
      if (vendor == null) {
        String f = fileName(primary);
        vendor =
            f.startsWith("libblas.so") || f.startsWith("librefblas")
                ? "reference BLAS"
                : "unrecognised BLAS";
      }
      return new Backing(vendor, primary, rank(vendor) < OPTIMISED.length);
    }

    private static int rank(String vendor) {
      for (int i = 0; i < OPTIMISED.length; i++) {
        if (OPTIMISED[i].equals(vendor)) {
          return i;
        }
      }
      return vendor.equals("ATLAS") ? OPTIMISED.length : OPTIMISED.length + 1;
    }

    /** The file name netlib's JNI stub passes to dlopen (its default is libblas.so.3). */
    private static String requestedName() {
      String p = System.getProperty("dev.ludovic.netlib.blas.nativeLibPath");
      if (p == null) {
        p = System.getProperty("dev.ludovic.netlib.blas.nativeLib", "libblas.so.3");
      }
      return fileName(p);
    }

    /**
     * @return the shared objects mapped into this process (resolved paths), without netlib's own
     *     JNI stub and the JDK's libraries, or null where /proc/self/maps cannot be read
     */
    static Set<String> mappedLibraries() {
      if (!Files.isReadable(MAPS)) {
        return null;
      }
      String javaHome = System.getProperty("java.home", "");
      try {
        javaHome = Path.of(javaHome).toRealPath().toString();
      } catch (IOException | RuntimeException e) {
        // keep the property as it is
      }
      Set<String> libs = new LinkedHashSet<>();
      try {
        for (String line : Files.readAllLines(MAPS, StandardCharsets.UTF_8)) {
          // address perms offset dev inode path
          String[] f = line.trim().split("\\s+", 6);
          if (f.length < 6 || !f[5].startsWith("/")) {
            continue;
          }
          String path = f[5];
          if (path.endsWith(" (deleted)")) {
            path = path.substring(0, path.length() - " (deleted)".length());
          }
          String name = fileName(path);
          if (!name.contains(".so")
              || name.contains("netlibblasjni")
              || (!javaHome.isEmpty() && path.startsWith(javaHome + "/"))) {
            continue;
          }
          libs.add(path);
        }
      } catch (IOException | RuntimeException e) {
        return null;
      }
      return libs;
    }

    /** Classifies one shared object by its file name and its ELF dynamic string table. */
    private static String vendorOf(String lib) {
      String name = fileName(lib).toLowerCase(Locale.ROOT);
      String dyn = dynstr(Path.of(lib));
      if (name.contains("openblas") || dyn.contains("openblas_") || dyn.contains("libopenblas")) {
        return "OpenBLAS";
      }
      if (name.contains("mkl") || dyn.contains("MKL_Get_Version") || dyn.contains("libmkl")) {
        return "MKL";
      }
      if (name.contains("blis") || dyn.contains("bli_info_get") || dyn.contains("libblis")) {
        return "BLIS";
      }
      if (name.contains("atlas") || lib.contains("/atlas/") || dyn.contains("ATL_")) {
        return "ATLAS";
      }
      return null;
    }

    /**
     * Reads the string table that the ELF file's dynamic symbol table links to: the names of the
     * symbols it exports or imports and of the libraries it needs.
     *
     * @return the table as ISO-8859-1 text, or "" if the file is not a readable ELF file
     */
    static String dynstr(Path file) {
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        ByteBuffer h = read(ch, 0, 64);
        if (h.get(0) != 0x7f || h.get(1) != 'E' || h.get(2) != 'L' || h.get(3) != 'F') {
          return "";
        }
        boolean is64 = h.get(4) == 2;
        ByteOrder order = h.get(5) == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        h.order(order);
        long shoff = is64 ? h.getLong(0x28) : Integer.toUnsignedLong(h.getInt(0x20));
        int shentsize = Short.toUnsignedInt(h.getShort(is64 ? 0x3A : 0x2E));
        int shnum = Short.toUnsignedInt(h.getShort(is64 ? 0x3C : 0x30));
        if (shoff <= 0 || shnum == 0 || shentsize < (is64 ? 64 : 40)) {
          return "";
        }
        ByteBuffer sh = read(ch, shoff, shnum * shentsize).order(order);
        for (int i = 0; i < shnum; i++) {
          int base = i * shentsize;
          if (sh.getInt(base + 4) != 11) { // SHT_DYNSYM
            continue;
          }
          int link = sh.getInt(base + (is64 ? 0x28 : 0x18));
          if (link <= 0 || link >= shnum) {
            return "";
          }
          int lb = link * shentsize;
          long off = is64 ? sh.getLong(lb + 0x18) : Integer.toUnsignedLong(sh.getInt(lb + 0x10));
          long size = is64 ? sh.getLong(lb + 0x20) : Integer.toUnsignedLong(sh.getInt(lb + 0x14));
          if (off <= 0 || size <= 0) {
            return "";
          }
          ByteBuffer s = read(ch, off, (int) Math.min(size, MAX_DYNSTR));
          return new String(s.array(), 0, s.limit(), StandardCharsets.ISO_8859_1);
        }
        return "";
      } catch (IOException | RuntimeException e) {
        return "";
      }
    }

    private static ByteBuffer read(FileChannel ch, long pos, int len) throws IOException {
      ByteBuffer b = ByteBuffer.allocate(len);
      while (b.hasRemaining()) {
        if (ch.read(b, pos + b.position()) < 0) {
          throw new IOException("short ELF file");
        }
      }
      return b.flip();
    }

    private static String fileName(String path) {
      int slash = path.lastIndexOf('/');
      return slash < 0 ? path : path.substring(slash + 1);
    }
  }
}
