package dev.weft.resilience.ratelimit;

import static dev.weft.resilience.ratelimit.Buckets.millis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.Context;
import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import dev.weft.test.Waiting;
import dev.weft.time.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Keys are dropped once their bucket has been full for the idle expiry, and at the maximum a new
 * key evicts a full key first, else the busy key whose bucket will be full soonest, never a key
 * with waiters.
 */
@Timeout(20)
class KeyedRateLimiterEvictionTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  private final FakeClock clock = new FakeClock();

  /** 10 per second (100 ms per token), capacity 10. */
  private KeyedRateLimiter<String> limiter(int maxKeys, Duration idleExpiry) {
    return KeyedRateLimiter.of(
        clock, Bandwidth.perSecond(10), new KeyedRateLimiter.Config(maxKeys, idleExpiry));
  }

  @Test
  void aKeyIsDroppedOnceItsBucketHasBeenFullForTheExpiry() {
    KeyedRateLimiter<String> limiter = limiter(100, Duration.ofSeconds(5));
    assertThat(limiter.tryAcquire("a", 10)).isTrue(); // full again at 1 s
    clock.advance(millis(5_999));
    assertThat(limiter.cleanUp()).isZero();
    assertThat(limiter.size()).isEqualTo(1);
    clock.advance(millis(1));
    assertThat(limiter.cleanUp()).isEqualTo(1);
    assertThat(limiter.size()).isZero();
    assertThat(limiter.available("a")).isEqualTo(10);
  }

  @Test
  void aKeyInDebtOfTimeIsKeptWhateverItsAge() {
    KeyedRateLimiter<String> limiter = limiter(100, Duration.ZERO);
    assertThat(limiter.tryAcquire("a", 10)).isTrue();
    clock.advance(millis(999));
    assertThat(limiter.cleanUp()).isZero();
    assertThat(limiter.available("a")).isEqualTo(9);
    clock.advance(millis(1));
    assertThat(limiter.cleanUp()).isEqualTo(1);
  }

  @Test
  void callsSweepIdleKeysWithoutCleanUp() {
    KeyedRateLimiter<String> limiter = limiter(100, Duration.ofSeconds(5));
    for (String k : new String[] {"a", "b", "c", "d"}) assertThat(limiter.tryAcquire(k)).isTrue();
    clock.advance(millis(4_000));
    assertThat(limiter.tryAcquire("e")).isTrue(); // before the first sweep is due: nothing goes
    assertThat(limiter.size()).isEqualTo(5);
    clock.advance(millis(2_000));
    assertThat(limiter.decide("z", 1).isAdmitted()).isTrue(); // sweeps: a to d are idle
    assertThat(limiter.size()).isEqualTo(2);
    assertThat(limiter.available("e")).isEqualTo(10);
  }

  @Test
  void atTheMaximumANewKeyEvictsAFullOneFirst() {
    KeyedRateLimiter<String> limiter = limiter(3, Duration.ofHours(1));
    assertThat(limiter.tryAcquire("a", 1)).isTrue();
    clock.advance(millis(100)); // a is full again
    assertThat(limiter.tryAcquire("b", 10)).isTrue();
    assertThat(limiter.tryAcquire("c", 10)).isTrue();
    assertThat(limiter.tryAcquire("d", 10)).isTrue();
    assertThat(limiter.size()).isEqualTo(3);
    assertThat(limiter.tryAcquire("b")).as("b kept its state").isFalse();
    assertThat(limiter.tryAcquire("c")).as("c kept its state").isFalse();
    assertThat(limiter.decide("d", 1)).isEqualTo(new Decision.Limited(millis(100)));
  }

  @Test
  void whenEveryKeyIsBusyTheOneFullSoonestIsEvictedAndOnlyGainsTokens() {
    KeyedRateLimiter<String> limiter = limiter(3, Duration.ofHours(1));
    assertThat(limiter.tryAcquire("a", 10)).isTrue(); // full at 1,000 ms
    clock.advance(millis(300));
    assertThat(limiter.tryAcquire("b", 10)).isTrue(); // full at 1,300 ms
    clock.advance(millis(300));
    assertThat(limiter.tryAcquire("c", 10)).isTrue(); // full at 1,600 ms
    assertThat(limiter.available("a")).isEqualTo(6);

    assertThat(limiter.tryAcquire("new", 10)).as("a new key is never refused").isTrue();
    assertThat(limiter.size()).isEqualTo(3);
    assertThat(limiter.available("a")).as("a was evicted: a new, full bucket").isEqualTo(10);
    assertThat(limiter.available("b")).isEqualTo(3);
    assertThat(limiter.available("c")).isZero();
  }

  @Test
  void aKeyWithWaitersIsNeverEvicted() throws Exception {
    KeyedRateLimiter<String> limiter = limiter(1, Duration.ZERO);
    assertThat(limiter.tryAcquire("a", 10)).isTrue();
    Async<Void> waiter = tasks.run(() -> limiter.acquire("a", 5, Context.background()));
    clock.awaitPending(1);
    assertThat(limiter.tryAcquire("b", 10)).isTrue();
    assertThat(limiter.size()).as("over the maximum while a waits").isEqualTo(2);
    assertThat(limiter.cleanUp()).isZero();
    assertThat(limiter.queued("a")).isEqualTo(1);

    clock.advance(millis(500));
    waiter.get();
    assertThat(limiter.available("a")).isZero();
    clock.advance(millis(1_000));
    assertThat(limiter.cleanUp()).isEqualTo(2);
    assertThat(limiter.tryAcquire("c")).isTrue();
    assertThat(limiter.size()).isEqualTo(1);
  }

  @Test
  void aFullKeyEvictedAndSeenAgainDecidesAsIfItHadStayed() {
    KeyedRateLimiter<String> limiter = limiter(100, Duration.ZERO);
    TokenBucket model = TokenBucket.of(clock, java.util.List.of(Bandwidth.perSecond(10)));
    for (int i = 0; i < 50; i++) {
      int n = 1 + (i * 7) % 10;
      assertThat(limiter.decide("a", n)).as("request %d", i).isEqualTo(model.decide(n));
      clock.advance(millis(37L * (i % 11)));
      limiter.cleanUp();
    }
    Waiting.until(() -> limiter.size() <= 1);
  }
}
