package dev.weft.resilience.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.Context;
import dev.weft.time.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * Misuse of every public method fails fast with an exception naming the type, and changes
 * nothing: a request above the capacity fails at once instead of waiting forever.
 */
@Timeout(20)
class TokenBucketArgumentsTest {

  private final FakeClock clock = new FakeClock();
  private final TokenBucket bucket =
      TokenBucket.of(clock, List.of(Bandwidth.perSecond(10), Bandwidth.of(5, Duration.ofSeconds(1))));

  private List<ThrowingConsumer<Integer>> everyForm() {
    List<ThrowingConsumer<Integer>> forms = new ArrayList<>();
    forms.add(bucket::tryAcquire);
    forms.add(bucket::acquire);
    forms.add(n -> bucket.acquire(n, Context.background()));
    forms.add(n -> bucket.tryAcquire(n, Duration.ofSeconds(1)));
    forms.add(bucket::decide);
    forms.add(bucket::reserve);
    return forms;
  }

  @Test
  void aNonPositiveNumberOfPermitsIsRejected() {
    for (ThrowingConsumer<Integer> form : everyForm()) {
      for (int n : new int[] {0, -1, Integer.MIN_VALUE}) {
        assertThatThrownBy(() -> form.accept(n))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("TokenBucket: n must be > 0, was " + n);
      }
    }
    assertThat(bucket.available()).isEqualTo(5);
  }

  @Test
  void moreThanTheSmallestCapacityCanNeverSucceedAndFailsAtOnce() {
    for (ThrowingConsumer<Integer> form : everyForm()) {
      assertThatThrownBy(() -> form.accept(6))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("TokenBucket: 6 permits can never succeed, the capacity is 5");
    }
    assertThat(bucket.available()).isEqualTo(5);
    assertThat(bucket.queued()).isZero();
  }

  @Test
  void nullsAreRejected() {
    assertThatThrownBy(() -> bucket.acquire(1, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("TokenBucket: context is null");
    assertThatThrownBy(() -> bucket.tryAcquire(1, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("TokenBucket: timeout is null");
    assertThatThrownBy(() -> bucket.call(null, c -> 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("RateLimiter: context is null");
    assertThatThrownBy(() -> bucket.call(Context.background(), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("RateLimiter: task is null");
    assertThatThrownBy(() -> bucket.setBandwidths(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> bucket.setBandwidths(Bandwidth.perSecond(1), (Bandwidth) null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> TokenBucket.of(null, List.of(Bandwidth.perSecond(1))))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("TokenBucket: clock is null");
    assertThatThrownBy(() -> TokenBucket.of(clock, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> TokenBucket.of(null)).isInstanceOf(NullPointerException.class);
    assertThat(bucket.available()).isEqualTo(5);
    assertThat(bucket.bandwidths()).hasSize(2);
  }

  @Test
  void aBucketNeedsABandwidth() {
    assertThatThrownBy(() -> TokenBucket.of(clock, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("TokenBucket: at least one bandwidth is needed");
  }

  @Test
  void bandwidthsAreValidated() {
    Duration s = Duration.ofSeconds(1);
    assertThatThrownBy(() -> new Bandwidth(0, 1, s, Bandwidth.Refill.GREEDY, 0))
        .hasMessage("Bandwidth: capacity must be > 0, was 0");
    assertThatThrownBy(() -> new Bandwidth(1, 0, s, Bandwidth.Refill.GREEDY, 0))
        .hasMessage("Bandwidth: refillTokens must be > 0, was 0");
    assertThatThrownBy(() -> new Bandwidth(1, 1, Duration.ZERO, Bandwidth.Refill.GREEDY, 0))
        .hasMessage("Bandwidth: refillPeriod must be positive, was PT0S");
    assertThatThrownBy(() -> new Bandwidth(1, 1, s.negated(), Bandwidth.Refill.GREEDY, 0))
        .hasMessage("Bandwidth: refillPeriod must be positive, was PT-1S");
    assertThatThrownBy(() -> new Bandwidth(1, 1, Duration.ofDays(365L * 300), Bandwidth.Refill.GREEDY, 0))
        .hasMessageStartingWith("Bandwidth: refillPeriod must be at most");
    assertThatThrownBy(() -> new Bandwidth(3, 1, s, Bandwidth.Refill.GREEDY, 4))
        .hasMessage("Bandwidth: initialTokens must be in [0, capacity=3], was 4");
    assertThatThrownBy(() -> new Bandwidth(3, 1, s, Bandwidth.Refill.GREEDY, -1))
        .hasMessage("Bandwidth: initialTokens must be in [0, capacity=3], was -1");
    assertThatThrownBy(() -> new Bandwidth(1, 1, null, Bandwidth.Refill.GREEDY, 0))
        .hasMessage("Bandwidth: refillPeriod is null");
    assertThatThrownBy(() -> new Bandwidth(1, 1, s, null, 0))
        .hasMessage("Bandwidth: refill is null");
    assertThatThrownBy(() -> Bandwidth.perSecond(1_000_000_001))
        .hasMessageStartingWith("Bandwidth: rate must be at most one token per nanosecond");
    assertThatThrownBy(() -> Bandwidth.of(999_983, Duration.ofDays(1)))
        .hasMessageContaining("is too fine");
    assertThatThrownBy(() -> Bandwidth.perSecond(0))
        .hasMessage("Bandwidth: capacity must be > 0, was 0");
    assertThatThrownBy(() -> Bandwidth.perSecond(5).withCapacity(0))
        .hasMessage("Bandwidth: capacity must be > 0, was 0");
    assertThatThrownBy(() -> Bandwidth.perSecond(5).withInitialTokens(6))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Bandwidth.perSecond(5).withRefill(null))
        .isInstanceOf(NullPointerException.class);
    assertThat(Bandwidth.of(1_000_000, Duration.ofDays(1)).refillTokens()).isEqualTo(1_000_000);
  }

  @Test
  void aLimitedDecisionNeedsAPositiveDelay() {
    assertThatThrownBy(() -> new Decision.Limited(Duration.ZERO))
        .hasMessage("Limited: retryAfter must be positive, was PT0S");
    assertThatThrownBy(() -> new Decision.Limited(null)).isInstanceOf(NullPointerException.class);
  }
}
