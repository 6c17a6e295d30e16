package dev.weft.resilience.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.time.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A refusal's {@code retryAfter} is exact: one nanosecond before it the same request is still
 * refused (with 1 ns to go), at it the request is admitted, with or without reservations in line.
 */
class WindowRetryAfterTest {

  static Stream<Arguments> cases() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (Windows kind : Windows.values()) {
      for (long seed = 1; seed <= 6; seed++) b.add(Arguments.of(kind, seed));
    }
    return b.build();
  }

  @ParameterizedTest(name = "{0} seed={1}")
  @MethodSource("cases")
  void retryAfterIsTheFirstNanosecondAtWhichTheRequestIsAdmitted(Windows kind, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long limit = 1 + random.nextInt(20);
    long window = limit + random.nextLong(5_000_000);
    FakeClock clock = new FakeClock();
    RateLimiter limiter = kind.make(clock, limit, Duration.ofNanos(window));
    List<Reservation> reservations = new ArrayList<>();
    int checked = 0;
    for (int step = 0; step < 400; step++) {
      int n = 1 + random.nextInt((int) limit);
      switch (random.nextInt(8)) {
        case 0 -> reservations.add(limiter.reserve(n));
        case 1 -> {
          if (!reservations.isEmpty()) {
            reservations.remove(random.nextInt(reservations.size())).cancel();
          }
        }
        case 2, 3 -> limiter.tryAcquire(n);
        default -> {
          if (limiter.decide(n) instanceof Decision.Limited(Duration retryAfter)) {
            clock.advance(retryAfter.minusNanos(1));
            assertThat(limiter.decide(n))
                .as("1 ns early")
                .isEqualTo(new Decision.Limited(Duration.ofNanos(1)));
            clock.advance(Duration.ofNanos(1));
            assertThat(limiter.decide(n).isAdmitted()).as("at retryAfter").isTrue();
            checked++;
          }
        }
      }
      clock.advance(Duration.ofNanos(random.nextLong(window / 2 + 1)));
    }
    assertThat(checked).isGreaterThan(20);
  }
}
