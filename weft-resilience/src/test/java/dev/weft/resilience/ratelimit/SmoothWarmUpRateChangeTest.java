package dev.weft.resilience.ratelimit;

import static dev.weft.resilience.ratelimit.Paced.millis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import dev.weft.time.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code setRate} applies from the moment it is called: a request already admitted keeps the
 * interval it was charged, waiters are woken and re-timed at the new rate, and the limiter keeps
 * how cold it is.
 */
@Timeout(20)
class SmoothWarmUpRateChangeTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  /** 10 per second, warm-up 1 s (5 stored permits when cold), taken until hot. */
  private static SmoothWarmUp hot(FakeClock clock) {
    SmoothWarmUp limiter = SmoothWarmUp.of(clock, 10, Duration.ofSeconds(1));
    for (int i = 0; i < 6; i++) {
      if (limiter.decide(1) instanceof Decision.Limited l) {
        clock.advance(l.retryAfter());
        assertThat(limiter.tryAcquire(1)).isTrue();
      }
    }
    assertThat(limiter.coldness()).isZero();
    return limiter;
  }

  @Test
  void aFasterRateWakesAndReTimesTheWaiters() throws Exception {
    FakeClock clock = new FakeClock();
    SmoothWarmUp limiter = hot(clock);
    assertThat(limiter.decide(1)).isEqualTo(new Decision.Limited(millis(100)));
    Async<Void> first = tasks.run(() -> limiter.acquire(1)); // at 100 ms
    clock.awaitPending(1);
    Async<Void> second = tasks.run(() -> limiter.acquire(1)); // at 200 ms
    clock.awaitPending(2);

    limiter.setRate(100); // the first keeps the 100 ms it was charged; the second at 110 ms
    assertThat(limiter.rate()).isEqualTo(100);
    clock.advance(millis(100));
    first.get();
    clock.advance(millis(9));
    second.assertStillBlocked();
    clock.advance(millis(1));
    second.get();
    assertThat(limiter.decide(1)).isEqualTo(new Decision.Limited(millis(10)));
    assertThat(clock.pending()).isZero();
  }

  @Test
  void aSlowerRateMakesATimedWaitGiveUpWhenItsTurnPassesTheTimeout() throws Exception {
    FakeClock clock = new FakeClock();
    SmoothWarmUp limiter = hot(clock);
    Async<Boolean> first = tasks.start(() -> limiter.tryAcquire(1, millis(150))); // at 100 ms
    clock.awaitPending(1);
    Async<Boolean> second = tasks.start(() -> limiter.tryAcquire(1, millis(250))); // at 200 ms
    clock.awaitPending(2);

    limiter.setRate(5); // the first stays at 100 ms; the second would come at 300 ms
    assertThat(second.get()).isFalse();
    assertThat(limiter.queued()).isEqualTo(1);
    clock.advance(millis(100));
    assertThat(first.get()).isTrue();
    assertThat(limiter.decide(1)).isEqualTo(new Decision.Limited(millis(200)));
  }

  @Test
  void theLimiterKeepsHowColdItIs() {
    FakeClock clock = new FakeClock();
    SmoothWarmUp limiter = SmoothWarmUp.of(clock, 10, Duration.ofSeconds(1));
    limiter.setRate(20); // stable 50 ms, cold 150 ms, max = 2 s / 200 ms = 10 stored permits
    assertThat(limiter.coldness()).isEqualTo(1.0);
    assertThat(limiter.tryAcquire(1)).isTrue();
    // interval(9.5) = 50 ms + 100 ms × 9.5 / 10
    assertThat(limiter.decide(1)).isEqualTo(new Decision.Limited(millis(145)));
  }

  @Test
  void aBadRateIsRejectedAndChangesNothing() {
    FakeClock clock = new FakeClock();
    SmoothWarmUp limiter = SmoothWarmUp.of(clock, 10, Duration.ofSeconds(1));
    for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> limiter.setRate(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("SmoothWarmUp: permitsPerSecond must be positive and finite, was " + bad);
    }
    assertThatThrownBy(() -> limiter.setRate(2e9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("SmoothWarmUp: permitsPerSecond must be at most 1e9");
    assertThat(limiter.rate()).isEqualTo(10);
  }
}
