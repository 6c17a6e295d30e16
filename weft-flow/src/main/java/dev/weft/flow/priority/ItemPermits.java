package dev.weft.flow.priority;

import dev.weft.context.Context;
import dev.weft.sync.Semaphore;
import java.time.Duration;

/**
 * One side of a buffer: for takers, one permit per element they may remove; for putters of a
 * bounded buffer, one permit per free slot. Closing floods the permits so that every waiting thread
 * wakes up and sees the buffer closed.
 *
 * <p>Implementation notes. This is Dijkstra's counting semaphore for a bounded buffer, built on
 * weft-core's {@link Semaphore}, which already gives FIFO takers, interruptible, timed and
 * context-aware waits, and "a cancelled wait takes nothing". The semaphore is created with {@code
 * Long.MAX_VALUE} permits, all taken at once, so that {@link #added()} can release one permit per
 * element. Invariants, with the owner's lock free:
 *
 * <ul>
 *   <li>While open, the permits available plus the permits held by takers that have not yet removed
 *       their element never exceed the elements buffered. A taker that holds a permit therefore
 *       finds an element under the owner's lock.
 *   <li>Once closed, {@link #closed()} has released {@link #FLOOD} extra permits: any taker gets
 *       one, takes an element if one is left and otherwise reports "closed". The flood is large
 *       enough ({@code 2^40}) never to run out.
 * </ul>
 */
final class ItemPermits {

  private static final long FLOOD = 1L << 40;

  private final Semaphore permits = new Semaphore(Long.MAX_VALUE);

  /** Permits with none available (the takers' side of an empty buffer). */
  ItemPermits() {
    this(0);
  }

  /** Permits with {@code available} available (the putters' side: the capacity). */
  ItemPermits(int available) {
    if (!permits.tryAcquire(Long.MAX_VALUE)) throw new AssertionError("fresh semaphore not free");
    if (available > 0) permits.release(available);
  }

  /** After an element was added (takers) or removed (putters). Never blocks. */
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
