package dev.weft.resilience.ratelimit;

import dev.weft.context.Context;
import dev.weft.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The leaky bucket as a queue: requests leave at a constant rate, one permit every {@code period /
 * rate}, never in a burst, and at most {@code queueCapacity} permits may wait; a request that would
 * overfill the queue is rejected at once. A queue in front of a service that must see an even
 * load (nginx's {@code limit_req} without {@code nodelay}).
 *
 * <p><b>Mental model.</b> Time is cut into slots, one per permit, on a fixed schedule: slot
 * {@code j} comes at {@code ceil(j × period / rate)} from the queue's creation. A request for
 * {@code n} permits takes the next free slot and the {@code n - 1} after it; it is admitted when
 * its first slot comes, and the request after it waits for its other slots (so a request for
 * {@code n} passes at once on an idle queue, and then nothing passes for {@code n} slots). Slots
 * left unused while the queue is idle are lost: there is no burst beyond one. The queue holds the
 * permits taken whose slot has not come; a request that must wait is accepted only if its permits
 * fit in {@code queueCapacity}, so nothing waits longer than {@code queueCapacity} slots. The
 * queue counts permits, not requests: with requests for one permit each, at most {@code
 * queueCapacity} requests wait. A queue of capacity 0 admits only what can pass at once, as a
 * meter. A request for more than {@code queueCapacity + 1} permits can never fit, and fails at once
 * with {@link IllegalArgumentException}.
 *
 * <p><b>A full queue.</b> Each method of the {@link RateLimiter} family answers a full queue in its
 * own terms: {@link #tryAcquire(int)} and {@link #decide(int)} never queue (they admit only what
 * can pass at once, and {@code decide}'s {@code retryAfter} says when it can); the timed {@link
 * #tryAcquire(int, Duration)} returns {@code false} at once, as for a turn past its timeout; and
 * {@link #acquire(int)}, {@link #acquire(int, Context)}, {@link #reserve(int)} and so {@link
 * #call}, which have no such answer, throw {@link QueueFullException}, carrying when the request
 * would fit.
 *
 * <pre>{@code
 * // 50 per second, evenly spaced, at most 25 waiting (half a second)
 * LeakyBucketQueue queue = LeakyBucketQueue.of(50, Duration.ofSeconds(1), 25);
 * try {
 *   queue.acquire(1, ctx);
 * } catch (QueueFullException e) {
 *   return tooManyRequests(e.retryAfter());   // HTTP 429 with Retry-After
 * }
 * callTheService();
 * }</pre>
 *
 * <p><b>Fairness.</b> Strictly first come, first served: requests leave in the order they were
 * accepted, whatever their sizes, and {@link #tryAcquire(int)} fails while anyone is in line. A
 * waiter that gives up (interrupt, context done) or a reservation cancelled before its time leaves
 * the queue as if it had never come: the requests behind it move forward, and its permits make room
 * in the queue.
 *
 * <p><b>Time.</b> Measured on the injected {@link Clock} ({@link Clock#system()} by default) in
 * whole nanoseconds with exact integer arithmetic, as {@link TokenBucket} does: 3 per second does
 * not drift. Rates run from one permit per {@code Long.MAX_VALUE - 1} ns (about 292 years) to 10^9
 * per second; after {@code rate} and the period in nanoseconds are divided by their greatest common
 * divisor, their product must stay below 2^63 (see {@link Bandwidth}).
 *
 * <p><b>Memory.</b> Estimated from the object layout on a 64-bit JVM with compressed pointers: a
 * queue takes about 300 bytes, and each waiter or pending reservation about 150 bytes while it is
 * in line; nothing grows with the capacity. {@code tryAcquire} and an admitted {@code decide}
 * allocate nothing; they take a lock, uncontended in the common case.
 *
 * <p><b>Memory consistency effects:</b> a rate limiter orders nothing between the callers it
 * admits. Actions prior to giving permits back (cancelling a reservation, a wait that ends without
 * its permits) <i>happen-before</i> the admission of a caller moved forward by it.
 *
 * <p>All methods are thread-safe. A queue needs no closing.
 */
public final class LeakyBucketQueue implements RateLimiter {

  /*
   * Implementation notes. This class checks arguments and maps the RateLimiter family onto a
   * PacedLine (the lock, the FIFO line, give-back by replay) driven by a LeakPace (the slots and
   * the bound; its notes give the arithmetic). The queue bound is checked when a request would
   * wait, against the slots taken at that moment; a waiter that gives up frees its slots for the
   * requests after it and for new ones. See docs/adr/0024-warm-up-and-leaky-queue.md.
   */

  private static final String TYPE = "LeakyBucketQueue";

  private final Clock clock;
  private final PacedLine line;
  private final long rate;
  private final Duration period;
  private final int queueCapacity;

  private LeakyBucketQueue(Clock clock, long rate, Duration period, int queueCapacity) {
    this.clock = clock;
    this.rate = rate;
    this.period = period;
    this.queueCapacity = queueCapacity;
    Band band =
        new Band(new Bandwidth(1, rate, period, Bandwidth.Refill.GREEDY, 1), clock.nanoTime(), 0);
    this.line = new PacedLine(clock, new LeakPace(band, queueCapacity, -1));
  }

  /**
   * A new, empty queue on the system clock.
   *
   * @param rate permits leaving per {@code period}; at least 1
   * @param period the period; at least 1 ns
   * @param queueCapacity the most permits that may wait; at least 0
   * @return the new queue
   * @throws IllegalArgumentException if a value is out of range, the rate is above one permit per
   *     nanosecond, or too fine (see the class description)
   * @throws NullPointerException if {@code period} is null
   */
  public static LeakyBucketQueue of(long rate, Duration period, int queueCapacity) {
    return of(Clock.system(), rate, period, queueCapacity);
  }

  /**
   * A new, empty queue measuring time on {@code clock} (a {@link dev.weft.time.FakeClock} in
   * tests).
   *
   * @param clock the clock
   * @param rate permits leaving per {@code period}; at least 1
   * @param period the period; at least 1 ns
   * @param queueCapacity the most permits that may wait; at least 0
   * @return the new queue
   * @throws IllegalArgumentException if a value is out of range, the rate is above one permit per
   *     nanosecond, or too fine (see the class description)
   * @throws NullPointerException if {@code clock} or {@code period} is null
   */
  public static LeakyBucketQueue of(Clock clock, long rate, Duration period, int queueCapacity) {
    Objects.requireNonNull(clock, "LeakyBucketQueue: clock is null");
    Objects.requireNonNull(period, "LeakyBucketQueue: period is null");
    if (rate <= 0) {
      throw new IllegalArgumentException("LeakyBucketQueue: rate must be > 0, was " + rate);
    }
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("LeakyBucketQueue: period must be positive, was " + period);
    }
    if (queueCapacity < 0) {
      throw new IllegalArgumentException(
          "LeakyBucketQueue: queueCapacity must be >= 0, was " + queueCapacity);
    }
    long nanos = Bandwidth.periodNanos(period);
    if (nanos == Long.MAX_VALUE) {
      throw new IllegalArgumentException(
          "LeakyBucketQueue: period must be at most "
              + Duration.ofNanos(Long.MAX_VALUE - 1)
              + ", was "
              + period);
    }
    long g = Bandwidth.gcd(rate, nanos);
    long tokens = rate / g;
    long reduced = nanos / g;
    if (tokens > reduced) {
      throw new IllegalArgumentException(
          "LeakyBucketQueue: rate must be at most one permit per nanosecond, was "
              + rate
              + " per "
              + period);
    }
    if (Math.multiplyHigh(tokens, reduced) != 0 || tokens * reduced < 0) {
      throw new IllegalArgumentException(
          "LeakyBucketQueue: rate "
              + rate
              + " per "
              + period
              + " is too fine: reduced rate × period in ns must stay below 2^63");
    }
    return new LeakyBucketQueue(clock, rate, period, queueCapacity);
  }

  // ---- RateLimiter ----

  @Override
  public boolean tryAcquire(int n) {
    checkPermits(n);
    return line.tryTake(n);
  }

  @Override
  public Decision decide(int n) {
    checkPermits(n);
    long wait = line.decide(n);
    return wait == 0 ? Decision.admitted() : new Decision.Limited(Duration.ofNanos(wait));
  }

  /**
   * Takes {@code n} permits, waiting for its turn as long as it takes, or throws at once if the
   * queue has no room for them.
   *
   * <p>Takes its place in line at once, then wakes when its turn has come (moved forward when a
   * waiter ahead gives up), or on interrupt. Returns at once if the permits can pass now.
   *
   * @param n the number of permits
   * @throws QueueFullException if the request must wait and its permits do not fit in the queue;
   *     nothing was taken
   * @throws InterruptedException if interrupted on entry (even when the permits could pass) or
   *     while waiting; the place in line is given back, as if the call had never been made. An
   *     interrupt that comes when the turn has already come does not undo it: the call returns
   *     normally with the interrupt status set
   * @throws IllegalArgumentException if {@code n <= 0} or {@code n > queueCapacity + 1}
   */
  @Override
  public void acquire(int n) throws InterruptedException {
    checkPermits(n);
    if (Thread.interrupted()) throw new InterruptedException();
    if (line.await(n, Long.MAX_VALUE, null) == PacedLine.FULL) throw full(n);
  }

  /**
   * Takes {@code n} permits, waiting for its turn until {@code ctx} is done, or throws at once if
   * the queue has no room for them.
   *
   * <p>Wakes when its turn has come, when {@code ctx} is done, or on interrupt. A context done on
   * entry fails the call even when the permits could pass. If the turn has come at the moment the
   * context becomes done, the call succeeds.
   *
   * @param n the number of permits
   * @param ctx the context; the wait ends when it is done
   * @throws QueueFullException if the request must wait and its permits do not fit in the queue;
   *     nothing was taken
   * @throws dev.weft.context.ContextCancelledException if {@code ctx} is done on entry or while
   *     waiting; the place in line is given back
   * @throws InterruptedException if interrupted on entry or while waiting; the place in line is
   *     given back (an interrupt after the turn has come: returns normally, interrupt status set)
   * @throws IllegalArgumentException if {@code n <= 0} or {@code n > queueCapacity + 1}
   * @throws NullPointerException if {@code ctx} is null
   */
  @Override
  public void acquire(int n, Context ctx) throws InterruptedException {
    if (ctx == null) throw new NullPointerException("LeakyBucketQueue: context is null");
    checkPermits(n);
    if (Thread.interrupted()) throw new InterruptedException();
    ctx.throwIfDone();
    if (line.await(n, Long.MAX_VALUE, ctx) == PacedLine.FULL) throw full(n);
  }

  /**
   * Takes {@code n} permits if their turn comes within {@code timeout} and they fit in the queue.
   * If the turn would come later than that, or the queue has no room, returns {@code false} at
   * once without waiting, taking nothing. A zero or negative timeout is {@link #tryAcquire(int)}
   * after the interrupt check.
   *
   * @param n the number of permits
   * @param timeout how long to wait at most
   * @return {@code true} if the permits were taken, {@code false} if they would not pass in time or
   *     the queue is full (nothing taken)
   * @throws InterruptedException if interrupted on entry or while waiting; the place in line is
   *     given back (an interrupt after the turn has come: returns {@code true}, interrupt status
   *     set)
   * @throws IllegalArgumentException if {@code n <= 0} or {@code n > queueCapacity + 1}
   * @throws NullPointerException if {@code timeout} is null
   */
  @Override
  public boolean tryAcquire(int n, Duration timeout) throws InterruptedException {
    if (timeout == null) throw new NullPointerException("LeakyBucketQueue: timeout is null");
    checkPermits(n);
    if (Thread.interrupted()) throw new InterruptedException();
    long maxWait = Bandwidth.periodNanos(timeout);
    if (maxWait <= 0) return line.tryTake(n);
    return line.await(n, maxWait, null) == PacedLine.ADMITTED;
  }

  /**
   * Takes {@code n} permits ahead of time and says when they may be used, or throws at once if the
   * queue has no room for them. Never blocks. Use {@link Reservation#delay()} to wait, or {@link
   * Reservation#cancel()} to give the permits back; until its time has come, a reservation holds
   * its permits in the queue.
   *
   * @param n the number of permits
   * @return the reservation
   * @throws QueueFullException if the permits cannot pass now and do not fit in the queue; nothing
   *     was taken
   * @throws IllegalArgumentException if {@code n <= 0} or {@code n > queueCapacity + 1}
   */
  @Override
  public Reservation reserve(int n) {
    checkPermits(n);
    PacedLine.Waiter w = line.reserve(n);
    if (w == null) return Used.INSTANCE;
    if (w == PacedLine.REJECTED) throw full(n);
    return w;
  }

  // ---- LeakyBucketQueue ----

  /**
   * The permits leaving per {@link #period()}.
   *
   * @return the permits leaving per period
   */
  public long rate() {
    return rate;
  }

  /**
   * The period of {@link #rate()}.
   *
   * @return the period
   */
  public Duration period() {
    return period;
  }

  /**
   * The most permits that may wait.
   *
   * @return the queue's capacity in permits
   */
  public int queueCapacity() {
    return queueCapacity;
  }

  /**
   * The permits taken whose slot has not come yet: those of the requests waiting and the rest of
   * a request for several permits admitted lately. A snapshot, for monitoring and tests.
   *
   * @return the permits in the queue, from 0 to {@code queueCapacity}
   */
  public long queuedPermits() {
    long now = clock.nanoTime();
    return line.read(p -> ((LeakPace) p).queuedPermits(now));
  }

  /**
   * The number of acquirers waiting and reservations whose time has not come.
   *
   * @return the number of requests waiting
   */
  public int queued() {
    return line.queued();
  }

  @Override
  public String toString() {
    return "LeakyBucketQueue[rate="
        + rate
        + " per "
        + period
        + ", queueCapacity="
        + queueCapacity
        + ", queuedPermits="
        + queuedPermits()
        + "]";
  }

  private void checkPermits(int n) {
    if (n <= 0) throw new IllegalArgumentException(TYPE + ": n must be > 0, was " + n);
    if (n - 1 > queueCapacity) {
      throw new IllegalArgumentException(
          TYPE
              + ": "
              + n
              + " permits can never succeed, the queue holds "
              + queueCapacity
              + " beyond the one leaving");
    }
  }

  /** The exception for a request that found the queue full, with when it would fit. */
  private QueueFullException full(int n) {
    long now = clock.nanoTime();
    long at = line.read(p -> ((LeakPace) p).fitsAt(n, now));
    return new QueueFullException(queueCapacity, n, Duration.ofNanos(Math.max(1, at - now)));
  }
}
