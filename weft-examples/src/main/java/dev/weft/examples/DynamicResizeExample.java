package dev.weft.examples;

import dev.weft.flow.pool.PoolMetrics;
import dev.weft.flow.pool.TaskHandle;
import dev.weft.flow.pool.WorkerPool;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Dynamic resizing: grow the pool when the backlog builds up, shrink it when traffic drops, without
 * losing a task (ants' {@code Tune}, pond's {@code Resize}).
 *
 * <p>With Go's plain worker loop this is hard: you need a manager that watches {@code len(jobs)}
 * and starts workers or sends poison pills. Here the manager is a few lines: look at {@link
 * WorkerPool#metrics()}, call {@link WorkerPool#resize(int)}. Growing starts
 * workers for queued jobs at once; shrinking lets running jobs finish and retires workers as they
 * become free.
 *
 * <p>What to look for: 2 running and 22 waiting before the resize, 8 running after it; every one of
 * the 40 jobs done after growing and shrinking; never more than the limit at once.
 */
final class DynamicResizeExample implements Example {

  @Override
  public String name() {
    return "dynamic-resize";
  }

  @Override
  public String description() {
    return "grow the pool when the backlog builds, shrink it when traffic drops, losing nothing";
  }

  @Override
  public String goIdiom() {
    return "the resizable pools of Go's ants (`Tune`) and pond (`Resize`)";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    Semaphore started = new Semaphore(0);
    CountDownLatch burstGate = new CountDownLatch(1);
    try (WorkerPool pool = WorkerPool.create(2)) {
      List<TaskHandle<Integer>> burst = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        burst.add(pool.submit(() -> {
          maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
          started.release();
          try {
            burstGate.await();
            return done.incrementAndGet();
          } finally {
            running.decrementAndGet();
          }
        }));
      }
      started.acquire(2);
      print(out, "burst of 24 jobs, limit 2", pool.metrics());
      // the manager's rule: more than 5 jobs waiting per worker -> grow
      PoolMetrics m = pool.metrics();
      if (m.waiting() > 5 * m.maxWorkers()) {
        pool.resize(8);
        started.acquire(6);
        print(out, "backlog too deep: resize(8)", pool.metrics());
      }
      burstGate.countDown();
      for (TaskHandle<Integer> h : burst) h.await();
      out.println("burst done: " + done.get() + " jobs, at most " + maxRunning.get() + " at once");

      pool.resize(1); // traffic drops
      maxRunning.set(0);
      List<TaskHandle<Integer>> trickle = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        trickle.add(pool.submit(() -> {
          maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
          try {
            Thread.sleep(1);
            return done.incrementAndGet();
          } finally {
            running.decrementAndGet();
          }
        }));
      }
      for (TaskHandle<Integer> h : trickle) h.await();
      out.println("after resize(1): 16 more jobs, at most " + maxRunning.get() + " at once");
      PoolMetrics end = pool.metrics();
      out.println("total done: " + done.get() + " of 40, lost: " + (40 - end.succeeded()));
    }
  }

  private static void print(PrintStream out, String what, PoolMetrics m) {
    out.println(what + ": running=" + m.running() + " waiting=" + m.waiting() + " maxWorkers=" + m.maxWorkers());
  }
}
