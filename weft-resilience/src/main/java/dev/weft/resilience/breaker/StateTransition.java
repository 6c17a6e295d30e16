package dev.weft.resilience.breaker;

import java.time.Instant;
import java.util.Objects;

/**
 * A change of a {@link CircuitBreaker}'s state, as given to its listeners.
 *
 * @param breaker the breaker's name
 * @param from the state before
 * @param to the state after
 * @param at when it happened, on the breaker's clock
 */
public record StateTransition(String breaker, CircuitState from, CircuitState to, Instant at) {

  /**
   * Checks that no component is null.
   *
   * @throws NullPointerException if a component is null
   */
  public StateTransition {
    Objects.requireNonNull(breaker, "StateTransition: breaker is null");
    Objects.requireNonNull(from, "StateTransition: from is null");
    Objects.requireNonNull(to, "StateTransition: to is null");
    Objects.requireNonNull(at, "StateTransition: at is null");
  }
}
