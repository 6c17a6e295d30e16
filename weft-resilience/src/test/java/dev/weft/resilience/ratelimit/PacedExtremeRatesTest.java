package dev.weft.resilience.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import dev.weft.time.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link SmoothWarmUp} and {@link LeakyBucketQueue} work from one permit per day to 10^9 per
 * second over centuries of fake time, and a request too large to pay for saturates the limiter
 * instead of overflowing.
 */
@Timeout(20)
class PacedExtremeRatesTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  @Test
  void aWarmUpAtOnePerDayWaitsThreeDaysColdAndOneDayWarm() throws Exception {
    FakeClock clock = new FakeClock();
    SmoothWarmUp limiter = SmoothWarmUp.of(clock, 1.0 / 86_400, Duration.ofDays(2)); // 1 stored
    assertThat(limiter.tryAcquire(1)).isTrue();
    long cold = ((Decision.Limited) limiter.decide(1)).retryAfter().toNanos();
    // the one stored permit: ∫[0, 1] (1 day + 2 days × s) ds = 2 days
    assertThat(cold).isCloseTo(Duration.ofDays(2).toNanos(), within(1L));
    Async<Void> waiter = tasks.run(() -> limiter.acquire(1));
    clock.awaitPending(1);
    clock.advance(Duration.ofNanos(cold - 1));
    waiter.assertStillBlocked();
    clock.advance(Duration.ofNanos(1));
    waiter.get();
    long warm = ((Decision.Limited) limiter.decide(1)).retryAfter().toNanos();
    assertThat(warm).isCloseTo(Duration.ofDays(1).toNanos(), within(1L));
  }

  @Test
  void aWarmUpAtABillionPerSecondOverTwoHundredYears() {
    FakeClock clock = new FakeClock();
    SmoothWarmUp limiter = SmoothWarmUp.of(clock, 1e9, Duration.ofNanos(2_000));
    // stable 1 ns, cold 3 ns, 1,000 stored permits: the whole ramp in 2 µs
    limiter.reserve(1_000);
    assertThat(limiter.decide(1)).isEqualTo(new Decision.Limited(Duration.ofNanos(2_000)));
    clock.advance(Duration.ofDays(365L * 200));
    assertThat(limiter.coldness()).isEqualTo(1.0);
    assertThat(limiter.tryAcquire(1_000)).isTrue();
    assertThat(limiter.decide(1)).isEqualTo(new Decision.Limited(Duration.ofNanos(2_000)));
    clock.advance(Duration.ofNanos(2_000));
    assertThat(limiter.tryAcquire(1_000_000)).isTrue();
    assertThat(limiter.decide(1)).isEqualTo(new Decision.Limited(Duration.ofNanos(1_000_000)));
  }

  @Test
  void aWarmUpRequestTooLargeToPayForSaturates() {
    FakeClock clock = new FakeClock();
    SmoothWarmUp limiter = SmoothWarmUp.of(clock, 1.0 / 86_400, Duration.ofDays(1));
    assertThat(limiter.tryAcquire(Integer.MAX_VALUE)).isTrue();
    Reservation r = limiter.reserve(Integer.MAX_VALUE);
    assertThat(r.delay()).isEqualTo(Duration.ofNanos(Long.MAX_VALUE - clock.nanoTime()));
    assertThat(limiter.decide(1)).isEqualTo(new Decision.Limited(Duration.ofNanos(Long.MAX_VALUE)));
    assertThat(r.cancel()).isTrue();
    clock.advance(Duration.ofDays(365L * 100));
    assertThat(limiter.tryAcquire(1)).isFalse();
  }

  @Test
  void aLeakyQueueAtOnePerDayWaitsADay() throws Exception {
    FakeClock clock = new FakeClock();
    LeakyBucketQueue queue = LeakyBucketQueue.of(clock, 1, Duration.ofDays(1), 1);
    assertThat(queue.tryAcquire(1)).isTrue();
    assertThat(queue.decide(1)).isEqualTo(new Decision.Limited(Duration.ofDays(1)));
    Async<Void> waiter = tasks.run(() -> queue.acquire(1));
    clock.awaitPending(1);
    clock.advance(Duration.ofDays(1).minusNanos(1));
    waiter.assertStillBlocked();
    clock.advance(Duration.ofNanos(1));
    waiter.get();
  }

  @Test
  void aLeakyQueueAtABillionPerSecondOverTwoHundredYears() {
    FakeClock clock = new FakeClock();
    LeakyBucketQueue queue =
        LeakyBucketQueue.of(clock, 1_000_000_000, Duration.ofSeconds(1), Integer.MAX_VALUE);
    assertThat(queue.tryAcquire(Integer.MAX_VALUE)).isTrue();
    assertThat(queue.decide(1)).isEqualTo(new Decision.Limited(Duration.ofNanos(Integer.MAX_VALUE)));
    clock.advance(Duration.ofDays(365L * 200));
    assertThat(queue.tryAcquire(1)).isTrue();
    assertThat(queue.reserve(1_000).delay()).isEqualTo(Duration.ofNanos(1));
    assertThat(queue.decide(1)).isEqualTo(new Decision.Limited(Duration.ofNanos(1_001)));
  }

  @Test
  void aLeakyQueueWithTheLongestPeriod() {
    FakeClock clock = new FakeClock();
    Duration longest = Duration.ofNanos(Long.MAX_VALUE - 1);
    LeakyBucketQueue queue = LeakyBucketQueue.of(clock, 1, longest, 0);
    assertThat(queue.tryAcquire(1)).isTrue();
    assertThat(queue.decide(1)).isEqualTo(new Decision.Limited(longest));
    clock.advance(Duration.ofDays(365L * 100));
    assertThat(queue.tryAcquire(1)).isFalse();
  }
}
