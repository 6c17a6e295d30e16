package dev.weft.resilience.throttle;

import dev.weft.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The configuration of a {@link Throttler} and of the channel form {@link
 * Throttle#throttle(dev.weft.chan.ReceiveChannel, ThrottleConfig, dev.weft.context.Context)
 * Throttle.throttle}: an immutable value validated on construction.
 *
 * <pre>{@code
 * ThrottleConfig config = ThrottleConfig.of(Duration.ofSeconds(1)).withTrailing(false);
 * }</pre>
 *
 * <p>{@link #defaults()}: an interval of 100 ms, with the trailing call, the system clock.
 *
 * @param interval the shortest time between two calls; {@code > 0}
 * @param trailing whether an event that arrives during an interval is delivered (the latest one)
 *     when the interval ends; if {@code false} such events are dropped
 * @param clock the clock that measures {@code interval}
 */
public record ThrottleConfig(Duration interval, boolean trailing, Clock clock) {

  /**
   * Validates every component.
   *
   * @throws IllegalArgumentException if {@code interval} is not positive
   * @throws NullPointerException if a component is null
   */
  public ThrottleConfig {
    Objects.requireNonNull(interval, "ThrottleConfig: interval is null");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("ThrottleConfig: interval must be > 0, was " + interval);
    }
    Objects.requireNonNull(clock, "ThrottleConfig: clock is null");
  }

  /**
   * An interval of 100 ms, with the trailing call, the system clock.
   *
   * @return the default configuration
   */
  public static ThrottleConfig defaults() {
    return of(Duration.ofMillis(100));
  }

  /**
   * The given interval, with the trailing call, the system clock.
   *
   * @param interval the shortest time between two calls
   * @return the configuration
   * @throws IllegalArgumentException if {@code interval} is not positive
   * @throws NullPointerException if {@code interval} is null
   */
  public static ThrottleConfig of(Duration interval) {
    return new ThrottleConfig(interval, true, Clock.system());
  }

  /**
   * A copy with {@link #interval()} replaced; validated as by the constructor.
   *
   * @param interval the shortest time between two calls
   * @return the copy
   * @throws IllegalArgumentException if {@code interval} is not positive
   * @throws NullPointerException if {@code interval} is null
   */
  public ThrottleConfig withInterval(Duration interval) {
    return new ThrottleConfig(interval, trailing, clock);
  }

  /**
   * A copy with {@link #trailing()} replaced.
   *
   * @param trailing whether the latest event of an interval is delivered when it ends
   * @return the copy
   */
  public ThrottleConfig withTrailing(boolean trailing) {
    return new ThrottleConfig(interval, trailing, clock);
  }

  /**
   * A copy with {@link #clock()} replaced.
   *
   * @param clock the clock that measures the interval
   * @return the copy
   * @throws NullPointerException if {@code clock} is null
   */
  public ThrottleConfig withClock(Clock clock) {
    return new ThrottleConfig(interval, trailing, clock);
  }
}
