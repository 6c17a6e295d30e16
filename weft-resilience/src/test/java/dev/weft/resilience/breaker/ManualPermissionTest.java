package dev.weft.resilience.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.time.FakeClock;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The manual form (permission, then one report) records exactly what call would record. */
class ManualPermissionTest {

  private final FakeClock clock = new FakeClock();
  private final CircuitBreaker breaker =
      CircuitBreaker.of(
          "manual",
          Calls.config(clock, 4)
              .withSlowCalls(100, Duration.ofMillis(100))
              .withFailedResult(r -> "bad".equals(r))
              .withIgnoreException(IllegalStateException.class::isInstance));

  @Test
  void eachReportCountsAsCallWouldCountIt() {
    assertThat(breaker.tryAcquirePermission()).isTrue();
    breaker.onSuccess(Duration.ofMillis(100).toNanos()); // slow success
    assertThat(breaker.tryAcquirePermission()).isTrue();
    breaker.onResult(1, "bad"); // failure by result
    assertThat(breaker.tryAcquirePermission()).isTrue();
    breaker.onError(1, new IllegalStateException("ignored"));
    assertThat(breaker.tryAcquirePermission()).isTrue();
    breaker.release();
    assertThat(breaker.tryAcquirePermission()).isTrue();
    breaker.onError(1, new IOException("down"));
    CircuitBreakerMetrics m = breaker.metrics();
    assertThat(m.calls()).isEqualTo(3);
    assertThat(m.failedCalls()).isEqualTo(2);
    assertThat(m.slowCalls()).isEqualTo(1);
    breaker.acquirePermission();
    breaker.onResult(1, "good");
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN); // 2 of 4 failed
    assertThat(breaker.tryAcquirePermission()).isFalse();
    assertThatThrownBy(breaker::acquirePermission)
        .isInstanceOf(CallNotPermittedException.class)
        .hasMessageStartingWith("CircuitBreaker 'manual' is OPEN");
  }

  @Test
  void anInterruptReportedByHandCountsAsNothing() {
    assertThat(breaker.tryAcquirePermission()).isTrue();
    breaker.onError(1, new InterruptedException());
    assertThat(breaker.metrics().calls()).isZero();
  }

  @Test
  void misuseFailsFastNamingTheType() {
    assertThatThrownBy(() -> breaker.onSuccess(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CircuitBreaker: durationNanos must be >= 0, was -1");
    assertThatThrownBy(() -> breaker.onError(0, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("CircuitBreaker: error is null");
    assertThatThrownBy(() -> breaker.call(null, c -> 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("CircuitBreaker: ctx is null");
    assertThatThrownBy(() -> breaker.call(Calls.CTX, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("CircuitBreaker: task is null");
    assertThatThrownBy(() -> CircuitBreaker.of(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CircuitBreaker: name is blank");
    assertThatThrownBy(() -> breaker.addListener(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("CircuitBreaker: listener is null");
  }
}
