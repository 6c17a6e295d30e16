package dev.weft.resilience.breaker;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The outcomes that ended in the current second of the breaker's clock and the {@code size - 1}
 * seconds before it, in one bucket per second.
 *
 * <p>Implementation notes. Bucket {@code floorMod(second, size)} holds the counts of that second;
 * {@code head} is the latest second seen. Moving to a later second empties the buckets of the
 * seconds skipped (at most {@code size} of them) and subtracts them from the running sums. A short
 * lock guards everything: uncontended it costs one compare-and-set and allocates nothing. Unlike
 * the count window this path takes a lock because a bucket's reset and its concurrent increments
 * would otherwise need a versioned slot per bucket; the time window is the less common choice and
 * its recording is still allocation-free. Seconds are {@code floorDiv(nanoTime, 1e9)}, so a clock
 * whose origin is negative works.
 *
 * <p>Memory: 12 bytes per second of window (three {@code int} counts) plus a lock, about {@code
 * 12 * size + 150} bytes.
 */
final class TimeWindow extends Window {

  private static final long SECOND = 1_000_000_000L;

  private final int size;
  private final ReentrantLock lock = new ReentrantLock();
  private final int[] calls; // guarded by lock
  private final int[] failures; // guarded by lock
  private final int[] slow; // guarded by lock
  private long head = Long.MIN_VALUE; // guarded by lock
  private long sumCalls; // guarded by lock
  private long sumFailures; // guarded by lock
  private long sumSlow; // guarded by lock

  TimeWindow(CircuitBreakerConfig config) {
    super(config);
    this.size = config.windowSize();
    this.calls = new int[size];
    this.failures = new int[size];
    this.slow = new int[size];
  }

  @Override
  boolean record(boolean failure, boolean isSlow, long nowNanos) {
    lock.lock();
    try {
      int i = moveTo(Math.floorDiv(nowNanos, SECOND));
      calls[i]++;
      sumCalls++;
      if (failure) {
        failures[i]++;
        sumFailures++;
      }
      if (isSlow) {
        slow[i]++;
        sumSlow++;
      }
      return exceeded(sumCalls, sumFailures, sumSlow);
    } finally {
      lock.unlock();
    }
  }

  @Override
  long[] counts(long nowNanos) {
    lock.lock();
    try {
      moveTo(Math.floorDiv(nowNanos, SECOND));
      return new long[] {sumCalls, sumFailures, sumSlow};
    } finally {
      lock.unlock();
    }
  }

  /** With the lock held: makes {@code now} (or the later head) current; returns its bucket. */
  private int moveTo(long now) {
    if (head == Long.MIN_VALUE) {
      head = now;
      return (int) Math.floorMod(now, (long) size);
    }
    if (now > head) {
      long from = Math.max(head + 1, now - size + 1);
      for (long s = from; s <= now; s++) {
        int i = (int) Math.floorMod(s, (long) size);
        sumCalls -= calls[i];
        sumFailures -= failures[i];
        sumSlow -= slow[i];
        calls[i] = 0;
        failures[i] = 0;
        slow[i] = 0;
      }
      head = now;
    }
    // A time before head (not expected from a monotonic clock) counts in the head's bucket.
    return (int) Math.floorMod(head, (long) size);
  }
}
