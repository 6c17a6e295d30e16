package dev.weft.flow.queue;

import dev.weft.chan.ChannelClosedException;
import dev.weft.chan.ReceiveResult;
import dev.weft.context.Context;
import dev.weft.sync.Semaphore;
import java.util.concurrent.TimeUnit;
import java.time.Duration;

/**
 * One side of a buffer: a count of wake-ups for takers (one per element added) or for putters of a
 * bounded buffer (one per slot freed), plus a flood of permits once the buffer is closed so that
 * every waiting thread wakes up and sees it closed.
 *
 * <p>Implementation notes. Built on weft-core's {@link Semaphore}, which already gives FIFO
 * waiters, interruptible, timed and context-aware waits, and "a cancelled wait takes nothing". The
 * semaphore is created with {@code Long.MAX_VALUE} permits, all taken at once, then the initially
 * available ones released. The owner keeps its state under its own lock and treats a permit as a
 * wake-up, not a claim: a waiter holding a permit re-checks under the lock and waits again if a
 * non-waiting caller (poll, offer) got there first. Once closed, {@link #closed()} has released
 * {@link #FLOOD} extra permits ({@code 2^40}, never exhausted), so every present and future waiter
 * gets through.
 *
 * <p>Used by {@link BlockingBuffer} (the takers' side) and {@link PriorityWorkQueue} (the putters'
 * side of a bounded queue).
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

  /** After an element was added (takers' side) or removed (putters' side). Never blocks. */
  void added() {
    permits.release(1);
  }

  /** Once, when the owner closes: wakes every present and future taker. */
  void closed() {
    permits.release(FLOOD);
  }

  /** Waits for a wake-up. */
  void acquire() throws InterruptedException {
    permits.acquire(1);
  }

  /** Waits for a wake-up, or until {@code ctx} is done ({@link dev.weft.context.ContextCancelledException}). */
  void acquire(Context ctx) throws InterruptedException {
    permits.acquire(1, ctx);
  }

  /** Takes a wake-up if one is free; never blocks. */
  boolean tryAcquire() {
    return permits.tryAcquire(1);
  }

  /** Waits up to {@code timeout} for a wake-up; false if none came. */
  boolean tryAcquire(Duration timeout) throws InterruptedException {
    return permits.tryAcquire(1, timeout);
  }

  /**
   * Waits for a wake-up: until {@code deadline} if it is not 0, else until {@code ctx} is done if
   * it is not null, else for as long as it takes.
   *
   * @param deadline a {@link System#nanoTime()} deadline, or 0 for none
   * @return false if the deadline passed first
   * @throws InterruptedException if interrupted; no wake-up was taken
   * @throws dev.weft.context.ContextCancelledException if {@code ctx} is done first
   */
  boolean await(Context ctx, long deadline) throws InterruptedException {
    if (deadline != 0) return tryAcquire(Duration.ofNanos(deadline - System.nanoTime()));
    if (ctx != null) acquire(ctx);
    else acquire();
    return true;
  }

  /**
   * The {@link System#nanoTime()} deadline {@code timeout} from now for {@link #await}: never 0
   * (which means "no deadline" there), and far enough from overflow for deadline arithmetic.
   *
   * @return the deadline, or 0 if {@code timeout} is zero or negative (nothing to wait for)
   */
  static long deadlineAfter(Duration timeout) {
    long nanos = TimeUnit.NANOSECONDS.convert(timeout);
    if (nanos <= 0) return 0;
    long deadline = System.nanoTime() + Math.min(nanos, Long.MAX_VALUE / 4);
    return deadline == 0 ? 1 : deadline;
  }

  /**
   * The value of a take's result, or {@link ChannelClosedException} naming {@code owner} when the
   * buffer is closed and drained.
   */
  static <T> T valueOrThrow(String owner, ReceiveResult<T> r) {
    if (r instanceof ReceiveResult.Value<T>(T v)) return v;
    throw new ChannelClosedException(owner + ": closed and drained");
  }

  /** Takers waiting now (monitoring and tests). */
  int waiting() {
    return permits.queueLength();
  }
}
