package dev.weft.flow.pool;

import java.util.concurrent.atomic.LongAdder;

/**
 * The counters behind {@link PoolMetrics}, updated without the pool's lock. A task is counted
 * {@code waiting} from its admission until it starts or is cancelled in the queue, {@code running}
 * from its start until its terminal transition; the terminal counters are bumped before waiters
 * are released, so a task's {@code await} returning implies it is counted.
 *
 * <p>{@link LongAdder}s, not atomics: the submitter and every worker update {@code waiting} and
 * {@code running} for each task, and a shared atomic would bounce one cache line between all of
 * them. The price is that a snapshot of a busy pool sums cells while they change, so {@code running}
 * or {@code waiting} could transiently read below zero; {@link #snapshot} reports such a reading as
 * zero. On a quiescent pool every counter is exact.
 */
final class PoolCounters {
  private final LongAdder running = new LongAdder();
  private final LongAdder waiting = new LongAdder();
  private final LongAdder submitted = new LongAdder();
  private final LongAdder succeeded = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder cancelled = new LongAdder();
  private final LongAdder retried = new LongAdder();

  void accepted() {
    submitted.increment();
    waiting.increment();
  }

  void dropped() {
    dropped.increment();
  }

  void started() {
    waiting.decrement();
    running.increment();
  }

  void retried() {
    retried.increment();
  }

  /** A running task reached {@code terminal} (a {@link PoolTask} state). */
  void finished(int terminal) {
    switch (terminal) {
      case PoolTask.SUCCEEDED -> succeeded.increment();
      case PoolTask.FAILED -> failed.increment();
      default -> cancelled.increment();
    }
    running.decrement();
  }

  void cancelledWhileQueued() {
    waiting.decrement();
    cancelled.increment();
  }

  PoolMetrics snapshot(int workers, int maxWorkers) {
    return new PoolMetrics(
        (int) Math.max(0, running.sum()),
        (int) Math.max(0, waiting.sum()),
        submitted.sum(),
        succeeded.sum(),
        failed.sum(),
        dropped.sum(),
        cancelled.sum(),
        retried.sum(),
        workers,
        maxWorkers);
  }
}
