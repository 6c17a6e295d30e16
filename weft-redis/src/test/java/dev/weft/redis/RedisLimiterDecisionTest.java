package dev.weft.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.resilience.ratelimit.Bandwidth;
import dev.weft.resilience.ratelimit.Decision;
import dev.weft.resilience.ratelimit.RateLimiter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;

/** Each algorithm admits its limit, then refuses with a plausible retry-after, keys expiring. */
@Timeout(60)
class RedisLimiterDecisionTest {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private static RedisConnection connection;

  @BeforeAll
  static void open() {
    connection = RedisConnection.open(REDIS.redis().config());
  }

  @AfterAll
  static void close() {
    connection.close();
  }

  /** Every algorithm with a limit of 5 per 10 s (a burst of 5 for the rate-based ones). */
  enum Kind {
    TOKEN_BUCKET((f, n) -> f.tokenBucket(n, Bandwidth.of(5, Duration.ofSeconds(10)))),
    GCRA((f, n) -> f.gcra(n, 5, Duration.ofSeconds(10), 4)),
    FIXED_WINDOW((f, n) -> f.fixedWindow(n, 5, Duration.ofSeconds(10))),
    SLIDING_WINDOW_COUNTER((f, n) -> f.slidingWindowCounter(n, 5, Duration.ofSeconds(10))),
    SLIDING_LOG((f, n) -> f.slidingLog(n, 5, Duration.ofSeconds(10)));

    final BiFunction<RedisRateLimiters, String, RateLimiter> make;

    Kind(BiFunction<RedisRateLimiters, String, RateLimiter> make) {
      this.make = make;
    }
  }

  private static final AtomicInteger NEXT = new AtomicInteger();

  private static RateLimiter make(Kind kind, String name) {
    return kind.make.apply(RedisRateLimiters.on(connection), name);
  }

  private static RateLimiter make(Kind kind) {
    return make(kind, "decide-" + kind + "-" + NEXT.incrementAndGet());
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void admitsTheLimitThenRefusesWithARetryAfterWithinTheWindow(Kind kind) {
    RateLimiter limiter = make(kind);
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.decide(1)).as("request %d", i).isEqualTo(Decision.admitted());
    }
    Decision d = limiter.decide(1);
    assertThat(d).isInstanceOf(Decision.Limited.class);
    Duration retry = ((Decision.Limited) d).retryAfter();
    // A sliding window counter weighs the full window it leaves behind: five requests in the last
    // window allow a sixth only once a fifth of the next one has passed, up to 10 s + 2 s away.
    Duration most = kind == Kind.SLIDING_WINDOW_COUNTER ? Duration.ofSeconds(12) : Duration.ofSeconds(10);
    assertThat(retry).isPositive().isLessThanOrEqualTo(most);
    assertThat(limiter.tryAcquire()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void everyKeyHasTheHashTagAndATtl(Kind kind) {
    RateLimiter limiter = make(kind, "ttl-" + kind);
    limiter.decide(2);
    try (Jedis j = REDIS.redis().client()) {
      var keys = j.keys("*ttl-" + kind + "*");
      assertThat(keys).isNotEmpty().allMatch(k -> k.startsWith("weft:{ttl-" + kind + "}:"));
      for (String k : keys) {
        assertThat(j.pttl(k)).as(k).isBetween(1L, 20_001L);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aFlushedScriptIsLoadedAgainTransparently(Kind kind) {
    RateLimiter limiter = make(kind);
    assertThat(limiter.tryAcquire(1)).isTrue();
    REDIS.redis().flushScripts();
    assertThat(limiter.tryAcquire(1)).isTrue();
    assertThat(connection.breaker().metrics().failedCalls()).isZero();
  }

  @Test
  void aTokenBucketWithTwoBandwidthsMustFitBoth() {
    RateLimiter limiter =
        RedisRateLimiters.on(connection)
            .tokenBucket(
                "two-bands",
                Bandwidth.of(10, Duration.ofSeconds(10)),
                Bandwidth.of(3, Duration.ofMinutes(1)));
    assertThat(limiter.tryAcquire(3)).isTrue();
    Decision d = limiter.decide(1);
    assertThat(d).isInstanceOf(Decision.Limited.class);
    // the per-minute bandwidth refills one token every 20 s
    assertThat(((Decision.Limited) d).retryAfter())
        .isBetween(Duration.ofSeconds(19), Duration.ofSeconds(20));
  }

  @Test
  void aTokenBucketStartsWithItsInitialTokens() {
    RateLimiter limiter =
        RedisRateLimiters.on(connection)
            .tokenBucket("initial", Bandwidth.of(10, Duration.ofSeconds(10)).withInitialTokens(2));
    assertThat(limiter.tryAcquire(2)).isTrue();
    assertThat(limiter.tryAcquire(1)).isFalse();
  }

  @Test
  void aSlidingLogFreesThePermitsOfItsOldestAdmissionFirst() {
    RateLimiter limiter = RedisRateLimiters.on(connection).slidingLog("log-order", 3, Duration.ofSeconds(10));
    assertThat(limiter.tryAcquire(3)).isTrue();
    Decision d = limiter.decide(2);
    assertThat(((Decision.Limited) d).retryAfter())
        .isBetween(Duration.ofSeconds(9), Duration.ofSeconds(10));
  }

  @Test
  void aReservationGoesIntoDebtAndACancelGivesItBack() {
    RateLimiter limiter =
        RedisRateLimiters.on(connection).tokenBucket("reserve", Bandwidth.of(2, Duration.ofSeconds(20)));
    assertThat(limiter.reserve(2).delay()).isZero();
    var r = limiter.reserve(1);
    assertThat(r.delay()).isBetween(Duration.ofSeconds(9), Duration.ofSeconds(10));
    var behind = limiter.reserve(1);
    assertThat(behind.delay()).isBetween(Duration.ofSeconds(19), Duration.ofSeconds(20));
    assertThat(r.cancel()).isTrue();
    assertThat(r.cancel()).isFalse();
    // the debt is 10 s smaller: a new reservation comes where `behind` was
    assertThat(limiter.reserve(1).delay()).isBetween(Duration.ofSeconds(19), Duration.ofSeconds(20));
    assertThat(List.of(behind.cancel())).containsExactly(true);
  }
}
