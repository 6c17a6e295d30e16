package dev.weft.resilience.breaker;

import static dev.weft.resilience.breaker.Calls.fail;
import static dev.weft.resilience.breaker.Calls.rejected;
import static dev.weft.resilience.breaker.Calls.succeed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.time.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** DISABLED, FORCED_OPEN and METRICS_ONLY hold until changed by hand, and do what they say. */
class SpecialStatesTest {

  private final FakeClock clock = new FakeClock();
  private final CircuitBreaker breaker = CircuitBreaker.of("special", Calls.config(clock, 2));

  @Test
  void disabledPermitsEverythingAndRecordsNothing() throws Exception {
    breaker.transitionTo(CircuitState.DISABLED);
    for (int i = 0; i < 10; i++) fail(breaker);
    assertThat(succeed(breaker)).isEqualTo("ok");
    assertThat(breaker.state()).isEqualTo(CircuitState.DISABLED);
    CircuitBreakerMetrics m = breaker.metrics();
    assertThat(m.calls()).isZero();
    assertThat(m.notPermittedCalls()).isZero();
  }

  @Test
  void forcedOpenRejectsEverythingWithoutAKnownWait() {
    breaker.transitionTo(CircuitState.FORCED_OPEN);
    clock.advance(Duration.ofDays(365));
    CallNotPermittedException e = rejected(breaker);
    assertThat(e.state()).isEqualTo(CircuitState.FORCED_OPEN);
    assertThat(e.retryAfter()).isEmpty();
    assertThat(breaker.tryAcquirePermission()).isFalse();
    assertThat(breaker.state()).isEqualTo(CircuitState.FORCED_OPEN);
    assertThat(breaker.metrics().notPermittedCalls()).isEqualTo(2);
  }

  @Test
  void metricsOnlyRecordsButNeverTrips() throws Exception {
    breaker.transitionTo(CircuitState.METRICS_ONLY);
    for (int i = 0; i < 10; i++) fail(breaker);
    succeed(breaker);
    CircuitBreakerMetrics m = breaker.metrics();
    assertThat(m.state()).isEqualTo(CircuitState.METRICS_ONLY);
    assertThat(m.calls()).isEqualTo(2);
    assertThat(m.failedCalls()).isEqualTo(1);
    assertThat(breaker.state()).isEqualTo(CircuitState.METRICS_ONLY);
  }

  @Test
  void leavingASpecialStateStartsAfresh() throws Exception {
    breaker.transitionTo(CircuitState.METRICS_ONLY);
    fail(breaker);
    fail(breaker);
    breaker.transitionTo(CircuitState.CLOSED);
    assertThat(breaker.metrics().calls()).isZero();
    fail(breaker);
    succeed(breaker);
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN); // 50 % of 2
  }
}
