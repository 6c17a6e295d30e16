package dev.weft.flow.workqueue;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-key exponential back-off: {@code base * 2^n} for the n-th requeue since the key was last
 * forgotten, capped at {@code max}. A key is tracked from its first {@code when} until {@code
 * forget}; the counter saturates at {@link Integer#MAX_VALUE}.
 */
final class ExponentialRequeueLimiter<K> implements RequeueLimiter<K> {

  private final long baseNanos;
  private final long maxNanos;
  private final ConcurrentHashMap<K, Integer> failures = new ConcurrentHashMap<>();

  ExponentialRequeueLimiter(Duration base, Duration max) {
    Objects.requireNonNull(base, "RequeueLimiter: base is null");
    Objects.requireNonNull(max, "RequeueLimiter: max is null");
    if (base.isNegative() || base.isZero()) {
      throw new IllegalArgumentException("RequeueLimiter: base must be > 0, got " + base);
    }
    if (max.compareTo(base) < 0) {
      throw new IllegalArgumentException(
          "RequeueLimiter: max must be >= base (" + base + "), got " + max);
    }
    this.baseNanos = nanos(base);
    this.maxNanos = nanos(max);
  }

  @Override
  public Duration when(K key) {
    Objects.requireNonNull(key, "RequeueLimiter: key is null");
    int n = failures.merge(key, 1, (a, b) -> a == Integer.MAX_VALUE ? a : a + 1) - 1;
    return Duration.ofNanos(delayNanos(n));
  }

  /** {@code base * 2^n} capped at max, without overflowing. */
  private long delayNanos(int n) {
    // base << n stays positive while n < the number of leading zeros of base.
    if (n >= Long.numberOfLeadingZeros(baseNanos)) return maxNanos;
    return Math.min(baseNanos << n, maxNanos);
  }

  @Override
  public void forget(K key) {
    Objects.requireNonNull(key, "RequeueLimiter: key is null");
    failures.remove(key);
  }

  @Override
  public int numRequeues(K key) {
    Objects.requireNonNull(key, "RequeueLimiter: key is null");
    return failures.getOrDefault(key, 0);
  }

  @Override
  public String toString() {
    return "RequeueLimiter.exponential("
        + Duration.ofNanos(baseNanos)
        + ", "
        + Duration.ofNanos(maxNanos)
        + ")";
  }

  private static long nanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
