package dev.weft.resilience.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.weft.time.FakeClock;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A {@link SmoothWarmUp} admits permits when the reference model {@link WarmUpModel} does, within
 * the one nanosecond of rounding: from cold it ramps from the cold to the stable interval over the
 * warm-up period, then holds the stable rate exactly, and idleness cools it down again.
 */
class SmoothWarmUpModelTest {

  /** Takes single permits back to back, each as soon as decide says it may; returns the times. */
  private static long[] backToBack(SmoothWarmUp limiter, FakeClock clock, int count) {
    long[] at = new long[count];
    for (int i = 0; i < count; i++) {
      if (limiter.decide(1) instanceof Decision.Limited l) {
        clock.advance(l.retryAfter());
        assertThat(limiter.tryAcquire(1)).isTrue();
      }
      at[i] = clock.nanoTime();
    }
    return at;
  }

  @Test
  void fromColdThePermitsFollowTheModelAndTheWarmUpTakesTheWarmUpPeriod() {
    FakeClock clock = new FakeClock();
    // stable 100 ms, cold 300 ms, max = 2 × 10 s / 400 ms = 50 stored permits
    SmoothWarmUp limiter = SmoothWarmUp.of(clock, 10, Duration.ofSeconds(10));
    WarmUpModel model = new WarmUpModel(10, Duration.ofSeconds(10).toNanos(), 3, 0);
    long[] at = backToBack(limiter, clock, 80);
    long t = 0;
    for (int i = 0; i < at.length; i++) {
      t = model.take(1, Math.max(t, model.admissionAt(t)));
      assertThat(at[i]).as("permit %d", i).isCloseTo(t, within(1L));
    }
    assertThat(at[1] - at[0]).as("the first interval, at level 50 → 49").isEqualTo(298_000_000L);
    assertThat(at[50]).as("50 stored permits use up the warm-up period").isEqualTo(10_000_000_000L);
    for (int i = 51; i < at.length; i++) {
      assertThat(at[i] - at[i - 1]).as("warm: exactly the stable interval").isEqualTo(100_000_000L);
    }
    assertThat(limiter.coldness()).isZero();
  }

  @Test
  void afterIdlingForTheWarmUpPeriodItIsColdAgain() {
    FakeClock clock = new FakeClock();
    SmoothWarmUp limiter = SmoothWarmUp.of(clock, 10, Duration.ofSeconds(10));
    long[] first = backToBack(limiter, clock, 60);
    assertThat(limiter.coldness()).isZero();
    clock.advance(Duration.ofMillis(100)); // the last interval
    clock.advance(Duration.ofSeconds(5));
    assertThat(limiter.coldness()).as("half the warm-up period idle").isCloseTo(0.5, within(1e-12));
    clock.advance(Duration.ofSeconds(5));
    assertThat(limiter.coldness()).isEqualTo(1.0);
    clock.advance(Duration.ofHours(1));
    assertThat(limiter.coldness()).as("no colder than cold").isEqualTo(1.0);
    long start = clock.nanoTime();
    long[] again = backToBack(limiter, clock, 60);
    for (int i = 0; i < again.length; i++) {
      assertThat(again[i] - start).as("permit %d", i).isCloseTo(first[i], within(1L));
    }
  }

  @Test
  void halfCooledItStartsHalfWayUpTheRamp() {
    FakeClock clock = new FakeClock();
    SmoothWarmUp limiter = SmoothWarmUp.of(clock, 10, Duration.ofSeconds(10));
    backToBack(limiter, clock, 60);
    clock.advance(Duration.ofMillis(100)); // the last interval
    clock.advance(Duration.ofSeconds(5)); // 25 of 50 stored permits
    long[] at = backToBack(limiter, clock, 2);
    // interval(24.5) = 100 ms + 200 ms × 24.5 / 50
    assertThat(at[1] - at[0]).isEqualTo(198_000_000L);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void seededTracesMatchTheModel(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] rates = {10, 3, 1_000, 0.5, 7.5, 1e6};
    double[] factors = {1, 2, 3, 5.5};
    long[] warmUps = {1_000_000_000L, 10_000_000_000L, 250_000_000L, 1_000L};
    for (int trace = 0; trace < 10; trace++) {
      double rate = rates[rnd.nextInt(rates.length)];
      double factor = factors[rnd.nextInt(factors.length)];
      long warmUp = warmUps[rnd.nextInt(warmUps.length)];
      FakeClock clock = new FakeClock();
      SmoothWarmUp limiter = SmoothWarmUp.of(clock, rate, Duration.ofNanos(warmUp), factor);
      WarmUpModel model = new WarmUpModel(rate, warmUp, factor, 0);
      long cold = (long) (1e9 / rate * factor);
      long now = 0;
      for (int step = 0; step < 300; step++) {
        int kind = rnd.nextInt(20);
        long dt =
            kind < 5 ? 0 : kind == 19 ? rnd.nextLong(2 * warmUp) : rnd.nextLong(Math.max(1, 2 * cold));
        clock.advance(Duration.ofNanos(dt));
        now += dt;
        int n = 1 + rnd.nextInt(4);
        String where =
            "seed " + seed + " trace " + trace + " step " + step + " rate " + rate + " factor "
                + factor + " warmUp " + warmUp;
        long expected = model.admissionAt(now);
        Decision d = limiter.decide(n);
        if (d instanceof Decision.Limited l) {
          assertThat(now + l.retryAfter().toNanos()).as(where).isCloseTo(expected, within(1L));
        } else {
          assertThat(expected).as(where).isLessThanOrEqualTo(now + 1);
          model.take(n, now);
        }
      }
      long end = now + 100 * cold + 10 * warmUp;
      clock.advance(Duration.ofNanos(end - now));
      assertThat(limiter.coldness()).as("cold again").isEqualTo(1.0);
      assertThat(limiter.tryAcquire(1)).isTrue();
      assertThat(model.take(1, end)).isEqualTo(end);
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13})
  void retryAfterIsExactlyWhenTheRequestPasses(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    FakeClock clock = new FakeClock();
    SmoothWarmUp limiter = SmoothWarmUp.of(clock, 3, Duration.ofSeconds(2));
    for (int i = 0; i < 50; i++) {
      clock.advance(Duration.ofNanos(rnd.nextLong(400_000_000L)));
      int n = 1 + rnd.nextInt(3);
      if (limiter.decide(n) instanceof Decision.Limited l) {
        clock.advance(l.retryAfter().minusNanos(1));
        assertThat(limiter.tryAcquire(n)).as("one ns early").isFalse();
        clock.advance(Duration.ofNanos(1));
        assertThat(limiter.tryAcquire(n)).as("on time").isTrue();
      }
    }
  }
}
