package dev.weft.resilience.breaker;

import static dev.weft.resilience.breaker.CircuitBreakerConfig.MAX_WINDOW_SIZE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The packed counts of the count window decode exactly, transient negative fields included. */
class CountWindowTest {

  private static long pack(long calls, long failures, long slow) {
    return calls + (failures << 21) + (slow << 42);
  }

  @Test
  void packedCountsDecodeEvenWhenAFieldIsTransientlyNegative() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 100_000; i++) {
      long c = random.nextLong(-1_000, 1_000_001);
      long f = random.nextLong(-1_000, 1_000_001);
      long s = random.nextLong(-1_000, 1_000_001);
      long p = pack(c, f, s);
      assertThat(new long[] {CountWindow.calls(p), CountWindow.failures(p), CountWindow.slow(p)})
          .as("calls %d failures %d slow %d", c, f, s)
          .containsExactly(c, f, s);
    }
  }

  @Test
  void aFullWindowOfFailuresAtTheLargestSizeTrips() {
    CountWindow w =
        new CountWindow(CircuitBreakerConfig.defaults().withCountWindow(MAX_WINDOW_SIZE));
    boolean tripped = false;
    for (int i = 0; i < MAX_WINDOW_SIZE; i++) tripped = w.record(true, true, 0);
    assertThat(tripped).isTrue();
    assertThat(w.counts(0)).containsExactly(1_000_000L, 1_000_000L, 1_000_000L);
    w.record(false, false, 0); // replaces the oldest failure
    assertThat(w.counts(0)).containsExactly(1_000_000L, 999_999L, 999_999L);
  }
}
