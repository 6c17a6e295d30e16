package dev.weft.resilience.breaker;

import static dev.weft.resilience.breaker.Calls.fail;
import static dev.weft.resilience.breaker.Calls.rejected;
import static dev.weft.resilience.breaker.Calls.succeed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.time.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The metrics snapshot reports the window, the trials and the rejections as they are. */
class MetricsTest {

  private final FakeClock clock = new FakeClock();
  private final CircuitBreaker breaker =
      CircuitBreaker.of(
          "measured",
          CircuitBreakerConfig.defaults()
              .withClock(clock)
              .withCountWindow(10)
              .withMinimumCalls(5)
              .withSlowCalls(100, Duration.ofSeconds(1))
              .withHalfOpenCalls(3)
              .withOpenWait(Duration.ofSeconds(1)));

  @Test
  void aNewBreakerHasEmptyMetrics() {
    assertThat(breaker.metrics())
        .isEqualTo(new CircuitBreakerMetrics("measured", CircuitState.CLOSED, 0, 0, 0, 0, 0, 0, 0));
  }

  @Test
  void closedMetricsDescribeTheWindow() throws Exception {
    succeed(breaker);
    fail(breaker);
    Calls.slow(breaker, clock, Duration.ofSeconds(2));
    fail(breaker);
    CircuitBreakerMetrics m = breaker.metrics();
    assertThat(m.calls()).isEqualTo(4);
    assertThat(m.failedCalls()).isEqualTo(2);
    assertThat(m.slowCalls()).isEqualTo(1);
    assertThat(m.failureRate()).isEqualTo(50.0);
    assertThat(m.slowCallRate()).isEqualTo(25.0);
    assertThat(m.consecutiveFailures()).isEqualTo(1);
  }

  @Test
  void openAndHalfOpenMetricsCountRejectionsAndTrials() throws Exception {
    for (int i = 0; i < 5; i++) fail(breaker);
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    rejected(breaker);
    rejected(breaker);
    CircuitBreakerMetrics open = breaker.metrics();
    assertThat(open.state()).isEqualTo(CircuitState.OPEN);
    assertThat(open.calls()).isZero();
    assertThat(open.notPermittedCalls()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(1));
    succeed(breaker);
    fail(breaker);
    CircuitBreakerMetrics half = breaker.metrics();
    assertThat(half.state()).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(half.calls()).isEqualTo(2);
    assertThat(half.failedCalls()).isEqualTo(1);
    assertThat(half.failureRate()).isEqualTo(50.0);
    assertThat(half.notPermittedCalls()).isEqualTo(2);
  }
}
