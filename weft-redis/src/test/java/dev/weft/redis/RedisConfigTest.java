package dev.weft.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A config keeps what it is given, refuses what is out of range, and never prints a password. */
class RedisConfigTest {

  @Test
  void defaultsAndWithers() {
    RedisConfig c =
        RedisConfig.defaults()
            .withAddress("redis.internal", 6380)
            .withDatabase(2)
            .withPassword("s3cret")
            .withConnectTimeout(Duration.ofMillis(300))
            .withTimeout(Duration.ofMillis(40))
            .withPoolSize(128);
    assertThat(c.host()).isEqualTo("redis.internal");
    assertThat(c.port()).isEqualTo(6380);
    assertThat(c.database()).isEqualTo(2);
    assertThat(c.password()).isEqualTo("s3cret");
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofMillis(300));
    assertThat(c.timeout()).isEqualTo(Duration.ofMillis(40));
    assertThat(c.poolSize()).isEqualTo(128);
    assertThat(c.toString()).doesNotContain("s3cret").contains("password=***");
    assertThat(RedisConfig.defaults().poolSize()).isEqualTo(64);
  }

  @Test
  void outOfRangeValuesAreRefused() {
    assertThatThrownBy(() -> RedisConfig.defaults().withAddress(" ", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RedisConfig: host must not be blank");
    assertThatThrownBy(() -> RedisConfig.defaults().withAddress("h", 70_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RedisConfig: port must be in [1, 65535], was 70000");
    assertThatThrownBy(() -> RedisConfig.defaults().withDatabase(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RedisConfig: database must be >= 0, was -1");
    assertThatThrownBy(() -> RedisConfig.defaults().withConnectTimeout(Duration.ofDays(30)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("RedisConfig: connectTimeout must be at most");
    assertThatThrownBy(() -> RedisConfig.defaults().withBreaker(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("RedisConfig: breaker is null");
  }
}
