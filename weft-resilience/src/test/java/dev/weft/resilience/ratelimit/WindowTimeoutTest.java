package dev.weft.resilience.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import dev.weft.time.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A timed {@code tryAcquire} waits only if its turn comes within the timeout, and otherwise
 * returns {@code false} at once, taking nothing.
 */
@Timeout(20)
class WindowTimeoutTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  @ParameterizedTest
  @EnumSource(Windows.class)
  void aTurnLaterThanTheTimeoutFailsAtOnceTakingNothing(Windows kind) throws Exception {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = kind.make(clock, 10, Duration.ofSeconds(1));
    RateLimiter twin = kind.make(clock, 10, Duration.ofSeconds(1));
    assertThat(limiter.tryAcquire(10) && twin.tryAcquire(10)).isTrue();
    Duration due = twin.reserve(5).delay();
    assertThat(twin.reserve(5).cancel()).isTrue(); // twin: as before, the first reservation kept
    assertThat(limiter.tryAcquire(5, due.minusNanos(1))).isFalse();
    assertThat(Windows.queued(limiter)).isZero();
    assertThat(clock.pending()).as("it did not wait").isZero();
    assertThat(limiter.reserve(5).delay()).as("nothing was taken").isEqualTo(due);
  }

  @ParameterizedTest
  @EnumSource(Windows.class)
  void aTurnWithinTheTimeoutWaitsForIt(Windows kind) throws Exception {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = kind.make(clock, 10, Duration.ofSeconds(1));
    RateLimiter twin = kind.make(clock, 10, Duration.ofSeconds(1));
    assertThat(limiter.tryAcquire(10) && twin.tryAcquire(10)).isTrue();
    Duration due = twin.reserve(5).delay();
    Async<Boolean> waiter = tasks.start(() -> limiter.tryAcquire(5, due));
    clock.awaitPending(1);
    clock.advance(due.minusNanos(1));
    waiter.assertStillBlocked();
    clock.advance(Duration.ofNanos(1));
    assertThat(waiter.get()).isTrue();
    WindowInterruptionTest.assertSameAnswers(limiter, twin, clock, 6);
  }

  @ParameterizedTest
  @EnumSource(Windows.class)
  void aZeroOrNegativeTimeoutIsTryAcquire(Windows kind) throws Exception {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = kind.make(clock, 10, Duration.ofSeconds(1));
    assertThat(limiter.tryAcquire(6, Duration.ZERO)).isTrue();
    assertThat(limiter.tryAcquire(4, Duration.ofSeconds(-1))).isTrue();
    assertThat(limiter.tryAcquire(1, Duration.ZERO)).isFalse();
    assertThat(limiter.tryAcquire(1, Duration.ofSeconds(Long.MIN_VALUE))).isFalse();
    assertThat(Windows.queued(limiter)).isZero();
  }
}
