package dev.weft.resilience.ratelimit;

import dev.weft.time.Clock;
import java.time.Duration;

/** The window limiters, made alike for the tests that hold for all three. */
enum Windows {
  FIXED,
  LOG,
  COUNTER;

  /** A new limiter of this kind. */
  RateLimiter make(Clock clock, long limit, Duration window) {
    return switch (this) {
      case FIXED -> FixedWindow.of(clock, limit, window);
      case LOG -> SlidingLog.of(clock, limit, window);
      case COUNTER -> SlidingWindowCounter.of(clock, limit, window);
    };
  }

  /** The type named in error messages. */
  String type() {
    return switch (this) {
      case FIXED -> "FixedWindow";
      case LOG -> "SlidingLog";
      case COUNTER -> "SlidingWindowCounter";
    };
  }

  /** The waiters and pending reservations of {@code limiter}, one of these kinds. */
  static int queued(RateLimiter limiter) {
    return switch (limiter) {
      case FixedWindow f -> f.queued();
      case SlidingLog l -> l.queued();
      case SlidingWindowCounter c -> c.queued();
      default -> throw new IllegalArgumentException("not a window limiter: " + limiter);
    };
  }

  static Duration millis(long ms) {
    return Duration.ofMillis(ms);
  }
}
