/**
 * The circuit breaker, {@link dev.weft.resilience.breaker.CircuitBreaker}: a {@link
 * dev.weft.resilience.Policy} that stops calling a dependency which keeps failing or answering
 * slowly, and probes it again after a wait. Configured by an immutable {@link
 * dev.weft.resilience.breaker.CircuitBreakerConfig}; rejections throw {@link
 * dev.weft.resilience.breaker.CallNotPermittedException}; {@link
 * dev.weft.resilience.breaker.CircuitBreakerMetrics} and {@link
 * dev.weft.resilience.breaker.StateTransition} report what it does.
 */
package dev.weft.resilience.breaker;
