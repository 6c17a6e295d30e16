package dev.weft.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A connection runs scripts on a real server, surviving SCRIPT FLUSH and reporting errors. */
@Timeout(30)
class RedisConnectionTest {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private static final RedisScript ECHO =
      RedisScript.of("echo", "return {ARGV[1], redis.call('TIME')[1]}");

  @Test
  void runsAScriptAndSurvivesScriptFlush() {
    try (RedisConnection conn = RedisConnection.open(REDIS.redis().config())) {
      assertThat((List<?>) conn.eval(ECHO, List.of(), List.of("a"))).first().isEqualTo("a");
      REDIS.redis().flushScripts();
      assertThat((List<?>) conn.eval(ECHO, List.of(), List.of("b"))).first().isEqualTo("b");
      try (var j = REDIS.redis().client()) {
        assertThat(j.scriptExists(ECHO.sha1())).isTrue();
      }
    }
  }

  @Test
  void thePoolStartsNoThread() {
    try (RedisConnection conn = RedisConnection.open(REDIS.redis().config())) {
      conn.eval(ECHO, List.of(), List.of("a"));
      assertThat(Thread.getAllStackTraces().keySet())
          .extracting(Thread::getName)
          .noneMatch(n -> n.contains("evictor"));
    }
  }

  @Test
  void anErrorReplyIsAnIllegalStateNotAnOutage() {
    RedisScript bad = RedisScript.of("bad", "return redis.call('NOSUCHCOMMAND')");
    try (RedisConnection conn = RedisConnection.open(REDIS.redis().config())) {
      assertThatThrownBy(() -> conn.eval(bad, List.of(), List.of()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("RedisConnection: script bad failed");
      assertThat(conn.breaker().metrics().failedCalls()).isZero();
    }
  }

  @Test
  void aClosedConnectionIsUnavailable() {
    RedisConnection conn = RedisConnection.open(REDIS.redis().config());
    conn.close();
    conn.close();
    assertThatThrownBy(() -> conn.eval(ECHO, List.of(), List.of("a")))
        .isInstanceOf(RedisUnavailableException.class)
        .hasMessageContaining("closed");
  }
}
