package dev.weft.chan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.context.ContextError;
import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Go's nil channel: every blocking operation waits until interrupted, timed out or cancelled; the
 * try forms report Full/Empty; close throws; in a select its clauses never fire.
 */
@Timeout(30)
class NilChannelTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  private final Channel<Integer> nil = Channel.nil();

  @Test
  void isOneSharedInstanceWithLenAndCapZero() {
    assertThat(Channel.<String>nil()).isSameAs(Channel.<Integer>nil());
    assertThat(nil.len()).isZero();
    assertThat(nil.cap()).isZero();
    assertThat(nil.isClosedForSend()).isFalse();
    assertThat(nil.isClosedForReceive()).isFalse();
    assertThat(nil).hasToString("Channel.nil()");
    assertThat(Context.background().done()).isSameAs(Channel.nil());
  }

  @ParameterizedTest
  @EnumSource(SendOp.class)
  void everySendBlocksUntilInterrupted(SendOp op) {
    Async<SendResult> t = tasks.start(() -> op.send(nil, 1)).awaitParked();
    t.interrupt();
    assertThat(t.failure()).isExactlyInstanceOf(InterruptedException.class);
    assertThat(t.interruptedAtEnd()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(ReceiveOp.class)
  void everyReceiveBlocksUntilInterrupted(ReceiveOp op) {
    Async<ReceiveResult<Integer>> t = tasks.start(() -> op.receive(nil)).awaitParked();
    t.interrupt();
    if (op.uncheckedInterrupt) {
      assertThat(t.failure()).isExactlyInstanceOf(UncheckedInterruptedException.class);
      assertThat(t.interruptedAtEnd()).isTrue();
    } else {
      assertThat(t.failure()).isExactlyInstanceOf(InterruptedException.class);
      assertThat(t.interruptedAtEnd()).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(SendOp.class)
  void everySendThrowsWhenInterruptedBeforeTheCall(SendOp op) {
    Async<SendResult> t =
        tasks.start(
            () -> {
              Thread.currentThread().interrupt();
              return op.send(nil, 1);
            });
    assertThat(t.failure()).isExactlyInstanceOf(InterruptedException.class);
    assertThat(t.interruptedAtEnd()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(ReceiveOp.class)
  void everyReceiveThrowsWhenInterruptedBeforeTheCall(ReceiveOp op) {
    Async<ReceiveResult<Integer>> t =
        tasks.start(
            () -> {
              Thread.currentThread().interrupt();
              return op.receive(nil);
            });
    assertThat(t.failure())
        .isExactlyInstanceOf(
            op.uncheckedInterrupt ? UncheckedInterruptedException.class : InterruptedException.class);
  }

  @Test
  void timedFormsTimeOut() throws InterruptedException {
    Duration d = Duration.ofMillis(30);
    long start = System.nanoTime();
    assertThat(nil.trySend(1, d)).isEqualTo(new SendResult.TimedOut());
    assertThat(nil.tryReceive(d)).isInstanceOf(ReceiveResult.TimedOut.class);
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(2 * d.toNanos());
    for (Duration none : new Duration[] {Duration.ZERO, Duration.ofMillis(-1)}) {
      assertThat(nil.trySend(1, none)).isEqualTo(new SendResult.TimedOut());
      assertThat(nil.tryReceive(none)).isInstanceOf(ReceiveResult.TimedOut.class);
    }
  }

  @Test
  void timedFormsParkWithADeadline() {
    Async<SendResult> t = tasks.start(() -> nil.trySend(1, Duration.ofHours(1))).awaitParked();
    assertThat(t.thread().getState()).isEqualTo(Thread.State.TIMED_WAITING);
    t.interrupt();
    assertThat(t.failure()).isExactlyInstanceOf(InterruptedException.class);
  }

  @Test
  void contextFormsGiveUpWhenTheContextIsCancelled() throws InterruptedException {
    for (boolean before : new boolean[] {true, false}) {
      CancelContext ctx = Context.withCancel(Context.background());
      Throwable cause = new RuntimeException("why");
      if (before) ctx.cancel(cause);
      Async<Object> send = tasks.start(() -> {
        nil.send(1, ctx);
        return null;
      });
      Async<SendResult> sendResult = tasks.start(() -> nil.sendResult(1, ctx));
      Async<Integer> receive = tasks.start(() -> nil.receive(ctx));
      Async<ReceiveResult<Integer>> receiveResult = tasks.start(() -> nil.receiveResult(ctx));
      if (!before) {
        send.awaitParked();
        sendResult.awaitParked();
        receive.awaitParked();
        receiveResult.awaitParked();
        ctx.cancel(cause);
      }
      for (Async<?> t : new Async<?>[] {send, receive}) {
        assertThat(t.failure())
            .isExactlyInstanceOf(ContextCancelledException.class)
            .hasCause(cause)
            .extracting(e -> ((ContextCancelledException) e).error())
            .isEqualTo(ContextError.CANCELED);
      }
      assertThat(sendResult.get()).isEqualTo(new SendResult.Cancelled(ContextError.CANCELED));
      assertThat(receiveResult.get()).isEqualTo(new ReceiveResult.Cancelled<Integer>(ContextError.CANCELED));
    }
  }

  @Test
  void contextFormsReportAPassedDeadline() throws InterruptedException {
    try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(30))) {
      assertThat(nil.receiveResult(ctx)).isEqualTo(new ReceiveResult.Cancelled<Integer>(ContextError.DEADLINE_EXCEEDED));
      assertThat(nil.sendResult(1, ctx)).isEqualTo(new SendResult.Cancelled(ContextError.DEADLINE_EXCEEDED));
    }
  }

  @Test
  void tryFormsReportFullAndEmpty() {
    assertThat(nil.trySend(1)).isEqualTo(new SendResult.Full());
    assertThat(nil.tryReceive()).isInstanceOf(ReceiveResult.Empty.class);
  }

  @Test
  void closeThrows() {
    assertThatThrownBy(nil::close)
        .isInstanceOf(IllegalStateException.class)
        .isNotInstanceOf(ChannelClosedException.class)
        .hasMessageStartingWith("Channel:");
    assertThat(nil.isClosedForSend()).isFalse();
  }

  @Test
  void selectWithOnlyNilClausesBlocksUntilInterrupted() {
    Async<String> t =
        tasks
            .start(
                () ->
                    new Select<String>()
                        .onReceive(nil, v -> "receive")
                        .onReceiveResult(nil, r -> "receiveResult")
                        .onSend(nil, 1, () -> "send")
                        .onDone(Context.background(), () -> "done")
                        .select())
            .awaitParked();
    assertThat(t.thread().getState()).isEqualTo(Thread.State.WAITING);
    t.interrupt();
    assertThat(t.failure()).isExactlyInstanceOf(InterruptedException.class);
  }

  @Test
  void selectWithNoClausesAtAllBlocksUntilInterrupted() {
    // Go's select {}.
    Async<String> t = tasks.start(() -> new Select<String>().select()).awaitParked();
    t.interrupt();
    assertThat(t.failure()).isExactlyInstanceOf(InterruptedException.class);
  }

  @Test
  void selectWithANilClauseAndAReadyClausePicksTheReadyOne() throws InterruptedException {
    Channel<Integer> ready = Channel.buffered(1);
    for (int i = 0; i < 1_000; i++) {
      ready.send(i);
      String r =
          new Select<String>()
              .onReceive(nil, v -> "nil")
              .onSend(nil, 1, () -> "nil send")
              .onReceive(ready, v -> "ready " + v)
              .select();
      assertThat(r).isEqualTo("ready " + i);
    }
  }

  @Test
  void selectWithANilClauseAndABlockedClauseCompletesThroughTheLiveOne() throws InterruptedException {
    Channel<Integer> live = Channel.unbuffered();
    Async<String> t =
        tasks
            .start(
                () -> new Select<String>().onSend(nil, 1, () -> "nil").onReceive(live, v -> "live " + v).select())
            .awaitParked();
    live.send(7);
    assertThat(t.get()).isEqualTo("live 7");
  }

  @Test
  void selectWithNilClausesFallsBackToDefaultAndTimeout() throws InterruptedException {
    assertThat(new Select<String>().onReceive(nil, v -> "nil").orElse(() -> "default").select())
        .isEqualTo("default");
    assertThat(
            new Select<String>()
                .onReceive(nil, v -> "nil")
                .onTimeout(Duration.ofMillis(20), () -> "timeout")
                .select())
        .isEqualTo("timeout");
  }
}
