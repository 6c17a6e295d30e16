package dev.weft.flow.pool;

import java.util.concurrent.atomic.LongAdder;

/**
 * The counters behind {@link PoolMetrics}, updated without a lock. A task is {@code waiting} from
 * its admission until it starts or is cancelled in the queue, {@code running} from its start until
 * its terminal transition; the terminal counters are bumped before waiters are released, so a
 * task's {@code await} returning implies it is counted.
 *
 * <p>Only events are counted, and {@code waiting} and {@code running} are derived from them
 * ({@code submitted - started - cancelledQueued} and {@code started - ended}), so a task that runs
 * to its end touches three counters: submitted, started and its terminal one. They are {@link
 * LongAdder}s, not atomics: the submitter and every worker update them for each task, and a shared
 * atomic would bounce one cache line between all of them. The price is that a snapshot of a busy
 * pool sums cells while they change, so a derived count could transiently read below zero; {@link
 * #snapshot} reports such a reading as zero. On a quiescent pool every counter is exact.
 */
final class PoolCounters {
  private final LongAdder submitted = new LongAdder();
  private final LongAdder started = new LongAdder();
  private final LongAdder succeeded = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder cancelledQueued = new LongAdder();
  private final LongAdder cancelledRunning = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder retried = new LongAdder();

  /** Counted before a task is placed, so it is never seen ending before it was submitted. */
  void accepted() {
    submitted.increment();
  }

  /** A task counted by {@link #accepted} was rejected after all. */
  void rejectedAfterAll() {
    submitted.decrement();
    dropped.increment();
  }

  /** A task counted by {@link #accepted} was not submitted: its submitter gave up waiting. */
  void withdrawn() {
    submitted.decrement();
  }

  void dropped() {
    dropped.increment();
  }

  void started() {
    started.increment();
  }

  void retried() {
    retried.increment();
  }

  /** A running task reached {@code terminal} (a {@link PoolTask} state). */
  void finished(int terminal) {
    switch (terminal) {
      case PoolTask.SUCCEEDED -> succeeded.increment();
      case PoolTask.FAILED -> failed.increment();
      default -> cancelledRunning.increment();
    }
  }

  void cancelledWhileQueued() {
    cancelledQueued.increment();
  }

  PoolMetrics snapshot(int workers, int maxWorkers) {
    // ends before starts before submissions: a task counted in a later sum is in the earlier ones
    long ok = succeeded.sum();
    long bad = failed.sum();
    long cancelledRun = cancelledRunning.sum();
    long cancelledQ = cancelledQueued.sum();
    long start = started.sum();
    long submit = submitted.sum();
    long running = start - ok - bad - cancelledRun;
    long waiting = submit - start - cancelledQ;
    return new PoolMetrics(
        (int) Math.max(0, running),
        (int) Math.max(0, waiting),
        submit,
        ok,
        bad,
        dropped.sum(),
        cancelledQ + cancelledRun,
        retried.sum(),
        workers,
        maxWorkers);
  }
}
