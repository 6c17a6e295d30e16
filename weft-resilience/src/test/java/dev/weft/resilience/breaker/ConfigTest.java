package dev.weft.resilience.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.resilience.breaker.CircuitBreakerConfig.WindowType;
import dev.weft.time.Backoff;
import dev.weft.time.Clock;
import dev.weft.time.Jitter;
import java.io.IOException;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The configuration holds its documented defaults and rejects each bad value by name. */
class ConfigTest {

  private static final CircuitBreakerConfig D = CircuitBreakerConfig.defaults();

  @Test
  void theDefaultsAreTheDocumentedOnes() throws Exception {
    assertThat(D.windowType()).isEqualTo(WindowType.COUNT);
    assertThat(D.windowSize()).isEqualTo(100);
    assertThat(D.minimumCalls()).isEqualTo(100);
    assertThat(D.failureRateThreshold()).isEqualTo(50);
    assertThat(D.slowCallRateThreshold()).isEqualTo(100);
    assertThat(D.slowCallDuration()).isEqualTo(Duration.ofSeconds(60));
    assertThat(D.consecutiveFailures()).isZero();
    assertThat(D.halfOpenCalls()).isEqualTo(10);
    assertThat(D.openWait().delay(0)).isEqualTo(Duration.ofSeconds(60));
    assertThat(D.openWait().delay(7)).isEqualTo(Duration.ofSeconds(60));
    assertThat(D.recordFailure().test(new IOException())).isTrue();
    assertThat(D.ignoreException().test(new IOException())).isFalse();
    assertThat(D.failedResult().test(null)).isFalse();
    assertThat(D.clock()).isSameAs(Clock.system());
  }

  @Test
  void withMethodsChangeOneComponent() {
    CircuitBreakerConfig c = D.withTimeWindow(30).withMinimumCalls(500);
    assertThat(c.windowType()).isEqualTo(WindowType.TIME);
    assertThat(c.windowSize()).isEqualTo(30);
    assertThat(c.minimumCalls()).isEqualTo(500); // a time window may need more calls than seconds
    CircuitBreakerConfig count = D.withCountWindow(20);
    assertThat(count.minimumCalls()).isEqualTo(20); // lowered to fit the window
    assertThat(count.withCountWindow(50).minimumCalls()).isEqualTo(20);
    assertThat(D.withConsecutiveFailures(5).consecutiveFailures()).isEqualTo(5);
    assertThat(D.withOpenWait(Duration.ZERO).openWait().delay(3)).isEqualTo(Duration.ZERO);
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        bad(c -> c.withCountWindow(0),
            "CircuitBreakerConfig: windowSize must be between 1 and 1000000 for a COUNT window,"
                + " was 0"),
        bad(c -> c.withCountWindow(1_000_001),
            "CircuitBreakerConfig: windowSize must be between 1 and 1000000 for a COUNT window,"
                + " was 1000001"),
        bad(c -> c.withTimeWindow(86_401),
            "CircuitBreakerConfig: windowSize must be between 1 and 86400 for a TIME window,"
                + " was 86401"),
        bad(c -> c.withMinimumCalls(0), "CircuitBreakerConfig: minimumCalls must be >= 1, was 0"),
        bad(c -> c.withMinimumCalls(101),
            "CircuitBreakerConfig: minimumCalls must be <= windowSize (100) for a COUNT window,"
                + " or the rates never apply, was 101"),
        bad(c -> c.withFailureRateThreshold(0),
            "CircuitBreakerConfig: failureRateThreshold must be > 0 and <= 100 (percent), was 0.0"),
        bad(c -> c.withFailureRateThreshold(100.5),
            "CircuitBreakerConfig: failureRateThreshold must be > 0 and <= 100 (percent),"
                + " was 100.5"),
        bad(c -> c.withFailureRateThreshold(Double.NaN),
            "CircuitBreakerConfig: failureRateThreshold must be > 0 and <= 100 (percent), was NaN"),
        bad(c -> c.withSlowCalls(-1, Duration.ofSeconds(1)),
            "CircuitBreakerConfig: slowCallRateThreshold must be > 0 and <= 100 (percent),"
                + " was -1.0"),
        bad(c -> c.withSlowCalls(50, Duration.ZERO),
            "CircuitBreakerConfig: slowCallDuration must be > 0, was PT0S"),
        bad(c -> c.withConsecutiveFailures(-1),
            "CircuitBreakerConfig: consecutiveFailures must be >= 0 (0: off), was -1"),
        bad(c -> c.withHalfOpenCalls(0),
            "CircuitBreakerConfig: halfOpenCalls must be between 1 and 1000000, was 0"),
        bad(c -> c.withOpenWait(Duration.ofSeconds(-1)),
            "CircuitBreakerConfig: openWait must be >= 0, was PT-1S"),
        bad(c -> c.withOpenWait(Backoff.defaults().withJitter(Jitter.DECORRELATED)),
            "CircuitBreakerConfig: openWait must not use DECORRELATED jitter, which needs the"
                + " previous delay"));
  }

  private static Arguments bad(UnaryOperator<CircuitBreakerConfig> change, String message) {
    return Arguments.of(change, message);
  }

  @ParameterizedTest
  @MethodSource("badValues")
  void aBadValueIsRejectedWithAClearMessage(
      UnaryOperator<CircuitBreakerConfig> change, String message) {
    assertThatThrownBy(() -> change.apply(D))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void nullsAreRejectedByName() {
    assertThatThrownBy(() -> D.withClock(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("CircuitBreakerConfig: clock is null");
    assertThatThrownBy(() -> D.withRecordFailure(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("CircuitBreakerConfig: recordFailure is null");
    assertThatThrownBy(() -> D.withOpenWait((Duration) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("CircuitBreakerConfig: openWait is null");
    assertThatThrownBy(() -> D.withSlowCalls(50, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("CircuitBreakerConfig: slowCallDuration is null");
    assertThatThrownBy(() -> CircuitBreaker.of("x", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("CircuitBreaker: config is null");
  }
}
