package dev.weft.resilience.ratelimit;

import static dev.weft.resilience.ratelimit.Buckets.millis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import dev.weft.time.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A timed {@code tryAcquire} returns {@code false} at once, taking nothing, when its turn would
 * come after the timeout, waits when it comes in time, and gives up when a rate change pushes its
 * turn past the timeout.
 */
@Timeout(20)
class TokenBucketTimeoutTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  @Test
  void aWaitLongerThanTheTimeoutFailsAtOnceAndTakesNothing() throws Exception {
    FakeClock clock = new FakeClock();
    TokenBucket bucket = Buckets.empty(clock, 10);
    assertThat(bucket.tryAcquire(5, millis(499))).isFalse();
    assertThat(bucket.available()).isZero();
    assertThat(bucket.queued()).isZero();
    assertThat(clock.pending()).isZero();
  }

  @Test
  void zeroAndNegativeTimeoutsAreTryAcquire() throws Exception {
    FakeClock clock = new FakeClock();
    TokenBucket bucket = Buckets.empty(clock, 10);
    assertThat(bucket.tryAcquire(1, Duration.ZERO)).isFalse();
    assertThat(bucket.tryAcquire(1, millis(-5))).isFalse();
    assertThat(bucket.tryAcquire(1, Duration.ofSeconds(Long.MIN_VALUE)))
        .as("a negative timeout too large for nanoseconds")
        .isFalse();
    assertThat(bucket.queued()).isZero();
    clock.advance(millis(100));
    assertThat(bucket.tryAcquire(1, Duration.ZERO)).isTrue();
  }

  @Test
  void aWaitWithinTheTimeoutSucceeds() throws Exception {
    FakeClock clock = new FakeClock();
    TokenBucket bucket = Buckets.empty(clock, 10);
    Async<Boolean> waiter = tasks.start(() -> bucket.tryAcquire(5, millis(500)));
    clock.awaitPending(1);
    clock.advance(millis(499));
    waiter.assertStillBlocked();
    clock.advance(millis(1));
    assertThat(waiter.get()).isTrue();
    assertThat(bucket.available()).isZero();
  }

  @Test
  void aSlowerRateThatPushesTheTurnPastTheTimeoutGivesUp() throws Exception {
    FakeClock clock = new FakeClock();
    TokenBucket bucket = Buckets.empty(clock, 10);
    Async<Boolean> waiter = tasks.start(() -> bucket.tryAcquire(5, millis(600)));
    clock.awaitPending(1); // due at 500 ms
    bucket.setBandwidths(Bandwidth.perSecond(5)); // now due at 1 s
    assertThat(waiter.get()).isFalse();
    assertThat(bucket.available()).isZero();
    assertThat(bucket.queued()).isZero();
  }
}
