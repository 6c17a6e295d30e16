package dev.weft.resilience.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import dev.weft.time.FakeClock;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Gcra} answers as {@code CL.THROTTLE} does: on seeded random traces it matches the
 * textbook virtual-scheduling algorithm (a theoretical arrival time in nanoseconds) step by step.
 */
@Timeout(20)
class GcraTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  /** GCRA by virtual scheduling, as redis-cell computes it, for a whole emission interval. */
  static final class TatModel {
    final long interval;
    final long tolerance; // interval * (maxBurst + 1)
    long tat;

    TatModel(long interval, long maxBurst) {
      this.interval = interval;
      this.tolerance = interval * (maxBurst + 1);
    }

    Gcra.Throttle throttle(long now, int n) {
      long newTat = Math.max(tat, now) + n * interval;
      long allowAt = newTat - tolerance;
      long limit = tolerance / interval;
      if (now < allowAt) {
        long remaining = Math.max(0, (tolerance - (Math.max(tat, now) - now)) / interval);
        return new Gcra.Throttle(
            true, limit, remaining, Duration.ofNanos(allowAt - now), Duration.ofNanos(Math.max(tat, now) - now));
      }
      tat = newTat;
      long remaining = (tolerance - (newTat - now)) / interval;
      return new Gcra.Throttle(false, limit, remaining, Duration.ZERO, Duration.ofNanos(newTat - now));
    }
  }

  @Test
  void theRedisCellExample() {
    FakeClock clock = new FakeClock();
    Gcra limiter = Gcra.of(clock, 30, Duration.ofSeconds(60), 15); // CL.THROTTLE user123 15 30 60
    assertThat(limiter.throttle(1))
        .isEqualTo(new Gcra.Throttle(false, 16, 15, Duration.ZERO, Duration.ofSeconds(2)));
    for (int i = 0; i < 15; i++) assertThat(limiter.throttle(1).limited()).isFalse();
    assertThat(limiter.throttle(1))
        .isEqualTo(new Gcra.Throttle(true, 16, 0, Duration.ofSeconds(2), Duration.ofSeconds(32)));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void throttleMatchesTheVirtualSchedulingModel(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int trace = 0; trace < 20; trace++) {
      long interval = 1 + rnd.nextLong(1_000_000);
      long count = 1 + rnd.nextLong(10);
      long maxBurst = rnd.nextLong(8);
      FakeClock clock = new FakeClock();
      Gcra limiter = Gcra.of(clock, count, Duration.ofNanos(interval * count), maxBurst);
      TatModel model = new TatModel(interval, maxBurst);
      long now = 0;
      for (int step = 0; step < 200; step++) {
        long dt = rnd.nextInt(3) == 0 ? 0 : rnd.nextLong(interval * 3);
        clock.advance(Duration.ofNanos(dt));
        now += dt;
        int n = 1 + (int) rnd.nextLong(maxBurst + 1);
        assertThat(limiter.throttle(n))
            .as("seed %d trace %d step %d", seed, trace, step)
            .isEqualTo(model.throttle(now, n));
      }
    }
  }

  @Test
  void aFullLimiterRestartsItsScheduleAsGcraDoes() {
    FakeClock clock = new FakeClock();
    Gcra limiter = Gcra.of(clock, 1, Duration.ofSeconds(1), 0);
    clock.advance(Duration.ofMillis(1_500));
    assertThat(limiter.tryAcquire()).isTrue();
    clock.advance(Duration.ofMillis(999));
    assertThat(limiter.tryAcquire()).as("one full interval after the last request").isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(limiter.tryAcquire()).isTrue();
  }

  @Test
  void waitingIsFifoAndCancellableAsInTheTokenBucket() throws Exception {
    FakeClock clock = new FakeClock();
    Gcra limiter = Gcra.of(clock, 10, Duration.ofSeconds(1), 0);
    assertThat(limiter.tryAcquire()).isTrue();
    Async<Void> first = tasks.run(() -> limiter.acquire(1));
    clock.awaitPending(1);
    Async<Void> second = tasks.run(() -> limiter.acquire(1));
    clock.awaitPending(2);
    first.interrupt();
    assertThat(first.failure()).isInstanceOf(InterruptedException.class);
    clock.advance(Duration.ofMillis(100));
    second.join();
    second.get();
  }

  @Test
  void badArgumentsNameGcra() {
    FakeClock clock = new FakeClock();
    assertThatThrownBy(() -> Gcra.of(clock, 0, Duration.ofSeconds(1), 0))
        .hasMessage("Gcra: countPerPeriod must be > 0, was 0");
    assertThatThrownBy(() -> Gcra.of(clock, 1, Duration.ofSeconds(1), -1))
        .hasMessage("Gcra: maxBurst must be >= 0, was -1");
    assertThatThrownBy(() -> Gcra.of(clock, 1, Duration.ZERO, 0))
        .hasMessage("Gcra: period must be positive, was PT0S");
    assertThatThrownBy(() -> Gcra.of(clock, 1, null, 0)).hasMessage("Gcra: period is null");
    assertThatThrownBy(() -> Gcra.of(null, 1, Duration.ofSeconds(1), 0))
        .hasMessage("Gcra: clock is null");
    Gcra limiter = Gcra.of(clock, 1, Duration.ofSeconds(1), 2);
    assertThatThrownBy(() -> limiter.throttle(4))
        .hasMessage("Gcra: 4 permits can never succeed, the capacity is 3");
    assertThatThrownBy(() -> limiter.acquire(0)).hasMessage("Gcra: n must be > 0, was 0");
    assertThatThrownBy(() -> limiter.acquire(1, null)).hasMessage("Gcra: context is null");
    assertThatThrownBy(() -> Gcra.of(clock, 2, Duration.ofNanos(1), 0))
        .hasMessageStartingWith("Gcra: rate must be at most one request per nanosecond");
    assertThatThrownBy(() -> Gcra.of(clock, 1, Duration.ofSeconds(1), Long.MAX_VALUE / 2))
        .hasMessageStartingWith("Gcra: (maxBurst + 1) × emission interval must stay below 2^63 ns");
    assertThat(limiter.limit()).isEqualTo(3);
  }
}
