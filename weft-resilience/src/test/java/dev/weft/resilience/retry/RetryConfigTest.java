package dev.weft.resilience.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.ContextCancelledException;
import dev.weft.context.ContextError;
import dev.weft.time.FakeClock;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** A retry configuration is finite by default and rejects values out of range, naming them. */
class RetryConfigTest {

  @Test
  void defaultsEndAfterThreeAttemptsAndThirtySeconds() {
    RetryConfig d = RetryConfig.defaults();
    assertThat(d.backoff().maxAttempts()).isEqualTo(RetryConfig.DEFAULT_MAX_ATTEMPTS).isEqualTo(3);
    assertThat(d.maxElapsed()).isEqualTo(Duration.ofSeconds(30));
    assertThat(d.budget()).isEmpty();
    assertThat(d.retryOnResult().test(503)).isFalse();
  }

  @Test
  void transientFailuresAreTheOnesThatAreNotBugsOrStops() {
    assertThat(RetryConfig.isTransient(new IOException())).isTrue();
    assertThat(RetryConfig.isTransient(new TimeoutException())).isTrue();
    assertThat(RetryConfig.isTransient(new RuntimeException())).isTrue();
    assertThat(RetryConfig.isTransient(new StringIndexOutOfBoundsException())).isFalse();
    assertThat(RetryConfig.isTransient(new OutOfMemoryError())).isFalse();
    assertThat(
            RetryConfig.isTransient(
                new ContextCancelledException(ContextError.DEADLINE_EXCEEDED, null)))
        .isFalse();
  }

  @Test
  void withClockMovesTheBackOffToTheSameClock() {
    FakeClock clock = new FakeClock();
    RetryConfig c = RetryConfig.defaults().withClock(clock);
    assertThat(c.clock()).isSameAs(clock);
    assertThat(c.backoff().clock()).isSameAs(clock);
  }

  @Test
  void badValuesAreRejected() {
    RetryConfig d = RetryConfig.defaults();
    assertThatThrownBy(() -> d.withMaxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RetryConfig: maxAttempts must be >= 1, was 0");
    assertThatThrownBy(() -> d.withMaxElapsed(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("RetryConfig: maxElapsed must be > 0");
    assertThatThrownBy(() -> d.withName(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("RetryConfig: name");
    assertThatThrownBy(() -> d.withRetryOn(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageStartingWith("RetryConfig:");
    assertThatThrownBy(() -> d.withRetryOnResult(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> d.withBackoff(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> d.withBudget(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> d.withClock(null)).isInstanceOf(NullPointerException.class);
  }
}
