package dev.weft.time;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every factory and with-method rejects bad input with a message naming Backoff and the argument. */
class BackoffValidationTest {

  private static final Duration NEG = Duration.ofMillis(-1);
  private static final Backoff OK = Backoff.defaults();
  private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;
  private static final Class<NullPointerException> NPE = NullPointerException.class;

  private static Arguments bad(String name, ThrowingCallable call, Class<?> type, String message) {
    return argumentSet(name, call, type, message);
  }

  static Stream<Arguments> badInput() {
    return Stream.of(
        bad("constant(null)", () -> Backoff.constant(null), NPE, "Backoff: delay is null"),
        bad("constant(-1ms)", () -> Backoff.constant(NEG), IAE, "Backoff: delay must be >= 0, was PT-0.001S"),
        bad("exponential(null, 1s)", () -> Backoff.exponential(null, Duration.ofSeconds(1)), NPE,
            "Backoff: initial is null"),
        bad("exponential(1s, null)", () -> Backoff.exponential(Duration.ofSeconds(1), null), NPE,
            "Backoff: max is null"),
        bad("exponential(-1ms, 1s)", () -> Backoff.exponential(NEG, Duration.ofSeconds(1)), IAE,
            "Backoff: initial must be >= 0, was PT-0.001S"),
        bad("exponential(2s, 1s)", () -> Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1)), IAE,
            "Backoff: max must be >= initial (PT2S), was PT1S"),
        bad("withInitial(null)", () -> OK.withInitial(null), NPE, "Backoff: initial is null"),
        bad("withInitial(-1ms)", () -> OK.withInitial(NEG), IAE, "Backoff: initial must be >= 0, was PT-0.001S"),
        bad("withMultiplier(0.5)", () -> OK.withMultiplier(0.5), IAE,
            "Backoff: multiplier must be finite and >= 1, was 0.5"),
        bad("withMultiplier(-2)", () -> OK.withMultiplier(-2), IAE,
            "Backoff: multiplier must be finite and >= 1, was -2.0"),
        bad("withMultiplier(NaN)", () -> OK.withMultiplier(Double.NaN), IAE,
            "Backoff: multiplier must be finite and >= 1, was NaN"),
        bad("withMultiplier(+inf)", () -> OK.withMultiplier(Double.POSITIVE_INFINITY), IAE,
            "Backoff: multiplier must be finite and >= 1, was Infinity"),
        bad("withMax(null)", () -> OK.withMax(null), NPE, "Backoff: max is null"),
        bad("withMax(-1ms)", () -> OK.withMax(NEG), IAE, "Backoff: max must be >= 0, was PT-0.001S"),
        bad("withJitter(null)", () -> OK.withJitter(null), NPE, "Backoff: jitter is null"),
        bad("withMaxAttempts(0)", () -> OK.withMaxAttempts(0), IAE, "Backoff: maxAttempts must be >= 1, was 0"),
        bad("withMaxAttempts(-1)", () -> OK.withMaxAttempts(-1), IAE, "Backoff: maxAttempts must be >= 1, was -1"),
        bad("withMaxElapsed(null)", () -> OK.withMaxElapsed(null), NPE, "Backoff: maxElapsed is null"),
        bad("withMaxElapsed(0)", () -> OK.withMaxElapsed(Duration.ZERO), IAE,
            "Backoff: maxElapsed must be > 0, was PT0S"),
        bad("withMaxElapsed(-1ms)", () -> OK.withMaxElapsed(NEG), IAE,
            "Backoff: maxElapsed must be > 0, was PT-0.001S"),
        bad("withClock(null)", () -> OK.withClock(null), NPE, "Backoff: clock is null"),
        bad("delay(-1)", () -> OK.delay(-1), IAE, "Backoff: attempt must be >= 0, was -1"),
        bad("delay(-1, random)", () -> OK.delay(-1, new java.util.SplittableRandom()), IAE,
            "Backoff: attempt must be >= 0, was -1"),
        bad("delay(0, null)", () -> OK.delay(0, null), NPE, "Backoff: random is null"),
        bad("start(null)", () -> OK.start(null), NPE, "Backoff: random is null"),
        bad("new Backoff(maxElapsed null)",
            () -> new Backoff(Duration.ZERO, 1, Duration.ZERO, Jitter.NONE, 1, null, OptionalLong.empty(), Clock.system()),
            NPE, "Backoff: maxElapsed is null"),
        bad("new Backoff(seed null)",
            () -> new Backoff(Duration.ZERO, 1, Duration.ZERO, Jitter.NONE, 1, Optional.empty(), null, Clock.system()),
            NPE, "Backoff: seed is null"));
  }

  @ParameterizedTest
  @MethodSource("badInput")
  void isRejected(ThrowingCallable call, Class<? extends Throwable> type, String message) {
    assertThatThrownBy(call).isExactlyInstanceOf(type).hasMessage(message);
  }
}
