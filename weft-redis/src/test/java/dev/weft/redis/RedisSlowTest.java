package dev.weft.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.resilience.breaker.CircuitState;
import dev.weft.resilience.ratelimit.Decision;
import dev.weft.resilience.ratelimit.RateLimiter;
import dev.weft.test.Async;
import dev.weft.test.Waiting;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.commands.ProtocolCommand;

/**
 * A Redis that stops answering (SIGSTOP, DEBUG SLEEP) costs each call at most its timeout, the
 * policy applies, the breaker then answers at once, and limiting resumes when Redis answers again.
 */
@Timeout(60)
class RedisSlowTest {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private static final Duration POLICY_RETRY = Duration.ofSeconds(7);

  private static final ProtocolCommand DEBUG = () -> "DEBUG".getBytes(StandardCharsets.US_ASCII);

  private RedisConnection connection;

  @BeforeEach
  void open() {
    connection = RedisConnection.open(RedisOutageTest.config(REDIS.redis()));
  }

  @AfterEach
  void close() throws Exception {
    connection.close();
    REDIS.redis().resume();
  }

  @Test
  void aStoppedServerTimesOutThenTheBreakerOpensAndLimitingResumesAfterContinue()
      throws Exception {
    RateLimiter limiter =
        RedisRateLimiters.on(connection)
            .withFailurePolicy(RedisFailurePolicy.failClosed(POLICY_RETRY))
            .slidingLog("slow-stop", 10, Duration.ofHours(1));
    assertThat(limiter.decide(1)).isEqualTo(Decision.admitted());

    REDIS.redis().pause();
    for (int i = 0; i < 3; i++) {
      assertThat(RedisOutageTest.timedDecide(limiter)).isEqualTo(new Decision.Limited(POLICY_RETRY));
    }
    assertThat(connection.breaker().state()).isEqualTo(CircuitState.OPEN);
    long start = System.nanoTime();
    assertThat(limiter.decide(1)).isEqualTo(new Decision.Limited(POLICY_RETRY));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(50));

    REDIS.redis().resume();
    // The state survived. The calls that timed out were still sent: the server runs them when it
    // continues, and their permits count (the caller was refused: the safe side).
    Waiting.until("limiting resumes", () -> limiter.decide(1).isAdmitted());
    Decision d = Decision.admitted();
    for (int i = 0; i < 10 && d.isAdmitted(); i++) d = limiter.decide(1);
    assertThat(d).isInstanceOf(Decision.Limited.class).isNotEqualTo(new Decision.Limited(POLICY_RETRY));
    try (Jedis j = REDIS.redis().client()) {
      assertThat(j.zcard(RedisRateLimiters.key("slow-stop", "log"))).isEqualTo(10);
    }
  }

  @Test
  void anInterruptEndsACallToAStoppedServer() throws Exception {
    try (RedisConnection patient =
        RedisConnection.open(REDIS.redis().config().withTimeout(Duration.ofSeconds(30)))) {
      RateLimiter limiter =
          RedisRateLimiters.on(patient)
              .withFailurePolicy(RedisFailurePolicy.failOpen())
              .tokenBucket("slow-interrupt", dev.weft.resilience.ratelimit.Bandwidth.perSecond(5));
      assertThat(limiter.tryAcquire(1)).isTrue(); // connected, script loaded
      REDIS.redis().pause();
      Async<Void> waiter = Async.run(() -> limiter.acquire(1));
      Waiting.until(
          "waiting for Redis's reply",
          () ->
              Waiting.stackOf(waiter.thread()).contains("RedisConnection.eval")
                  && waiter.thread().getState() != Thread.State.RUNNABLE);
      waiter.interrupt();
      assertThat(waiter.join(Duration.ofSeconds(5)).failure())
          .isInstanceOf(InterruptedException.class);
      assertThat(patient.breaker().metrics().failedCalls()).isZero();
    }
  }

  @Test
  void aServerBusyInDebugSleepTimesOutTheCall() throws Exception {
    RateLimiter limiter =
        RedisRateLimiters.on(connection)
            .withFailurePolicy(RedisFailurePolicy.failClosed(POLICY_RETRY))
            .fixedWindow("slow-debug", 5, Duration.ofHours(1));
    assertThat(limiter.decide(1)).isEqualTo(Decision.admitted());
    Async<Object> sleeper =
        Async.call(
            () -> {
              try (Jedis j = REDIS.redis().client()) {
                return j.sendCommand(DEBUG, "SLEEP", "1.5");
              }
            });
    Waiting.until(
        "the server is asleep",
        () -> {
          try (Jedis probe = new Jedis("127.0.0.1", REDIS.redis().port(), 20)) {
            probe.ping();
            return false;
          } catch (RuntimeException e) {
            return true;
          }
        });
    assertThat(RedisOutageTest.timedDecide(limiter)).isEqualTo(new Decision.Limited(POLICY_RETRY));
    sleeper.join(Duration.ofSeconds(10)).get();
    Waiting.until("limiting resumes", () -> limiter.decide(1).isAdmitted());
  }
}
