package dev.weft.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A redis-server that cannot start fails the test with its own words; one that starts stops. */
@Timeout(60)
class RedisProcessTest {

  @Test
  void aServerThatCannotStartFailsWithItsOutput() {
    assertThatThrownBy(() -> RedisProcess.start(List.of("--no-such-option", "x")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("exited with")
        .hasMessageContaining("no-such-option");
  }

  @Test
  void aStartedServerAnswersSurvivesARestartAndStops() throws Exception {
    RedisProcess redis = RedisProcess.start();
    try {
      try (var j = redis.client()) {
        assertThat(j.ping()).isEqualTo("PONG");
      }
      redis.kill9();
      assertThat(redis.alive()).isFalse();
      redis.restart();
      try (var j = redis.client()) {
        assertThat(j.ping()).isEqualTo("PONG");
      }
    } finally {
      redis.close();
    }
    assertThat(redis.alive()).isFalse();
  }
}
