package dev.weft.flow.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.time.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link RequeueLimiter} implementations give client-go's exact delay sequences: per-key exponential
 * doubling with a cap, token bucket burst then spacing, max-of the longest delay.
 */
class RequeueLimiterTest {

  private static <K> List<Duration> delays(RequeueLimiter<K> l, K key, int n) {
    List<Duration> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(l.when(key));
    return out;
  }

  private static Duration ms(long m) {
    return Duration.ofMillis(m);
  }

  @Test
  void exponentialDoublesPerRequeueUpToTheCap() {
    RequeueLimiter<String> l = RequeueLimiter.exponential(ms(5), ms(100));
    assertThat(delays(l, "a", 7))
        .containsExactly(ms(5), ms(10), ms(20), ms(40), ms(80), ms(100), ms(100));
    assertThat(l.numRequeues("a")).isEqualTo(7);
  }

  @Test
  void exponentialTracksEachKeySeparatelyAndForgetResets() {
    RequeueLimiter<String> l = RequeueLimiter.exponential(ms(1), Duration.ofSeconds(1));
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
    RequeueLimiter<String> l = RequeueLimiter.exponential();
    assertThat(delays(l, "a", 3)).containsExactly(ms(5), ms(10), ms(20));
    for (int i = 3; i < 40; i++) l.when("a");
    assertThat(l.when("a")).isEqualTo(Duration.ofSeconds(1000));
  }

  @Test
  void exponentialNeverOverflowsAfterManyRequeues() {
    RequeueLimiter<String> l = RequeueLimiter.exponential(Duration.ofNanos(1), Duration.ofDays(36_500));
    Duration last = Duration.ZERO;
    for (int i = 0; i < 200; i++) {
      Duration d = l.when("a");
      assertThat(d).isGreaterThanOrEqualTo(last).isLessThanOrEqualTo(Duration.ofDays(36_500));
      last = d;
    }
    assertThat(last).isEqualTo(Duration.ofDays(36_500));
    assertThat(RequeueLimiter.<String>exponential(ms(1), Duration.ofNanos(Long.MAX_VALUE)).when("a"))
        .isEqualTo(ms(1));
  }

  @Test
  void tokenBucketGivesTheBurstFreeThenSpacesByOneOverQps() {
    FakeClock clock = new FakeClock();
    RequeueLimiter<String> l = RequeueLimiter.tokenBucket(10, 3, clock);
    assertThat(delays(l, "a", 6))
        .containsExactly(Duration.ZERO, Duration.ZERO, Duration.ZERO, ms(100), ms(200), ms(300));
    assertThat(l.numRequeues("a")).isZero(); // keys are not tracked
  }

  @Test
  void tokenBucketIsSharedByAllKeys() {
    FakeClock clock = new FakeClock();
    RequeueLimiter<String> l = RequeueLimiter.tokenBucket(2, 1, clock);
    assertThat(l.when("a")).isZero();
    assertThat(l.when("b")).isEqualTo(ms(500));
    assertThat(l.when("c")).isEqualTo(ms(1000));
  }

  @Test
  void tokenBucketRefillsWithTimeUpToTheBurst() {
    FakeClock clock = new FakeClock();
    RequeueLimiter<String> l = RequeueLimiter.tokenBucket(10, 3, clock);
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
    RequeueLimiter<String> l = RequeueLimiter.tokenBucket(1, 1, clock);
    l.when("a");
    l.forget("a");
    assertThat(l.when("a")).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void maxOfReturnsTheLongestDelayAndConsultsEveryLimiter() {
    FakeClock clock = new FakeClock();
    RequeueLimiter<String> exp = RequeueLimiter.exponential(ms(50), Duration.ofSeconds(10));
    RequeueLimiter<String> bucket = RequeueLimiter.tokenBucket(10, 2, clock);
    RequeueLimiter<String> l = RequeueLimiter.maxOf(exp, bucket);
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
    RequeueLimiter<Integer> l = RequeueLimiter.defaultController(clock);
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
    assertThatThrownBy(() -> RequeueLimiter.exponential(Duration.ZERO, ms(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RequeueLimiter: base must be > 0, got PT0S");
    assertThatThrownBy(() -> RequeueLimiter.exponential(ms(10), ms(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("RequeueLimiter: max must be >= base");
    assertThatThrownBy(() -> RequeueLimiter.exponential(null, ms(1)))
        .hasMessage("RequeueLimiter: base is null");
    assertThatThrownBy(() -> RequeueLimiter.tokenBucket(0, 1, clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RequeueLimiter: qps must be > 0 and finite, got 0.0");
    assertThatThrownBy(() -> RequeueLimiter.tokenBucket(Double.NaN, 1, clock))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RequeueLimiter.tokenBucket(Double.POSITIVE_INFINITY, 1, clock))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RequeueLimiter.tokenBucket(1, 0, clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RequeueLimiter: burst must be >= 1, got 0");
    assertThatThrownBy(() -> RequeueLimiter.tokenBucket(1, 1, null))
        .hasMessage("RequeueLimiter: clock is null");
    assertThatThrownBy(() -> RequeueLimiter.maxOf())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RequeueLimiter: maxOf needs at least one limiter");
    assertThatThrownBy(() -> RequeueLimiter.maxOf(RequeueLimiter.exponential(), null))
        .hasMessage("RequeueLimiter: limiters[1] is null");
    assertThatThrownBy(() -> RequeueLimiter.exponential().when(null))
        .hasMessage("RequeueLimiter: key is null");
  }
}
