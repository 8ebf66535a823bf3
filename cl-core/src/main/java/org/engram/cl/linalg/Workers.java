package org.engram.cl.linalg;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shared pool of daemon threads that run the row blocks of large products.
 *
 * <p>Created on first use, so a single-threaded JVM never starts a thread. Its threads are daemons
 * (a Weka GUI or a Tribuo program exits normally) and never submit work themselves: a product
 * issued from a worker runs on that worker, which rules out deadlock on a full pool.
 */
final class Workers {
  private static final ThreadLocal<Boolean> WORKER = ThreadLocal.withInitial(() -> Boolean.FALSE);

  private Workers() {}

  private static final class Pool {
    static final ExecutorService POOL = create();

    private static ExecutorService create() {
      AtomicInteger count = new AtomicInteger();
      return Executors.newCachedThreadPool(
          r -> {
            Thread t =
                new Thread(
                    () -> {
                      WORKER.set(Boolean.TRUE);
                      r.run();
                    },
                    "engram-gemm-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
          });
    }
  }

  static boolean isWorker() {
    return WORKER.get();
  }

  static void execute(Runnable task) {
    Pool.POOL.execute(task);
  }
}
