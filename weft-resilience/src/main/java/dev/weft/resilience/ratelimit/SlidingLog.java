package dev.weft.resilience.ratelimit;

import dev.weft.context.Context;
import dev.weft.time.Clock;
import java.time.Duration;

/**
 * A sliding log: at most {@code limit} permits in any interval of {@code window} duration, exactly,
 * by remembering when each admission happened.
 *
 * <p><b>Mental model.</b> The limiter keeps a log of its admissions, each with its clock reading
 * and number of permits. A request for {@code n} permits at time {@code t} is admitted if the
 * admissions logged in {@code (t - window, t]} plus {@code n} come to at most {@code limit}; an
 * admission drops out of the count exactly {@code window} after it was made. So every half-open
 * interval {@code [s, s + window)} holds at most {@code limit} permits, wherever it starts: no
 * burst across a window boundary as with {@link FixedWindow}, and no estimate as with {@link
 * SlidingWindowCounter}. The price is memory and a lock (below).
 *
 * <pre>{@code
 * SlidingLog logins = SlidingLog.of(5, Duration.ofMinutes(15));   // 5 attempts in any 15 minutes
 * if (logins.decide(1) instanceof Decision.Limited l) return locked(l.retryAfter());
 * }</pre>
 *
 * <p><b>Fairness.</b> First come, first served, as {@link RateLimiter} describes: a request that
 * waits is logged at the earliest time it fits after everything admitted, waiting or reserved
 * before it, and {@link #tryAcquire(int)} fails while anyone waits. A waiter that gives up, or a
 * reservation cancelled before its time, is removed from the log and every request behind it is
 * logged again from now, as if it had never come.
 *
 * <p><b>Time.</b> Measured on the injected {@link Clock} in whole nanoseconds; the limit is from 1
 * to 10^9 and the window from 1 ns to about 292 years, at any rate.
 *
 * <p><b>Memory.</b> One log entry (16 bytes) per admission made within the last window, so at most
 * {@code limit} entries, plus one per waiter or pending reservation (which also takes a ticket of
 * about 100 bytes while in line): {@code O(limit)} per limiter, 16 MB for a limit of 10^6 in the
 * worst case, where every admission is of one permit, and up to twice that as the log grows by
 * doubling; it does not shrink; entries older than the window are dropped on the next call. Every
 * operation takes a lock, held for a binary search of the log: {@code O(log limit)}, allocation-
 * free once the log has grown.
 *
 * <p><b>Memory consistency effects:</b> a rate limiter orders nothing between the callers it
 * admits. Actions prior to giving permits back (cancelling a reservation, a wait that ends
 * without its permits) <i>happen-before</i> the admission of a caller that uses them.
 *
 * <p>All methods are thread-safe. A limiter needs no closing.
 */
public final class SlidingLog implements RateLimiter {

  /*
   * Implementation notes. The log is a ring of entries in the order they were made, with
   * non-decreasing times (every placement is at or after the last entry): `times[i]` the clock
   * reading of the admission, `sums[i]` the permits admitted by all entries up to and including
   * it since the limiter was made (strictly increasing). Entry number `first + i` is at ring index
   * (head + i) & mask. `dropped` is the sum of the entries already dropped.
   *
   * Placing n from t0 = max(now, last entry's time): the permits that must have left the window
   * for n to fit are those up to sum target = total + n - limit. If target <= dropped, n fits at
   * t0. Otherwise let j be the first entry with sums[j] >= target: every entry up to j must be out
   * of the window, so the earliest time is max(t0, times[j] + window). Entries at or before now -
   * window can never count again (every placement is at or after now) and are dropped first.
   *
   * Every field is guarded by the line's lock (all calls come through Admissions.admitLocked and
   * removeLocked). A ticket's `before` is its entry's number; removing it truncates the log there
   * (later entries are exactly the later tickets, since nothing is placed before a pending entry)
   * and logs the later tickets again from now.
   */

  private final long limit;
  private final long window;
  private final Duration windowDuration;
  private final AdmissionLine line;

  private long[] times = new long[8]; // guarded by the line's lock
  private long[] sums = new long[8]; // guarded by the line's lock
  private int head; // guarded by the line's lock
  private int size; // guarded by the line's lock
  private long first; // guarded by the line's lock; the number of the entry at head
  private long dropped; // guarded by the line's lock

  private SlidingLog(Clock clock, long limit, long window, Duration windowDuration) {
    this.limit = limit;
    this.window = window;
    this.windowDuration = windowDuration;
    this.line = new AdmissionLine("SlidingLog", limit, clock, new Log());
  }

  /**
   * A new limiter on the system clock, with an empty log.
   *
   * @param limit the most permits admitted in any interval of {@code window}; from 1 to 10^9
   * @param window the length of the sliding window; at least 1 ns
   * @return the new limiter
   * @throws IllegalArgumentException if a value is out of range
   * @throws NullPointerException if {@code window} is null
   */
  public static SlidingLog of(long limit, Duration window) {
    return of(Clock.system(), limit, window);
  }

  /**
   * A new limiter measuring time on {@code clock} (a {@link dev.weft.time.FakeClock} in tests),
   * with an empty log.
   *
   * @param clock the clock
   * @param limit the most permits admitted in any interval of {@code window}; from 1 to 10^9
   * @param window the length of the sliding window; at least 1 ns
   * @return the new limiter
   * @throws IllegalArgumentException if a value is out of range
   * @throws NullPointerException if {@code clock} or {@code window} is null
   */
  public static SlidingLog of(Clock clock, long limit, Duration window) {
    String type = "SlidingLog";
    AdmissionLine.checkClock(type, clock);
    AdmissionLine.checkLimit(type, limit);
    long nanos = AdmissionLine.windowNanos(type, window);
    return new SlidingLog(clock, limit, nanos, window);
  }

  /**
   * The most permits admitted in any interval of the window's length.
   *
   * @return the limit
   */
  public long limit() {
    return limit;
  }

  /**
   * The length of the sliding window.
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
    return "SlidingLog[limit=" + limit + ", window=" + windowDuration + ", queued=" + queued() + "]";
  }

  // ---- implementation ----

  /** The log, as the line sees it. */
  private final class Log implements Admissions {

    @Override
    public long admitLocked(int n, long now, long maxWait, AdmissionLine.Ticket ticket) {
      while (size > 0 && now - times[head] >= window) {
        dropped = sums[head];
        head = (head + 1) & (times.length - 1);
        size--;
        first++;
      }
      long t0 = size == 0 ? now : Math.max(now, times[index(size - 1)]);
      long total = size == 0 ? dropped : sums[index(size - 1)];
      long target = total + n - limit;
      long at = t0;
      if (target > dropped) {
        int lo = 0;
        int hi = size - 1; // sums[last] = total >= target, since n <= limit
        while (lo < hi) {
          int mid = (lo + hi) >>> 1;
          if (sums[index(mid)] >= target) hi = mid;
          else lo = mid + 1;
        }
        at = Math.max(t0, Band.satAdd(times[index(lo)], window));
      }
      long wait = at - now;
      if (wait > maxWait) return wait;
      if (ticket != null) {
        ticket.due = at;
        ticket.before = first + size;
      }
      append(at, total + n);
      return wait;
    }

    @Override
    public boolean removeLocked(AdmissionLine.Ticket t, long now) {
      size = (int) (t.before - first);
      for (AdmissionLine.Ticket u = t.next; u != null; u = u.next) {
        admitLocked(u.n, now, Long.MAX_VALUE, u);
      }
      return true;
    }

    private int index(int i) {
      return (head + i) & (times.length - 1);
    }

    private void append(long at, long sum) {
      if (size == times.length) grow();
      int i = index(size);
      times[i] = at;
      sums[i] = sum;
      size++;
    }

    private void grow() {
      long[] t = new long[times.length * 2];
      long[] s = new long[times.length * 2];
      for (int i = 0; i < size; i++) {
        t[i] = times[index(i)];
        s[i] = sums[index(i)];
      }
      times = t;
      sums = s;
      head = 0;
    }
  }
}
