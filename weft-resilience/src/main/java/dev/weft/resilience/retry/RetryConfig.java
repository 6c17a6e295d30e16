package dev.weft.resilience.retry;

import dev.weft.context.ContextCancelledException;
import dev.weft.time.Backoff;
import dev.weft.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The configuration of a {@link Retry}: an immutable value validated on construction. Start from
 * {@link #defaults()} and change what you need:
 *
 * <pre>{@code
 * RetryConfig config = RetryConfig.defaults()
 *     .withMaxAttempts(5)
 *     .withRetryOnResult(r -> r instanceof Response resp && resp.status() == 503);
 * }</pre>
 *
 * <p><b>Retries always end.</b> {@link #defaults()}: at most 3 attempts and 30 s from the start of
 * the call (no retry is started whose delay would end past that), {@link Backoff#defaults()}'s
 * delays (exponential from 100 ms, doubling, capped at 10 s, full jitter), retry on the failures
 * {@link #isTransient(Throwable)} accepts, never on a result, no budget, the system clock. Both
 * limits can be raised but not removed; for a loop that retries for as long as a context lives,
 * set large limits and let the context end it.
 *
 * <p>The attempt limit is the back-off's {@link Backoff#maxAttempts()}; {@link #withMaxAttempts}
 * sets it there. The back-off's own {@link Backoff#maxElapsed()}, if set, also applies, measured
 * on its clock from the first failure.
 *
 * @param name names the retry in exceptions and {@code toString}; not blank
 * @param backoff the delays between attempts, and the attempt limit
 * @param maxElapsed no retry is started whose delay would end later than this after the call
 *     began; {@code > 0}
 * @param retryOn which failures are retried. {@link Error}s, {@link InterruptedException}s and
 *     any failure once the caller's context is done are never retried, whatever it says
 * @param retryOnResult which results are retried, as failures are; may be called with null
 * @param budget the budget retries draw from, if any
 * @param clock the clock of {@code maxElapsed} and of the delays
 */
public record RetryConfig(
    String name,
    Backoff backoff,
    Duration maxElapsed,
    Predicate<Throwable> retryOn,
    Predicate<Object> retryOnResult,
    Optional<RetryBudget> budget,
    Clock clock) {

  /** The attempt limit of {@link #defaults()}: 3. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;

  /** The time limit of {@link #defaults()}: 30 s. */
  public static final Duration DEFAULT_MAX_ELAPSED = Duration.ofSeconds(30);

  /**
   * Validates every component.
   *
   * @throws IllegalArgumentException if {@code name} is blank or {@code maxElapsed} is not positive
   * @throws NullPointerException if a component is null
   */
  public RetryConfig {
    Objects.requireNonNull(name, "RetryConfig: name is null");
    if (name.isBlank()) throw new IllegalArgumentException("RetryConfig: name must not be blank");
    Objects.requireNonNull(backoff, "RetryConfig: backoff is null");
    Objects.requireNonNull(maxElapsed, "RetryConfig: maxElapsed is null");
    if (maxElapsed.isNegative() || maxElapsed.isZero()) {
      throw new IllegalArgumentException("RetryConfig: maxElapsed must be > 0, was " + maxElapsed);
    }
    Objects.requireNonNull(retryOn, "RetryConfig: retryOn is null");
    Objects.requireNonNull(retryOnResult, "RetryConfig: retryOnResult is null");
    Objects.requireNonNull(budget, "RetryConfig: budget is null");
    Objects.requireNonNull(clock, "RetryConfig: clock is null");
  }

  /**
   * At most 3 attempts within 30 s, {@link Backoff#defaults()}'s delays, retry on transient
   * failures only, no budget, system clock.
   *
   * @return the default configuration
   */
  public static RetryConfig defaults() {
    return new RetryConfig(
        "retry",
        Backoff.defaults().withMaxAttempts(DEFAULT_MAX_ATTEMPTS),
        DEFAULT_MAX_ELAPSED,
        RetryConfig::isTransient,
        r -> false,
        Optional.empty(),
        Clock.system());
  }

  /**
   * The default {@link #retryOn()}: whether {@code failure} may go away on a second try. Not for
   * programming errors ({@link NullPointerException}, {@link IllegalArgumentException}, {@link
   * IllegalStateException}, {@link ClassCastException}, {@link UnsupportedOperationException},
   * {@link IndexOutOfBoundsException}, {@link ArithmeticException}), nor for {@link Error}s, nor
   * for an interrupt or a cancelled context ({@link InterruptedException}, {@link
   * ContextCancelledException}); for every other exception.
   *
   * @param failure the failure of an attempt
   * @return {@code true} if it is worth retrying
   */
  public static boolean isTransient(Throwable failure) {
    return !(failure instanceof Error
        || failure instanceof NullPointerException
        || failure instanceof IllegalArgumentException
        || failure instanceof IllegalStateException
        || failure instanceof ClassCastException
        || failure instanceof UnsupportedOperationException
        || failure instanceof IndexOutOfBoundsException
        || failure instanceof ArithmeticException
        || failure instanceof InterruptedException
        || failure instanceof ContextCancelledException);
  }

  /**
   * A copy with {@link #name()} replaced.
   *
   * @param name the new name
   * @return the copy, validated as by the constructor
   */
  public RetryConfig withName(String name) {
    return new RetryConfig(name, backoff, maxElapsed, retryOn, retryOnResult, budget, clock);
  }

  /**
   * A copy with {@link #backoff()} replaced; its attempt limit becomes this configuration's.
   *
   * @param backoff the new back-off
   * @return the copy, validated as by the constructor
   */
  public RetryConfig withBackoff(Backoff backoff) {
    return new RetryConfig(name, backoff, maxElapsed, retryOn, retryOnResult, budget, clock);
  }

  /**
   * A copy allowing at most {@code maxAttempts} attempts (the first one included), set on the
   * back-off.
   *
   * @param maxAttempts the most attempts per call, {@code >= 1}; 1 never retries
   * @return the copy
   * @throws IllegalArgumentException if {@code maxAttempts < 1}
   */
  public RetryConfig withMaxAttempts(int maxAttempts) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException(
          "RetryConfig: maxAttempts must be >= 1, was " + maxAttempts);
    }
    return withBackoff(backoff.withMaxAttempts(maxAttempts));
  }

  /**
   * A copy with {@link #maxElapsed()} replaced.
   *
   * @param maxElapsed the time limit of one call, {@code > 0}
   * @return the copy, validated as by the constructor
   */
  public RetryConfig withMaxElapsed(Duration maxElapsed) {
    return new RetryConfig(name, backoff, maxElapsed, retryOn, retryOnResult, budget, clock);
  }

  /**
   * A copy with {@link #retryOn()} replaced. To extend the default rather than replace it, start
   * from {@code RetryConfig::isTransient}: {@code f -> isTransient(f) && !(f instanceof X)}.
   *
   * @param retryOn which failures to retry
   * @return the copy, validated as by the constructor
   */
  public RetryConfig withRetryOn(Predicate<Throwable> retryOn) {
    return new RetryConfig(name, backoff, maxElapsed, retryOn, retryOnResult, budget, clock);
  }

  /**
   * A copy with {@link #retryOnResult()} replaced: a result it accepts is retried; once no retry
   * is left the call ends with a {@link RetriesExhaustedException} carrying it.
   *
   * @param retryOnResult which results to retry
   * @return the copy, validated as by the constructor
   */
  public RetryConfig withRetryOnResult(Predicate<Object> retryOnResult) {
    return new RetryConfig(name, backoff, maxElapsed, retryOn, retryOnResult, budget, clock);
  }

  /**
   * A copy whose retries draw from {@code budget}.
   *
   * @param budget the budget
   * @return the copy
   * @throws NullPointerException if {@code budget} is null
   */
  public RetryConfig withBudget(RetryBudget budget) {
    Objects.requireNonNull(budget, "RetryConfig: budget is null");
    return new RetryConfig(
        name, backoff, maxElapsed, retryOn, retryOnResult, Optional.of(budget), clock);
  }

  /**
   * A copy without a budget.
   *
   * @return the copy
   */
  public RetryConfig withoutBudget() {
    return new RetryConfig(
        name, backoff, maxElapsed, retryOn, retryOnResult, Optional.empty(), clock);
  }

  /**
   * A copy timed on {@code clock}; the back-off is moved to the same clock.
   *
   * @param clock the clock of {@code maxElapsed} and of the delays
   * @return the copy
   * @throws NullPointerException if {@code clock} is null
   */
  public RetryConfig withClock(Clock clock) {
    Objects.requireNonNull(clock, "RetryConfig: clock is null");
    return new RetryConfig(
        name, backoff.withClock(clock), maxElapsed, retryOn, retryOnResult, budget, clock);
  }
}
