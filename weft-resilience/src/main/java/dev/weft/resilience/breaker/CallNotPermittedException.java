package dev.weft.resilience.breaker;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Thrown by {@link CircuitBreaker#call} when the breaker rejects the call without running it:
 * it is {@code OPEN}, {@code FORCED_OPEN}, or {@code HALF_OPEN} with every trial call taken. It
 * names the breaker and its state, and says how long until the breaker may permit calls again
 * when that is known.
 *
 * <p>Rejections are frequent while a breaker is open, so the exception carries no stack trace
 * (it would only show the breaker's own frames); suppression is enabled.
 */
public final class CallNotPermittedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The breaker's name. */
  private final String breaker;

  /** The state that rejected the call. */
  private final CircuitState state;

  /** Nanoseconds until the breaker may permit again; negative when unknown. */
  private final long retryAfterNanos;

  /**
   * Creates the exception.
   *
   * @param breaker the breaker's name
   * @param state the state that rejected the call
   * @param retryAfter how long until the breaker may permit calls again; empty when unknown
   *     (forced open, or waiting for trial calls to end)
   * @throws NullPointerException if an argument is null
   */
  public CallNotPermittedException(
      String breaker, CircuitState state, Optional<Duration> retryAfter) {
    super(message(breaker, state, retryAfter), null, true, false);
    this.breaker = breaker;
    this.state = state;
    this.retryAfterNanos = retryAfter.map(Duration::toNanos).orElse(-1L);
  }

  private static String message(String breaker, CircuitState state, Optional<Duration> after) {
    Objects.requireNonNull(breaker, "CallNotPermittedException: breaker is null");
    Objects.requireNonNull(state, "CallNotPermittedException: state is null");
    Objects.requireNonNull(after, "CallNotPermittedException: retryAfter is null");
    String base = "CircuitBreaker '" + breaker + "' is " + state + ": call not permitted";
    return after.map(d -> base + ", may permit again in " + d).orElse(base);
  }

  /**
   * The name of the breaker that rejected the call.
   *
   * @return the breaker's name
   */
  public String breaker() {
    return breaker;
  }

  /**
   * The breaker's state when it rejected the call.
   *
   * @return the state that rejected the call
   */
  public CircuitState state() {
    return state;
  }

  /**
   * How long until the breaker may permit calls again, measured when the call was rejected: the
   * rest of the open wait. Empty when unknown ({@code FORCED_OPEN} until changed by hand, {@code
   * HALF_OPEN} until its trial calls end).
   *
   * @return the time until the breaker may permit again, or empty when unknown
   */
  public Optional<Duration> retryAfter() {
    return retryAfterNanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(retryAfterNanos));
  }
}
