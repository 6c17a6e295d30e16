package dev.weft.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.resilience.ratelimit.Bandwidth;
import dev.weft.resilience.ratelimit.Decision;
import dev.weft.resilience.ratelimit.RateLimiter;
import dev.weft.resilience.ratelimit.Reservation;
import dev.weft.test.Async;
import dev.weft.test.Waiting;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A waiting acquire ends on interrupt or a done context, before or during its wait; a token
 * bucket waiter that gives up gives its tokens back, as if it had never come.
 */
@Timeout(60)
class RedisAcquireInterruptionTest {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private static final AtomicInteger NEXT = new AtomicInteger();
  private static RedisConnection connection;

  @BeforeAll
  static void open() {
    connection = RedisConnection.open(REDIS.redis().config());
  }

  @AfterAll
  static void close() {
    connection.close();
  }

  /** One permit per minute, already taken: the next acquire waits about a minute. */
  private static RateLimiter drained(String kind) {
    RedisRateLimiters f = RedisRateLimiters.on(connection);
    String name = "wait-" + kind + "-" + NEXT.incrementAndGet();
    RateLimiter limiter =
        kind.equals("TOKEN_BUCKET")
            ? f.tokenBucket(name, Bandwidth.of(1, Duration.ofMinutes(1)))
            : f.slidingLog(name, 1, Duration.ofMinutes(1));
    assertThat(limiter.tryAcquire(1)).isTrue();
    return limiter;
  }

  /** Waits until the call sleeps in its wait (not in a call to Redis). */
  private static <T> Async<T> sleeping(Async<T> a) {
    return a.awaitBlocked(
        () ->
            Waiting.isParkedInWeft(a.thread())
                && Waiting.stackOf(a.thread()).contains("dev.weft.chan.Timer.sleep"));
  }

  /** How long a new reservation would wait: about a minute if the bucket holds no debt. */
  private static Duration nextTurn(RateLimiter limiter) {
    Reservation r = limiter.reserve(1);
    Duration d = r.delay();
    r.cancel();
    return d;
  }

  @ParameterizedTest
  @ValueSource(strings = {"TOKEN_BUCKET", "SLIDING_LOG"})
  void interruptedOnEntryFailsEvenWithPermitsAvailable(String kind) {
    RateLimiter limiter =
        RedisRateLimiters.on(connection).fixedWindow("entry-" + kind, 10, Duration.ofHours(1));
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> limiter.acquire(1)).isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).isFalse();
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> limiter.tryAcquire(1, Duration.ofSeconds(1)))
        .isInstanceOf(InterruptedException.class);
    assertThat(limiter.decide(10)).isEqualTo(Decision.admitted()); // nothing was taken
  }

  @ParameterizedTest
  @ValueSource(strings = {"TOKEN_BUCKET", "SLIDING_LOG"})
  void aContextDoneOnEntryFailsEvenWithPermitsAvailable(String kind) {
    RateLimiter limiter =
        RedisRateLimiters.on(connection).fixedWindow("ctx-entry-" + kind, 10, Duration.ofHours(1));
    CancelContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    assertThatThrownBy(() -> limiter.acquire(1, ctx)).isInstanceOf(ContextCancelledException.class);
    assertThat(limiter.decide(10)).isEqualTo(Decision.admitted());
  }

  @ParameterizedTest
  @ValueSource(strings = {"TOKEN_BUCKET", "SLIDING_LOG"})
  void interruptedWhileWaiting(String kind) {
    RateLimiter limiter = drained(kind);
    Async<Void> waiter = sleeping(Async.run(() -> limiter.acquire(1)));
    waiter.interrupt();
    assertThat(waiter.failure()).isInstanceOf(InterruptedException.class);
    if (kind.equals("TOKEN_BUCKET")) {
      assertThat(nextTurn(limiter)).isLessThanOrEqualTo(Duration.ofMinutes(1));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"TOKEN_BUCKET", "SLIDING_LOG"})
  void contextCancelledWhileWaiting(String kind) {
    RateLimiter limiter = drained(kind);
    try (CancelContext ctx = Context.withCancel(Context.background())) {
      Async<Void> waiter = sleeping(Async.run(() -> limiter.acquire(1, ctx)));
      ctx.cancel();
      assertThat(waiter.failure()).isInstanceOf(ContextCancelledException.class);
    }
    if (kind.equals("TOKEN_BUCKET")) {
      assertThat(nextTurn(limiter)).isLessThanOrEqualTo(Duration.ofMinutes(1));
    }
  }

  @Test
  void aWaiterHoldsItsPlaceInLineAcrossCallers() {
    RateLimiter limiter = drained("TOKEN_BUCKET");
    Async<Void> waiter = sleeping(Async.run(() -> limiter.acquire(1)));
    // the waiter's debt is ahead of any new caller: the next turn is about two minutes away
    assertThat(nextTurn(limiter)).isGreaterThan(Duration.ofSeconds(119));
    waiter.interrupt();
    assertThat(waiter.failure()).isInstanceOf(InterruptedException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"TOKEN_BUCKET", "SLIDING_LOG"})
  void aTimedTryAcquireWhoseTurnIsPastTheTimeoutFailsAtOnce(String kind) throws Exception {
    RateLimiter limiter = drained(kind);
    long start = System.nanoTime();
    assertThat(limiter.tryAcquire(1, Duration.ofSeconds(5))).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void aTimedTryAcquireWaitsForATurnWithinTheTimeout() throws Exception {
    RateLimiter limiter =
        RedisRateLimiters.on(connection).tokenBucket("timed", Bandwidth.of(5, Duration.ofMillis(500)));
    assertThat(limiter.tryAcquire(5)).isTrue();
    long start = System.nanoTime();
    assertThat(limiter.tryAcquire(1, Duration.ofSeconds(5))).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isBetween(Duration.ofMillis(50), Duration.ofSeconds(2));
  }

  @Test
  void aWindowWaiterIsAdmittedWhenItsWindowComes() throws Exception {
    RateLimiter limiter =
        RedisRateLimiters.on(connection).slidingLog("window-wait", 2, Duration.ofMillis(300));
    assertThat(limiter.tryAcquire(2)).isTrue();
    long start = System.nanoTime();
    limiter.acquire(1);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isBetween(Duration.ofMillis(150), Duration.ofSeconds(3));
  }
}
