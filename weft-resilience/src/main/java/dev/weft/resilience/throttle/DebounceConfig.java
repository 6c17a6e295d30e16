package dev.weft.resilience.throttle;

import dev.weft.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The configuration of a {@link Debouncer} and of the channel form {@link
 * Throttle#debounce(dev.weft.chan.ReceiveChannel, DebounceConfig, dev.weft.context.Context)
 * Throttle.debounce}: an immutable value validated on construction.
 *
 * <pre>{@code
 * DebounceConfig config = DebounceConfig.of(Duration.ofMillis(300))
 *     .withEdge(Edge.BOTH)
 *     .withMaxWait(Duration.ofSeconds(2));
 * }</pre>
 *
 * <p>{@link #defaults()}: a quiet period of 100 ms, {@link Edge#TRAILING}, no maximum wait, the
 * system clock.
 *
 * @param quietPeriod how long a burst must be quiet before it ends (lodash's {@code wait}); {@code
 *     > 0}
 * @param maxWait if present, the longest a steady stream of events goes without a call: a call is
 *     made at least this often while events keep coming (see {@link Debouncer}); {@code >=
 *     quietPeriod}
 * @param edge which edges of a burst make a call
 * @param clock the clock that measures {@code quietPeriod} and {@code maxWait}
 */
public record DebounceConfig(
    Duration quietPeriod, Optional<Duration> maxWait, Edge edge, Clock clock) {

  /**
   * Validates every component.
   *
   * @throws IllegalArgumentException if {@code quietPeriod} is not positive, or {@code maxWait} is
   *     present and shorter than {@code quietPeriod}
   * @throws NullPointerException if a component is null
   */
  public DebounceConfig {
    Objects.requireNonNull(quietPeriod, "DebounceConfig: quietPeriod is null");
    if (quietPeriod.isNegative() || quietPeriod.isZero()) {
      throw new IllegalArgumentException(
          "DebounceConfig: quietPeriod must be > 0, was " + quietPeriod);
    }
    Objects.requireNonNull(maxWait, "DebounceConfig: maxWait is null");
    if (maxWait.isPresent() && maxWait.get().compareTo(quietPeriod) < 0) {
      throw new IllegalArgumentException(
          "DebounceConfig: maxWait must be >= quietPeriod (" + quietPeriod + "), was " + maxWait.get());
    }
    Objects.requireNonNull(edge, "DebounceConfig: edge is null");
    Objects.requireNonNull(clock, "DebounceConfig: clock is null");
  }

  /**
   * A quiet period of 100 ms, {@link Edge#TRAILING}, no maximum wait, the system clock.
   *
   * @return the default configuration
   */
  public static DebounceConfig defaults() {
    return of(Duration.ofMillis(100));
  }

  /**
   * The given quiet period, {@link Edge#TRAILING}, no maximum wait, the system clock.
   *
   * @param quietPeriod how long a burst must be quiet before it ends
   * @return the configuration
   * @throws IllegalArgumentException if {@code quietPeriod} is not positive
   * @throws NullPointerException if {@code quietPeriod} is null
   */
  public static DebounceConfig of(Duration quietPeriod) {
    return new DebounceConfig(quietPeriod, Optional.empty(), Edge.TRAILING, Clock.system());
  }

  /**
   * A copy with {@link #quietPeriod()} replaced; validated as by the constructor.
   *
   * @param quietPeriod how long a burst must be quiet before it ends
   * @return the copy
   * @throws IllegalArgumentException if {@code quietPeriod} is not positive or longer than a
   *     present {@code maxWait}
   * @throws NullPointerException if {@code quietPeriod} is null
   */
  public DebounceConfig withQuietPeriod(Duration quietPeriod) {
    return new DebounceConfig(quietPeriod, maxWait, edge, clock);
  }

  /**
   * A copy with a maximum wait; validated as by the constructor.
   *
   * @param maxWait the longest a steady stream of events goes without a call
   * @return the copy
   * @throws IllegalArgumentException if {@code maxWait} is shorter than {@link #quietPeriod()}
   * @throws NullPointerException if {@code maxWait} is null
   */
  public DebounceConfig withMaxWait(Duration maxWait) {
    Objects.requireNonNull(maxWait, "DebounceConfig: maxWait is null");
    return new DebounceConfig(quietPeriod, Optional.of(maxWait), edge, clock);
  }

  /**
   * A copy without a maximum wait: a steady stream of events makes no trailing call until it
   * pauses for {@link #quietPeriod()}.
   *
   * @return the copy
   */
  public DebounceConfig withoutMaxWait() {
    return new DebounceConfig(quietPeriod, Optional.empty(), edge, clock);
  }

  /**
   * A copy with {@link #edge()} replaced.
   *
   * @param edge which edges of a burst make a call
   * @return the copy
   * @throws NullPointerException if {@code edge} is null
   */
  public DebounceConfig withEdge(Edge edge) {
    return new DebounceConfig(quietPeriod, maxWait, edge, clock);
  }

  /**
   * A copy with {@link #clock()} replaced.
   *
   * @param clock the clock that measures the waits
   * @return the copy
   * @throws NullPointerException if {@code clock} is null
   */
  public DebounceConfig withClock(Clock clock) {
    return new DebounceConfig(quietPeriod, maxWait, edge, clock);
  }
}
