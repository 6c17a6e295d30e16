package dev.weft.resilience.ratelimit;

import dev.weft.context.Context;
import dev.weft.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A token bucket with one or more {@link Bandwidth}s: the main {@link RateLimiter}.
 *
 * <p><b>Mental model.</b> Each bandwidth is a bucket of tokens that fills at its rate up to its
 * capacity, either continuously ({@link Bandwidth.Refill#GREEDY}) or all the tokens of a period at
 * once ({@link Bandwidth.Refill#INTERVAL}). A request for {@code n} permits takes {@code n} tokens
 * from every bucket, so it must fit all of them: with 100 per second and 1,000 per minute, a
 * burst of 100 passes, and the 1,001st request of a minute waits for the minute to end. A request
 * that waits (or reserves) takes its tokens at once and puts the buckets into debt; the next
 * request then waits until the debt is repaid and its own tokens have come, exactly as Go's {@code
 * x/time/rate} does. A new bucket holds each bandwidth's {@code initialTokens}.
 *
 * <pre>{@code
 * TokenBucket api = TokenBucket.of(
 *     Bandwidth.perSecond(100),
 *     Bandwidth.of(1_000, Duration.ofMinutes(1)));
 * api.acquire(1, ctx);
 * }</pre>
 *
 * <p><b>Fairness.</b> Strictly first come, first served: waiters and reservations are served in
 * the order they arrived, whatever their sizes, and {@link #tryAcquire(int)} fails while anyone is
 * in line, since the line is a debt. A waiter that gives up (interrupt, context done, a timeout
 * made unreachable by a rate change) or a reservation cancelled before its time gives its tokens
 * back, and everyone behind it moves forward by as much: the bucket is left as if it had never
 * come. With several bandwidths, a give-back can return tokens to a bandwidth that had meanwhile
 * filled up; its capacity still bounds what is available.
 *
 * <p><b>Changing the rate.</b> {@link #setBandwidths} replaces the bandwidths at run time. The
 * tokens available (or the debt) carry over, capped at the new capacity; the new rates apply from
 * that moment (an interval refill starts a new period then), and waiters keep their places and
 * are woken to re-time their waits.
 *
 * <p><b>Time.</b> Measured on the injected {@link Clock} ({@link Clock#system()} by default) in
 * whole nanoseconds with exact integer arithmetic: a rate such as 3 per second does not drift,
 * and nothing overflows between 1 token per 292 years and 10^9 tokens per second, for about 292
 * years of uptime. Tokens arrive on a fixed schedule counted from the bucket's creation (the
 * {@code k}-th at {@code ceil(k × refillPeriod / refillTokens)}), which goes on while the bucket
 * is full. Limiters that keep a fraction of a token (Guava, Bucket4j, {@code x/time/rate}, GCRA)
 * drop that fraction when the bucket fills, so right after a full bucket they may admit the next
 * token up to one refill interval later than this one does; the average rate and the bound on a
 * burst (the capacity plus the tokens arrived meanwhile) are the same.
 *
 * <p><b>Memory.</b> Estimated from the object layout on a 64-bit JVM with compressed pointers: a
 * bucket with one bandwidth takes about 350 bytes, each further bandwidth about 150 more, and
 * each waiter or pending reservation about 150 bytes while it is in line. Nothing grows with the
 * number of permits or the rate. With one bandwidth, {@code tryAcquire} and an admitted {@code
 * decide} take no lock and allocate nothing.
 *
 * <p><b>Memory consistency effects:</b> a rate limiter orders nothing between the callers it
 * admits. Actions in a thread prior to {@link #setBandwidths} <i>happen-before</i> every decision
 * that uses the new bandwidths; actions prior to giving tokens back (cancelling a reservation, a
 * wait that ends without its permits) happen-before the admission of a caller that uses them.
 *
 * <p>All methods are thread-safe. A bucket needs no closing.
 */
public final class TokenBucket implements RateLimiter {

  /*
   * Implementation notes. The state is split by owner, and one lock guards all of it but the
   * lock-free path:
   *
   *  - TokenCounts owns the bands in force (`Setup`) and the token counters: the single-band
   *    counter updated by CAS, which tryAcquire and decide use without the lock, and the
   *    several-band counters, guarded by `lock`. Its notes give the counting scheme.
   *  - WaitLine owns the FIFO line of Tickets (waiters and reservations), guarded by `lock`, with
   *    the waiting, give-back and re-timing. Its notes give the line's invariants.
   *  - This class owns nothing mutable but `lock`, created here and shared with the line: it
   *    checks arguments, runs the fast path, and takes the lock for whatever spans both (changing
   *    the bandwidths re-bases the counts, re-times the line and wakes its waiters in one step).
   */

  /** The reservation returned when the permits are available at once. */
  private static final Reservation USED =
      new Reservation() {
        @Override
        public Duration delay() {
          return Duration.ZERO;
        }

        @Override
        public boolean cancel() {
          return false;
        }

        @Override
        public String toString() {
          return "Reservation[used]";
        }
      };

  /** The type named in error messages: TokenBucket, or the limiter built on it. */
  private final String type;

  private final Clock clock;

  /** Guards the several-band counts, every change of the setup, and the line. */
  private final ReentrantLock lock = new ReentrantLock();

  private final TokenCounts counts;
  private final WaitLine line;

  private TokenBucket(String type, Clock clock, List<Bandwidth> bandwidths, long unit) {
    this.type = type;
    this.clock = clock;
    this.counts = new TokenCounts(type, clock, bandwidths, unit);
    this.line = new WaitLine(lock, clock, counts);
  }

  /**
   * A new bucket on the system clock with the given bandwidths; a request must fit all of them.
   *
   * @param first a bandwidth
   * @param more further bandwidths
   * @return the new bucket, holding each bandwidth's initial tokens
   * @throws NullPointerException if an argument or element is null
   */
  public static TokenBucket of(Bandwidth first, Bandwidth... more) {
    return of(Clock.system(), list(first, more));
  }

  /**
   * A new bucket measuring time on {@code clock} (a {@link dev.weft.time.FakeClock} in tests).
   *
   * @param clock the clock
   * @param bandwidths one or more bandwidths; a request must fit all of them
   * @return the new bucket, holding each bandwidth's initial tokens
   * @throws IllegalArgumentException if {@code bandwidths} is empty
   * @throws NullPointerException if an argument or element is null
   */
  public static TokenBucket of(Clock clock, List<Bandwidth> bandwidths) {
    Objects.requireNonNull(clock, "TokenBucket: clock is null");
    return new TokenBucket("TokenBucket", clock, checked(bandwidths), 1);
  }

  /**
   * A bucket for a limiter built on it: error messages name {@code type}, and a permit costs
   * {@code unit} tokens (a GCRA limiter counts nanoseconds of credit).
   */
  static TokenBucket named(String type, Clock clock, List<Bandwidth> bandwidths, long unit) {
    return new TokenBucket(type, clock, checked(bandwidths), unit);
  }

  // ---- RateLimiter ----

  @Override
  public boolean tryAcquire(int n) {
    TokenCounts.Setup st = counts.checkPermits(n);
    if (st.single != null) {
      int r = counts.tryTake(st.single, n * st.unit, clock.nanoTime());
      if (r != TokenCounts.LOCKED) return r == TokenCounts.TAKEN;
    }
    lock.lock();
    try {
      return counts.reserveLocked(n, clock.nanoTime(), 0, null) == 0;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Decision decide(int n) {
    TokenCounts.Setup st = counts.checkPermits(n);
    long wait;
    if (st.single != null) {
      wait = counts.decideFast(st.single, n * st.unit, clock.nanoTime());
      if (wait == 0) return Decision.admitted();
      if (wait > 0) return new Decision.Limited(Duration.ofNanos(wait));
    }
    lock.lock();
    try {
      wait = counts.reserveLocked(n, clock.nanoTime(), 0, null);
    } finally {
      lock.unlock();
    }
    return wait == 0 ? Decision.admitted() : new Decision.Limited(Duration.ofNanos(wait));
  }

  @Override
  public void acquire(int n) throws InterruptedException {
    counts.checkPermits(n);
    if (Thread.interrupted()) throw new InterruptedException();
    if (tryAcquire(n)) return;
    line.await(n, Long.MAX_VALUE, null);
  }

  @Override
  public void acquire(int n, Context ctx) throws InterruptedException {
    if (ctx == null) throw new NullPointerException(type + ": context is null");
    counts.checkPermits(n);
    if (Thread.interrupted()) throw new InterruptedException();
    ctx.throwIfDone();
    if (tryAcquire(n)) return;
    line.await(n, Long.MAX_VALUE, ctx);
  }

  @Override
  public boolean tryAcquire(int n, Duration timeout) throws InterruptedException {
    if (timeout == null) throw new NullPointerException(type + ": timeout is null");
    counts.checkPermits(n);
    if (Thread.interrupted()) throw new InterruptedException();
    if (tryAcquire(n)) return true;
    // Checked before the conversion, which saturates a huge negative timeout to Long.MAX_VALUE.
    if (timeout.isNegative() || timeout.isZero()) return false;
    long maxWait = Bandwidth.periodNanos(timeout);
    if (maxWait <= 0) return false;
    return line.await(n, maxWait, null);
  }

  @Override
  public Reservation reserve(int n) {
    counts.checkPermits(n);
    if (tryAcquire(n)) return USED;
    Ticket t = line.reserve(n);
    return t == null ? USED : t;
  }

  // ---- TokenBucket ----

  /**
   * Replaces the bandwidths, from now on. The tokens available, or the debt of the line, carry
   * over (capped at the new capacity; a new bandwidth's {@code initialTokens} is not used), an
   * interval refill starts a new period now, and every waiter is woken to re-time its wait: it may
   * now be admitted, or a timed wait may give up when its turn has moved past its timeout.
   *
   * @param first a bandwidth
   * @param more further bandwidths; a request must fit all of them
   * @throws NullPointerException if an argument or element is null
   */
  public void setBandwidths(Bandwidth first, Bandwidth... more) {
    List<Bandwidth> list = checked(list(first, more));
    lock.lock();
    try {
      long now = clock.nanoTime();
      TokenCounts.Setup old = counts.rebaseLocked(list, now);
      if (list.size() != old.bands.length) line.retimeLocked(old, list.size(), now);
      line.wakeAllLocked();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The bandwidths in force.
   *
   * @return the bandwidths in force, unmodifiable
   */
  public List<Bandwidth> bandwidths() {
    Band[] bands = counts.setup().bands;
    List<Bandwidth> out = new ArrayList<>(bands.length);
    for (Band b : bands) out.add(b.bandwidth);
    return List.copyOf(out);
  }

  /**
   * The permits that could be taken now by a request that fits; negative while the line of
   * waiters and reservations is in debt. A snapshot, for monitoring and tests.
   *
   * @return the permits that could be taken now, or minus the debt
   */
  public long available() {
    lock.lock();
    try {
      return counts.availableLocked(clock.nanoTime());
    } finally {
      lock.unlock();
    }
  }

  /**
   * How long until every bandwidth is full again if nobody takes permits meanwhile; {@link
   * Duration#ZERO} when it is full now (the {@code reset} of rate-limit response headers).
   *
   * @return how long until every bandwidth is full again
   */
  public Duration untilFull() {
    lock.lock();
    try {
      long now = clock.nanoTime();
      long full = counts.fullAtLocked();
      return Duration.ofNanos(Math.max(0, Band.satAdd(full, -now)));
    } finally {
      lock.unlock();
    }
  }

  /**
   * The number of acquirers waiting and reservations whose time has not come.
   *
   * @return the number of acquirers waiting and reservations whose time has not come
   */
  public int queued() {
    lock.lock();
    try {
      return line.queuedLocked(clock.nanoTime());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "TokenBucket[bandwidths="
        + bandwidths()
        + ", available="
        + available()
        + ", queued="
        + queued()
        + "]";
  }

  // ---- implementation ----

  private static List<Bandwidth> list(Bandwidth first, Bandwidth... more) {
    Objects.requireNonNull(first, "TokenBucket: bandwidth is null");
    Objects.requireNonNull(more, "TokenBucket: bandwidths are null");
    List<Bandwidth> all = new ArrayList<>(1 + more.length);
    all.add(first);
    for (Bandwidth b : more) all.add(Objects.requireNonNull(b, "TokenBucket: bandwidth is null"));
    return all;
  }

  private static List<Bandwidth> checked(List<Bandwidth> bandwidths) {
    Objects.requireNonNull(bandwidths, "TokenBucket: bandwidths are null");
    for (Bandwidth b : bandwidths) Objects.requireNonNull(b, "TokenBucket: bandwidth is null");
    if (bandwidths.isEmpty()) {
      throw new IllegalArgumentException("TokenBucket: at least one bandwidth is needed");
    }
    return List.copyOf(bandwidths);
  }
}
