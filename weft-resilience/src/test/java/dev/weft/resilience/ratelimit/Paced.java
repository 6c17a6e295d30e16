package dev.weft.resilience.ratelimit;

import dev.weft.time.FakeClock;
import java.time.Duration;

/**
 * The limiters that space permits out, set up on a fake clock to behave alike for the tests of
 * concerns they share: one permit every 100 ms, the first admitted at once, the cost of a request
 * paid by the next one.
 */
enum Paced {
  /** A warm-up limiter with a cold factor of 1: every interval is the stable 100 ms. */
  WARM_UP {
    @Override
    RateLimiter make(FakeClock clock) {
      return SmoothWarmUp.of(clock, 10, Duration.ofSeconds(1), 1.0);
    }
  },
  /** A leaky bucket queue with room for 1,000 permits. */
  LEAKY_QUEUE {
    @Override
    RateLimiter make(FakeClock clock) {
      return LeakyBucketQueue.of(clock, 10, Duration.ofSeconds(1), 1_000);
    }
  };

  /** A new limiter on {@code clock}, idle: the first request passes at once. */
  abstract RateLimiter make(FakeClock clock);

  /** The requests in line. */
  static int queued(RateLimiter limiter) {
    return switch (limiter) {
      case SmoothWarmUp w -> w.queued();
      case LeakyBucketQueue q -> q.queued();
      default -> throw new AssertionError(limiter);
    };
  }

  static Duration millis(long ms) {
    return Duration.ofMillis(ms);
  }
}
