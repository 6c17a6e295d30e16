package dev.weft.resilience.bulkhead;

import dev.weft.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The configuration of an {@link AdaptiveBulkhead}: an immutable value validated on construction.
 * Start from {@link #defaults()} and change what you need:
 *
 * <pre>{@code
 * AdaptiveBulkheadConfig config = AdaptiveBulkheadConfig.defaults().withName("search")
 *     .withLimits(2, 10, 50).withLatencyTarget(Duration.ofMillis(200));
 * }</pre>
 *
 * <p>{@link #defaults()}: named {@code "adaptive-bulkhead"}, limit from 1 to 100 starting at 10,
 * latency target 100 ms, decrease factor 0.75, no waiting, the system clock.
 *
 * @param name names the bulkhead in {@link BulkheadFullException} and {@code toString}; not blank
 * @param minLimit the lowest the limit goes; {@code >= 1}
 * @param initialLimit the limit of a new bulkhead; {@code minLimit <= initialLimit <= maxLimit}
 * @param maxLimit the highest the limit goes; {@code >= minLimit}
 * @param latencyTarget a call that succeeds within it counts towards an increase; a slower one
 *     decreases the limit; {@code > 0}
 * @param decreaseFactor the limit is multiplied by it (rounded down) on an error or a slow call;
 *     {@code > 0} and {@code < 1}
 * @param maxWait how long a call waits for room before it is rejected; {@code >= 0}
 * @param clock the clock that times the calls
 */
public record AdaptiveBulkheadConfig(
    String name,
    int minLimit,
    int initialLimit,
    int maxLimit,
    Duration latencyTarget,
    double decreaseFactor,
    Duration maxWait,
    Clock clock) {

  /**
   * Validates every component.
   *
   * @throws IllegalArgumentException if a component is out of the range stated above
   * @throws NullPointerException if a component is null
   */
  public AdaptiveBulkheadConfig {
    Objects.requireNonNull(name, "AdaptiveBulkheadConfig: name is null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("AdaptiveBulkheadConfig: name must not be blank");
    }
    if (minLimit < 1) {
      throw new IllegalArgumentException(
          "AdaptiveBulkheadConfig: minLimit must be >= 1, was " + minLimit);
    }
    if (maxLimit < minLimit) {
      throw new IllegalArgumentException(
          "AdaptiveBulkheadConfig: maxLimit must be >= minLimit (" + minLimit + "), was "
              + maxLimit);
    }
    if (initialLimit < minLimit || initialLimit > maxLimit) {
      throw new IllegalArgumentException(
          "AdaptiveBulkheadConfig: initialLimit must be within ["
              + minLimit
              + ", "
              + maxLimit
              + "], was "
              + initialLimit);
    }
    Objects.requireNonNull(latencyTarget, "AdaptiveBulkheadConfig: latencyTarget is null");
    if (latencyTarget.isNegative() || latencyTarget.isZero()) {
      throw new IllegalArgumentException(
          "AdaptiveBulkheadConfig: latencyTarget must be > 0, was " + latencyTarget);
    }
    if (!(decreaseFactor > 0 && decreaseFactor < 1)) {
      throw new IllegalArgumentException(
          "AdaptiveBulkheadConfig: decreaseFactor must be > 0 and < 1, was " + decreaseFactor);
    }
    Objects.requireNonNull(maxWait, "AdaptiveBulkheadConfig: maxWait is null");
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException(
          "AdaptiveBulkheadConfig: maxWait must be >= 0, was " + maxWait);
    }
    Objects.requireNonNull(clock, "AdaptiveBulkheadConfig: clock is null");
  }

  /**
   * Named {@code "adaptive-bulkhead"}, limit 1 to 100 from 10, target 100 ms, factor 0.75, no
   * waiting, system clock.
   *
   * @return the default configuration
   */
  public static AdaptiveBulkheadConfig defaults() {
    return new AdaptiveBulkheadConfig(
        "adaptive-bulkhead", 1, 10, 100, Duration.ofMillis(100), 0.75, Duration.ZERO,
        Clock.system());
  }

  /**
   * A copy with {@link #name()} replaced.
   *
   * @param name the new name
   * @return the copy, validated as by the constructor
   */
  public AdaptiveBulkheadConfig withName(String name) {
    return new AdaptiveBulkheadConfig(
        name, minLimit, initialLimit, maxLimit, latencyTarget, decreaseFactor, maxWait, clock);
  }

  /**
   * A copy with the three limits replaced.
   *
   * @param minLimit the lowest limit
   * @param initialLimit the starting limit
   * @param maxLimit the highest limit
   * @return the copy, validated as by the constructor
   */
  public AdaptiveBulkheadConfig withLimits(int minLimit, int initialLimit, int maxLimit) {
    return new AdaptiveBulkheadConfig(
        name, minLimit, initialLimit, maxLimit, latencyTarget, decreaseFactor, maxWait, clock);
  }

  /**
   * A copy with {@link #latencyTarget()} replaced.
   *
   * @param latencyTarget the latency under which a success counts towards an increase
   * @return the copy, validated as by the constructor
   */
  public AdaptiveBulkheadConfig withLatencyTarget(Duration latencyTarget) {
    return new AdaptiveBulkheadConfig(
        name, minLimit, initialLimit, maxLimit, latencyTarget, decreaseFactor, maxWait, clock);
  }

  /**
   * A copy with {@link #decreaseFactor()} replaced.
   *
   * @param decreaseFactor the factor applied to the limit on an error or a slow call
   * @return the copy, validated as by the constructor
   */
  public AdaptiveBulkheadConfig withDecreaseFactor(double decreaseFactor) {
    return new AdaptiveBulkheadConfig(
        name, minLimit, initialLimit, maxLimit, latencyTarget, decreaseFactor, maxWait, clock);
  }

  /**
   * A copy with {@link #maxWait()} replaced.
   *
   * @param maxWait how long a call waits for room
   * @return the copy, validated as by the constructor
   */
  public AdaptiveBulkheadConfig withMaxWait(Duration maxWait) {
    return new AdaptiveBulkheadConfig(
        name, minLimit, initialLimit, maxLimit, latencyTarget, decreaseFactor, maxWait, clock);
  }

  /**
   * A copy timed on {@code clock}.
   *
   * @param clock the clock that times the calls
   * @return the copy, validated as by the constructor
   */
  public AdaptiveBulkheadConfig withClock(Clock clock) {
    return new AdaptiveBulkheadConfig(
        name, minLimit, initialLimit, maxLimit, latencyTarget, decreaseFactor, maxWait, clock);
  }
}
