package dev.weft.resilience.ratelimit;

import dev.weft.context.Context;
import dev.weft.time.Clock;
import java.time.Duration;

/**
 * A sliding window counter: about {@code limit} permits in any interval of {@code window}
 * duration, estimated from two counts, the current window's and the previous window's.
 *
 * <p><b>Mental model.</b> Time is cut into windows of {@code window} duration from the moment the
 * limiter is made, as with {@link FixedWindow}, and each window counts the permits admitted in
 * it. At a time {@code t} that lies a fraction {@code f} into the current window, the sliding
 * window {@code (t - window, t]} covers all of the current window so far and the last {@code 1 -
 * f} of the previous one, so the limiter estimates the permits in it as {@code previous × (1 - f)
 * + current}, and admits {@code n} permits if that estimate plus {@code n} is at most {@code
 * limit} (in exact integer arithmetic, no rounding). Two numbers per limiter instead of {@link
 * SlidingLog}'s log of every admission, and a smooth limit instead of {@link FixedWindow}'s reset.
 *
 * <pre>{@code
 * SlidingWindowCounter api = SlidingWindowCounter.of(1_000, Duration.ofMinutes(1));
 * if (api.decide(1) instanceof Decision.Limited l) return tooManyRequests(l.retryAfter());
 * }</pre>
 *
 * <p><b>Error.</b> The estimate assumes that the previous window's permits arrived evenly over it.
 * When they did, the estimate is the true count (to within a permit) and no interval of length
 * {@code window} holds more than {@code limit} permits. When they did not, it can hold more: an interval that starts a time {@code a} into a window that
 * admitted {@code p} permits, all of them after {@code a}, and ends {@code a} into the next
 * window, holds at most {@code limit + p × a / window} permits, because by then the next window
 * has admitted at most {@code limit - p × (window - a) / window}. So any interval of length
 * {@code window} holds fewer than {@code 2 × limit} permits (an over-admission of at most {@code
 * limit - 1}), and that worst case needs a whole window's permits at its very end followed by
 * steady use of the next window to its end. Each window on its own, start to end, admits at most
 * {@code limit}. In the other direction, permits that arrived early in the previous window are
 * still counted when they have left the sliding window, so the estimate may also refuse a request
 * the exact {@link SlidingLog} would admit.
 *
 * <p><b>Fairness.</b> First come, first served, as {@link RateLimiter} describes: a request that
 * waits is counted at the earliest time the estimate lets it in after everything admitted, waiting
 * or reserved before it, and {@link #tryAcquire(int)} fails while anyone waits. A waiter that
 * gives up, or a reservation cancelled before its time, is removed from the counts and every
 * request behind it is placed again from now, as if it had never come.
 *
 * <p><b>Time.</b> Measured on the injected {@link Clock} in whole nanoseconds with exact integer
 * arithmetic. The limit is from 1 to 10^9 and {@code limit × window} in ns must stay below 2^63,
 * so that the estimate never overflows: 10^9 per second, or 100,000 per day, at most.
 *
 * <p><b>Memory.</b> Estimated from the object layout on a 64-bit JVM with compressed pointers:
 * about 300 bytes per limiter, plus 16 bytes for each window that holds a waiter or pending
 * reservation, each of which also takes a ticket of about 100 bytes while in line. Every
 * operation takes a lock, held for a few arithmetic operations, and allocates nothing when it is
 * admitted at once.
 *
 * <p><b>Memory consistency effects:</b> a rate limiter orders nothing between the callers it
 * admits. Actions prior to giving permits back (cancelling a reservation, a wait that ends
 * without its permits) <i>happen-before</i> the admission of a caller that uses them.
 *
 * <p>All methods are thread-safe. A limiter needs no closing.
 */
public final class SlidingWindowCounter implements RateLimiter {

  /*
   * Implementation notes. Windows are [origin + k × window, origin + (k + 1) × window). The counts
   * are a ring of (window number, permits) pairs in increasing window order, holding every window
   * from the one before the current one that has any record; with no waiter that is at most two
   * entries, and each waiter or reservation can add one for a future window. `last` is the time
   * of the latest record; every placement is at or after it, so no record lies after a new one.
   *
   * Placing n from t0 = max(now, last), at offset e0 into window k0, with c = count(k0) and
   * p = count(k0 - 1): at offset e of k0 the estimate admits iff p × (window - e) <= (limit - c -
   * n) × window, i.e. e >= window - floor((limit - c - n) × window / p). If c + n <= limit that
   * holds somewhere in k0 or at the start of k0 + 1 (where the previous count c leaves room for
   * n). If not, window k0 + 1 (previous count c, current 0) admits from offset window -
   * floor((limit - n) × window / c), or else k0 + 2 at its start. Both products stay below
   * limit × window < 2^63.
   *
   * Every field is guarded by the line's lock. A ticket's `before` is `last` before its record;
   * removing it subtracts its permits and those of every later ticket (the latest records, from
   * the tail of the ring), restores `last` and places the later tickets again from now.
   */

  private final long limit;
  private final long window;
  private final Duration windowDuration;
  private final long origin;
  private final AdmissionLine line;

  private long[] wins = new long[4]; // guarded by the line's lock
  private long[] counts = new long[4]; // guarded by the line's lock
  private int head; // guarded by the line's lock
  private int size; // guarded by the line's lock
  private long last = Long.MIN_VALUE; // guarded by the line's lock

  private SlidingWindowCounter(Clock clock, long limit, long window, Duration windowDuration) {
    this.limit = limit;
    this.window = window;
    this.windowDuration = windowDuration;
    this.origin = clock.nanoTime();
    this.line = new AdmissionLine("SlidingWindowCounter", limit, clock, new Counts());
  }

  /**
   * A new limiter on the system clock, its first window starting now, with nothing counted.
   *
   * @param limit the most permits admitted in the estimated sliding window; from 1 to 10^9
   * @param window the length of the window; at least 1 ns, with {@code limit × window} below 2^63
   *     ns
   * @return the new limiter
   * @throws IllegalArgumentException if a value is out of range
   * @throws NullPointerException if {@code window} is null
   */
  public static SlidingWindowCounter of(long limit, Duration window) {
    return of(Clock.system(), limit, window);
  }

  /**
   * A new limiter measuring time on {@code clock} (a {@link dev.weft.time.FakeClock} in tests),
   * its first window starting at the clock's current reading, with nothing counted.
   *
   * @param clock the clock
   * @param limit the most permits admitted in the estimated sliding window; from 1 to 10^9
   * @param window the length of the window; at least 1 ns, with {@code limit × window} below 2^63
   *     ns
   * @return the new limiter
   * @throws IllegalArgumentException if a value is out of range
   * @throws NullPointerException if {@code clock} or {@code window} is null
   */
  public static SlidingWindowCounter of(Clock clock, long limit, Duration window) {
    String type = "SlidingWindowCounter";
    AdmissionLine.checkClock(type, clock);
    AdmissionLine.checkLimit(type, limit);
    long nanos = AdmissionLine.windowNanos(type, window);
    if (Math.multiplyHigh(limit, nanos) != 0 || limit * nanos < 0) {
      throw new IllegalArgumentException(
          type + ": limit × window must stay below 2^63 ns, was " + limit + " × " + window);
    }
    return new SlidingWindowCounter(clock, limit, nanos, window);
  }

  /**
   * The most permits admitted in the estimated sliding window.
   *
   * @return the limit
   */
  public long limit() {
    return limit;
  }

  /**
   * The length of the window.
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
    return "SlidingWindowCounter[limit="
        + limit
        + ", window="
        + windowDuration
        + ", queued="
        + queued()
        + "]";
  }

  // ---- implementation ----

  /** The counts, as the line sees them. */
  private final class Counts implements Admissions {

    @Override
    public long admitLocked(int n, long now, long maxWait, AdmissionLine.Ticket ticket) {
      long current = windowOf(now);
      while (size > 0 && wins[head] < current - 1) {
        head = (head + 1) & (wins.length - 1);
        size--;
      }
      long t0 = Math.max(now, last);
      long k0 = windowOf(t0);
      long e0 = t0 - startOf(k0);
      long c = count(k0);
      long p = count(k0 - 1);
      long at;
      if (c + n <= limit) {
        long e = p == 0 ? e0 : Math.max(e0, window - (limit - c - n) * window / p);
        at = e < window ? startOf(k0) + e : startOf(k0 + 1);
      } else {
        long e = window - (limit - n) * window / c;
        at = e < window ? Band.satAdd(startOf(k0 + 1), e) : startOf(k0 + 2);
      }
      long wait = at - now;
      if (wait > maxWait) return wait;
      if (ticket != null) {
        ticket.due = at;
        ticket.before = last;
      }
      add(windowOf(at), n);
      last = at;
      return wait;
    }

    @Override
    public boolean removeLocked(AdmissionLine.Ticket t, long now) {
      AdmissionLine.Ticket u = t;
      while (u.next != null) u = u.next;
      for (; u != t.prev; u = u.prev) {
        int tail = index(size - 1);
        counts[tail] -= u.n; // its window is the latest with a record
        if (counts[tail] == 0) size--;
      }
      last = t.before;
      for (u = t.next; u != null; u = u.next) admitLocked(u.n, now, Long.MAX_VALUE, u);
      return true;
    }

    /** The permits counted in window {@code k}, which is at most one past the latest. */
    private long count(long k) {
      for (int i = size - 1; i >= 0 && i >= size - 2; i--) {
        if (wins[index(i)] == k) return counts[index(i)];
      }
      return 0;
    }

    private void add(long k, long n) {
      if (size > 0 && wins[index(size - 1)] == k) {
        counts[index(size - 1)] += n;
        return;
      }
      if (size == wins.length) grow();
      int i = index(size);
      wins[i] = k;
      counts[i] = n;
      size++;
    }

    private int index(int i) {
      return (head + i) & (wins.length - 1);
    }

    private void grow() {
      long[] w = new long[wins.length * 2];
      long[] c = new long[wins.length * 2];
      for (int i = 0; i < size; i++) {
        w[i] = wins[index(i)];
        c[i] = counts[index(i)];
      }
      wins = w;
      counts = c;
      head = 0;
    }
  }

  private long windowOf(long time) {
    return Math.floorDiv(time - origin, window);
  }

  private long startOf(long k) {
    return Band.satAdd(origin, Band.satMul(k, window));
  }
}
