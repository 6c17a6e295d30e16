package dev.weft.flow.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.time.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link RateLimiter} implementations give client-go's exact delay sequences: per-key exponential
 * doubling with a cap, token bucket burst then spacing, max-of the longest delay.
 */
class RateLimiterTest {

  private static <K> List<Duration> delays(RateLimiter<K> l, K key, int n) {
    List<Duration> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(l.when(key));
    return out;
  }

  private static Duration ms(long m) {
    return Duration.ofMillis(m);
  }

  @Test
  void exponentialDoublesPerRequeueUpToTheCap() {
    RateLimiter<String> l = RateLimiter.exponential(ms(5), ms(100));
    assertThat(delays(l, "a", 7))
        .containsExactly(ms(5), ms(10), ms(20), ms(40), ms(80), ms(100), ms(100));
    assertThat(l.numRequeues("a")).isEqualTo(7);
  }

  @Test
  void exponentialTracksEachKeySeparatelyAndForgetResets() {
    RateLimiter<String> l = RateLimiter.exponential(ms(1), Duration.ofSeconds(1));
    l.when("a");
    l.when("a");
    assertThat(l.when("b")).isEqualTo(ms(1));
    assertThat(l.numRequeues("a")).isEqualTo(2);
    assertThat(l.numRequeues("b")).isEqualTo(1);
    l.forget("a");
    assertThat(l.numRequeues("a")).isZero();
    assertThat(l.when("a")).isEqualTo(ms(1));
    assertThat(l.numRequeues("b")).isEqualTo(1);
    l.forget("never-seen"); // no-op
  }

  @Test
  void exponentialDefaultsAreClientGos() {
    RateLimiter<String> l = RateLimiter.exponential();
    assertThat(delays(l, "a", 3)).containsExactly(ms(5), ms(10), ms(20));
    for (int i = 3; i < 40; i++) l.when("a");
    assertThat(l.when("a")).isEqualTo(Duration.ofSeconds(1000));
  }

  @Test
  void exponentialNeverOverflowsAfterManyRequeues() {
    RateLimiter<String> l = RateLimiter.exponential(Duration.ofNanos(1), Duration.ofDays(36_500));
    Duration last = Duration.ZERO;
    for (int i = 0; i < 200; i++) {
      Duration d = l.when("a");
      assertThat(d).isGreaterThanOrEqualTo(last).isLessThanOrEqualTo(Duration.ofDays(36_500));
      last = d;
    }
    assertThat(last).isEqualTo(Duration.ofDays(36_500));
    assertThat(RateLimiter.<String>exponential(ms(1), Duration.ofNanos(Long.MAX_VALUE)).when("a"))
        .isEqualTo(ms(1));
  }

  @Test
  void tokenBucketGivesTheBurstFreeThenSpacesByOneOverQps() {
    FakeClock clock = new FakeClock();
    RateLimiter<String> l = RateLimiter.tokenBucket(10, 3, clock);
    assertThat(delays(l, "a", 6))
        .containsExactly(Duration.ZERO, Duration.ZERO, Duration.ZERO, ms(100), ms(200), ms(300));
    assertThat(l.numRequeues("a")).isZero(); // keys are not tracked
  }

  @Test
  void tokenBucketIsSharedByAllKeys() {
    FakeClock clock = new FakeClock();
    RateLimiter<String> l = RateLimiter.tokenBucket(2, 1, clock);
    assertThat(l.when("a")).isZero();
    assertThat(l.when("b")).isEqualTo(ms(500));
    assertThat(l.when("c")).isEqualTo(ms(1000));
  }

  @Test
  void tokenBucketRefillsWithTimeUpToTheBurst() {
    FakeClock clock = new FakeClock();
    RateLimiter<String> l = RateLimiter.tokenBucket(10, 3, clock);
    delays(l, "a", 5); // balance -2
    clock.advance(ms(100)); // -1
    assertThat(l.when("a")).isEqualTo(ms(200)); // -2
    clock.advance(Duration.ofSeconds(10)); // refills to the burst, not beyond
    assertThat(delays(l, "a", 4))
        .containsExactly(Duration.ZERO, Duration.ZERO, Duration.ZERO, ms(100));
  }

  @Test
  void tokenBucketForgetDoesNothing() {
    FakeClock clock = new FakeClock();
    RateLimiter<String> l = RateLimiter.tokenBucket(1, 1, clock);
    l.when("a");
    l.forget("a");
    assertThat(l.when("a")).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void maxOfReturnsTheLongestDelayAndConsultsEveryLimiter() {
    FakeClock clock = new FakeClock();
    RateLimiter<String> exp = RateLimiter.exponential(ms(50), Duration.ofSeconds(10));
    RateLimiter<String> bucket = RateLimiter.tokenBucket(10, 2, clock);
    RateLimiter<String> l = RateLimiter.maxOf(exp, bucket);
    // exponential: 50, 100, 200, 400; bucket: 0, 0, 100, 200
    assertThat(delays(l, "a", 4)).containsExactly(ms(50), ms(100), ms(200), ms(400));
    // the bucket was consulted each time: it is 2 tokens in debt now
    assertThat(l.when("b")).isEqualTo(ms(300));
    assertThat(l.numRequeues("a")).isEqualTo(4);
    assertThat(l.numRequeues("b")).isEqualTo(1);
    l.forget("a");
    assertThat(exp.numRequeues("a")).isZero();
  }

  @Test
  void theDefaultControllerLimiterIsMaxOfExponentialAndA10QpsBurst100Bucket() {
    FakeClock clock = new FakeClock();
    RateLimiter<Integer> l = RateLimiter.defaultControllerRateLimiter(clock);
    // 100 different keys: the bucket's burst, each key's first back-off of 5 ms.
    for (int k = 0; k < 100; k++) assertThat(l.when(k)).isEqualTo(ms(5));
    // The 101st key waits for the bucket: 100 ms; the 102nd, 200 ms.
    assertThat(l.when(100)).isEqualTo(ms(100));
    assertThat(l.when(101)).isEqualTo(ms(200));
    // One key failing repeatedly follows its own exponential back-off once it exceeds the bucket's.
    clock.advance(Duration.ofSeconds(100));
    assertThat(delays(l, 0, 3)).containsExactly(ms(10), ms(20), ms(40));
  }

  @Test
  void badArgumentsAreRejectedWithTheTypeAndArgumentInTheMessage() {
    FakeClock clock = new FakeClock();
    assertThatThrownBy(() -> RateLimiter.exponential(Duration.ZERO, ms(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RateLimiter: base must be > 0, got PT0S");
    assertThatThrownBy(() -> RateLimiter.exponential(ms(10), ms(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("RateLimiter: max must be >= base");
    assertThatThrownBy(() -> RateLimiter.exponential(null, ms(1)))
        .hasMessage("RateLimiter: base is null");
    assertThatThrownBy(() -> RateLimiter.tokenBucket(0, 1, clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RateLimiter: qps must be > 0 and finite, got 0.0");
    assertThatThrownBy(() -> RateLimiter.tokenBucket(Double.NaN, 1, clock))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RateLimiter.tokenBucket(Double.POSITIVE_INFINITY, 1, clock))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RateLimiter.tokenBucket(1, 0, clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RateLimiter: burst must be >= 1, got 0");
    assertThatThrownBy(() -> RateLimiter.tokenBucket(1, 1, null))
        .hasMessage("RateLimiter: clock is null");
    assertThatThrownBy(() -> RateLimiter.maxOf())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RateLimiter: maxOf needs at least one limiter");
    assertThatThrownBy(() -> RateLimiter.maxOf(RateLimiter.exponential(), null))
        .hasMessage("RateLimiter: limiters[1] is null");
    assertThatThrownBy(() -> RateLimiter.exponential().when(null))
        .hasMessage("RateLimiter: key is null");
  }
}
