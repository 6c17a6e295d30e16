package dev.weft.resilience.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@link RateLimiter#decide(int)} answers: the permits were {@linkplain Admitted admitted}
 * (and taken), or the request is {@linkplain Limited limited} and may be retried after a delay,
 * the value an HTTP 429 response puts in its {@code Retry-After} header.
 *
 * <pre>{@code
 * switch (limiter.decide(1)) {
 *   case Decision.Admitted a -> handle(request);
 *   case Decision.Limited l -> reject(429, l.retryAfter());
 * }
 * }</pre>
 */
public sealed interface Decision {

  /**
   * The permits were taken.
   *
   * @return the permits were taken
   */
  static Decision admitted() {
    return Admitted.INSTANCE;
  }

  /**
   * Whether the permits were taken.
   *
   * @return whether the permits were taken
   */
  boolean isAdmitted();

  /** The permits were taken. Every admission is this one instance. */
  record Admitted() implements Decision {
    static final Admitted INSTANCE = new Admitted();

    /**
     * Always {@code true}.
     *
     * @return {@code true}
     */
    @Override
    public boolean isAdmitted() {
      return true;
    }
  }

  /**
   * The permits were not taken; nothing changed in the limiter.
   *
   * @param retryAfter how long from the decision until the same request would be admitted if
   *     nothing else took permits meanwhile; positive
   */
  record Limited(Duration retryAfter) implements Decision {

    /**
     * Validates the delay.
     *
     * @throws IllegalArgumentException if {@code retryAfter} is zero or negative
     * @throws NullPointerException if {@code retryAfter} is null
     */
    public Limited {
      Objects.requireNonNull(retryAfter, "Limited: retryAfter is null");
      if (retryAfter.isNegative() || retryAfter.isZero()) {
        throw new IllegalArgumentException("Limited: retryAfter must be positive, was " + retryAfter);
      }
    }

    /**
     * Always {@code false}.
     *
     * @return {@code false}
     */
    @Override
    public boolean isAdmitted() {
      return false;
    }
  }
}
