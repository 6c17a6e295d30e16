package dev.weft.redis;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.resilience.ratelimit.Bandwidth;
import dev.weft.resilience.ratelimit.RateLimiter;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Malformed names, limits and requests fail at once with a message naming the type. */
@Timeout(30)
class RedisBadInputTest {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private static RedisConnection connection;
  private static RedisRateLimiters limiters;

  @BeforeAll
  static void open() {
    connection = RedisConnection.open(REDIS.redis().config());
    limiters = RedisRateLimiters.on(connection);
  }

  @AfterAll
  static void close() {
    connection.close();
  }

  @Test
  void namesMustBeNonEmptyBoundedAndWithoutBraces() {
    Duration s = Duration.ofSeconds(1);
    assertThatThrownBy(() -> limiters.fixedWindow("", 1, s))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RedisFixedWindow: name must not be empty");
    assertThatThrownBy(() -> limiters.slidingLog("é".repeat(257), 1, s))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RedisSlidingLog: name must be at most 512 bytes of UTF-8, was 514");
    assertThatThrownBy(() -> limiters.gcra("}x", 1, s, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("RedisGcra: name must not contain '{' or '}'");
    assertThatThrownBy(() -> limiters.tokenBucket(null, Bandwidth.perSecond(1)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("RedisTokenBucket: name is null");
    limiters.fixedWindow("x".repeat(512), 1, s); // the longest name is fine
  }

  @Test
  void limitsMustBeInRange() {
    assertThatThrownBy(() -> limiters.fixedWindow("a", 0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RedisFixedWindow: limit must be in [1, 1000000000], was 0");
    assertThatThrownBy(() -> limiters.slidingWindowCounter("a", 1, Duration.ofNanos(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("RedisSlidingWindowCounter: window must be in [PT0.001S");
    assertThatThrownBy(() -> limiters.slidingLog("a", 1_000_001, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RedisSlidingLog: limit must be in [1, 1000000], was 1000001");
    assertThatThrownBy(() -> limiters.gcra("a", 1, Duration.ofSeconds(1), -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RedisGcra: maxBurst must be in [0, 1000000000], was -1");
    assertThatThrownBy(
            () ->
                limiters.tokenBucket(
                    "a", Bandwidth.perSecond(1).withRefill(Bandwidth.Refill.INTERVAL)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("RedisTokenBucket: only greedy refill is supported");
    assertThatThrownBy(() -> limiters.concurrencyLimiter("a", 1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("RedisConcurrencyLimiter: leaseTtl must be in");
    assertThatThrownBy(
            () ->
                limiters
                    .withFailurePolicy(RedisFailurePolicy.fallBackTo(RateLimiter.perSecond(1)))
                    .concurrencyLimiter("a", 1, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("RedisConcurrencyLimiter: the failure policy must be");
    assertThatThrownBy(() -> RedisFailurePolicy.failClosed(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("RedisFailurePolicy: retryAfter must be positive");
    assertThatThrownBy(() -> RedisConfig.defaults().withPoolSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RedisConfig: poolSize must be in [1, 10000], was 0");
    assertThatThrownBy(() -> RedisConfig.defaults().withTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RedisConfig: timeout must be > 0, was PT0S");
  }

  @Test
  void requestsMustBePositiveAndFitTheCapacity() {
    RateLimiter limiter = limiters.tokenBucket("cap", Bandwidth.perSecond(3));
    assertThatThrownBy(() -> limiter.decide(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RedisTokenBucket: n must be > 0, was 0");
    assertThatThrownBy(() -> limiter.acquire(4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RedisTokenBucket: n must be at most the capacity 3, was 4");
    RedisConcurrencyLimiter conc = limiters.concurrencyLimiter("cap", 2, Duration.ofSeconds(1));
    assertThatThrownBy(() -> conc.tryAcquire(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RedisConcurrencyLimiter: n must be at most the limit 2, was 3");
  }

  @Test
  void aWindowLimiterCannotReserve() {
    RateLimiter limiter = limiters.fixedWindow("no-reserve", 3, Duration.ofSeconds(1));
    assertThatThrownBy(() -> limiter.reserve(1))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageStartingWith("RedisFixedWindow: reserve is not supported");
  }

  @Test
  void aKeyOfAnotherTypeIsAClearError() {
    try (var j = REDIS.redis().client()) {
      j.set(RedisRateLimiters.key("wrong-type", "fw"), "a string");
    }
    RateLimiter limiter = limiters.fixedWindow("wrong-type", 3, Duration.ofSeconds(1));
    assertThatThrownBy(() -> limiter.decide(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("WRONGTYPE");
  }
}
