package dev.weft.resilience.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * One limit of a {@link TokenBucket}: a bucket of {@code capacity} tokens refilled with {@code
 * refillTokens} every {@code refillPeriod}, starting with {@code initialTokens}. A bucket may hold
 * several bandwidths at once (100 per second <i>and</i> 1,000 per minute); a request must fit
 * every one of them.
 *
 * <pre>{@code
 * Bandwidth perSecond = Bandwidth.perSecond(100);                        // 100/s, bursts of 100
 * Bandwidth perMinute = Bandwidth.of(1_000, Duration.ofMinutes(1))
 *     .withRefill(Bandwidth.Refill.INTERVAL);                            // 1,000 at each minute
 * }</pre>
 *
 * <p>Rates run from one token per {@code Long.MAX_VALUE - 1} nanoseconds (about 292 years) to one
 * token per nanosecond (10^9 per second). For a greedy refill, after {@code refillTokens} and the
 * period in nanoseconds are divided by their greatest common divisor, their product must also
 * stay below 2^63, so that the bucket's arithmetic is exact and never overflows (1,000,000 per day
 * reduces to 1 per 86.4 ms and is fine; 999,983 per day, a prime, is not).
 *
 * @param capacity the most tokens the bucket holds, the largest burst; at least 1
 * @param refillTokens how many tokens are added per {@code refillPeriod}; at least 1
 * @param refillPeriod the period over which {@code refillTokens} are added; at least 1 ns
 * @param refill how tokens are added within a period
 * @param initialTokens the tokens in the bucket when it is created, from 0 to {@code capacity}
 */
public record Bandwidth(
    long capacity, long refillTokens, Duration refillPeriod, Refill refill, long initialTokens) {

  /** How the tokens of a period are added. */
  public enum Refill {
    /** Continuously: one token every {@code refillPeriod / refillTokens}, as soon as it is due. */
    GREEDY,
    /** All {@code refillTokens} at once, at the end of each period since the bucket was created. */
    INTERVAL
  }

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if a number is out of range, the period is longer than about
   *     292 years, or the rate is too fine (see the class description)
   * @throws NullPointerException if {@code refillPeriod} or {@code refill} is null
   */
  public Bandwidth {
    Objects.requireNonNull(refillPeriod, "Bandwidth: refillPeriod is null");
    Objects.requireNonNull(refill, "Bandwidth: refill is null");
    if (capacity <= 0) {
      throw new IllegalArgumentException("Bandwidth: capacity must be > 0, was " + capacity);
    }
    if (refillTokens <= 0) {
      throw new IllegalArgumentException("Bandwidth: refillTokens must be > 0, was " + refillTokens);
    }
    if (refillPeriod.isNegative() || refillPeriod.isZero()) {
      throw new IllegalArgumentException(
          "Bandwidth: refillPeriod must be positive, was " + refillPeriod);
    }
    if (initialTokens < 0 || initialTokens > capacity) {
      throw new IllegalArgumentException(
          "Bandwidth: initialTokens must be in [0, capacity="
              + capacity
              + "], was "
              + initialTokens);
    }
    long periodNanos = periodNanos(refillPeriod);
    if (periodNanos == Long.MAX_VALUE) {
      throw new IllegalArgumentException(
          "Bandwidth: refillPeriod must be at most "
              + Duration.ofNanos(Long.MAX_VALUE - 1)
              + ", was "
              + refillPeriod);
    }
    long g = gcd(refillTokens, periodNanos);
    long tokens = refillTokens / g;
    long nanos = periodNanos / g;
    if (tokens > nanos) {
      throw new IllegalArgumentException(
          "Bandwidth: rate must be at most one token per nanosecond, was "
              + refillTokens
              + " per "
              + refillPeriod);
    }
    if (refill == Refill.GREEDY && (Math.multiplyHigh(tokens, nanos) != 0 || tokens * nanos < 0)) {
      throw new IllegalArgumentException(
          "Bandwidth: rate "
              + refillTokens
              + " per "
              + refillPeriod
              + " is too fine: reduced tokens × period in ns must stay below 2^63");
    }
  }

  /**
   * {@code tokens} per second, refilled greedily, with a capacity of {@code tokens}, starting full.
   *
   * @param tokens tokens per second, also the capacity; from 1 to 10^9
   * @return the bandwidth
   * @throws IllegalArgumentException if {@code tokens} is out of range
   */
  public static Bandwidth perSecond(long tokens) {
    return of(tokens, Duration.ofSeconds(1));
  }

  /**
   * {@code tokens} per {@code period}, refilled greedily, with a capacity of {@code tokens},
   * starting full.
   *
   * @param tokens tokens per period, also the capacity; at least 1
   * @param period the refill period; at least 1 ns
   * @return the bandwidth
   * @throws IllegalArgumentException if a value is out of range (see the class description)
   * @throws NullPointerException if {@code period} is null
   */
  public static Bandwidth of(long tokens, Duration period) {
    return new Bandwidth(tokens, tokens, period, Refill.GREEDY, tokens);
  }

  /**
   * This bandwidth with another capacity; the initial tokens become {@code min(initialTokens,
   * capacity)}.
   *
   * @param capacity the largest burst; at least 1
   * @return the new bandwidth
   * @throws IllegalArgumentException if {@code capacity <= 0}
   */
  public Bandwidth withCapacity(long capacity) {
    return new Bandwidth(
        capacity, refillTokens, refillPeriod, refill, Math.min(initialTokens, Math.max(0, capacity)));
  }

  /**
   * This bandwidth with another refill style.
   *
   * @param refill how tokens are added within a period
   * @return the new bandwidth
   * @throws NullPointerException if {@code refill} is null
   */
  public Bandwidth withRefill(Refill refill) {
    return new Bandwidth(capacity, refillTokens, refillPeriod, refill, initialTokens);
  }

  /**
   * This bandwidth starting with another number of tokens.
   *
   * @param initialTokens the tokens in a new bucket, from 0 to {@code capacity}
   * @return the new bandwidth
   * @throws IllegalArgumentException if {@code initialTokens} is out of range
   */
  public Bandwidth withInitialTokens(long initialTokens) {
    return new Bandwidth(capacity, refillTokens, refillPeriod, refill, initialTokens);
  }

  static long periodNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}
