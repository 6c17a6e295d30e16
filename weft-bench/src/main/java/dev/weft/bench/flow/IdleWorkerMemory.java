package dev.weft.bench.flow;

import dev.weft.flow.pool.PoolConfig;
import dev.weft.flow.pool.WorkerPool;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * Heap per idle pooled worker: starts a pool of 10,000 workers (10,000 tasks that wait until all
 * have started), lets them finish so every worker is idle, and divides the growth of the heap
 * after a full GC by the number of workers. A parked bare virtual thread is measured the same way,
 * for comparison: an idle worker holds no thread. Writes a Markdown fragment for {@code flow.md}.
 *
 * <pre>java -cp benchmarks.jar dev.weft.bench.flow.IdleWorkerMemory [--workers N] [--out FILE]</pre>
 */
public final class IdleWorkerMemory {

  private IdleWorkerMemory() {}

  public static void main(String[] args) throws Exception {
    int workers = 10_000;
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--workers" -> workers = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("IdleWorkerMemory: unknown option " + args[i]);
      }
    }
    double pooled = pooledWorker(workers);
    double bare = parkedVirtualThread(workers);
    String md =
        String.format(
            Locale.ROOT,
            """
            ## Memory per idle worker

            Heap growth after a full GC, divided by the number of workers or threads (%,d), best of 3.
            An idle `WorkerPool` worker holds no thread (the task that ends its idleness starts one);
            the parked virtual thread is what an idle worker would cost if it kept its thread.

            | what | bytes each |
            |---|---:|
            | idle `WorkerPool` worker | %,.0f |
            | parked bare virtual thread | %,.0f |
            """,
            workers, pooled, bare);
    System.out.print(md);
    if (out != null) Files.writeString(out, md);
  }

  private static long usedAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  private static double pooledWorker(int workers) throws Exception {
    double best = Double.MAX_VALUE;
    for (int round = 0; round < 3; round++) {
      long before = usedAfterGc();
      WorkerPool pool =
          WorkerPool.create(
              PoolConfig.defaults().withMaxWorkers(workers).withIdleTimeout(Duration.ofMinutes(10)));
      CountDownLatch started = new CountDownLatch(workers);
      for (int i = 0; i < workers; i++) {
        pool.go(
            () -> {
              started.countDown();
              started.await();
            });
      }
      started.await();
      while (pool.metrics().running() > 0) Thread.sleep(10);
      long after = usedAfterGc();
      int idle = pool.metrics().workers();
      if (idle != workers) {
        throw new IllegalStateException("IdleWorkerMemory: " + idle + " idle workers, expected " + workers);
      }
      best = Math.min(best, (after - before) / (double) workers);
      pool.close();
    }
    return best;
  }

  private static double parkedVirtualThread(int threads) throws Exception {
    double best = Double.MAX_VALUE;
    for (int round = 0; round < 3; round++) {
      long before = usedAfterGc();
      CountDownLatch parked = new CountDownLatch(threads);
      Thread[] ts = new Thread[threads];
      for (int i = 0; i < threads; i++) {
        ts[i] =
            Thread.ofVirtual()
                .start(
                    () -> {
                      parked.countDown();
                      while (!Thread.currentThread().isInterrupted()) LockSupport.park();
                    });
      }
      parked.await();
      Thread.sleep(100);
      long after = usedAfterGc();
      best = Math.min(best, (after - before) / (double) threads);
      for (Thread t : ts) t.interrupt();
      for (Thread t : ts) t.join();
    }
    return best;
  }

}
