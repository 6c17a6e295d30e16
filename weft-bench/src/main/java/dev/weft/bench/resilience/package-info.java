/**
 * JMH suites for weft-resilience: the non-blocking {@code tryAcquire} of weft's {@code TokenBucket}
 * against Bucket4j, Resilience4j's {@code AtomicRateLimiter}, Guava's {@code RateLimiter} and
 * Failsafe's smooth {@code RateLimiter}, and a closed {@code CircuitBreaker} around a trivial call
 * against Resilience4j's and Failsafe's breakers and a direct call. weft and its peers are values
 * of the {@code impl} parameter so that they share one run. Scores are nanoseconds per operation.
 * Run them with {@code weft-bench/run-resilience.sh}, which writes {@code
 * weft-bench/results/resilience.md}.
 */
package dev.weft.bench.resilience;
