package dev.weft.resilience.ratelimit;

import static dev.weft.resilience.ratelimit.Buckets.millis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import dev.weft.time.FakeClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code setBandwidths} applies from the moment it is called: waiters are woken and re-timed,
 * available tokens and debt carry over, capped at the new capacity.
 */
@Timeout(20)
class TokenBucketRateChangeTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  @Test
  void aFasterRateWakesAndReTimesTheWaiters() throws Exception {
    FakeClock clock = new FakeClock();
    TokenBucket bucket =
        TokenBucket.of(clock, List.of(Bandwidth.of(10, Duration.ofSeconds(10)).withInitialTokens(0)));
    Async<Void> waiter = tasks.run(() -> bucket.acquire(10)); // 1 per second: due at 10 s
    clock.awaitPending(1);
    clock.advance(Duration.ofSeconds(2)); // 2 of its tokens have come
    bucket.setBandwidths(Bandwidth.perSecond(10)); // the 8 missing come in 800 ms
    clock.advance(millis(799));
    waiter.assertStillBlocked();
    clock.advance(millis(1));
    waiter.join();
    waiter.get();
    assertThat(bucket.available()).isZero();
    assertThat(clock.pending()).isZero();
  }

  @Test
  void aLargerCapacityDoesNotCountTokensTheOldCapacityTurnedAway() {
    FakeClock clock = new FakeClock();
    TokenBucket bucket = TokenBucket.of(clock, List.of(Bandwidth.perSecond(10)));
    clock.advance(Duration.ofHours(1));
    bucket.setBandwidths(Bandwidth.perSecond(10).withCapacity(100));
    assertThat(bucket.available()).isEqualTo(10);
    clock.advance(Duration.ofSeconds(9));
    assertThat(bucket.available()).isEqualTo(100);
  }

  @Test
  void aSmallerCapacityCapsWhatIsAvailable() {
    FakeClock clock = new FakeClock();
    TokenBucket bucket = TokenBucket.of(clock, List.of(Bandwidth.perSecond(10)));
    bucket.setBandwidths(Bandwidth.perSecond(10).withCapacity(4));
    assertThat(bucket.available()).isEqualTo(4);
    assertThat(bucket.tryAcquire(4)).isTrue();
    assertThat(bucket.tryAcquire(1)).isFalse();
  }

  @Test
  void debtCarriesOverWhenTheNumberOfBandwidthsChanges() {
    FakeClock clock = new FakeClock();
    TokenBucket bucket = Buckets.empty(clock, 10);
    Reservation r = bucket.reserve(5);
    assertThat(bucket.available()).isEqualTo(-5);

    bucket.setBandwidths(Bandwidth.perSecond(10), Bandwidth.of(1000, Duration.ofMinutes(1)));
    assertThat(bucket.available()).isEqualTo(-5);
    assertThat(r.delay()).isEqualTo(millis(500));
    assertThat(bucket.bandwidths()).hasSize(2);

    bucket.setBandwidths(Bandwidth.perSecond(20));
    assertThat(bucket.available()).isEqualTo(-5);
    assertThat(r.delay()).isEqualTo(millis(250));
    assertThat(r.cancel()).isTrue();
    assertThat(bucket.available()).isZero();
    clock.advance(millis(100));
    assertThat(bucket.tryAcquire(2)).isTrue();
    assertThat(bucket.tryAcquire(1)).isFalse();
  }

  @Test
  void aWaiterIsReTimedWhenTheNumberOfBandwidthsChanges() throws Exception {
    FakeClock clock = new FakeClock();
    TokenBucket bucket = Buckets.empty(clock, 10);
    Async<Void> waiter = tasks.run(() -> bucket.acquire(5)); // due at 500 ms
    clock.awaitPending(1);
    bucket.setBandwidths(Bandwidth.perSecond(10), Bandwidth.perSecond(50));
    clock.advance(millis(499));
    waiter.assertStillBlocked();
    bucket.setBandwidths(Bandwidth.perSecond(1000)); // 1 of 5 tokens missing: 1 ms
    clock.advance(millis(1));
    waiter.join();
    waiter.get();
  }

  @Test
  void anIntervalRefillStartsANewPeriodAtTheChange() {
    FakeClock clock = new FakeClock();
    Bandwidth minute = Bandwidth.of(60, Duration.ofMinutes(1)).withRefill(Bandwidth.Refill.INTERVAL);
    TokenBucket bucket = TokenBucket.of(clock, List.of(minute.withInitialTokens(0)));
    clock.advance(Duration.ofSeconds(30));
    assertThat(bucket.available()).isZero();
    bucket.setBandwidths(minute);
    clock.advance(Duration.ofSeconds(59));
    assertThat(bucket.available()).isZero();
    clock.advance(Duration.ofSeconds(1));
    assertThat(bucket.available()).isEqualTo(60);
  }
}
