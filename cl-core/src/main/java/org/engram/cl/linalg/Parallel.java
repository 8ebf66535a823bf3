package org.engram.cl.linalg;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Fork-join over a shared pool of daemon threads: the one mechanism behind every parallel loop of
 * the library (row blocks of a product, row shards of a training step, ranges of an element-wise
 * update).
 *
 * <p>{@link #forEach} hands parts out dynamically to whichever thread asks first, the calling
 * thread included: on a shared machine a descheduled thread then delays the work by one part at
 * most. Which thread runs a part never changes what the part computes, so callers that split work
 * into parts whose results do not depend on the split get the same numbers for every thread count.
 *
 * <p>The pool is created on first use, so a single-threaded JVM never starts a thread; it keeps one
 * worker per extra thread ever asked for. Its threads are daemons (a Weka GUI or a Tribuo program
 * exits normally). Work issued from inside a part runs sequentially on that thread ({@link
 * #inPart()}), which both rules out deadlock on a full pool and keeps the thread count at {@link
 * Kernels#threads()}.
 */
public final class Parallel {
  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

  private Parallel() {}

  /**
   * A fixed set of workers, grown on demand to the largest thread count asked for. A fixed set, not
   * a cached pool: the same worker takes every hand-off, so its caches and per-thread scratch stay
   * warm (a cached pool creates a new thread, with cold scratch, whenever a hand-off comes before
   * the last worker is idle again: five workers appeared in 15 s of two-thread training).
   */
  private static final class Pool {
    static final ThreadPoolExecutor POOL = create();

    private static ThreadPoolExecutor create() {
      AtomicInteger count = new AtomicInteger();
      return new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.MILLISECONDS,
          new LinkedBlockingQueue<>(),
          r -> {
            Thread t = new Thread(r, "engram-worker-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
          });
    }

    /** Makes sure at least {@code workers} threads serve the queue. */
    static synchronized void ensure(int workers) {
      if (POOL.getMaximumPoolSize() < workers) {
        POOL.setMaximumPoolSize(workers);
        POOL.setCorePoolSize(workers);
      }
    }
  }

  /**
   * @return whether the current thread is running a part of a parallel loop (further parallel loops
   *     on it run sequentially)
   */
  public static boolean inPart() {
    return DEPTH.get()[0] > 0;
  }

  /**
   * @return how many threads a parallel loop started from this thread would use: {@link
   *     Kernels#threads()}, or 1 inside a part
   */
  public static int threads() {
    return inPart() ? 1 : Kernels.threads();
  }

  /**
   * Runs {@code part.accept(q)} for every q in [0, parts) on up to {@code threads} threads (the
   * caller is one of them) and returns when all are done. The first failure of any part is rethrown
   * on the caller once every part has finished or been skipped.
   *
   * @param parts number of parts
   * @param threads the most threads to use; 1 (or a call from inside a part) runs the parts in
   *     order on the caller
   * @param part the work of one part
   */
  public static void forEach(int parts, int threads, IntConsumer part) {
    int t = Math.min(parts, inPart() ? 1 : threads);
    if (t <= 1) {
      int[] depth = DEPTH.get();
      depth[0]++;
      try {
        for (int q = 0; q < parts; q++) {
          part.accept(q);
        }
      } finally {
        depth[0]--;
      }
      return;
    }
    Split split = new Split(parts, part);
    Pool.ensure(t - 1);
    for (int w = 1; w < t; w++) {
      Pool.POOL.execute(split::work);
    }
    split.work();
    split.await();
  }

  /**
   * Splits [0, n) into contiguous ranges of at least {@code grain} elements and runs {@code
   * range.run(from, to)} for each on up to {@link #threads()} threads.
   *
   * @param n number of elements
   * @param grain the smallest range worth a hand-off (~20 µs); below 2 grains, one range
   * @param range the work on one range
   */
  public static void forRange(int n, int grain, RangeTask range) {
    int t = threads();
    int parts = t <= 1 || n < 2 * grain ? 1 : Math.min(4 * t, n / grain);
    int size = (n + parts - 1) / Math.max(1, parts);
    forEach(parts, t, q -> range.run(q * size, Math.min(n, (q + 1) * size)));
  }

  /** The work on one range [from, to) of a {@link #forRange} loop. */
  @FunctionalInterface
  public interface RangeTask {
    /**
     * @param from first index
     * @param to one past the last index
     */
    void run(int from, int to);
  }

  /** One parallel loop: parts handed out to whichever thread asks first. */
  private static final class Split {
    private final int parts;
    private final IntConsumer part;
    private final AtomicInteger next = new AtomicInteger();
    private final CountDownLatch done;
    private volatile Throwable failure;

    Split(int parts, IntConsumer part) {
      this.parts = parts;
      this.part = part;
      this.done = new CountDownLatch(parts);
    }

    void work() {
      int[] depth = DEPTH.get();
      depth[0]++;
      try {
        int q;
        while ((q = next.getAndIncrement()) < parts) {
          try {
            if (failure == null) {
              part.accept(q);
            }
          } catch (RuntimeException | Error e) {
            if (failure == null) {
              failure = e;
            }
          } finally {
            done.countDown();
          }
        }
      } finally {
        depth[0]--;
      }
    }

    /** Waits for every part (they write into the caller's arrays), then rethrows any failure. */
    void await() {
      boolean interrupted = false;
      while (true) {
        try {
          done.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      Throwable f = failure;
      if (f instanceof RuntimeException) {
        throw (RuntimeException) f;
      }
      if (f instanceof Error) {
        throw (Error) f;
      }
    }
  }
}
