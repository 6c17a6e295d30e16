package dev.weft.chan;

import static dev.weft.chan.Channels.drainNow;
import static dev.weft.chan.Channels.fill;
import static dev.weft.chan.Channels.range;
import static dev.weft.chan.Channels.waitingReceivers;
import static dev.weft.chan.Channels.waitingSenders;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.chan.Params.InterruptTiming;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An interrupted blocking call, interrupted before the call or while waiting, throws and transfers
 * nothing: the channel is left exactly as it was. InterruptedException clears the interrupt
 * status; iterators and streams restore it and throw UncheckedInterruptedException.
 */
@Timeout(60)
class ChannelInterruptionTest {

  private static final int MARK = -1;

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  @ParameterizedTest(name = "{0}, capacity {1}, {2}")
  @MethodSource("dev.weft.chan.Params#sendOpsCapacitiesAndTimings")
  void interruptedSendThrowsAndSendsNothing(SendOp op, int capacity, InterruptTiming timing)
      throws InterruptedException {
    Channel<Integer> ch = Channel.buffered(capacity);
    try (CancelContext ctx = Context.withCancel(Context.background())) {
      Async<SendResult> sender;
      Async<Integer> receiver = null;
      if (timing == InterruptTiming.BEFORE_CALL) {
        // The channel could take the value at once: a receiver waits, or the buffer has room.
        if (capacity == 0) receiver = tasks.start(ch::receive).awaitParked();
        sender =
            tasks.start(
                () -> {
                  Thread.currentThread().interrupt();
                  return op.send(ch, MARK, ctx);
                });
      } else {
        fill(ch);
        sender = tasks.start(() -> op.send(ch, MARK, ctx)).awaitParked();
        sender.interrupt();
      }
      assertThat(sender.failure()).isExactlyInstanceOf(InterruptedException.class);
      assertThat(sender.interruptedAtEnd()).as("interrupt status cleared").isFalse();

      assertThat(waitingSenders(ch)).isZero();
      if (receiver != null) {
        assertThat(receiver.isDone()).isFalse();
        ch.send(1);
        assertThat(receiver.get()).isEqualTo(1);
      }
      List<Integer> expected = timing == InterruptTiming.BEFORE_CALL ? List.of() : range(capacity);
      assertThat(ch.len()).isEqualTo(expected.size());
      assertThat(drainNow(ch)).isEqualTo(expected);
      // A receiver arriving later does not get the interrupted sender's value.
      Async<Integer> later = tasks.start(ch::receive).awaitParked();
      ch.send(2);
      assertThat(later.get()).isEqualTo(2);
    }
  }

  @ParameterizedTest(name = "{0}, capacity {1}, {2}")
  @MethodSource("dev.weft.chan.Params#receiveOpsCapacitiesAndTimings")
  void interruptedReceiveThrowsAndTakesNothing(ReceiveOp op, int capacity, InterruptTiming timing)
      throws InterruptedException {
    Channel<Integer> ch = Channel.buffered(capacity);
    try (CancelContext ctx = Context.withCancel(Context.background())) {
      Async<ReceiveResult<Integer>> receiver;
      Async<Void> sender = null;
      if (timing == InterruptTiming.BEFORE_CALL) {
        // A value is ready: buffered, or offered by a waiting sender.
        if (capacity == 0) sender = tasks.run(() -> ch.send(MARK)).awaitParked();
        else ch.send(MARK);
        receiver =
            tasks.start(
                () -> {
                  Thread.currentThread().interrupt();
                  return op.receive(ch, ctx);
                });
      } else {
        receiver = tasks.start(() -> op.receive(ch, ctx)).awaitParked();
        receiver.interrupt();
      }
      Throwable thrown = receiver.failure();
      if (op.uncheckedInterrupt) {
        assertThat(thrown)
            .isExactlyInstanceOf(UncheckedInterruptedException.class)
            .hasCauseExactlyInstanceOf(InterruptedException.class);
        assertThat(receiver.interruptedAtEnd()).as("interrupt status restored").isTrue();
      } else {
        assertThat(thrown).isExactlyInstanceOf(InterruptedException.class);
        assertThat(receiver.interruptedAtEnd()).as("interrupt status cleared").isFalse();
      }

      assertThat(waitingReceivers(ch)).isZero();
      if (timing == InterruptTiming.BEFORE_CALL) {
        // The value is still there for the next receiver.
        assertThat(ch.len()).isEqualTo(capacity == 0 ? 0 : 1);
        assertThat(ch.receive()).isEqualTo(MARK);
        if (sender != null) sender.get();
      } else {
        // The interrupted receiver does not take a later value.
        assertThat(ch.trySend(3)).isEqualTo(capacity == 0 ? new SendResult.Full() : new SendResult.Sent());
        assertThat(ch.len()).isEqualTo(capacity == 0 ? 0 : 1);
      }
    }
  }

  @Test
  void interruptedSelectFiresNoClauseAndLeavesNoWaiter() throws InterruptedException {
    for (InterruptTiming timing : InterruptTiming.values()) {
      Channel<Integer> in = Channel.unbuffered();
      Channel<Integer> out = Channel.buffered(1);
      out.send(0);
      Channel<Integer> same = Channel.unbuffered();
      Select<String> select =
          new Select<String>()
              .onReceive(in, v -> "in")
              .onSend(out, 1, () -> "out")
              .onSend(same, 2, () -> "same-send")
              .onReceive(same, v -> "same-receive")
              .onReceiveResult(Channel.<Integer>nil(), r -> "nil")
              .onTimeout(Duration.ofHours(1), () -> "timeout");
      Async<String> t;
      if (timing == InterruptTiming.BEFORE_CALL) {
        t =
            tasks.start(
                () -> {
                  Thread.currentThread().interrupt();
                  return select.select();
                });
      } else {
        t = tasks.start(select::select).awaitParked();
        assertThat(waitingSenders(same)).isEqualTo(1);
        assertThat(waitingReceivers(same)).isEqualTo(1);
        t.interrupt();
      }
      assertThat(t.failure()).as("%s", timing).isExactlyInstanceOf(InterruptedException.class);
      assertThat(t.interruptedAtEnd()).isFalse();
      assertThat(drainNow(out)).containsExactly(0);
      for (Channel<Integer> c : List.of(in, out, same)) {
        assertThat(waitingSenders(c)).isZero();
        assertThat(waitingReceivers(c)).isZero();
      }
    }
  }

  @Test
  void interruptedSelectWithDefaultThrowsInsteadOfRunningTheDefault() {
    Async<String> t =
        tasks.start(
            () -> {
              Thread.currentThread().interrupt();
              return new Select<String>()
                  .onReceive(Channel.<Integer>unbuffered(), v -> "value")
                  .orElse(() -> "default")
                  .select();
            });
    assertThat(t.failure()).isExactlyInstanceOf(InterruptedException.class);
  }

  @Capacities
  void timedFormsWithNonPositiveTimeoutStillThrowWhenInterruptedOnEntry(int capacity) {
    Channel<Integer> ch = Channel.buffered(capacity);
    Async<SendResult> send =
        tasks.start(
            () -> {
              Thread.currentThread().interrupt();
              return ch.trySend(1, Duration.ZERO);
            });
    assertThat(send.failure()).isExactlyInstanceOf(InterruptedException.class);
    assertThat(send.interruptedAtEnd()).isFalse();
    assertThat(ch.len()).isZero();
    if (capacity > 0) ch.trySend(1);
    Async<ReceiveResult<Integer>> receive =
        tasks.start(
            () -> {
              Thread.currentThread().interrupt();
              return ch.tryReceive(Duration.ofNanos(-1));
            });
    assertThat(receive.failure()).isExactlyInstanceOf(InterruptedException.class);
    assertThat(ch.len()).isEqualTo(capacity == 0 ? 0 : 1);
  }

  @Capacities
  void nonBlockingFormsIgnoreTheInterruptStatusAndKeepIt(int capacity) {
    Channel<Integer> ch = Channel.buffered(capacity);
    Async<List<Object>> t =
        tasks.start(
            () -> {
              Thread.currentThread().interrupt();
              return List.of(ch.trySend(1), ch.tryReceive(), ch.len());
            });
    SendResult expectedSend = capacity == 0 ? new SendResult.Full() : new SendResult.Sent();
    assertThat(t.get())
        .containsExactly(
            expectedSend,
            capacity == 0 ? new ReceiveResult.Empty<Integer>() : new ReceiveResult.Value<>(1),
            0);
    assertThat(t.interruptedAtEnd()).isTrue();
  }

  /**
   * An interrupt racing with a transfer either wins entirely (the receive throws, nothing moved) or
   * loses entirely (the value moved; the receive returns normally).
   */
  @Capacities
  void anInterruptRacingWithATransferWinsOrLosesEntirely(int capacity) throws InterruptedException {
    int rounds = 2_000;
    int interruptWon = 0;
    for (int i = 0; i < rounds; i++) {
      int v = i;
      Channel<Integer> ch = Channel.buffered(capacity);
      Async<Integer> receiver = tasks.start(ch::receive);
      if ((i & 1) == 0) receiver.awaitParked(); // else the receiver may not have started yet
      Async<Void> sender = tasks.run(() -> ch.send(v));
      receiver.interrupt();
      Throwable thrown = receiver.thrown();
      if (thrown != null) {
        interruptWon++;
        assertThat(thrown).isExactlyInstanceOf(InterruptedException.class);
        assertThat(receiver.interruptedAtEnd()).isFalse();
        // Nothing was taken: the value is still buffered, or its sender still waits.
        assertThat(ch.receive()).isEqualTo(v);
      } else {
        assertThat(receiver.get()).isEqualTo(v);
        assertThat(ch.tryReceive()).isInstanceOf(ReceiveResult.Empty.class);
      }
      sender.get();
      assertThat(waitingReceivers(ch) + waitingSenders(ch)).isZero();
    }
    // Both outcomes occur (each in well over 5% of rounds when measured), so both were checked.
    assertThat(interruptWon).as("rounds the interrupt won").isBetween(1, rounds - 1);
  }
}
