package dev.weft.resilience.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.Context;
import dev.weft.time.Clock;
import dev.weft.time.FakeClock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bad arguments fail at once with an exception naming the type and the argument, in every public
 * method of the window limiters; the extreme rates (1 per day, 10^9 per second) work without
 * overflow for 200 years.
 */
class WindowArgumentsTest {

  @ParameterizedTest
  @EnumSource(Windows.class)
  void aBadNumberOfPermitsFailsInEveryMethod(Windows kind) {
    RateLimiter limiter = kind.make(new FakeClock(), 10, Duration.ofSeconds(1));
    Context ctx = Context.background();
    for (int n : new int[] {0, -1, 11, Integer.MAX_VALUE}) {
      ThrowingCallable[] calls = {
        () -> limiter.tryAcquire(n),
        () -> limiter.decide(n),
        () -> limiter.acquire(n),
        () -> limiter.acquire(n, ctx),
        () -> limiter.tryAcquire(n, Duration.ofSeconds(1)),
        () -> limiter.reserve(n)
      };
      for (ThrowingCallable call : calls) {
        assertThatThrownBy(call)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith(kind.type() + ": n must be")
            .hasMessageContaining("was " + n);
      }
    }
    assertThat(limiter.tryAcquire(10)).as("nothing was taken").isTrue();
  }

  @ParameterizedTest
  @EnumSource(Windows.class)
  void nullsFail(Windows kind) {
    RateLimiter limiter = kind.make(new FakeClock(), 10, Duration.ofSeconds(1));
    assertThatThrownBy(() -> limiter.acquire(1, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage(kind.type() + ": context is null");
    assertThatThrownBy(() -> limiter.tryAcquire(1, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage(kind.type() + ": timeout is null");
    assertThatThrownBy(() -> limiter.call(null, c -> 1)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> limiter.call(Context.background(), null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> kind.make(null, 10, Duration.ofSeconds(1)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage(kind.type() + ": clock is null");
    assertThatThrownBy(() -> kind.make(new FakeClock(), 10, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage(kind.type() + ": window is null");
  }

  @ParameterizedTest
  @EnumSource(Windows.class)
  void aBadLimitOrWindowFails(Windows kind) {
    Clock clock = new FakeClock();
    for (long limit : new long[] {0, -1, 1_000_000_001L, Long.MAX_VALUE}) {
      assertThatThrownBy(() -> kind.make(clock, limit, Duration.ofSeconds(1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(kind.type() + ": limit must be between 1 and 1000000000, was " + limit);
    }
    for (Duration window : new Duration[] {Duration.ZERO, Duration.ofNanos(-1)}) {
      assertThatThrownBy(() -> kind.make(clock, 1, window))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(kind.type() + ": window must be positive, was " + window);
    }
    assertThatThrownBy(() -> kind.make(clock, 1, ChronoUnit.FOREVER.getDuration()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(kind.type() + ": window must be at most");
  }

  @Test
  void fixedWindowAllowsAtMostOnePermitPerNanosecond() {
    FixedWindow.of(new FakeClock(), 1_000, Duration.ofNanos(1_000));
    assertThatThrownBy(() -> FixedWindow.of(new FakeClock(), 1_001, Duration.ofNanos(1_000)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("FixedWindow: rate must be at most one permit per nanosecond, was 1001 per PT0.000001S");
  }

  @Test
  void slidingWindowCounterNeedsLimitTimesWindowBelow2To63() {
    SlidingWindowCounter.of(new FakeClock(), 100_000, Duration.ofDays(1));
    assertThatThrownBy(
            () -> SlidingWindowCounter.of(new FakeClock(), 1_000_000_000, Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("SlidingWindowCounter: limit × window must stay below 2^63 ns");
  }

  @ParameterizedTest
  @EnumSource(Windows.class)
  void onePerDayWorksFor200Years(Windows kind) {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = kind.make(clock, 1, Duration.ofDays(1));
    clock.advance(Duration.ofDays(365L * 200));
    assertThat(limiter.tryAcquire(1)).isTrue();
    Duration expected = kind == Windows.COUNTER ? Duration.ofDays(2) : Duration.ofDays(1);
    // the fixed and counter windows start on whole days from creation; so does this clock
    assertThat(limiter.decide(1)).isEqualTo(new Decision.Limited(expected));
    clock.advance(expected);
    assertThat(limiter.tryAcquire(1)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Windows.class)
  void aBillionPerSecondWorksFor200Years(Windows kind) {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = kind.make(clock, 1_000_000_000, Duration.ofSeconds(1));
    clock.advance(Duration.ofDays(365L * 200));
    assertThat(limiter.tryAcquire(1_000_000_000)).isTrue();
    Duration expected =
        kind == Windows.COUNTER ? Duration.ofSeconds(1).plusNanos(1) : Duration.ofSeconds(1);
    assertThat(limiter.decide(1)).isEqualTo(new Decision.Limited(expected));
    clock.advance(expected);
    assertThat(limiter.tryAcquire(1)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Windows.class)
  void aThousandPerMicrosecondWorks(Windows kind) {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = kind.make(clock, 1_000, Duration.ofNanos(1_000));
    clock.advance(Duration.ofDays(365L * 200));
    for (int i = 0; i < 1_000; i++) assertThat(limiter.tryAcquire(1)).isTrue();
    assertThat(limiter.tryAcquire(1)).isFalse();
    assertThat(limiter.reserve(1_000).delay()).isPositive();
  }
}
