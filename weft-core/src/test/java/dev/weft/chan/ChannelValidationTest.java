package dev.weft.chan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.Context;
import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Misuse fails fast and loudly: the exception names the type, nothing changes, and a null
 * argument is reported before (and without consuming) a pending interrupt.
 */
@Timeout(30)
class ChannelValidationTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  /** A call that must be rejected. */
  @FunctionalInterface
  interface Call {
    void run(Channel<Integer> ch) throws Exception;
  }

  private static Arguments call(String name, Call call) {
    return Arguments.of(name, call);
  }

  /** Every channel method given a null argument. */
  static Stream<Arguments> nullArguments() {
    Context ctx = Context.background();
    Duration d = Duration.ofSeconds(1);
    return Stream.of(
        call("send(null)", ch -> ch.send(null)),
        call("send(null, ctx)", ch -> ch.send(null, ctx)),
        call("send(v, null)", ch -> ch.send(1, null)),
        call("sendResult(null)", ch -> ch.sendResult(null)),
        call("sendResult(null, ctx)", ch -> ch.sendResult(null, ctx)),
        call("sendResult(v, null)", ch -> ch.sendResult(1, null)),
        call("trySend(null)", ch -> ch.trySend(null)),
        call("trySend(null, d)", ch -> ch.trySend(null, d)),
        call("trySend(null, 0)", ch -> ch.trySend(null, Duration.ZERO)),
        call("trySend(null, -1)", ch -> ch.trySend(null, Duration.ofSeconds(-1))),
        call("trySend(v, null)", ch -> ch.trySend(1, null)),
        call("receive(null)", ch -> ch.receive(null)),
        call("receiveResult(null)", ch -> ch.receiveResult(null)),
        call("tryReceive(null)", ch -> ch.tryReceive(null)));
  }

  static Stream<Arguments> nullArgumentsOnEveryKindOfChannel() {
    return nullArguments()
        .flatMap(
            a ->
                Stream.<Supplier<Channel<Integer>>>of(
                        Channel::unbuffered, () -> Channel.buffered(4), Channel::nil)
                    .map(s -> Arguments.of(a.get()[0], a.get()[1], s.get())));
  }

  @ParameterizedTest(name = "{0} on {2}")
  @MethodSource("nullArgumentsOnEveryKindOfChannel")
  void nullArgumentsAreRejected(String name, Call call, Channel<Integer> ch) {
    // Run with the interrupt status set: the null must be reported first, and the status kept.
    Async<Void> t =
        tasks.run(
            () -> {
              Thread.currentThread().interrupt();
              call.run(ch);
            });
    assertThat(t.failure())
        .as(name)
        .isExactlyInstanceOf(NullPointerException.class)
        .hasMessageStartingWith("Channel:");
    assertThat(t.interruptedAtEnd()).as("%s kept the interrupt status", name).isTrue();
    assertThat(ch.len()).isZero();
    if (ch instanceof ChannelImpl<Integer>) {
      assertThat(Channels.waitingSenders(ch) + Channels.waitingReceivers(ch)).isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, -1024, Integer.MIN_VALUE, (1 << 30) + 1, Integer.MAX_VALUE})
  void capacityOutOfRangeIsRejectedWithTypeAndValue(int capacity) {
    assertThatThrownBy(() -> Channel.buffered(capacity))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Channel:")
        .hasMessageContaining(Integer.toString(capacity));
  }

  @Test
  void nullElementsNeverEnterResults() {
    assertThatThrownBy(() -> new ReceiveResult.Value<>(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageStartingWith("ReceiveResult.Value:");
    assertThatThrownBy(() -> new ReceiveResult.Cancelled<>(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new SendResult.Cancelled(null)).isInstanceOf(NullPointerException.class);
  }

  // ---- Select ----

  /** A select misuse that must be rejected. */
  @FunctionalInterface
  interface SelectCall {
    void run(Select<String> s);
  }

  static Stream<Arguments> selectNullArguments() {
    Channel<Integer> ch = Channel.unbuffered();
    Context ctx = Context.background();
    Duration d = Duration.ofSeconds(1);
    return Stream.of(
        Arguments.of("onReceive(null, h)", (SelectCall) s -> s.onReceive(null, v -> "")),
        Arguments.of("onReceive(ch, null)", (SelectCall) s -> s.onReceive(ch, null)),
        Arguments.of("onReceiveResult(null, h)", (SelectCall) s -> s.onReceiveResult(null, r -> "")),
        Arguments.of("onReceiveResult(ch, null)", (SelectCall) s -> s.onReceiveResult(ch, null)),
        Arguments.of("onSend(null, v, h)", (SelectCall) s -> s.onSend(null, 1, () -> "")),
        Arguments.of("onSend(ch, null, h)", (SelectCall) s -> s.onSend(ch, null, () -> "")),
        Arguments.of("onSend(ch, v, null)", (SelectCall) s -> s.onSend(ch, 1, null)),
        Arguments.of("onSend(nil, null, h)", (SelectCall) s -> s.onSend(Channel.nil(), null, () -> "")),
        Arguments.of("onDone(null, h)", (SelectCall) s -> s.onDone(null, () -> "")),
        Arguments.of("onDone(ctx, null)", (SelectCall) s -> s.onDone(ctx, null)),
        Arguments.of("onTimeout(null, h)", (SelectCall) s -> s.onTimeout(null, () -> "")),
        Arguments.of("onTimeout(d, null)", (SelectCall) s -> s.onTimeout(d, null)),
        Arguments.of("orElse(null)", (SelectCall) s -> s.orElse(null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("selectNullArguments")
  void selectRejectsNullsAndAddsNothing(String name, SelectCall call) {
    Select<String> s = new Select<>();
    assertThatThrownBy(() -> call.run(s))
        .as(name)
        .isExactlyInstanceOf(NullPointerException.class)
        .hasMessageStartingWith("Select:");
    assertThat(s).hasToString("Select[0 clauses]");
  }

  @Test
  void aSecondTimeoutClauseIsRejectedAndTheFirstKept() throws InterruptedException {
    Select<String> s = new Select<String>().onTimeout(Duration.ZERO, () -> "first");
    assertThatThrownBy(() -> s.onTimeout(Duration.ofHours(1), () -> "second"))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Select:");
    assertThat(s.select()).isEqualTo("first");
  }

  @Test
  void aSecondDefaultClauseIsRejectedAndTheFirstKept() throws InterruptedException {
    Select<String> s = new Select<String>().orElse(() -> "first");
    assertThatThrownBy(() -> s.orElse(() -> "second"))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Select:");
    assertThat(s.select()).isEqualTo("first");
  }

  @Test
  void defaultAndTimeoutTogetherAreAllowedAndTheDefaultWins() throws InterruptedException {
    // Go has no timeout clause; with both, nothing ever waits, so the default answers at once.
    Select<String> s = new Select<String>().orElse(() -> "default").onTimeout(Duration.ofHours(1), () -> "timeout");
    assertThat(s.select()).isEqualTo("default");
    assertThat(List.of(s.toString())).containsExactly("Select[0 clauses, default, timeout PT1H]");
  }
}
