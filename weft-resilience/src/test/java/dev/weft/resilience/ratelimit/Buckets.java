package dev.weft.resilience.ratelimit;

import dev.weft.time.FakeClock;
import java.time.Duration;
import java.util.List;

/** Buckets on a fake clock for the tests. */
final class Buckets {

  private Buckets() {}

  /** {@code perSecond} tokens per second, capacity {@code perSecond}, greedy, starting empty. */
  static TokenBucket empty(FakeClock clock, long perSecond) {
    return TokenBucket.of(clock, List.of(Bandwidth.perSecond(perSecond).withInitialTokens(0)));
  }

  static Duration millis(long ms) {
    return Duration.ofMillis(ms);
  }
}
