package dev.weft.resilience.ratelimit;

import dev.weft.context.Context;
import dev.weft.time.Clock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * A fixed-window counter: at most {@code limit} permits in each window of {@code window}
 * duration, the windows laid end to end from the moment the limiter is made.
 *
 * <p><b>Mental model.</b> Time is cut into windows {@code [origin + k × window, origin + (k + 1) ×
 * window)}, where {@code origin} is the clock's {@link Clock#nanoTime()} reading when the limiter
 * was made (not the epoch: two limiters made at different moments have different windows). Each
 * window admits up to {@code limit} permits; the count starts again at zero when the next window
 * begins, whatever happened before. A request for {@code n} permits is admitted whole in one
 * window: if it does not fit in what is left of the current window, it waits for the next one.
 * This is the cheapest limiter and the easiest to explain, at a known cost: a burst at the end of
 * one window and another at the start of the next can admit up to {@code 2 × limit} permits
 * within one window's length. {@link SlidingLog} and {@link SlidingWindowCounter} remove or
 * bound that burst.
 *
 * <pre>{@code
 * FixedWindow perMinute = FixedWindow.of(600, Duration.ofMinutes(1));
 * if (!perMinute.tryAcquire()) return tooManyRequests();
 * }</pre>
 *
 * <p><b>Fairness.</b> First come, first served, as {@link RateLimiter} describes: a request that
 * waits is placed in the first window with room for it after everything admitted, waiting or
 * reserved before it, and {@link #tryAcquire(int)} fails while anyone waits, even if there is
 * room left in the current window (the waiter ahead may need the next one whole). A waiter that
 * gives up, or a reservation cancelled before its time, is removed and every request behind it
 * is placed again from now, as if it had never come.
 *
 * <p><b>Time.</b> Measured on the injected {@link Clock} in whole nanoseconds with exact integer
 * arithmetic. The limit is from 1 to 10^9 and the rate at most one permit per nanosecond
 * ({@code limit} at most the window's length in ns), so that nothing overflows for about 292 years
 * of uptime: 1 per day and 10^9 per second are both fine.
 *
 * <p><b>Memory.</b> Estimated from the object layout on a 64-bit JVM with compressed pointers:
 * about 200 bytes per limiter, and about 100 bytes per waiter or pending reservation while it is
 * in line. {@link #tryAcquire(int)} and {@link #decide(int)} take no lock and allocate nothing
 * (an admitted decision, and a refused one but for its {@link Decision.Limited} record).
 *
 * <p><b>Memory consistency effects:</b> a rate limiter orders nothing between the callers it
 * admits. Actions prior to giving permits back (cancelling a reservation, a wait that ends
 * without its permits) <i>happen-before</i> the admission of a caller that uses them.
 *
 * <p>All methods are thread-safe. A limiter needs no closing.
 */
public final class FixedWindow implements RateLimiter {

  /*
   * Implementation notes. Permits are numbered: window k owns numbers k × limit + 1 to (k + 1) ×
   * limit, and `consumed` is the highest number handed out (0 at first). A request of n at window
   * w starts at s = max(consumed, w × limit); if numbers s + 1 .. s + n do not all lie in one
   * window, it starts at the next window's first number instead (the rest of that window is left
   * unused: it is admitted whole in one window). It is admitted now iff that window is w,
   * otherwise at the window's start. One long thus holds both the window and its count, and
   * numbers only grow, so a CAS on `consumed` is the whole lock-free path; a window past is
   * forgotten by the max, with no reset.
   *
   * Overflow: w × limit <= (now - origin) × limit / window <= now - origin, because limit <=
   * window in ns; the start of a window far ahead saturates.
   *
   * Waiters and reservations (AdmissionLine) record their numbers with the same CAS, under the
   * line's lock, and keep `before` (consumed before their record) and `after` (their last number).
   * While one is in line, consumed lies beyond the current window, so the lock-free path refuses
   * and cannot move it; removing a ticket replaces the numbers from its `before` on with one CAS
   * from the last ticket's `after`, which fails (changing nothing) only if the clock has reached
   * the last ticket meanwhile, so that the removed one was due after all.
   */

  private static final VarHandle CONSUMED;

  static {
    try {
      CONSUMED = MethodHandles.lookup().findVarHandle(FixedWindow.class, "consumed", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final long limit;
  private final long window;
  private final Duration windowDuration;
  private final long origin;

  /** The highest permit number handed out; see the implementation notes. */
  @SuppressWarnings("UnusedVariable") // accessed through CONSUMED
  private volatile long consumed;

  private final AdmissionLine line;

  private FixedWindow(Clock clock, long limit, long window, Duration windowDuration) {
    this.limit = limit;
    this.window = window;
    this.windowDuration = windowDuration;
    this.origin = clock.nanoTime();
    this.line = new AdmissionLine("FixedWindow", limit, clock, new Counts());
  }

  /**
   * A new limiter on the system clock, its first window starting now.
   *
   * @param limit the most permits admitted per window; from 1 to 10^9, and at most one per
   *     nanosecond of the window
   * @param window the length of a window; at least 1 ns
   * @return the new limiter
   * @throws IllegalArgumentException if a value is out of range
   * @throws NullPointerException if {@code window} is null
   */
  public static FixedWindow of(long limit, Duration window) {
    return of(Clock.system(), limit, window);
  }

  /**
   * A new limiter measuring time on {@code clock} (a {@link dev.weft.time.FakeClock} in tests),
   * its first window starting at the clock's current reading.
   *
   * @param clock the clock
   * @param limit the most permits admitted per window; from 1 to 10^9, and at most one per
   *     nanosecond of the window
   * @param window the length of a window; at least 1 ns
   * @return the new limiter
   * @throws IllegalArgumentException if a value is out of range
   * @throws NullPointerException if {@code clock} or {@code window} is null
   */
  public static FixedWindow of(Clock clock, long limit, Duration window) {
    String type = "FixedWindow";
    AdmissionLine.checkClock(type, clock);
    AdmissionLine.checkLimit(type, limit);
    long nanos = AdmissionLine.windowNanos(type, window);
    if (limit > nanos) {
      throw new IllegalArgumentException(
          type
              + ": rate must be at most one permit per nanosecond, was "
              + limit
              + " per "
              + window);
    }
    return new FixedWindow(clock, limit, nanos, window);
  }

  /**
   * The most permits admitted per window.
   *
   * @return the limit
   */
  public long limit() {
    return limit;
  }

  /**
   * The length of a window.
   *
   * @return the window
   */
  public Duration window() {
    return windowDuration;
  }

  /**
   * The number of acquirers waiting and reservations whose time has not come.
   *
   * @return the number of acquirers waiting and reservations whose time has not come
   */
  public int queued() {
    return line.queued();
  }

  // ---- RateLimiter ----

  /**
   * {@inheritDoc}
   *
   * <p>Takes no lock and allocates nothing.
   */
  @Override
  public boolean tryAcquire(int n) {
    return line.tryAcquire(n);
  }

  @Override
  public Decision decide(int n) {
    return line.decide(n);
  }

  @Override
  public void acquire(int n) throws InterruptedException {
    line.acquire(n);
  }

  @Override
  public void acquire(int n, Context ctx) throws InterruptedException {
    line.acquire(n, ctx);
  }

  @Override
  public boolean tryAcquire(int n, Duration timeout) throws InterruptedException {
    return line.tryAcquire(n, timeout);
  }

  @Override
  public Reservation reserve(int n) {
    return line.reserve(n);
  }

  @Override
  public String toString() {
    return "FixedWindow[limit="
        + limit
        + ", window="
        + windowDuration
        + ", queued="
        + queued()
        + "]";
  }

  // ---- implementation ----

  /** The window holding clock reading {@code now}. */
  private long windowOf(long now) {
    return Math.floorDiv(now - origin, window);
  }

  /** The clock reading at which window {@code k} starts, saturated. */
  private long startOf(long k) {
    return Band.satAdd(origin, Band.satMul(k, window));
  }

  /** The first permit number minus one of a request of {@code n} after {@code c} at window w. */
  private long placeStart(long c, int n, long w) {
    long s = Math.max(c, w * limit);
    long f = s / limit;
    return s + n > (f + 1) * limit ? (f + 1) * limit : s;
  }

  /** The counting, as the line sees it. */
  private final class Counts implements Admissions {

    @Override
    public int tryTake(int n, Clock clock) {
      long now = clock.nanoTime();
      while (true) {
        long w = windowOf(now);
        long c = (long) CONSUMED.getVolatile(FixedWindow.this);
        long s = placeStart(c, n, w);
        if (s / limit != w) {
          long again = clock.nanoTime(); // refused: unless the clock moved to another window
          if (windowOf(again) == w) return REFUSED;
          now = again;
        } else if (CONSUMED.compareAndSet(FixedWindow.this, c, s + n)) {
          return TAKEN;
        }
      }
    }

    @Override
    public long decideFast(int n, Clock clock) {
      long now = clock.nanoTime();
      while (true) {
        long w = windowOf(now);
        long c = (long) CONSUMED.getVolatile(FixedWindow.this);
        long s = placeStart(c, n, w);
        long f = s / limit;
        if (f != w) {
          long again = clock.nanoTime();
          if (windowOf(again) == w) return startOf(f) - again;
          now = again;
        } else if (CONSUMED.compareAndSet(FixedWindow.this, c, s + n)) {
          return 0;
        }
      }
    }

    @Override
    public long admitLocked(int n, long now, long maxWait, AdmissionLine.Ticket ticket) {
      long w = windowOf(now);
      while (true) {
        long c = (long) CONSUMED.getVolatile(FixedWindow.this);
        long s = placeStart(c, n, w);
        long f = s / limit;
        long wait = f == w ? 0 : startOf(f) - now;
        if (wait > maxWait) return wait;
        if (CONSUMED.compareAndSet(FixedWindow.this, c, s + n)) {
          if (ticket != null) {
            ticket.due = startOf(f);
            ticket.before = c;
            ticket.after = s + n;
          }
          return wait;
        }
      }
    }

    @Override
    public boolean removeLocked(AdmissionLine.Ticket t, long now) {
      long w = windowOf(now);
      AdmissionLine.Ticket last = t;
      long c = t.before;
      for (AdmissionLine.Ticket u = t.next; u != null; u = u.next) {
        c = placeStart(c, u.n, w) + u.n;
        last = u;
      }
      if (!CONSUMED.compareAndSet(FixedWindow.this, last.after, c)) return false;
      c = t.before;
      for (AdmissionLine.Ticket u = t.next; u != null; u = u.next) {
        long s = placeStart(c, u.n, w);
        u.before = c;
        u.after = s + u.n;
        u.due = startOf(s / limit);
        c = u.after;
      }
      return true;
    }
  }
}
