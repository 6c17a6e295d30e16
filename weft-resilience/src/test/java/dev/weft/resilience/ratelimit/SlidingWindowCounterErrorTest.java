package dev.weft.resilience.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.time.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sliding window counter's over-admission, measured against the exact sliding-log count: on
 * bursty random traces (phases of random rate, some opening with a spike) no interval of one window's length holds {@code 2 × limit} permits or
 * more (the bound its class doc states), and a trace built for the worst case comes close to it.
 */
class SlidingWindowCounterErrorTest {

  private static final long WINDOW = 1_000_000_000L;

  @ParameterizedTest(name = "limit={0}")
  @ValueSource(longs = {1, 10, 100, 1_000})
  void overAdmissionOnBurstyTracesStaysBelowTheLimit(long limit) {
    long worst = 0;
    long counterTotal = 0;
    long logTotal = 0;
    for (long seed = 1; seed <= 8; seed++) {
      SplittableRandom random = new SplittableRandom(seed * 1_000 + limit);
      FakeClock clock = new FakeClock();
      SlidingWindowCounter counter = SlidingWindowCounter.of(clock, limit, Duration.ofNanos(WINDOW));
      SlidingLog log = SlidingLog.of(clock, limit, Duration.ofNanos(WINDOW));
      List<long[]> admitted = new ArrayList<>();
      List<long[]> exact = new ArrayList<>();
      while (clock.nanoTime() < 60 * WINDOW) {
        // A phase: a random rate from a fifth of the limit's to four times it, for a random
        // part of a window or two, sometimes opening with a spike at one instant.
        double rate = limit * (0.2 + 3.8 * random.nextDouble()) / WINDOW;
        long end = clock.nanoTime() + random.nextLong(WINDOW / 10, 2 * WINDOW);
        int spike = random.nextInt(4) == 0 ? random.nextInt((int) (2 * limit)) : 0;
        for (int i = 0; i < spike; i++) offer(counter, log, clock, random, limit, admitted, exact);
        while (clock.nanoTime() < end) {
          clock.advance(Duration.ofNanos((long) (-Math.log(1 - random.nextDouble()) / rate)));
          offer(counter, log, clock, random, limit, admitted, exact);
        }
      }
      long max = WindowModels.maxInAnyWindow(admitted, WINDOW);
      assertThat(max).as("seed %d", seed).isLessThan(2 * limit);
      assertThat(WindowModels.maxInAnyWindow(exact, WINDOW)).isLessThanOrEqualTo(limit);
      worst = Math.max(worst, max - limit);
      counterTotal += admitted.stream().mapToLong(a -> a[1]).sum();
      logTotal += exact.stream().mapToLong(a -> a[1]).sum();
    }
    System.out.printf(
        "SlidingWindowCounter limit=%d: worst over-admission %d (%.1f%% of the limit);"
            + " admitted %d permits where the exact log admitted %d (%+.1f%%)%n",
        limit,
        worst,
        100.0 * worst / limit,
        counterTotal,
        logTotal,
        100.0 * (counterTotal - logTotal) / logTotal);
  }

  @Test
  void aFullWindowAtItsEndThenSteadyUseComesCloseToTheBound() {
    long limit = 10;
    FakeClock clock = new FakeClock();
    SlidingWindowCounter counter = SlidingWindowCounter.of(clock, limit, Duration.ofNanos(WINDOW));
    List<long[]> admitted = new ArrayList<>();
    clock.advance(Duration.ofNanos(WINDOW - 1));
    assertThat(counter.tryAcquire((int) limit)).isTrue();
    admitted.add(new long[] {clock.nanoTime(), limit});
    long step = WINDOW / 1_000;
    for (int i = 0; i < 1_000; i++) {
      clock.advance(Duration.ofNanos(step));
      if (counter.tryAcquire(1)) admitted.add(new long[] {clock.nanoTime(), 1});
    }
    long max = WindowModels.maxInAnyWindow(admitted, WINDOW);
    assertThat(max).isLessThan(2 * limit).isGreaterThanOrEqualTo(2 * limit - 2);
  }

  /** Offers one request of 1 to 3 permits to both limiters, noting what each admitted. */
  private static void offer(
      SlidingWindowCounter counter,
      SlidingLog log,
      FakeClock clock,
      SplittableRandom random,
      long limit,
      List<long[]> admitted,
      List<long[]> exact) {
    int n = 1 + random.nextInt((int) Math.min(limit, 3));
    if (counter.tryAcquire(n)) admitted.add(new long[] {clock.nanoTime(), n});
    if (log.tryAcquire(n)) exact.add(new long[] {clock.nanoTime(), n});
  }
}
