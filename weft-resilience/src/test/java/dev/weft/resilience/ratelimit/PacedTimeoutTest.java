package dev.weft.resilience.ratelimit;

import static dev.weft.resilience.ratelimit.Paced.millis;
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
 * The timed {@code tryAcquire} on a {@link SmoothWarmUp} or {@link LeakyBucketQueue} gives up at
 * once, taking nothing, when its turn would come after the timeout, and otherwise waits for it.
 */
@Timeout(20)
class PacedTimeoutTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  @ParameterizedTest
  @EnumSource(Paced.class)
  void aTurnPastTheTimeoutFailsAtOnceTakingNothing(Paced kind) throws Exception {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = kind.make(clock);
    assertThat(limiter.tryAcquire(3)).isTrue();
    assertThat(limiter.tryAcquire(1, millis(299))).isFalse();
    assertThat(limiter.tryAcquire(1, Duration.ZERO)).isFalse();
    assertThat(limiter.tryAcquire(1, Duration.ofNanos(-1))).isFalse();
    assertThat(Paced.queued(limiter)).isZero();
    assertThat(limiter.decide(1)).isEqualTo(new Decision.Limited(millis(300)));
  }

  @ParameterizedTest
  @EnumSource(Paced.class)
  void aTurnWithinTheTimeoutIsWaitedFor(Paced kind) throws Exception {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = kind.make(clock);
    assertThat(limiter.tryAcquire(3)).isTrue();
    Async<Boolean> waiter = tasks.start(() -> limiter.tryAcquire(2, millis(300)));
    clock.awaitPending(1);
    clock.advance(millis(299));
    waiter.assertStillBlocked();
    clock.advance(millis(1));
    assertThat(waiter.get()).isTrue();
    assertThat(limiter.decide(1)).isEqualTo(new Decision.Limited(millis(200)));
  }

  @ParameterizedTest
  @EnumSource(Paced.class)
  void aZeroTimeoutIsTryAcquire(Paced kind) throws Exception {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = kind.make(clock);
    assertThat(limiter.tryAcquire(1, Duration.ZERO)).isTrue();
    clock.advance(millis(100));
    assertThat(limiter.tryAcquire(1, Duration.ofSeconds(-5))).isTrue();
  }
}
