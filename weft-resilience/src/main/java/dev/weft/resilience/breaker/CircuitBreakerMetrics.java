package dev.weft.resilience.breaker;

import java.util.Objects;

/**
 * A snapshot of a {@link CircuitBreaker}'s counters, taken by {@link CircuitBreaker#metrics()}.
 * The counts are those of the sliding window in {@code CLOSED} and {@code METRICS_ONLY}, of the
 * trial calls that have ended in {@code HALF_OPEN}, and zero in the other states. Under concurrent
 * calls the fields are each exact but need not come from one instant.
 *
 * @param breaker the breaker's name
 * @param state the state when the snapshot was taken
 * @param calls recorded calls (ignored ones excluded)
 * @param failedCalls recorded calls that failed
 * @param slowCalls recorded calls that were slow (failed or not)
 * @param failureRate {@code failedCalls} as a percentage of {@code calls}; 0 when there are none
 * @param slowCallRate {@code slowCalls} as a percentage of {@code calls}; 0 when there are none
 * @param consecutiveFailures failures in a row at the end of the window ({@code CLOSED} and
 *     {@code METRICS_ONLY}), else 0
 * @param notPermittedCalls calls rejected since the breaker was created
 */
public record CircuitBreakerMetrics(
    String breaker,
    CircuitState state,
    long calls,
    long failedCalls,
    long slowCalls,
    double failureRate,
    double slowCallRate,
    long consecutiveFailures,
    long notPermittedCalls) {

  /**
   * Checks that no component is null.
   *
   * @throws NullPointerException if a component is null
   */
  public CircuitBreakerMetrics {
    Objects.requireNonNull(breaker, "CircuitBreakerMetrics: breaker is null");
    Objects.requireNonNull(state, "CircuitBreakerMetrics: state is null");
  }
}
