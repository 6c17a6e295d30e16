package dev.weft.resilience.breaker;

import dev.weft.time.Backoff;
import dev.weft.time.Clock;
import dev.weft.time.Jitter;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The configuration of a {@link CircuitBreaker}: an immutable value validated on construction.
 * Start from {@link #defaults()} and change what you need:
 *
 * <pre>{@code
 * CircuitBreakerConfig config = CircuitBreakerConfig.defaults()
 *     .withTimeWindow(10)                       // calls of the last 10 seconds
 *     .withMinimumCalls(20)
 *     .withFailureRateThreshold(25)
 *     .withFailedResult(r -> r instanceof Response res && res.status() >= 500);
 * }</pre>
 *
 * <p>{@link #defaults()}: a count window of the last 100 calls, at least 100 calls before the
 * rates apply, trip at a failure rate of 50 % or a slow-call rate of 100 %, a call is slow from
 * 60 s, no consecutive-failure trigger, 10 trial calls in {@code HALF_OPEN}, a fixed 60 s wait in
 * {@code OPEN}, every exception a failure, none ignored, no result a failure, the system clock.
 *
 * @param windowType how the sliding window counts calls
 * @param windowSize the window's length: calls for {@link WindowType#COUNT}, seconds for {@link
 *     WindowType#TIME}; from 1 to {@link #MAX_WINDOW_SIZE} (calls) or {@link #MAX_WINDOW_SECONDS}
 *     (seconds)
 * @param minimumCalls calls the window must hold before the rates apply; {@code >= 1}, and no more
 *     than {@code windowSize} for a count window (the rates could never apply)
 * @param failureRateThreshold the breaker trips when the failure rate in the window is at least
 *     this, in percent; {@code > 0} and {@code <= 100}
 * @param slowCallRateThreshold the breaker trips when the slow-call rate in the window is at least
 *     this, in percent; {@code > 0} and {@code <= 100}
 * @param slowCallDuration a call that takes at least this long is slow; {@code > 0}
 * @param consecutiveFailures the breaker also trips after this many failures in a row (a success
 *     resets the count, an ignored call does not); {@code 0} turns this trigger off; {@code >= 0}
 * @param halfOpenCalls trial calls admitted in {@code HALF_OPEN}; from 1 to {@link
 *     #MAX_WINDOW_SIZE}
 * @param openWait how long the breaker stays {@code OPEN}: {@code openWait.delay(n)} after the
 *     {@code n}-th consecutive re-open (0 the first time after {@code CLOSED}); its attempt and
 *     time limits are ignored
 * @param recordFailure which exceptions thrown by a call count as failures; the others count as
 *     successes
 * @param ignoreException which exceptions count neither as failures nor as successes (checked
 *     before {@code recordFailure})
 * @param failedResult which results of a call that returned normally count as failures (the
 *     argument may be {@code null})
 * @param clock the clock measuring call durations, the open wait and the time window
 */
public record CircuitBreakerConfig(
    WindowType windowType,
    int windowSize,
    int minimumCalls,
    double failureRateThreshold,
    double slowCallRateThreshold,
    Duration slowCallDuration,
    int consecutiveFailures,
    int halfOpenCalls,
    Backoff openWait,
    Predicate<Throwable> recordFailure,
    Predicate<Throwable> ignoreException,
    Predicate<Object> failedResult,
    Clock clock) {

  /** The longest count window, in calls: 1,000,000. */
  public static final int MAX_WINDOW_SIZE = 1_000_000;

  /** The longest time window, in seconds: one day. */
  public static final int MAX_WINDOW_SECONDS = 86_400;

  /** How the sliding window of a {@link CircuitBreaker} counts calls. */
  public enum WindowType {
    /** The last {@code windowSize} calls. */
    COUNT,
    /** The calls that ended in the last {@code windowSize} seconds, in 1-second buckets. */
    TIME
  }

  /**
   * Validates every component.
   *
   * @throws IllegalArgumentException if a component is out of the range stated above
   * @throws NullPointerException if a component is null
   */
  public CircuitBreakerConfig {
    Objects.requireNonNull(windowType, "CircuitBreakerConfig: windowType is null");
    int maxSize = windowType == WindowType.COUNT ? MAX_WINDOW_SIZE : MAX_WINDOW_SECONDS;
    if (windowSize < 1 || windowSize > maxSize) {
      throw new IllegalArgumentException(
          "CircuitBreakerConfig: windowSize must be between 1 and "
              + maxSize
              + " for a "
              + windowType
              + " window, was "
              + windowSize);
    }
    if (minimumCalls < 1) {
      throw new IllegalArgumentException(
          "CircuitBreakerConfig: minimumCalls must be >= 1, was " + minimumCalls);
    }
    if (windowType == WindowType.COUNT && minimumCalls > windowSize) {
      throw new IllegalArgumentException(
          "CircuitBreakerConfig: minimumCalls must be <= windowSize ("
              + windowSize
              + ") for a COUNT window, or the rates never apply, was "
              + minimumCalls);
    }
    checkPercent("failureRateThreshold", failureRateThreshold);
    checkPercent("slowCallRateThreshold", slowCallRateThreshold);
    Objects.requireNonNull(slowCallDuration, "CircuitBreakerConfig: slowCallDuration is null");
    if (slowCallDuration.isNegative() || slowCallDuration.isZero()) {
      throw new IllegalArgumentException(
          "CircuitBreakerConfig: slowCallDuration must be > 0, was " + slowCallDuration);
    }
    if (consecutiveFailures < 0) {
      throw new IllegalArgumentException(
          "CircuitBreakerConfig: consecutiveFailures must be >= 0 (0: off), was "
              + consecutiveFailures);
    }
    if (halfOpenCalls < 1 || halfOpenCalls > MAX_WINDOW_SIZE) {
      throw new IllegalArgumentException(
          "CircuitBreakerConfig: halfOpenCalls must be between 1 and "
              + MAX_WINDOW_SIZE
              + ", was "
              + halfOpenCalls);
    }
    Objects.requireNonNull(openWait, "CircuitBreakerConfig: openWait is null");
    if (openWait.jitter() == Jitter.DECORRELATED) {
      throw new IllegalArgumentException(
          "CircuitBreakerConfig: openWait must not use DECORRELATED jitter, which needs the"
              + " previous delay");
    }
    Objects.requireNonNull(recordFailure, "CircuitBreakerConfig: recordFailure is null");
    Objects.requireNonNull(ignoreException, "CircuitBreakerConfig: ignoreException is null");
    Objects.requireNonNull(failedResult, "CircuitBreakerConfig: failedResult is null");
    Objects.requireNonNull(clock, "CircuitBreakerConfig: clock is null");
  }

  /**
   * The defaults listed in the class documentation.
   *
   * @return the default configuration
   */
  public static CircuitBreakerConfig defaults() {
    return new CircuitBreakerConfig(
        WindowType.COUNT,
        100,
        100,
        50,
        100,
        Duration.ofSeconds(60),
        0,
        10,
        fixed(Duration.ofSeconds(60)),
        t -> true,
        t -> false,
        r -> false,
        Clock.system());
  }

  /**
   * A copy counting the last {@code calls} calls; {@code minimumCalls} is lowered to {@code calls}
   * if it was larger.
   *
   * @param calls the window's length in calls
   * @return the copy
   * @throws IllegalArgumentException if {@code calls} is out of range
   */
  public CircuitBreakerConfig withCountWindow(int calls) {
    return new CircuitBreakerConfig(
        WindowType.COUNT, calls, Math.min(minimumCalls, Math.max(calls, 1)),
        failureRateThreshold, slowCallRateThreshold, slowCallDuration, consecutiveFailures,
        halfOpenCalls, openWait, recordFailure, ignoreException, failedResult, clock);
  }

  /**
   * A copy counting the calls that ended in the last {@code seconds} seconds.
   *
   * @param seconds the window's length in seconds
   * @return the copy
   * @throws IllegalArgumentException if {@code seconds} is out of range
   */
  public CircuitBreakerConfig withTimeWindow(int seconds) {
    return new CircuitBreakerConfig(
        WindowType.TIME, seconds, minimumCalls, failureRateThreshold, slowCallRateThreshold,
        slowCallDuration, consecutiveFailures, halfOpenCalls, openWait, recordFailure,
        ignoreException, failedResult, clock);
  }

  /**
   * A copy with {@link #minimumCalls()} replaced; validated as by the constructor.
   *
   * @param minimumCalls calls the window must hold before the rates apply
   * @return the copy
   * @throws IllegalArgumentException if {@code minimumCalls} is out of range
   */
  public CircuitBreakerConfig withMinimumCalls(int minimumCalls) {
    return new CircuitBreakerConfig(
        windowType, windowSize, minimumCalls, failureRateThreshold, slowCallRateThreshold,
        slowCallDuration, consecutiveFailures, halfOpenCalls, openWait, recordFailure,
        ignoreException, failedResult, clock);
  }

  /**
   * A copy with {@link #failureRateThreshold()} replaced; validated as by the constructor.
   *
   * @param percent the failure rate that trips the breaker, in percent
   * @return the copy
   * @throws IllegalArgumentException if {@code percent} is not in {@code (0, 100]}
   */
  public CircuitBreakerConfig withFailureRateThreshold(double percent) {
    return new CircuitBreakerConfig(
        windowType, windowSize, minimumCalls, percent, slowCallRateThreshold, slowCallDuration,
        consecutiveFailures, halfOpenCalls, openWait, recordFailure, ignoreException,
        failedResult, clock);
  }

  /**
   * A copy with the slow-call rule replaced; validated as by the constructor.
   *
   * @param percent the slow-call rate that trips the breaker, in percent
   * @param slowCallDuration how long a call must take to be slow
   * @return the copy
   * @throws IllegalArgumentException if {@code percent} is not in {@code (0, 100]} or {@code
   *     slowCallDuration} is not positive
   * @throws NullPointerException if {@code slowCallDuration} is null
   */
  public CircuitBreakerConfig withSlowCalls(double percent, Duration slowCallDuration) {
    return new CircuitBreakerConfig(
        windowType, windowSize, minimumCalls, failureRateThreshold, percent, slowCallDuration,
        consecutiveFailures, halfOpenCalls, openWait, recordFailure, ignoreException,
        failedResult, clock);
  }

  /**
   * A copy that also trips after {@code failures} failures in a row; 0 turns it off.
   *
   * @param failures the number of consecutive failures that trips the breaker; 0 for none
   * @return the copy
   * @throws IllegalArgumentException if {@code failures} is negative
   */
  public CircuitBreakerConfig withConsecutiveFailures(int failures) {
    return new CircuitBreakerConfig(
        windowType, windowSize, minimumCalls, failureRateThreshold, slowCallRateThreshold,
        slowCallDuration, failures, halfOpenCalls, openWait, recordFailure, ignoreException,
        failedResult, clock);
  }

  /**
   * A copy with {@link #halfOpenCalls()} replaced; validated as by the constructor.
   *
   * @param calls the trial calls admitted in {@code HALF_OPEN}
   * @return the copy
   * @throws IllegalArgumentException if {@code calls} is out of range
   */
  public CircuitBreakerConfig withHalfOpenCalls(int calls) {
    return new CircuitBreakerConfig(
        windowType, windowSize, minimumCalls, failureRateThreshold, slowCallRateThreshold,
        slowCallDuration, consecutiveFailures, calls, openWait, recordFailure, ignoreException,
        failedResult, clock);
  }

  /**
   * A copy waiting {@code wait} in {@code OPEN} every time.
   *
   * @param wait the time the breaker stays open
   * @return the copy
   * @throws IllegalArgumentException if {@code wait} is negative
   * @throws NullPointerException if {@code wait} is null
   */
  public CircuitBreakerConfig withOpenWait(Duration wait) {
    Objects.requireNonNull(wait, "CircuitBreakerConfig: openWait is null");
    if (wait.isNegative()) {
      throw new IllegalArgumentException(
          "CircuitBreakerConfig: openWait must be >= 0, was " + wait);
    }
    return withOpenWait(fixed(wait));
  }

  /**
   * A copy whose wait in {@code OPEN} grows with each consecutive re-open: {@code
   * backoff.delay(n)} after the {@code n}-th re-open since the breaker was last {@code CLOSED}.
   *
   * @param backoff the waits; its attempt and time limits are ignored
   * @return the copy
   * @throws IllegalArgumentException if {@code backoff} uses decorrelated jitter
   * @throws NullPointerException if {@code backoff} is null
   */
  public CircuitBreakerConfig withOpenWait(Backoff backoff) {
    return new CircuitBreakerConfig(
        windowType, windowSize, minimumCalls, failureRateThreshold, slowCallRateThreshold,
        slowCallDuration, consecutiveFailures, halfOpenCalls, backoff, recordFailure,
        ignoreException, failedResult, clock);
  }

  /**
   * A copy with {@link #recordFailure()} replaced.
   *
   * @param predicate which exceptions count as failures
   * @return the copy
   * @throws NullPointerException if {@code predicate} is null
   */
  public CircuitBreakerConfig withRecordFailure(Predicate<Throwable> predicate) {
    return new CircuitBreakerConfig(
        windowType, windowSize, minimumCalls, failureRateThreshold, slowCallRateThreshold,
        slowCallDuration, consecutiveFailures, halfOpenCalls, openWait, predicate,
        ignoreException, failedResult, clock);
  }

  /**
   * A copy with {@link #ignoreException()} replaced.
   *
   * @param predicate which exceptions count neither as failures nor as successes
   * @return the copy
   * @throws NullPointerException if {@code predicate} is null
   */
  public CircuitBreakerConfig withIgnoreException(Predicate<Throwable> predicate) {
    return new CircuitBreakerConfig(
        windowType, windowSize, minimumCalls, failureRateThreshold, slowCallRateThreshold,
        slowCallDuration, consecutiveFailures, halfOpenCalls, openWait, recordFailure, predicate,
        failedResult, clock);
  }

  /**
   * A copy with {@link #failedResult()} replaced.
   *
   * @param predicate which results count as failures
   * @return the copy
   * @throws NullPointerException if {@code predicate} is null
   */
  public CircuitBreakerConfig withFailedResult(Predicate<Object> predicate) {
    return new CircuitBreakerConfig(
        windowType, windowSize, minimumCalls, failureRateThreshold, slowCallRateThreshold,
        slowCallDuration, consecutiveFailures, halfOpenCalls, openWait, recordFailure,
        ignoreException, predicate, clock);
  }

  /**
   * A copy with {@link #clock()} replaced.
   *
   * @param clock the clock of durations, waits and the time window
   * @return the copy
   * @throws NullPointerException if {@code clock} is null
   */
  public CircuitBreakerConfig withClock(Clock clock) {
    return new CircuitBreakerConfig(
        windowType, windowSize, minimumCalls, failureRateThreshold, slowCallRateThreshold,
        slowCallDuration, consecutiveFailures, halfOpenCalls, openWait, recordFailure,
        ignoreException, failedResult, clock);
  }

  private static Backoff fixed(Duration wait) {
    return Backoff.constant(wait).withoutMaxAttempts();
  }

  private static void checkPercent(String name, double value) {
    if (!(value > 0 && value <= 100)) {
      throw new IllegalArgumentException(
          "CircuitBreakerConfig: " + name + " must be > 0 and <= 100 (percent), was " + value);
    }
  }
}
