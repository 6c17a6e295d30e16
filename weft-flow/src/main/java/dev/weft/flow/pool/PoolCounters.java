package dev.weft.flow.pool;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The counters behind {@link PoolMetrics}, updated without the pool's lock. A task is counted
 * {@code waiting} from its admission until it starts or is cancelled in the queue, {@code running}
 * from its start until its terminal transition; the terminal counters are bumped before waiters
 * are released, so a task's {@code await} returning implies it is counted.
 */
final class PoolCounters {
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicLong submitted = new AtomicLong();
  private final AtomicLong succeeded = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong cancelled = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();

  void accepted() {
    submitted.incrementAndGet();
    waiting.incrementAndGet();
  }

  void dropped() {
    dropped.incrementAndGet();
  }

  void started() {
    waiting.decrementAndGet();
    running.incrementAndGet();
  }

  void retried() {
    retried.incrementAndGet();
  }

  /** A running task reached {@code terminal} (a {@link PoolTask} state). */
  void finished(int terminal) {
    switch (terminal) {
      case PoolTask.SUCCEEDED -> succeeded.incrementAndGet();
      case PoolTask.FAILED -> failed.incrementAndGet();
      default -> cancelled.incrementAndGet();
    }
    running.decrementAndGet();
  }

  void cancelledWhileQueued() {
    waiting.decrementAndGet();
    cancelled.incrementAndGet();
  }

  PoolMetrics snapshot(int workers, int maxWorkers) {
    return new PoolMetrics(
        running.get(),
        waiting.get(),
        submitted.get(),
        succeeded.get(),
        failed.get(),
        dropped.get(),
        cancelled.get(),
        retried.get(),
        workers,
        maxWorkers);
  }
}
