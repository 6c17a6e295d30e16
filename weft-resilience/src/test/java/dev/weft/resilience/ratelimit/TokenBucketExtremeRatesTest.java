package dev.weft.resilience.ratelimit;

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
 * Rates from one per day (and one per 292 years) to 10^9 per second work over centuries of fake
 * time without overflow, and deep debt saturates instead of wrapping.
 */
@Timeout(20)
class TokenBucketExtremeRatesTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  @Test
  void aBillionPerSecondOverTwoHundredYears() {
    FakeClock clock = new FakeClock();
    TokenBucket bucket = TokenBucket.of(clock, List.of(Bandwidth.perSecond(1_000_000_000)));
    assertThat(bucket.tryAcquire(1_000_000_000)).isTrue();
    assertThat(bucket.decide(1)).isEqualTo(new Decision.Limited(Duration.ofNanos(1)));
    clock.advance(Duration.ofDays(365L * 200));
    assertThat(bucket.available()).isEqualTo(1_000_000_000);
    assertThat(bucket.tryAcquire(1_000_000_000)).isTrue();
    assertThat(bucket.decide(1_000)).isEqualTo(new Decision.Limited(Duration.ofNanos(1_000)));
    clock.advance(Duration.ofNanos(999));
    assertThat(bucket.tryAcquire(1_000)).isFalse();
    clock.advance(Duration.ofNanos(1));
    assertThat(bucket.tryAcquire(1_000)).isTrue();
  }

  @Test
  void onePerDayWaitsADay() throws Exception {
    FakeClock clock = new FakeClock();
    TokenBucket bucket = TokenBucket.of(clock, List.of(Bandwidth.of(1, Duration.ofDays(1))));
    assertThat(bucket.tryAcquire()).isTrue();
    assertThat(bucket.decide(1)).isEqualTo(new Decision.Limited(Duration.ofDays(1)));
    Async<Void> waiter = tasks.run(() -> bucket.acquire(1));
    clock.awaitPending(1);
    clock.advance(Duration.ofDays(1).minusNanos(1));
    waiter.assertStillBlocked();
    clock.advance(Duration.ofNanos(1));
    waiter.join();
    waiter.get();
  }

  @Test
  void oneTokenPerLongestPeriod() {
    FakeClock clock = new FakeClock();
    Duration longest = Duration.ofNanos(Long.MAX_VALUE - 1);
    TokenBucket bucket = TokenBucket.of(clock, List.of(Bandwidth.of(1, longest)));
    assertThat(bucket.tryAcquire()).isTrue();
    assertThat(bucket.decide(1)).isEqualTo(new Decision.Limited(longest));
    clock.advance(Duration.ofDays(365L * 100));
    assertThat(bucket.tryAcquire()).isFalse();
  }

  @Test
  void deepDebtSaturatesInsteadOfWrapping() {
    FakeClock clock = new FakeClock();
    TokenBucket bucket =
        TokenBucket.of(
            clock,
            List.of(new Bandwidth(Long.MAX_VALUE / 4, 1, Duration.ofDays(1), Bandwidth.Refill.GREEDY, 0)));
    Reservation first = bucket.reserve(Integer.MAX_VALUE);
    Reservation second = bucket.reserve(Integer.MAX_VALUE);
    assertThat(first.delay()).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
    assertThat(second.delay()).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
    assertThat(bucket.decide(1)).isEqualTo(new Decision.Limited(Duration.ofNanos(Long.MAX_VALUE)));
    assertThat(bucket.tryAcquire(1)).isFalse();
    assertThat(first.cancel()).isTrue();
    assertThat(second.cancel()).isTrue();
    assertThat(bucket.available()).isZero();
  }
}
