package dev.weft.chan;

import static dev.weft.chan.Channels.drainNow;
import static dev.weft.chan.Channels.fill;
import static dev.weft.chan.Channels.range;
import static dev.weft.chan.Channels.waitingReceivers;
import static dev.weft.chan.Channels.waitingSenders;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.context.ContextError;
import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A context-aware call whose context is done (cancelled, with or without a cause, through a
 * parent, or past its deadline; before the call or while it waits) gives up with that context's
 * error and cause and transfers nothing; a select's done clause fires likewise.
 */
@Timeout(60)
class ChannelContextTest {

  private static final int MARK = -1;

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  /** How the context becomes done, and what the call must then report. */
  enum Cancellation {
    CANCELLED_BEFORE(true, ContextError.CANCELED, true),
    CANCELLED_WHILE_WAITING(false, ContextError.CANCELED, true),
    CANCELLED_WITHOUT_CAUSE_WHILE_WAITING(false, ContextError.CANCELED, false),
    PARENT_CANCELLED_WHILE_WAITING(false, ContextError.CANCELED, true),
    DEADLINE_PASSED_BEFORE(true, ContextError.DEADLINE_EXCEEDED, false),
    DEADLINE_PASSES_WHILE_WAITING(false, ContextError.DEADLINE_EXCEEDED, true);

    final boolean beforeCall;
    final ContextError error;
    final boolean hasCause;

    Cancellation(boolean beforeCall, ContextError error, boolean hasCause) {
      this.beforeCall = beforeCall;
      this.error = error;
      this.hasCause = hasCause;
    }
  }

  /** A context and the way to make it done. */
  private static final class Setup implements AutoCloseable {
    final Cancellation how;
    final Throwable cause = new IllegalStateException("the cause");
    final CancelContext parent = Context.withCancel(Context.background());
    final CancelContext ctx;

    Setup(Cancellation how) {
      this.how = how;
      this.ctx =
          switch (how) {
            case DEADLINE_PASSED_BEFORE -> Context.withTimeout(parent, Duration.ZERO);
            case DEADLINE_PASSES_WHILE_WAITING ->
                Context.withTimeoutCause(parent, Duration.ofMillis(30), cause);
            default -> Context.withCancel(parent);
          };
      if (how == Cancellation.CANCELLED_BEFORE) ctx.cancel(cause);
    }

    /** Makes the context done while the call waits (a no-op for deadlines). */
    void cancelWhileWaiting() {
      switch (how) {
        case CANCELLED_WHILE_WAITING -> ctx.cancel(cause);
        case CANCELLED_WITHOUT_CAUSE_WHILE_WAITING -> ctx.cancel();
        case PARENT_CANCELLED_WHILE_WAITING -> parent.cancel(cause);
        default -> {}
      }
    }

    /** Starts {@code body}; for the while-waiting kinds, waits until it blocks and cancels. */
    <T> Async<T> run(AsyncScope tasks, Callable<T> body) {
      if (how.beforeCall) return tasks.start(body);
      if (how == Cancellation.DEADLINE_PASSES_WHILE_WAITING) return tasks.start(body);
      Async<T> t = tasks.start(body).awaitParked();
      cancelWhileWaiting();
      return t;
    }

    void assertCancelled(Throwable thrown) {
      assertThat(thrown).isExactlyInstanceOf(ContextCancelledException.class);
      ContextCancelledException e = (ContextCancelledException) thrown;
      assertThat(e.error()).isEqualTo(how.error);
      assertThat(e).hasMessage(how.hasCause ? how.error.message() + ": " + cause : how.error.message());
      if (how.hasCause) assertThat(e.getCause()).isSameAs(cause);
      else assertThat(e.getCause()).isNull();
    }

    @Override
    public void close() {
      ctx.cancel();
      parent.cancel();
    }
  }

  static Stream<Arguments> cancellationsAndCapacities() {
    return Arrays.stream(Cancellation.values())
        .flatMap(c -> Arrays.stream(Params.CAPACITIES).mapToObj(cap -> Arguments.of(c, cap)));
  }

  @ParameterizedTest(name = "{0}, capacity {1}")
  @MethodSource("cancellationsAndCapacities")
  void sendGivesUpWithTheContextErrorAndSendsNothing(Cancellation how, int capacity)
      throws InterruptedException {
    for (boolean throwing : List.of(true, false)) {
      Channel<Integer> ch = Channel.buffered(capacity);
      try (Setup s = new Setup(how)) {
        Async<Integer> receiver = null;
        if (how.beforeCall) {
          // The send could complete at once; the done context wins anyway.
          if (capacity == 0) receiver = tasks.start(ch::receive).awaitParked();
        } else {
          fill(ch);
        }
        Async<SendResult> sender =
            s.run(
                tasks,
                () -> {
                  if (throwing) {
                    ch.send(MARK, s.ctx);
                    return new SendResult.Sent();
                  }
                  return ch.sendResult(MARK, s.ctx);
                });
        if (throwing) s.assertCancelled(sender.failure());
        else assertThat(sender.get()).isEqualTo(new SendResult.Cancelled(how.error));
        assertThat(sender.interruptedAtEnd()).isFalse();

        assertThat(waitingSenders(ch)).isZero();
        List<Integer> expected = how.beforeCall ? List.of() : range(capacity);
        assertThat(drainNow(ch)).isEqualTo(expected);
        if (receiver != null) {
          assertThat(receiver.isDone()).isFalse();
          ch.send(1);
          assertThat(receiver.get()).isEqualTo(1);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}, capacity {1}")
  @MethodSource("cancellationsAndCapacities")
  void receiveGivesUpWithTheContextErrorAndTakesNothing(Cancellation how, int capacity)
      throws InterruptedException {
    for (boolean throwing : List.of(true, false)) {
      Channel<Integer> ch = Channel.buffered(capacity);
      try (Setup s = new Setup(how)) {
        Async<Void> sender = null;
        if (how.beforeCall) {
          // A value is ready; the done context wins anyway.
          if (capacity == 0) sender = tasks.run(() -> ch.send(MARK)).awaitParked();
          else ch.send(MARK);
        }
        Async<ReceiveResult<Integer>> receiver =
            s.run(
                tasks,
                () ->
                    throwing
                        ? new ReceiveResult.Value<>(ch.receive(s.ctx))
                        : ch.receiveResult(s.ctx));
        if (throwing) s.assertCancelled(receiver.failure());
        else assertThat(receiver.get()).isEqualTo(new ReceiveResult.Cancelled<Integer>(how.error));

        assertThat(waitingReceivers(ch)).isZero();
        if (how.beforeCall) {
          assertThat(ch.receive()).isEqualTo(MARK);
          if (sender != null) sender.get();
        } else {
          assertThat(ch.trySend(3)).isEqualTo(capacity == 0 ? new SendResult.Full() : new SendResult.Sent());
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}, capacity {1}")
  @MethodSource("cancellationsAndCapacities")
  void selectDoneClauseFiresAndNoOtherClauseDoes(Cancellation how, int capacity)
      throws InterruptedException {
    Channel<Integer> in = Channel.buffered(capacity);
    Channel<Integer> out = Channel.buffered(capacity);
    fill(out);
    try (Setup s = new Setup(how)) {
      Async<String> select =
          s.run(
              tasks,
              () ->
                  new Select<String>()
                      .onReceive(in, v -> "received " + v)
                      .onSend(out, MARK, () -> "sent")
                      .onDone(s.ctx, () -> "done: " + s.ctx.err().orElseThrow())
                      .select());
      assertThat(select.get()).isEqualTo("done: " + how.error);
      assertThat(drainNow(out)).isEqualTo(range(capacity));
      assertThat(waitingSenders(out)).isZero();
      assertThat(waitingReceivers(in)).isZero();
      assertThat(in.trySend(1)).isEqualTo(capacity == 0 ? new SendResult.Full() : new SendResult.Sent());
    }
  }

  @Test
  void aLiveContextDoesNotDisturbTransfers() throws InterruptedException {
    try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofHours(1))) {
      for (int capacity : Params.CAPACITIES) {
        Channel<Integer> ch = Channel.buffered(capacity);
        Async<Integer> receiver = tasks.start(() -> ch.receive(ctx));
        ch.send(1, ctx);
        assertThat(receiver.get()).isEqualTo(1);
        Async<ReceiveResult<Integer>> receiver2 = tasks.start(() -> ch.receiveResult(ctx));
        assertThat(ch.sendResult(2, ctx)).isEqualTo(new SendResult.Sent());
        assertThat(receiver2.get()).isEqualTo(new ReceiveResult.Value<>(2));
      }
      assertThat(ctx.isDone()).isFalse();
    }
  }

  @Test
  void backgroundContextNeverCancels() throws InterruptedException {
    Channel<Integer> ch = Channel.unbuffered();
    Async<Integer> receiver = tasks.start(() -> ch.receive(Context.background())).awaitParked();
    assertThat(new Select<String>().onDone(Context.background(), () -> "done").orElse(() -> "not done").select())
        .isEqualTo("not done");
    ch.send(5, Context.background());
    assertThat(receiver.get()).isEqualTo(5);
  }

  /** A cancellation racing with a transfer either wins entirely or loses entirely. */
  @Capacities
  void aCancellationRacingWithATransferWinsOrLosesEntirely(int capacity)
      throws InterruptedException {
    int rounds = 2_000;
    int cancelWon = 0;
    for (int i = 0; i < rounds; i++) {
      int v = i;
      Channel<Integer> ch = Channel.buffered(capacity);
      try (CancelContext ctx = Context.withCancel(Context.background())) {
        Async<ReceiveResult<Integer>> receiver = tasks.start(() -> ch.receiveResult(ctx));
        if ((i & 1) == 0) receiver.awaitParked(); // else the receiver may not have started yet
        Async<Void> sender = tasks.run(() -> ch.send(v));
        ctx.cancel();
        ReceiveResult<Integer> r = receiver.get();
        if (r instanceof ReceiveResult.Cancelled<Integer> c) {
          cancelWon++;
          assertThat(c.error()).isEqualTo(ContextError.CANCELED);
          assertThat(ch.receive()).isEqualTo(v);
        } else {
          assertThat(r).isEqualTo(new ReceiveResult.Value<>(v));
          assertThat(ch.tryReceive()).isInstanceOf(ReceiveResult.Empty.class);
        }
        sender.get();
      }
      assertThat(waitingReceivers(ch) + waitingSenders(ch)).isZero();
    }
    assertThat(cancelWon).as("rounds the cancellation won").isBetween(1, rounds - 1);
  }
}
