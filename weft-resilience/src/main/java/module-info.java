/**
 * weft-resilience: policies that keep calls alive when what they depend on fails or is
 * overloaded, for virtual threads and {@code Context}s.
 *
 * <ul>
 *   <li>{@code dev.weft.resilience}: {@code Policy}, the contract every policy implements, and {@code
 *       Policies}, their composition
 *   <li>{@code dev.weft.resilience.breaker}: {@code CircuitBreaker}, with its config and metrics
 *   <li>{@code dev.weft.resilience.retry}: {@code Retry}, with back-off, limits and a retry budget
 *   <li>{@code dev.weft.resilience.bulkhead}: {@code Bulkhead}, a FIFO limit on concurrent calls
 *   <li>{@code dev.weft.resilience.timeout}: {@code Timeout} and {@code Fallback}
 *   <li>{@code dev.weft.resilience.ratelimit}: {@code RateLimiter} and its algorithms ({@code
 *       TokenBucket}, {@code Gcra}, {@code FixedWindow}, {@code SlidingLog}, {@code
 *       SlidingWindowCounter}, {@code SmoothWarmUp}, {@code LeakyBucketQueue}), and {@code
 *       KeyedRateLimiter}, a limit per key
 *   <li>{@code dev.weft.resilience.throttle}: {@code Debouncer}, {@code Throttler}, {@code Throttle}
 * </ul>
 */
module dev.weft.resilience {
  requires transitive dev.weft.core;

  exports dev.weft.resilience;
  exports dev.weft.resilience.breaker;
  exports dev.weft.resilience.retry;
  exports dev.weft.resilience.bulkhead;
  exports dev.weft.resilience.timeout;
  exports dev.weft.resilience.ratelimit;
  exports dev.weft.resilience.throttle;
}
