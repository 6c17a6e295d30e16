package dev.weft.bench.flow;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The blocking-task shape of {@link BlockingTasksBenchmark} (100,000 tasks of 10 ms at concurrency
 * 10,000) outside JMH, printing the process CPU time per task beside the wall time. On two cores
 * the shape is CPU-bound (CPU per task is about twice the wall time), so CPU per task is what an
 * executor must cut. Two references bracket the executors: {@code fresh}, 10,000 new virtual
 * threads per batch each sleeping 10 times, and {@code longLived}, the same loop on 10,000 threads
 * kept from batch to batch (ADR 0007: long-lived virtual threads park and resume more slowly).
 *
 * <pre>java -cp benchmarks.jar dev.weft.bench.flow.BlockingCpu weft|virtualPerTask|fresh|longLived [batches]</pre>
 */
public final class BlockingCpu {

  private static final int TASKS = BlockingTasksBenchmark.TASKS;
  private static final int CONCURRENCY = BlockingTasksBenchmark.CONCURRENCY;

  private BlockingCpu() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2) {
      throw new IllegalArgumentException(
          "BlockingCpu: usage: weft|virtualPerTask|fresh|longLived [batches]");
    }
    String impl = args[0];
    int batches = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    if (batches <= 0) throw new IllegalArgumentException("BlockingCpu: batches must be > 0, got " + batches);
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (Executors.Bounded ex =
        switch (impl) {
          case "fresh" -> new Fresh();
          case "longLived" -> new LongLived();
          default -> Executors.of(impl, CONCURRENCY, TASKS);
        }) {
      for (int w = 0; w < 8; w++) ex.runAll(TASKS, Tasks::sleep10ms); // warm-up
      long wall = 0;
      long cpu = 0;
      for (int b = 0; b < batches; b++) {
        long c0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        ex.runAll(TASKS, Tasks::sleep10ms);
        wall += System.nanoTime() - t0;
        cpu += os.getProcessCpuTime() - c0;
      }
      double n = (double) batches * TASKS;
      System.out.printf("%s: wall %.0f ns per task, CPU %.0f ns per task (%d batches)%n", impl, wall / n, cpu / n, batches);
    }
  }

  /** 10,000 new virtual threads per batch, each running its share of the tasks in a loop. */
  private static final class Fresh implements Executors.Bounded {
    @Override
    public long runAll(int tasks, Consumer<LongAdder> body) throws InterruptedException {
      LongAdder done = new LongAdder();
      CountDownLatch end = new CountDownLatch(CONCURRENCY);
      for (int i = 0; i < CONCURRENCY; i++) {
        Thread.ofVirtual()
            .start(
                () -> {
                  for (int k = 0; k < tasks / CONCURRENCY; k++) body.accept(done);
                  end.countDown();
                });
      }
      end.await();
      return Executors.check(done, tasks);
    }

    @Override
    public void close() {}
  }

  /** The same loop on 10,000 virtual threads started once and released for every batch. */
  private static final class LongLived implements Executors.Bounded {
    private final Semaphore go = new Semaphore(0);
    private final Thread[] threads = new Thread[CONCURRENCY];
    private volatile CountDownLatch end;
    private volatile LongAdder done;
    private volatile Consumer<LongAdder> body;
    private volatile boolean stop;

    LongLived() {
      for (int i = 0; i < CONCURRENCY; i++) {
        threads[i] =
            Thread.ofVirtual()
                .start(
                    () -> {
                      while (true) {
                        go.acquireUninterruptibly();
                        if (stop) return;
                        for (int k = 0; k < TASKS / CONCURRENCY; k++) body.accept(done);
                        end.countDown();
                      }
                    });
      }
    }

    @Override
    public long runAll(int tasks, Consumer<LongAdder> body) throws InterruptedException {
      if (tasks != TASKS) throw new IllegalArgumentException("BlockingCpu: batches of " + TASKS + " only");
      this.body = body;
      done = new LongAdder();
      end = new CountDownLatch(CONCURRENCY);
      go.release(CONCURRENCY);
      end.await();
      return Executors.check(done, tasks);
    }

    @Override
    public void close() throws InterruptedException {
      stop = true;
      go.release(CONCURRENCY);
      for (Thread t : threads) t.join();
    }
  }
}
