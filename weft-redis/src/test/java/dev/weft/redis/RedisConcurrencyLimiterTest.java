package dev.weft.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.test.Async;
import dev.weft.test.Waiting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Leases bound the permits held at once; released or expired leases give them back. */
@Timeout(60)
class RedisConcurrencyLimiterTest {

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

  private static RedisConcurrencyLimiter limiter(String name, long limit, Duration ttl) {
    return RedisRateLimiters.on(connection).concurrencyLimiter(name, limit, ttl);
  }

  @Test
  void atMostTheLimitIsHeldAndAReleaseGivesItBack() {
    RedisConcurrencyLimiter limiter = limiter("conc-basic", 3, Duration.ofMinutes(1));
    var a = limiter.tryAcquire(2).orElseThrow();
    var b = limiter.tryAcquire(1).orElseThrow();
    assertThat(limiter.tryAcquire(1)).isEmpty();
    assertThat(a.release()).isTrue();
    assertThat(a.release()).isFalse();
    assertThat(limiter.tryAcquire(2)).isPresent();
    assertThat(b.remote()).isTrue();
    assertThat(b.id()).isNotEqualTo(a.id());
  }

  @Test
  void anExpiredLeaseOfACrashedHolderIsReclaimed() {
    RedisConcurrencyLimiter limiter = limiter("conc-expiry", 1, Duration.ofMillis(300));
    var lease = limiter.tryAcquire(1).orElseThrow(); // its holder "crashes": never released
    assertThat(limiter.tryAcquire(1)).isEmpty();
    Waiting.until("the lease expires", () -> limiter.tryAcquire(1).isPresent());
    assertThat(lease.release()).isFalse();
    assertThat(lease.renew()).isFalse();
  }

  @Test
  void aRenewedLeaseOutlivesItsFirstTtl() {
    RedisConcurrencyLimiter limiter = limiter("conc-renew", 1, Duration.ofSeconds(2));
    var lease = limiter.tryAcquire(1).orElseThrow();
    try (var j = REDIS.redis().client()) {
      String key = RedisRateLimiters.key("conc-renew", "leases");
      double before = j.zscore(key, lease.id());
      assertThat(lease.renew()).isTrue();
      assertThat(j.zscore(key, lease.id())).isGreaterThanOrEqualTo(before);
      assertThat(j.pttl(key)).isBetween(1L, 2_001L);
      assertThat(j.pttl(RedisRateLimiters.key("conc-renew", "held"))).isBetween(1L, 2_001L);
    }
    lease.close();
    assertThat(limiter.tryAcquire(1)).isPresent();
  }

  @Test
  void manyThreadsNeverHoldMoreThanTheLimit() throws Exception {
    RedisConcurrencyLimiter limiter = limiter("conc-many", 3, Duration.ofMinutes(1));
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int k = 0; k < 10; k++) {
                      try (var lease = limiter.acquire(1)) {
                        most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        Thread.yield();
                        inside.decrementAndGet();
                      } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                      }
                    }
                  }));
    }
    for (Thread t : threads) t.join();
    assertThat(most.get()).isBetween(1, 3);
  }

  @Test
  void aTimedTryAcquireGivesUpAfterItsTimeoutOrGetsAReleasedLease() throws Exception {
    RedisConcurrencyLimiter limiter = limiter("conc-timed", 1, Duration.ofMinutes(1));
    var held = limiter.tryAcquire(1).orElseThrow();
    long start = System.nanoTime();
    assertThat(limiter.tryAcquire(1, Duration.ofMillis(200))).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isBetween(Duration.ofMillis(150), Duration.ofSeconds(2));
    assertThat(limiter.tryAcquire(1, Duration.ZERO)).isEmpty();
    Async<java.util.Optional<RedisConcurrencyLimiter.Lease>> waiter =
        Async.call(() -> limiter.tryAcquire(1, Duration.ofSeconds(20)));
    Waiting.until("sleeping", () -> Waiting.stackOf(waiter.thread()).contains("Timer.sleep"));
    held.release();
    assertThat(waiter.join().get()).isPresent();
  }

  @Test
  void aWaitingAcquireGetsTheReleasedPermits() {
    RedisConcurrencyLimiter limiter = limiter("conc-wait", 1, Duration.ofMinutes(1));
    var held = limiter.tryAcquire(1).orElseThrow();
    Async<RedisConcurrencyLimiter.Lease> waiter = Async.call(() -> limiter.acquire(1)).awaitWaiting();
    held.release();
    assertThat(waiter.join().get().remote()).isTrue();
  }

  @Test
  void aWaitingAcquireEndsOnInterruptAndContextWithoutALease() {
    RedisConcurrencyLimiter limiter = limiter("conc-cancel", 1, Duration.ofMinutes(1));
    assertThat(limiter.tryAcquire(1)).isPresent();
    Async<RedisConcurrencyLimiter.Lease> waiter = Async.call(() -> limiter.acquire(1));
    Waiting.until("sleeping", () -> Waiting.stackOf(waiter.thread()).contains("Timer.sleep"));
    waiter.interrupt();
    assertThat(waiter.failure()).isInstanceOf(InterruptedException.class);
    try (CancelContext ctx = Context.withCancel(Context.background())) {
      Async<RedisConcurrencyLimiter.Lease> w2 = Async.call(() -> limiter.acquire(1, ctx));
      Waiting.until("sleeping", () -> Waiting.stackOf(w2.thread()).contains("Timer.sleep"));
      ctx.cancel();
      assertThat(w2.failure()).isInstanceOf(ContextCancelledException.class);
      assertThatThrownBy(() -> limiter.acquire(1, ctx)).isInstanceOf(ContextCancelledException.class);
    }
    try (var j = REDIS.redis().client()) {
      assertThat(j.hlen(RedisRateLimiters.key("conc-cancel", "held"))).isEqualTo(1);
    }
  }

  @Test
  void whileRedisIsUnavailableTheLimiterFailsOpenOrClosed() throws Exception {
    RedisConnection closed = RedisConnection.open(REDIS.redis().config());
    closed.close();
    var open = RedisRateLimiters.on(closed).concurrencyLimiter("conc-down", 1, Duration.ofSeconds(1));
    var lease = open.tryAcquire(1).orElseThrow();
    assertThat(lease.remote()).isFalse();
    assertThat(lease.release()).isFalse();
    assertThat(open.acquire(1).remote()).isFalse();
    var shut =
        RedisRateLimiters.on(closed)
            .withFailurePolicy(RedisFailurePolicy.failClosed())
            .concurrencyLimiter("conc-down", 1, Duration.ofSeconds(1));
    assertThat(shut.tryAcquire(1)).isEmpty();
    try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(100))) {
      assertThatThrownBy(() -> shut.acquire(1, ctx)).isInstanceOf(ContextCancelledException.class);
    }
  }
}
