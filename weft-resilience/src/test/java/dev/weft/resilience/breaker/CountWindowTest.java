package dev.weft.resilience.breaker;

import static dev.weft.resilience.breaker.CircuitBreakerConfig.MAX_WINDOW_SIZE;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packed counts of the count window decode exactly, transient negative fields included, and the
 * window keeps the last outcomes exactly as a queue of them would.
 */
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

  /**
   * Against a reference model (the last {@code size} outcomes in a queue), on seeded traces of long
   * runs of clean successes broken by failures and slow calls: the counts and the trip decision
   * agree after every outcome, so skipping the clean successes of a full, clean window changes
   * nothing one thread can see.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 20261208})
  void agreesWithTheLastOutcomesModelOnSeededTraces(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int size = 1 + random.nextInt(200);
    int minimum = 1 + random.nextInt(size);
    CircuitBreakerConfig config =
        CircuitBreakerConfig.defaults()
            .withCountWindow(size)
            .withMinimumCalls(minimum)
            .withFailureRateThreshold(1 + random.nextInt(100))
            .withSlowCalls(1 + random.nextInt(100), Duration.ofSeconds(1));
    CountWindow w = new CountWindow(config);
    ArrayDeque<int[]> model = new ArrayDeque<>();
    long calls = 0;
    long failures = 0;
    long slow = 0;
    int skipped = 0;
    for (int i = 0; i < 50_000; i++) {
      // Mostly long runs of clean successes, so the window is often full and clean.
      boolean failure = random.nextInt(1_000) < 3;
      boolean isSlow = random.nextInt(1_000) < 2;
      if (!failure && !isSlow && calls == size && failures == 0 && slow == 0) skipped++;
      model.addLast(new int[] {failure ? 1 : 0, isSlow ? 1 : 0});
      calls++;
      failures += failure ? 1 : 0;
      slow += isSlow ? 1 : 0;
      if (model.size() > size) {
        int[] out = model.removeFirst();
        calls--;
        failures -= out[0];
        slow -= out[1];
      }
      boolean expected =
          calls >= minimum
              && (failures * 100.0 >= config.failureRateThreshold() * calls
                  || slow * 100.0 >= config.slowCallRateThreshold() * calls);
      long[] before = w.counts(0);
      boolean tripped = w.record(failure, isSlow, 0);
      long[] after = w.counts(0);
      assertThat(after).as("outcome %d", i).containsExactly(calls, failures, slow);
      // record() judges the rates only when its outcome changed the totals; an outcome that left
      // them as they were (skipped, or replacing its like) reports false, since the recorder that
      // produced those totals judged them already.
      if (Arrays.equals(before, after)) {
        assertThat(tripped).as("outcome %d left the totals unchanged", i).isFalse();
      } else {
        assertThat(tripped).as("outcome %d trips", i).isEqualTo(expected);
      }
    }
    assertThat(skipped).as("clean successes into a full, clean window").isGreaterThan(1_000);
  }
}
