package dev.weft.resilience.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.time.FakeClock;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On seeded random traces, each window limiter admits exactly what a brute-force model of its
 * rule admits (for {@link SlidingLog}: the exact sliding log), and a refusal's {@code retryAfter}
 * is the model's earliest admission time.
 */
class WindowModelTest {

  static Stream<Arguments> traces() {
    Stream.Builder<Arguments> b = Stream.builder();
    long[][] shapes = {{1, 1_000}, {3, 1_000_000_000}, {10, 1_000}, {100, 86_400_000_000_000L}, {7, 13}};
    for (Windows kind : Windows.values()) {
      for (long[] shape : shapes) {
        for (long seed = 1; seed <= 4; seed++) b.add(Arguments.of(kind, shape[0], shape[1], seed));
      }
    }
    return b.build();
  }

  @ParameterizedTest(name = "{0} limit={1} window={2}ns seed={3}")
  @MethodSource("traces")
  void admitsExactlyWhatTheModelAdmits(Windows kind, long limit, long window, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    FakeClock clock = new FakeClock();
    RateLimiter limiter = kind.make(clock, limit, Duration.ofNanos(window));
    WindowModels.Model model = WindowModels.of(kind, limit, window);
    int admitted = 0;
    int refused = 0;
    for (int step = 0; step < 1_500; step++) {
      clock.advance(Duration.ofNanos(gap(random, window)));
      long now = clock.nanoTime();
      int n = random.nextInt(4) == 0 ? 1 + random.nextInt((int) limit) : 1;
      boolean expected = model.admits(n, now);
      if (random.nextBoolean()) {
        assertThat(limiter.tryAcquire(n)).as("tryAcquire(%d) at %d", n, now).isEqualTo(expected);
      } else {
        Decision want =
            expected
                ? Decision.admitted()
                : new Decision.Limited(Duration.ofNanos(model.earliest(n, now) - now));
        assertThat(limiter.decide(n)).as("decide(%d) at %d", n, now).isEqualTo(want);
      }
      if (expected) {
        model.record(n, now);
        admitted++;
      } else {
        refused++;
      }
    }
    assertThat(admitted).as("the trace admits some").isPositive();
    assertThat(refused).as("the trace refuses some").isPositive();
  }

  /** Bursts of tiny gaps, some gaps about a window's fraction, now and then a long pause. */
  private static long gap(SplittableRandom random, long window) {
    return switch (random.nextInt(10)) {
      case 0, 1, 2, 3 -> 0;
      case 4, 5 -> random.nextLong(Math.max(1, window / 50));
      case 6, 7, 8 -> random.nextLong(Math.max(1, window / 3));
      default -> random.nextLong(3 * window);
    };
  }
}
