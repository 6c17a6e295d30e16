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
 * A reservation on a {@link SmoothWarmUp} or {@link LeakyBucketQueue} takes its place in line at
 * once; cancelling it before its time moves everyone behind it forward, and cancelling it after
 * does nothing.
 */
@Timeout(20)
class PacedReservationTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  @ParameterizedTest
  @EnumSource(Paced.class)
  void aReservationThatCanPassNowIsUsedAtOnce(Paced kind) {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = kind.make(clock);
    Reservation r = limiter.reserve(3);
    assertThat(r.delay()).isEqualTo(Duration.ZERO);
    assertThat(r.cancel()).isFalse();
    assertThat(limiter.decide(1)).isEqualTo(new Decision.Limited(millis(300)));
  }

  @ParameterizedTest
  @EnumSource(Paced.class)
  void reservationsQueueAndTheirDelaysShrinkWithTime(Paced kind) {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = kind.make(clock);
    limiter.reserve(2);
    Reservation a = limiter.reserve(1);
    Reservation b = limiter.reserve(4);
    Reservation c = limiter.reserve(1);
    assertThat(a.delay()).isEqualTo(millis(200));
    assertThat(b.delay()).isEqualTo(millis(300));
    assertThat(c.delay()).isEqualTo(millis(700));
    assertThat(Paced.queued(limiter)).isEqualTo(3);
    clock.advance(millis(250));
    assertThat(a.delay()).isEqualTo(Duration.ZERO);
    assertThat(a.cancel()).as("its time has come").isFalse();
    assertThat(b.delay()).isEqualTo(millis(50));
    assertThat(Paced.queued(limiter)).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(Paced.class)
  void cancellingMovesTheReservationsAndWaitersBehindItForward(Paced kind) throws Exception {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = kind.make(clock);
    limiter.reserve(1);
    Reservation a = limiter.reserve(3); // at 100 ms
    Reservation b = limiter.reserve(1); // at 400 ms
    Async<Void> waiter = tasks.run(() -> limiter.acquire(1)); // at 500 ms
    clock.awaitPending(1);
    assertThat(a.cancel()).isTrue();
    assertThat(a.cancel()).as("once").isFalse();
    assertThat(a.delay()).isEqualTo(Duration.ZERO);
    assertThat(b.delay()).isEqualTo(millis(100));
    clock.advance(millis(199));
    waiter.assertStillBlocked();
    clock.advance(millis(1));
    waiter.get();
    assertThat(limiter.decide(1)).isEqualTo(new Decision.Limited(millis(100)));
    assertThat(b.cancel()).isFalse();
  }
}
