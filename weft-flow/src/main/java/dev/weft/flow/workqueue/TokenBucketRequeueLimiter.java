package dev.weft.flow.workqueue;

import dev.weft.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An overall token bucket with reservations, as golang.org/x/time/rate's {@code Reserve}: the
 * bucket starts full ({@code burst} tokens) and refills at {@code qps} per second up to {@code
 * burst}; each {@code when} takes one token, the balance going negative when none is left, and the
 * delay is the time the refill needs to bring the balance back to zero.
 *
 * <p>Implementation notes. State is the token balance (a double, may be negative) and the clock
 * reading it was computed at; both are updated together under a lock on each call, so concurrent
 * calls are serialised and each gets its own place in the debt. The refill never raises the balance
 * above {@code burst}. A clock reading earlier than the last one (not possible with a monotonic
 * clock) is treated as no time passing.
 */
final class TokenBucketRequeueLimiter<K> implements RequeueLimiter<K> {

  private static final double NANOS_PER_SECOND = 1e9;

  private final double qps;
  private final int burst;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private double tokens; // guarded by lock
  private long last; // guarded by lock; clock nanos `tokens` was computed at

  TokenBucketRequeueLimiter(double qps, int burst, Clock clock) {
    if (!(qps > 0) || Double.isInfinite(qps)) {
      throw new IllegalArgumentException("RequeueLimiter: qps must be > 0 and finite, got " + qps);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("RequeueLimiter: burst must be >= 1, got " + burst);
    }
    this.qps = qps;
    this.burst = burst;
    this.clock = Objects.requireNonNull(clock, "RequeueLimiter: clock is null");
    this.tokens = burst;
    this.last = clock.nanoTime();
  }

  @Override
  public Duration when(K key) {
    Objects.requireNonNull(key, "RequeueLimiter: key is null");
    lock.lock();
    try {
      long now = clock.nanoTime();
      if (now > last) {
        tokens = Math.min(burst, tokens + (now - last) * qps / NANOS_PER_SECOND);
        last = now;
      }
      tokens -= 1;
      if (tokens >= 0) return Duration.ZERO;
      return Duration.ofNanos(Math.round(-tokens / qps * NANOS_PER_SECOND));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void forget(K key) {
    Objects.requireNonNull(key, "RequeueLimiter: key is null");
  }

  @Override
  public int numRequeues(K key) {
    Objects.requireNonNull(key, "RequeueLimiter: key is null");
    return 0;
  }

  @Override
  public String toString() {
    return "RequeueLimiter.tokenBucket(qps=" + qps + ", burst=" + burst + ")";
  }
}
