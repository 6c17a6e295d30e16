package dev.weft.resilience.breaker;

/**
 * The states of a {@link CircuitBreaker}. The first three are automatic: the breaker moves
 * between them by itself. The last three are set by hand with {@link
 * CircuitBreaker#transitionTo} and kept until the next such call.
 */
public enum CircuitState {
  /** Calls are permitted and recorded; the breaker trips to {@link #OPEN} when a rule is met. */
  CLOSED,
  /** Calls are rejected until the open wait has passed; then the next call moves to {@link
   * #HALF_OPEN}. */
  OPEN,
  /**
   * A fixed number of trial calls is permitted, the others rejected; once every trial has ended
   * the breaker moves to {@link #OPEN} if the trials' rates reach a threshold, else to {@link
   * #CLOSED}.
   */
  HALF_OPEN,
  /** Every call is permitted and nothing is recorded. */
  DISABLED,
  /** Every call is rejected. */
  FORCED_OPEN,
  /** Every call is permitted and recorded, and the breaker never trips. */
  METRICS_ONLY
}
