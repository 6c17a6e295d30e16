package dev.weft.flow.pubsub;

import dev.weft.context.Context;
import dev.weft.sync.Semaphore;
import java.time.Duration;

/**
 * The takers' side of a buffer: a count of wake-ups, one released per element added, plus a flood
 * of permits once the buffer is closed so that every waiting taker wakes up.
 *
 * <p>Implementation notes. Built on weft-core's {@link Semaphore}, which already gives FIFO
 * waiters, interruptible, timed and context-aware waits, and "a cancelled wait takes nothing". The
 * semaphore is created with {@code Long.MAX_VALUE} permits, all taken at once, so that {@link
 * #added()} can release one permit at a time. The owner keeps its elements under its own lock and
 * treats a permit as a wake-up, not a claim: a taker holding a permit re-checks under the lock and
 * waits again if the element was taken by a non-waiting poll. Once closed, {@link #closed()} has
 * released {@link #FLOOD} extra permits ({@code 2^40}, never exhausted), so every present and
 * future taker gets through and sees "closed".
 */
final class ItemPermits {

  private static final long FLOOD = 1L << 40;

  private final Semaphore permits = new Semaphore(Long.MAX_VALUE);

  ItemPermits() {
    if (!permits.tryAcquire(Long.MAX_VALUE)) throw new AssertionError("fresh semaphore not free");
  }

  /** After an element was added; never blocks. */
  void added() {
    permits.release(1);
  }

  /** Once, when the owner closes: wakes every present and future taker. */
  void closed() {
    permits.release(FLOOD);
  }

  void acquire() throws InterruptedException {
    permits.acquire(1);
  }

  void acquire(Context ctx) throws InterruptedException {
    permits.acquire(1, ctx);
  }

  boolean tryAcquire() {
    return permits.tryAcquire(1);
  }

  boolean tryAcquire(Duration timeout) throws InterruptedException {
    return permits.tryAcquire(1, timeout);
  }

  /** Takers waiting now (monitoring and tests). */
  int waiting() {
    return permits.queueLength();
  }
}
