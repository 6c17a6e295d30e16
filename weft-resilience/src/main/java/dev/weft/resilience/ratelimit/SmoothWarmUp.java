package dev.weft.resilience.ratelimit;

import dev.weft.context.Context;
import dev.weft.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * A rate limiter that spaces permits evenly at a stable rate and, after it has been idle, starts
 * slower and warms up to that rate: for a service whose caches or connections must warm up before
 * it takes full load.
 *
 * <p><b>Mental model.</b> Permits are spaced out, never handed out in bursts: a request is admitted
 * once the interval paid for the request before it has passed, and then its own interval runs (the
 * cost of a request is paid by the one after it, so a request for {@code n} permits is admitted as
 * soon as the limiter is free, and the next one waits for all {@code n}). How long a permit's
 * interval is depends on how cold the limiter is, measured in <i>stored permits</i> {@code s},
 * from 0 (hot) to {@code max} (cold):
 *
 * <ul>
 *   <li>The interval of a permit taken at level {@code s} rises linearly from the stable interval
 *       {@code stable = 1 / permitsPerSecond} at {@code s = 0} to {@code cold = coldFactor ×
 *       stable} at {@code s = max}: {@code interval(s) = stable + (cold - stable) × s / max}.
 *   <li>Each permit taken uses up one stored permit while there are any, and its cost is the
 *       integral of {@code interval} over the stored permits it used; permits taken with none
 *       stored cost {@code stable}. A request for {@code n} at level {@code s} uses {@code k =
 *       min(n, s)} and costs {@code n × stable + (cold - stable) / max × k × (2s - k) / 2}.
 *   <li>Taking permits back to back from cold uses up every stored permit in {@code ∫[0, max]
 *       interval = max × (stable + cold) / 2}; that is the warm-up period, so {@code max = 2 ×
 *       warmUpPeriod / (stable + cold)}. Over the warm-up period the rate thus climbs from {@code
 *       permitsPerSecond / coldFactor} to {@code permitsPerSecond}, the interval falling linearly
 *       with each permit taken.
 *   <li>Idle time (the limiter free and nobody asking) stores {@code max / warmUpPeriod} permits
 *       per unit of time, up to {@code max}: after being idle for the warm-up period the limiter
 *       is cold again. A new limiter is cold.
 * </ul>
 *
 * <p>A cold factor of 1 makes every interval stable: the limiter then spaces permits at the
 * stable rate from the start.
 *
 * <pre>{@code
 * // 100 per second once warm; a cold start admits 33 per second and warms up over 10 s
 * SmoothWarmUp limiter = SmoothWarmUp.of(100, Duration.ofSeconds(10));
 * limiter.acquire(1, ctx);
 * callTheService();
 * }</pre>
 *
 * <p><b>Fairness.</b> Strictly first come, first served: a request that must wait takes its place
 * and its permits at once, later requests wait behind it whatever their sizes, and {@link
 * #tryAcquire(int)} fails while anyone is in line. A waiter that gives up (interrupt, context
 * done, a timeout made unreachable by a rate change) or a reservation cancelled before its time
 * leaves the limiter as if it had never come: the requests behind it are re-timed from the state
 * before it, including the cooling of any idle time its absence creates.
 *
 * <p><b>Changing the rate.</b> {@link #setRate} applies from the moment it is called: the limiter
 * keeps how cold it is (the share {@code s / max}), a request already admitted keeps the interval
 * it was charged, and every waiter keeps its place and is re-timed at the new rate and woken.
 *
 * <p><b>Time.</b> Measured on the injected {@link Clock} ({@link Clock#system()} by default) in
 * nanoseconds. Intervals and stored permits are floating-point; the next free time is a whole
 * clock reading plus a fraction, so intervals that are not whole nanoseconds do not drift, and an
 * admission time is rounded up to the next whole nanosecond. Rates run up to 10^9 per second, and
 * down to where the cold interval, {@code coldFactor / permitsPerSecond}, reaches about 292 years
 * (one permit per day is far inside that range).
 *
 * <p><b>Memory.</b> Estimated from the object layout on a 64-bit JVM with compressed pointers: a
 * limiter takes about 250 bytes, and each waiter or pending reservation about 200 bytes while it
 * is in line. {@code tryAcquire} and an admitted {@code decide} allocate nothing; they take a
 * lock, uncontended in the common case.
 *
 * <p><b>Memory consistency effects:</b> a rate limiter orders nothing between the callers it
 * admits. Actions in a thread prior to {@link #setRate} <i>happen-before</i> every decision that
 * uses the new rate; actions prior to giving permits back (cancelling a reservation, a wait that
 * ends without its permits) happen-before the admission of a caller re-timed by it.
 *
 * <p>All methods are thread-safe. A limiter needs no closing.
 */
public final class SmoothWarmUp implements RateLimiter {

  /*
   * Implementation notes. This class checks arguments and maps the RateLimiter family onto a
   * PacedLine (the lock, the FIFO line, give-back by replay and re-timing) driven by a WarmUpPace
   * (the arithmetic above). The model follows the shape of Guava's SmoothWarmingUp (stored
   * permits that cost more the colder the limiter, paid by the next request) but not its curve:
   * there is no flat stretch below a threshold, and idle time refills the stored permits at the
   * rate that brings a hot limiter back to cold in one warm-up period. Unlike Guava, waits are
   * interruptible and context-aware, waiters are served FIFO and re-timed when one leaves or the
   * rate changes. See docs/adr/0024-warm-up-and-leaky-queue.md.
   */

  private static final String TYPE = "SmoothWarmUp";

  private final Clock clock;
  private final PacedLine line;
  private final Duration warmUpPeriod;
  private final double coldFactor;
  private volatile double permitsPerSecond;

  private SmoothWarmUp(Clock clock, double permitsPerSecond, Duration warmUpPeriod, double coldFactor) {
    this.clock = clock;
    this.warmUpPeriod = warmUpPeriod;
    this.coldFactor = coldFactor;
    this.permitsPerSecond = permitsPerSecond;
    this.line =
        new PacedLine(
            clock,
            WarmUpPace.cold(
                stable(permitsPerSecond, coldFactor),
                coldFactor,
                (double) warmUpPeriod.toNanos(),
                clock.nanoTime()));
  }

  /**
   * A new, cold limiter on the system clock with a cold factor of 3.
   *
   * @param permitsPerSecond the stable rate; positive, at most 10^9
   * @param warmUpPeriod how long permits taken back to back take to warm a cold limiter up;
   *     positive
   * @return the new limiter
   * @throws IllegalArgumentException if a value is out of range
   * @throws NullPointerException if {@code warmUpPeriod} is null
   */
  public static SmoothWarmUp of(double permitsPerSecond, Duration warmUpPeriod) {
    return of(Clock.system(), permitsPerSecond, warmUpPeriod, 3);
  }

  /**
   * A new, cold limiter measuring time on {@code clock} (a {@link dev.weft.time.FakeClock} in
   * tests) with a cold factor of 3.
   *
   * @param clock the clock
   * @param permitsPerSecond the stable rate; positive, at most 10^9
   * @param warmUpPeriod how long permits taken back to back take to warm a cold limiter up;
   *     positive
   * @return the new limiter
   * @throws IllegalArgumentException if a value is out of range
   * @throws NullPointerException if {@code clock} or {@code warmUpPeriod} is null
   */
  public static SmoothWarmUp of(Clock clock, double permitsPerSecond, Duration warmUpPeriod) {
    return of(clock, permitsPerSecond, warmUpPeriod, 3);
  }

  /**
   * A new, cold limiter measuring time on {@code clock}.
   *
   * @param clock the clock
   * @param permitsPerSecond the stable rate; positive, at most 10^9
   * @param warmUpPeriod how long permits taken back to back take to warm a cold limiter up;
   *     positive, at most about 292 years
   * @param coldFactor how many times longer than the stable interval the interval of a cold
   *     limiter is; at least 1, and the cold interval must stay below 2^63 ns
   * @return the new limiter
   * @throws IllegalArgumentException if a value is out of range
   * @throws NullPointerException if {@code clock} or {@code warmUpPeriod} is null
   */
  public static SmoothWarmUp of(
      Clock clock, double permitsPerSecond, Duration warmUpPeriod, double coldFactor) {
    Objects.requireNonNull(clock, "SmoothWarmUp: clock is null");
    Objects.requireNonNull(warmUpPeriod, "SmoothWarmUp: warmUpPeriod is null");
    if (warmUpPeriod.isNegative() || warmUpPeriod.isZero()) {
      throw new IllegalArgumentException(
          "SmoothWarmUp: warmUpPeriod must be positive, was " + warmUpPeriod);
    }
    if (Bandwidth.periodNanos(warmUpPeriod) == Long.MAX_VALUE) {
      throw new IllegalArgumentException(
          "SmoothWarmUp: warmUpPeriod must be at most "
              + Duration.ofNanos(Long.MAX_VALUE - 1)
              + ", was "
              + warmUpPeriod);
    }
    if (!(coldFactor >= 1) || Double.isInfinite(coldFactor)) {
      throw new IllegalArgumentException(
          "SmoothWarmUp: coldFactor must be >= 1 and finite, was " + coldFactor);
    }
    stable(permitsPerSecond, coldFactor);
    return new SmoothWarmUp(clock, permitsPerSecond, warmUpPeriod, coldFactor);
  }

  /** The stable interval in ns, after checking the rate against the cold factor. */
  private static double stable(double permitsPerSecond, double coldFactor) {
    if (!(permitsPerSecond > 0) || Double.isInfinite(permitsPerSecond)) {
      throw new IllegalArgumentException(
          "SmoothWarmUp: permitsPerSecond must be positive and finite, was " + permitsPerSecond);
    }
    if (permitsPerSecond > 1e9) {
      throw new IllegalArgumentException(
          "SmoothWarmUp: permitsPerSecond must be at most 1e9 (one per nanosecond), was "
              + permitsPerSecond);
    }
    double stable = 1e9 / permitsPerSecond;
    if (!(stable * coldFactor < 0x1p63)) {
      throw new IllegalArgumentException(
          "SmoothWarmUp: the cold interval coldFactor / permitsPerSecond must stay below 2^63 ns,"
              + " was "
              + coldFactor
              + " / "
              + permitsPerSecond);
    }
    return stable;
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

  @Override
  public void acquire(int n) throws InterruptedException {
    checkPermits(n);
    if (Thread.interrupted()) throw new InterruptedException();
    line.await(n, Long.MAX_VALUE, null);
  }

  @Override
  public void acquire(int n, Context ctx) throws InterruptedException {
    if (ctx == null) throw new NullPointerException("SmoothWarmUp: context is null");
    checkPermits(n);
    if (Thread.interrupted()) throw new InterruptedException();
    ctx.throwIfDone();
    line.await(n, Long.MAX_VALUE, ctx);
  }

  @Override
  public boolean tryAcquire(int n, Duration timeout) throws InterruptedException {
    if (timeout == null) throw new NullPointerException("SmoothWarmUp: timeout is null");
    checkPermits(n);
    if (Thread.interrupted()) throw new InterruptedException();
    long maxWait = Bandwidth.periodNanos(timeout);
    if (maxWait <= 0) return line.tryTake(n);
    return line.await(n, maxWait, null) == PacedLine.ADMITTED;
  }

  @Override
  public Reservation reserve(int n) {
    checkPermits(n);
    Reservation r = line.reserve(n);
    return r == null ? Used.INSTANCE : r;
  }

  // ---- SmoothWarmUp ----

  /**
   * Changes the stable rate from now on; the warm-up period and cold factor stay. The limiter
   * keeps how cold it is, a request already admitted keeps the interval it was charged, and every
   * waiter keeps its place, is re-timed at the new rate and woken: it may now be admitted, or a
   * timed wait may give up when its turn has moved past its timeout.
   *
   * @param permitsPerSecond the new stable rate; positive, at most 10^9
   * @throws IllegalArgumentException if the rate is out of range
   */
  public void setRate(double permitsPerSecond) {
    double stable = stable(permitsPerSecond, coldFactor);
    line.rebase(
        (before, now) -> {
          this.permitsPerSecond = permitsPerSecond;
          return ((WarmUpPace) before).withStable(stable, now);
        });
  }

  /**
   * The stable rate in force.
   *
   * @return permits per second once warm
   */
  public double rate() {
    return permitsPerSecond;
  }

  /**
   * The warm-up period.
   *
   * @return how long permits taken back to back take to warm a cold limiter up
   */
  public Duration warmUpPeriod() {
    return warmUpPeriod;
  }

  /**
   * The cold factor.
   *
   * @return how many times the stable interval the interval of a cold limiter is
   */
  public double coldFactor() {
    return coldFactor;
  }

  /**
   * How cold the limiter is now: its stored permits over the most it can store, from 0 (hot) to
   * 1 (cold), counting the idle time until now. A snapshot, for monitoring and tests.
   *
   * @return from 0 (hot) to 1 (cold)
   */
  public double coldness() {
    long now = clock.nanoTime();
    return line.read(
        p -> {
          WarmUpPace w = ((WarmUpPace) p).withStable(((WarmUpPace) p).stable, now);
          return Math.min(1, w.stored / w.max);
        });
  }

  /**
   * The number of acquirers waiting and reservations whose time has not come.
   *
   * @return the number of acquirers waiting and reservations whose time has not come
   */
  public int queued() {
    return line.queued();
  }

  @Override
  public String toString() {
    return "SmoothWarmUp[rate="
        + permitsPerSecond
        + "/s, warmUpPeriod="
        + warmUpPeriod
        + ", coldFactor="
        + coldFactor
        + ", queued="
        + queued()
        + "]";
  }

  private static void checkPermits(int n) {
    if (n <= 0) throw new IllegalArgumentException(TYPE + ": n must be > 0, was " + n);
  }
}
