package dev.weft.resilience.breaker;

import static dev.weft.resilience.breaker.Calls.fail;
import static dev.weft.resilience.breaker.Calls.succeed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.time.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The count and time windows keep exactly the calls they promise, and the minimum applies. */
class WindowTest {

  private final FakeClock clock = new FakeClock();

  @Test
  void countWindowDoesNotTripBelowTheMinimumCalls() throws Exception {
    CircuitBreaker b =
        CircuitBreaker.of(
            "count",
            CircuitBreakerConfig.defaults()
                .withClock(clock)
                .withCountWindow(10)
                .withMinimumCalls(5));
    for (int i = 0; i < 4; i++) fail(b);
    assertThat(b.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(b.metrics().failureRate()).isEqualTo(100.0);
    fail(b);
    assertThat(b.state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void countWindowForgetsOutcomesOlderThanItsSize() throws Exception {
    CircuitBreaker b =
        CircuitBreaker.of(
            "count",
            Calls.config(clock, 4).withFailureRateThreshold(75));
    fail(b);
    fail(b);
    succeed(b);
    succeed(b); // F F S S: 50 %
    succeed(b); // last four F S S S: 25 %
    fail(b); // last four S S S F
    assertThat(b.metrics().calls()).isEqualTo(4);
    assertThat(b.metrics().failedCalls()).isEqualTo(1);
    fail(b); // last four S S F F: 50 %
    assertThat(b.state()).isEqualTo(CircuitState.CLOSED);
    fail(b); // last four S F F F: 75 %
    assertThat(b.state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void timeWindowCountsOnlyTheLastSeconds() throws Exception {
    CircuitBreaker b =
        CircuitBreaker.of(
            "time",
            CircuitBreakerConfig.defaults().withClock(clock).withTimeWindow(3).withMinimumCalls(3));
    fail(b);
    fail(b); // second 0
    clock.advance(Duration.ofSeconds(3)); // second 3: second 0 has left the window
    assertThat(b.metrics().calls()).isZero();
    fail(b);
    fail(b);
    assertThat(b.state()).isEqualTo(CircuitState.CLOSED); // 2 calls < minimum 3
    clock.advance(Duration.ofSeconds(2)); // second 5: seconds 3, 4, 5 are in the window
    fail(b);
    assertThat(b.state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void timeWindowSlidesBucketByBucket() throws Exception {
    CircuitBreaker b =
        CircuitBreaker.of(
            "time",
            CircuitBreakerConfig.defaults()
                .withClock(clock)
                .withTimeWindow(2)
                .withMinimumCalls(100));
    succeed(b); // second 0
    clock.advance(Duration.ofSeconds(1));
    fail(b); // second 1
    assertThat(b.metrics().calls()).isEqualTo(2);
    clock.advance(Duration.ofMillis(999));
    assertThat(b.metrics().calls()).isEqualTo(2); // still second 1
    clock.advance(Duration.ofMillis(1)); // second 2: second 0 leaves
    assertThat(b.metrics().calls()).isEqualTo(1);
    assertThat(b.metrics().failedCalls()).isEqualTo(1);
    clock.advance(Duration.ofDays(3)); // a long jump empties everything
    assertThat(b.metrics().calls()).isZero();
  }

  @Test
  void slowCallsTripAtTheirRateEvenWhenTheySucceed() throws Exception {
    CircuitBreaker b =
        CircuitBreaker.of(
            "slow", Calls.config(clock, 4).withSlowCalls(50, Duration.ofSeconds(1)));
    Calls.slow(b, clock, Duration.ofMillis(999)); // not slow
    Calls.slow(b, clock, Duration.ofSeconds(1)); // slow: at least the duration
    succeed(b);
    assertThat(b.metrics().slowCalls()).isEqualTo(1);
    Calls.slow(b, clock, Duration.ofSeconds(5));
    assertThat(b.state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void consecutiveFailuresTripBeforeTheMinimumCalls() throws Exception {
    CircuitBreaker b =
        CircuitBreaker.of(
            "row",
            CircuitBreakerConfig.defaults().withClock(clock).withConsecutiveFailures(3));
    fail(b);
    fail(b);
    succeed(b); // resets the run
    fail(b);
    fail(b);
    assertThat(b.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(b.metrics().consecutiveFailures()).isEqualTo(2);
    fail(b);
    assertThat(b.state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void anIgnoredExceptionDoesNotBreakARunOfFailures() throws Exception {
    CircuitBreaker b =
        CircuitBreaker.of(
            "row",
            CircuitBreakerConfig.defaults()
                .withClock(clock)
                .withConsecutiveFailures(2)
                .withIgnoreException(IllegalStateException.class::isInstance));
    fail(b);
    try {
      b.call(Calls.CTX, c -> {
        throw new IllegalStateException("ignored");
      });
    } catch (IllegalStateException expected) {
      // counted as nothing
    }
    fail(b);
    assertThat(b.state()).isEqualTo(CircuitState.OPEN);
  }
}
