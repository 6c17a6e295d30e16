package dev.weft.flow.pool;

import java.util.concurrent.atomic.LongAdder;

/**
 * The counters behind {@link PoolMetrics}, updated without a lock. A task is {@code waiting} from
 * its admission until it starts or is cancelled in the queue, {@code running} from its start until
 * its terminal transition; the terminal counters are bumped before waiters are released, so a
 * task's {@code await} returning implies it is counted.
 *
 * <p>Only events are counted, and {@code waiting} and {@code running} are derived from them
 * ({@code submitted - started - cancelledQueued} and {@code started - ended}). A task that runs to
 * its end touches three counters: submitted (a {@link LongAdder}: any thread submits), started and
 * its terminal one (plain per-worker counts, written only by the worker that ran it and folded in
 * here under the pool lock when it exits), so no shared atomic is touched per task. The price
 * is that a snapshot of a busy pool sums counts while they change, so a derived count could
 * transiently read below zero; {@link #snapshot} reports such a reading as zero. On a quiescent
 * pool every counter is exact.
 */
final class PoolCounters {
  private final LongAdder submitted = new LongAdder();
  private final LongAdder cancelledQueued = new LongAdder();
  // started, succeeded, failed, cancelled (while running) of workers that have exited; the live
  // workers keep their own (Worker#countStarted). Guarded by the pool lock.
  private final long[] exited = new long[4];
  private final LongAdder dropped = new LongAdder();
  private final LongAdder retried = new LongAdder();

  /**
   * Counted once a task is placed, so {@code waiting} never counts a task that is then rejected or
   * a submitter that is still blocked. A worker may count the task started first: the derived
   * {@code waiting} then reads one low for a moment (reported as zero), never high.
   */
  void accepted() {
    submitted.increment();
  }

  void dropped() {
    dropped.increment();
  }

  void retried() {
    retried.increment();
  }

  /** With the pool lock held: keeps the counts of a worker that exits. */
  void workerExited(Worker w) {
    w.addCounts(exited);
  }

  void cancelledWhileQueued() {
    cancelledQueued.increment();
  }

  /**
   * With the pool lock held (so no worker's counts move to {@code exited} meanwhile): the
   * metrics, with the counts of the live workers {@code live}.
   */
  PoolMetrics snapshot(Iterable<Worker> live, int workers, int maxWorkers) {
    // ends before starts before submissions: a task counted in a later sum is in the earlier ones
    long[] c = exited.clone();
    for (Worker w : live) w.addCounts(c);
    long cancelledQ = cancelledQueued.sum();
    long submit = submitted.sum();
    long start = c[0];
    long ok = c[1];
    long bad = c[2];
    long cancelledRun = c[3];
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
