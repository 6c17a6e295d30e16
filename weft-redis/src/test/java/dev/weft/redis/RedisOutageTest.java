package dev.weft.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.resilience.breaker.CircuitState;
import dev.weft.resilience.ratelimit.Bandwidth;
import dev.weft.resilience.ratelimit.Decision;
import dev.weft.resilience.ratelimit.FixedWindow;
import dev.weft.resilience.ratelimit.RateLimiter;
import dev.weft.test.Waiting;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * kill -9 of redis-server: no call hangs past its timeout, the failure policy applies while Redis
 * is down, the breaker then answers at once, and limiting resumes by itself after a restart.
 */
@Timeout(60)
class RedisOutageTest {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  /** A call may take the borrow wait, the connect and the reply timeouts; this bounds it. */
  static final Duration CALL_BOUND = Duration.ofMillis(1_000);

  static final Duration POLICY_RETRY = Duration.ofSeconds(7);

  private static final AtomicInteger NEXT = new AtomicInteger();

  private RedisConnection connection;

  @BeforeEach
  void open() throws Exception {
    if (!REDIS.redis().alive()) REDIS.redis().restart();
    connection = RedisConnection.open(config(REDIS.redis()));
  }

  @AfterEach
  void close() {
    connection.close();
  }

  /** Short timeouts and a breaker that opens after 3 failures and probes again after 300 ms. */
  static RedisConfig config(RedisProcess redis) {
    return redis
        .config()
        .withBreaker(RedisConfig.defaultBreaker().withOpenWait(Duration.ofMillis(300)));
  }

  private RateLimiter fixedWindow(RedisFailurePolicy policy) {
    return RedisRateLimiters.on(connection)
        .withFailurePolicy(policy)
        .fixedWindow("outage-" + NEXT.incrementAndGet(), 2, Duration.ofHours(1));
  }

  /** Runs {@code decide(1)} and checks that it returned within the bound. */
  static Decision timedDecide(RateLimiter limiter) {
    long start = System.nanoTime();
    Decision d = limiter.decide(1);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(CALL_BOUND);
    return d;
  }

  @Test
  void failClosedRefusesWhileDownThenTheBreakerAnswersAtOnceAndLimitingResumes() throws Exception {
    RateLimiter limiter = fixedWindow(RedisFailurePolicy.failClosed(POLICY_RETRY));
    assertThat(limiter.decide(1)).isEqualTo(Decision.admitted());

    REDIS.redis().kill9();
    for (int i = 0; i < 5; i++) {
      assertThat(timedDecide(limiter)).isEqualTo(new Decision.Limited(POLICY_RETRY));
    }
    assertThat(connection.breaker().state()).isEqualTo(CircuitState.OPEN);
    long start = System.nanoTime();
    assertThat(limiter.decide(1)).isEqualTo(new Decision.Limited(POLICY_RETRY));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(50));

    REDIS.redis().restart(); // an empty server: the window starts again
    Waiting.until("limiting resumes", () -> limiter.decide(1).isAdmitted());
    assertThat(limiter.decide(1)).isEqualTo(Decision.admitted());
    Decision d = limiter.decide(1);
    assertThat(d).isInstanceOf(Decision.Limited.class).isNotEqualTo(new Decision.Limited(POLICY_RETRY));
    assertThat(connection.breaker().state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void failOpenAdmitsWhileDown() throws Exception {
    RateLimiter limiter = fixedWindow(RedisFailurePolicy.failOpen());
    assertThat(limiter.tryAcquire(2)).isTrue();
    assertThat(limiter.tryAcquire(1)).isFalse();
    REDIS.redis().kill9();
    for (int i = 0; i < 10; i++) assertThat(timedDecide(limiter).isAdmitted()).isTrue();
  }

  @Test
  void fallBackAsksTheLocalLimiterWhileDown() throws Exception {
    RateLimiter local = FixedWindow.of(3, Duration.ofHours(1));
    RateLimiter limiter = fixedWindow(RedisFailurePolicy.fallBackTo(local));
    REDIS.redis().kill9();
    assertThat(timedDecide(limiter).isAdmitted()).isTrue();
    assertThat(timedDecide(limiter).isAdmitted()).isTrue();
    assertThat(timedDecide(limiter).isAdmitted()).isTrue();
    assertThat(timedDecide(limiter)).isInstanceOf(Decision.Limited.class);
  }

  @Test
  void aWaitingAcquireEndsWithItsContextWhileRedisIsDown() throws Exception {
    RateLimiter limiter =
        RedisRateLimiters.on(connection)
            .withFailurePolicy(RedisFailurePolicy.failClosed(Duration.ofMillis(100)))
            .tokenBucket("outage-acquire", Bandwidth.perSecond(10));
    REDIS.redis().kill9();
    long start = System.nanoTime();
    try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(700))) {
      assertThatThrownBy(() -> limiter.acquire(1, ctx))
          .isInstanceOf(ContextCancelledException.class);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isLessThan(Duration.ofMillis(700).plus(CALL_BOUND));
    assertThat(limiter.tryAcquire(1, Duration.ofMillis(300))).isFalse();
  }

  @Test
  void aWaitingAcquireGetsItsPermitOnceRedisIsBack() throws Exception {
    RateLimiter limiter =
        RedisRateLimiters.on(connection)
            .withFailurePolicy(RedisFailurePolicy.failClosed(Duration.ofMillis(50)))
            .tokenBucket("outage-back", Bandwidth.perSecond(10));
    REDIS.redis().kill9();
    var waiter = dev.weft.test.Async.run(() -> limiter.acquire(1));
    Waiting.until(
        "the breaker opens", () -> connection.breaker().state() == CircuitState.OPEN);
    assertThat(waiter.isDone()).isFalse();
    REDIS.redis().restart();
    waiter.join(Duration.ofSeconds(10)).get(); // returned normally
    assertThat(connection.breaker().state()).isEqualTo(CircuitState.CLOSED);
  }
}
