package dev.weft.resilience.ratelimit;

import dev.weft.context.Context;
import dev.weft.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The generic cell rate algorithm (GCRA), a leaky bucket used as a meter, with the parameters and
 * the reply of Redis {@code CL.THROTTLE}: {@code countPerPeriod} requests per {@code period},
 * allowing bursts of {@code maxBurst} requests beyond the one being made.
 *
 * <p><b>Mental model.</b> Requests are spaced by the emission interval {@code T = period /
 * countPerPeriod}, rounded down to a whole nanosecond as redis-cell does (3 per second spaces
 * requests 333,333,333 ns apart). The limiter remembers the theoretical arrival time ({@code TAT})
 * of the next request; a request of {@code n} moves it to {@code max(TAT, now) + n × T} and is
 * admitted if that is at most {@code (maxBurst + 1) × T} ahead of now. It runs on the engine of
 * {@link TokenBucket}, counting nanoseconds of credit instead of tokens (a bucket of {@code
 * (maxBurst + 1) × T} ns, refilled one per nanosecond, a request costing {@code n × T}), so it has
 * the whole {@link RateLimiter} family with the same fair, cancellable waiting, and adds {@link
 * #throttle(int)}, which answers with everything rate-limit response headers need. Unlike {@link
 * TokenBucket}, whose tokens arrive on a fixed schedule, GCRA restarts its schedule when the
 * bucket is full.
 *
 * <pre>{@code
 * Gcra limiter = Gcra.of(30, Duration.ofMinutes(1), 15);   // CL.THROTTLE key 15 30 60
 * Gcra.Throttle t = limiter.throttle(1);
 * response.header("X-RateLimit-Limit", t.limit());
 * response.header("X-RateLimit-Remaining", t.remaining());
 * if (t.limited()) response.status(429).header("Retry-After", t.retryAfter().toSeconds() + 1);
 * }</pre>
 *
 * <p><b>Fairness</b>, <b>memory</b> and <b>memory consistency effects</b> are those of {@link
 * TokenBucket}.
 *
 * <p>All methods are thread-safe.
 */
public final class Gcra implements RateLimiter {

  private final TokenBucket bucket;
  private final long limit;

  private Gcra(Clock clock, long limit, long interval) {
    this.limit = limit;
    Bandwidth credit =
        new Bandwidth(
            limit * interval, 1, Duration.ofNanos(1), Bandwidth.Refill.GREEDY, limit * interval);
    this.bucket = TokenBucket.named("Gcra", clock, List.of(credit), interval);
  }

  /** The emission interval in ns, after checking the arguments. */
  private static long interval(long countPerPeriod, Duration period, long maxBurst) {
    Objects.requireNonNull(period, "Gcra: period is null");
    if (countPerPeriod <= 0) {
      throw new IllegalArgumentException("Gcra: countPerPeriod must be > 0, was " + countPerPeriod);
    }
    if (maxBurst < 0) {
      throw new IllegalArgumentException("Gcra: maxBurst must be >= 0, was " + maxBurst);
    }
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("Gcra: period must be positive, was " + period);
    }
    long periodNanos = Bandwidth.periodNanos(period);
    if (periodNanos == Long.MAX_VALUE) {
      throw new IllegalArgumentException(
          "Gcra: period must be at most "
              + Duration.ofNanos(Long.MAX_VALUE - 1)
              + ", was "
              + period);
    }
    long interval = periodNanos / countPerPeriod;
    if (interval == 0) {
      throw new IllegalArgumentException(
          "Gcra: rate must be at most one request per nanosecond, was "
              + countPerPeriod
              + " per "
              + period);
    }
    if (maxBurst >= Long.MAX_VALUE / interval - 1) {
      throw new IllegalArgumentException(
          "Gcra: (maxBurst + 1) × emission interval must stay below 2^63 ns, was ("
              + maxBurst
              + " + 1) × "
              + interval);
    }
    return interval;
  }

  /**
   * A new limiter on the system clock, with its whole burst available.
   *
   * @param countPerPeriod requests admitted per period on average; at least 1
   * @param period the period; at least 1 ns
   * @param maxBurst requests admitted at once beyond the one being made; at least 0
   * @return the new limiter
   * @throws IllegalArgumentException if a value is out of range, the emission interval is below 1
   *     ns, or {@code (maxBurst + 1) × interval} does not fit in 2^63 ns
   * @throws NullPointerException if {@code period} is null
   */
  public static Gcra of(long countPerPeriod, Duration period, long maxBurst) {
    return of(Clock.system(), countPerPeriod, period, maxBurst);
  }

  /**
   * A new limiter measuring time on {@code clock}, with its whole burst available.
   *
   * @param clock the clock
   * @param countPerPeriod requests admitted per period on average; at least 1
   * @param period the period; at least 1 ns
   * @param maxBurst requests admitted at once beyond the one being made; at least 0
   * @return the new limiter
   * @throws IllegalArgumentException if a value is out of range, the emission interval is below 1
   *     ns, or {@code (maxBurst + 1) × interval} does not fit in 2^63 ns
   * @throws NullPointerException if {@code clock} or {@code period} is null
   */
  public static Gcra of(Clock clock, long countPerPeriod, Duration period, long maxBurst) {
    Objects.requireNonNull(clock, "Gcra: clock is null");
    long interval = interval(countPerPeriod, period, maxBurst);
    return new Gcra(clock, maxBurst + 1, interval);
  }

  /**
   * The reply of {@link #throttle(int)}, field for field that of {@code CL.THROTTLE}.
   *
   * @param limited whether the request was refused (nothing was taken then)
   * @param limit the most requests admitted at once, {@code maxBurst + 1}
   * @param remaining how many more single requests would be admitted right now
   * @param retryAfter how long until the request would be admitted; {@link Duration#ZERO} when it
   *     was admitted
   * @param resetAfter how long until the limiter is back to its full burst
   */
  public record Throttle(
      boolean limited, long limit, long remaining, Duration retryAfter, Duration resetAfter) {}

  /**
   * Takes {@code n} permits if they are available now, and reports the limiter's state as {@code
   * CL.THROTTLE} does. Never blocks. {@code remaining} and {@code resetAfter} are read just after
   * the decision: under concurrent use they are a snapshot.
   *
   * @param n the number of permits
   * @return the decision and the limiter's state
   * @throws IllegalArgumentException if {@code n <= 0} or {@code n > limit}
   */
  public Throttle throttle(int n) {
    Decision d = decide(n);
    long remaining = Math.max(0, bucket.available());
    Duration reset = bucket.untilFull();
    return switch (d) {
      case Decision.Admitted a -> new Throttle(false, limit, remaining, Duration.ZERO, reset);
      case Decision.Limited l -> new Throttle(true, limit, remaining, l.retryAfter(), reset);
    };
  }

  /**
   * The most requests admitted at once, {@code maxBurst + 1}.
   *
   * @return {@code maxBurst + 1}
   */
  public long limit() {
    return limit;
  }

  @Override
  public boolean tryAcquire(int n) {
    return bucket.tryAcquire(n);
  }

  @Override
  public void acquire(int n) throws InterruptedException {
    bucket.acquire(n);
  }

  @Override
  public void acquire(int n, Context ctx) throws InterruptedException {
    bucket.acquire(n, ctx);
  }

  @Override
  public boolean tryAcquire(int n, Duration timeout) throws InterruptedException {
    return bucket.tryAcquire(n, timeout);
  }

  @Override
  public Decision decide(int n) {
    return bucket.decide(n);
  }

  @Override
  public Reservation reserve(int n) {
    return bucket.reserve(n);
  }

  @Override
  public String toString() {
    return "Gcra[limit=" + limit + ", bucket=" + bucket + "]";
  }
}
