package dev.weft.context;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every null argument is rejected at once with a NullPointerException naming the type. */
class ContextNullArgumentTest {

  private static final Context BG = Context.background();
  private static final ContextKey<String> KEY = ContextKey.of("k");
  private static final Instant LATER = Instant.parse("2100-01-01T00:00:00Z");
  private static final Duration HOUR = Duration.ofHours(1);

  static Stream<Arguments> calls() {
    return Stream.of(
        call("background(null clock)", () -> Context.background(null), "Context: clock"),
        call("withCancel(null)", () -> Context.withCancel(null), "Context: parent"),
        call("withCancelCause(null)", () -> Context.withCancelCause(null), "Context: parent"),
        call("withDeadline(null, t)", () -> Context.withDeadline(null, LATER), "Context: parent"),
        call("withDeadline(bg, null)", () -> Context.withDeadline(BG, null), "Context: deadline"),
        call("withDeadlineCause(null, t, c)", () -> Context.withDeadlineCause(null, LATER, new RuntimeException()), "Context: parent"),
        call("withDeadlineCause(bg, null, c)", () -> Context.withDeadlineCause(BG, null, new RuntimeException()), "Context: deadline"),
        call("withTimeout(null, d)", () -> Context.withTimeout(null, HOUR), "Context: parent"),
        call("withTimeout(bg, null)", () -> Context.withTimeout(BG, null), "Context: timeout"),
        call("withTimeoutCause(null, d, c)", () -> Context.withTimeoutCause(null, HOUR, new RuntimeException()), "Context: parent"),
        call("withTimeoutCause(bg, null, c)", () -> Context.withTimeoutCause(BG, null, new RuntimeException()), "Context: timeout"),
        call("withValue(null, k, v)", () -> Context.withValue(null, KEY, "v"), "Context: parent"),
        call("withValue(bg, null, v)", () -> Context.withValue(BG, null, "v"), "Context: key"),
        call("withValue(bg, k, null)", () -> Context.withValue(BG, KEY, null), "Context: value"),
        call("withoutCancel(null)", () -> Context.withoutCancel(null), "Context: parent"),
        call("afterFunc(null, f)", () -> Context.afterFunc(null, () -> {}), "Context: "),
        call("afterFunc(bg, null)", () -> Context.afterFunc(BG, null), "Context: function"),
        call("value(null)", () -> BG.value(null), "Context: key"),
        call("cancel node value(null)", () -> Context.withCancel(BG).value(null), "Context: key"),
        call("ContextKey.of(null)", () -> ContextKey.of(null), "ContextKey: name"),
        call("new ContextCancelledException(null, c)", () -> new ContextCancelledException(null, null), "ContextCancelledException: error"));
  }

  private static Arguments call(String name, ThrowingCallable call, String messageStart) {
    return Arguments.of(name, call, messageStart);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("calls")
  void rejectsNull(String name, ThrowingCallable call, String messageStart) {
    assertThatThrownBy(call).isInstanceOf(NullPointerException.class).hasMessageStartingWith(messageStart);
  }
}
