package dev.weft.redis;

import dev.weft.resilience.ratelimit.RateLimiter;
import java.time.Duration;
import java.util.Objects;

/**
 * What a Redis limiter decides when Redis cannot be asked in time: it is down, it did not answer
 * within {@link RedisConfig#timeout()}, or the connection's circuit breaker is open (then Redis is
 * not even called, and the policy applies at once). The next decision asks Redis again, so the
 * limiter goes back to the shared limit by itself as soon as Redis answers.
 *
 * <ul>
 *   <li>{@link #failOpen()}: admit. The protected service is not taken down with Redis, at the
 *       price of no limit while Redis is away. The default of {@link RedisRateLimiters}.
 *   <li>{@link #failClosed()}: refuse, with a retry-after. Nothing gets through unlimited; use it
 *       where admitting too much is worse than admitting nothing (login attempts, costly calls).
 *   <li>{@link #fallBackTo(RateLimiter)}: ask a local limiter of this process instead, one that
 *       holds this process's share of the limit (with {@code k} processes, {@code limit / k}). The
 *       whole stays about within the limit, and each process keeps working.
 * </ul>
 *
 * <pre>{@code
 * RateLimiter local = RateLimiter.perSecond(100 / instances);
 * RateLimiter api = RedisRateLimiters.on(redis)
 *     .withFailurePolicy(RedisFailurePolicy.fallBackTo(local))
 *     .tokenBucket("api", Bandwidth.perSecond(100));
 * }</pre>
 *
 * <p>A waiting call ({@code acquire}, a timed {@code tryAcquire}) that meets a failure takes the
 * policy's answer as if it were Redis's: admitted, or limited for the retry-after, after which it
 * asks Redis again.
 */
public sealed interface RedisFailurePolicy {

  /**
   * Admit every request while Redis is unavailable.
   *
   * @return the fail-open policy
   */
  static RedisFailurePolicy failOpen() {
    return FailOpen.INSTANCE;
  }

  /**
   * Refuse every request while Redis is unavailable, with a retry-after of 1 s.
   *
   * @return the fail-closed policy
   */
  static RedisFailurePolicy failClosed() {
    return new FailClosed(Duration.ofSeconds(1));
  }

  /**
   * Refuse every request while Redis is unavailable.
   *
   * @param retryAfter the retry-after of each refusal; positive
   * @return the fail-closed policy
   * @throws IllegalArgumentException if {@code retryAfter} is not positive
   * @throws NullPointerException if {@code retryAfter} is null
   */
  static RedisFailurePolicy failClosed(Duration retryAfter) {
    return new FailClosed(retryAfter);
  }

  /**
   * Ask {@code local} while Redis is unavailable.
   *
   * @param local a limiter of this process, holding its share of the limit; its capacity should be
   *     at least the largest request made, or such a request fails with its {@link
   *     IllegalArgumentException}
   * @return the fall-back policy
   * @throws NullPointerException if {@code local} is null
   */
  static RedisFailurePolicy fallBackTo(RateLimiter local) {
    return new FallBack(local);
  }

  /** Admit while Redis is unavailable. */
  record FailOpen() implements RedisFailurePolicy {
    static final FailOpen INSTANCE = new FailOpen();
  }

  /**
   * Refuse while Redis is unavailable.
   *
   * @param retryAfter the retry-after of each refusal; positive
   */
  record FailClosed(Duration retryAfter) implements RedisFailurePolicy {

    /**
     * Validates the retry-after.
     *
     * @throws IllegalArgumentException if {@code retryAfter} is not positive
     * @throws NullPointerException if {@code retryAfter} is null
     */
    public FailClosed {
      Objects.requireNonNull(retryAfter, "RedisFailurePolicy: retryAfter is null");
      if (retryAfter.isNegative() || retryAfter.isZero()) {
        throw new IllegalArgumentException(
            "RedisFailurePolicy: retryAfter must be positive, was " + retryAfter);
      }
    }
  }

  /**
   * Ask a local limiter while Redis is unavailable.
   *
   * @param local the limiter of this process
   */
  record FallBack(RateLimiter local) implements RedisFailurePolicy {

    /**
     * Validates the limiter.
     *
     * @throws NullPointerException if {@code local} is null
     */
    public FallBack {
      Objects.requireNonNull(local, "RedisFailurePolicy: local limiter is null");
    }
  }
}
