package dev.weft.chan;

import static dev.weft.chan.Channels.drainNow;
import static dev.weft.chan.Channels.fill;
import static dev.weft.chan.Channels.range;
import static dev.weft.chan.Channels.waitingReceivers;
import static dev.weft.chan.Channels.waitingSenders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.Context;
import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Closing: buffered values are still delivered, then receivers see "closed"; blocked senders fail
 * and their values are never delivered; sends after close and a second close fail; and under
 * races, exactly the values whose send succeeded are received, each once.
 */
@Timeout(60)
class ChannelCloseTest {

  private static final List<SendOp> SEND_OPS = List.of(SendOp.values());
  private static final List<ReceiveOp> RECEIVE_OPS = List.of(ReceiveOp.values());

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  @Capacities
  void bufferedValuesAreDeliveredAfterCloseThenClosedIsReported(int capacity)
      throws InterruptedException {
    Channel<Integer> ch = Channel.buffered(capacity);
    fill(ch);
    ch.close();
    assertThat(ch.isClosedForSend()).isTrue();
    assertThat(ch.isClosedForReceive()).isEqualTo(capacity == 0);
    assertThat(ch.len()).isEqualTo(capacity);
    List<Integer> got = new ArrayList<>();
    for (int i = 0; i < capacity; i++) got.add(ch.receive());
    assertThat(got).isEqualTo(range(capacity));
    assertThat(ch.isClosedForReceive()).isTrue();
    assertThat(ch.len()).isZero();
  }

  @Capacities
  void everyReceiveFormReportsAClosedDrainedChannel(int capacity) throws InterruptedException {
    Channel<Integer> ch = Channel.buffered(capacity);
    ch.close();
    assertThatThrownBy(ch::receive)
        .isExactlyInstanceOf(ChannelClosedException.class)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Channel: receive on closed channel");
    assertThatThrownBy(() -> ch.receive(Context.background()))
        .isExactlyInstanceOf(ChannelClosedException.class);
    assertThat(ch.receiveResult()).isInstanceOf(ReceiveResult.Closed.class);
    assertThat(ch.receiveResult(Context.background())).isInstanceOf(ReceiveResult.Closed.class);
    assertThat(ch.tryReceive()).isInstanceOf(ReceiveResult.Closed.class);
    assertThat(ch.tryReceive(Duration.ofMinutes(1))).isInstanceOf(ReceiveResult.Closed.class);
    assertThat(ch.tryReceive(Duration.ZERO)).isInstanceOf(ReceiveResult.Closed.class);
    for (ReceiveOp op : ReceiveOp.values()) {
      if (op.throwsWhenClosed) {
        assertThatThrownBy(() -> op.receive(ch)).as("%s", op).isInstanceOf(ChannelClosedException.class);
      } else {
        assertThat(op.receive(ch)).as("%s", op).isInstanceOf(ReceiveResult.Closed.class);
      }
    }
  }

  @Capacities
  void everySendFormFailsOnAClosedChannelAndLeavesItUnchanged(int capacity)
      throws InterruptedException {
    Channel<Integer> ch = Channel.buffered(capacity);
    if (capacity > 0) ch.send(0);
    ch.close();
    assertThatThrownBy(() -> ch.send(1))
        .isExactlyInstanceOf(ChannelClosedException.class)
        .hasMessage("Channel: send on closed channel");
    assertThatThrownBy(() -> ch.send(1, Context.background()))
        .isExactlyInstanceOf(ChannelClosedException.class);
    assertThat(ch.sendResult(1)).isEqualTo(new SendResult.Closed());
    assertThat(ch.sendResult(1, Context.background())).isEqualTo(new SendResult.Closed());
    assertThat(ch.trySend(1)).isEqualTo(new SendResult.Closed());
    assertThat(ch.trySend(1, Duration.ofMinutes(1))).isEqualTo(new SendResult.Closed());
    assertThat(ch.trySend(1, Duration.ZERO)).isEqualTo(new SendResult.Closed());
    for (SendOp op : SendOp.values()) {
      if (op.throwsWhenClosed) {
        assertThatThrownBy(() -> op.send(ch, 1)).as("%s", op).isInstanceOf(ChannelClosedException.class);
      } else {
        assertThat(op.send(ch, 1)).as("%s", op).isEqualTo(new SendResult.Closed());
      }
    }
    assertThat(drainNow(ch)).isEqualTo(capacity > 0 ? List.of(0) : List.of());
  }

  @Capacities
  void closingTwiceThrowsAndChangesNothing(int capacity) {
    Channel<Integer> ch = Channel.buffered(capacity);
    fill(ch);
    ch.close();
    assertThatThrownBy(ch::close)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Channel:");
    assertThat(ch.isClosedForSend()).isTrue();
    assertThat(drainNow(ch)).isEqualTo(range(capacity));
    assertThat(ch.tryReceive()).isInstanceOf(ReceiveResult.Closed.class);
  }

  @ParameterizedTest(name = "{0}, capacity {1}")
  @MethodSource("dev.weft.chan.Params#receiveOpsAndCapacities")
  void closeWakesABlockedReceiverWithClosed(ReceiveOp op, int capacity) {
    Channel<Integer> ch = Channel.buffered(capacity);
    Async<ReceiveResult<Integer>> receiver = tasks.start(() -> op.receive(ch)).awaitParked();
    ch.close();
    if (op.throwsWhenClosed) {
      assertThat(receiver.failure()).isExactlyInstanceOf(ChannelClosedException.class);
    } else {
      assertThat(receiver.get()).isInstanceOf(ReceiveResult.Closed.class);
    }
    assertThat(receiver.interruptedAtEnd()).isFalse();
    assertThat(waitingReceivers(ch)).isZero();
  }

  @ParameterizedTest(name = "{0}, capacity {1}")
  @MethodSource("dev.weft.chan.Params#sendOpsAndCapacities")
  void closeFailsABlockedSenderAndItsValueIsNeverDelivered(SendOp op, int capacity) {
    Channel<Integer> ch = Channel.buffered(capacity);
    fill(ch);
    Async<SendResult> sender = tasks.start(() -> op.send(ch, -1)).awaitParked();
    ch.close();
    if (op.throwsWhenClosed) {
      assertThat(sender.failure())
          .isExactlyInstanceOf(ChannelClosedException.class)
          .hasMessage("Channel: send on closed channel");
    } else {
      assertThat(sender.get()).isEqualTo(new SendResult.Closed());
    }
    assertThat(waitingSenders(ch)).isZero();
    assertThat(drainNow(ch)).isEqualTo(range(capacity));
    assertThat(ch.tryReceive()).isInstanceOf(ReceiveResult.Closed.class);
  }

  @Capacities
  void closeReleasesEveryBlockedReceiver(int capacity) {
    Channel<Integer> ch = Channel.buffered(capacity);
    List<Async<ReceiveResult<Integer>>> receivers = new ArrayList<>();
    for (ReceiveOp op : ReceiveOp.values()) {
      receivers.add(tasks.start(() -> op.receiveResultOrClosed(ch)).awaitParked());
    }
    assertThat(waitingReceivers(ch)).isEqualTo(receivers.size());
    ch.close();
    for (Async<ReceiveResult<Integer>> r : receivers) {
      assertThat(r.get()).isInstanceOf(ReceiveResult.Closed.class);
    }
  }

  @Capacities
  void closeReleasesEveryBlockedSender(int capacity) {
    Channel<Integer> ch = Channel.buffered(capacity);
    fill(ch);
    List<Async<SendResult>> senders = new ArrayList<>();
    int v = 1000;
    for (SendOp op : SendOp.values()) {
      int value = v++;
      senders.add(tasks.start(() -> op.sendResultOrClosed(ch, value)).awaitParked());
    }
    assertThat(waitingSenders(ch)).isEqualTo(senders.size());
    ch.close();
    for (Async<SendResult> s : senders) assertThat(s.get()).isEqualTo(new SendResult.Closed());
    assertThat(drainNow(ch)).isEqualTo(range(capacity));
  }

  @Test
  void closeWakesABlockedSelectWhoseOtherClausesStayUntouched() throws InterruptedException {
    Channel<Integer> closing = Channel.unbuffered();
    Channel<Integer> full = Channel.buffered(1);
    full.send(1);
    Async<String> select =
        tasks
            .start(
                () ->
                    new Select<String>()
                        .onSend(full, 2, () -> "sent")
                        .onReceiveResult(closing, r -> r.isClosed() ? "closed" : "value")
                        .select())
            .awaitParked();
    closing.close();
    assertThat(select.get()).isEqualTo("closed");
    assertThat(drainNow(full)).containsExactly(1);
    assertThat(waitingSenders(full)).isZero();
  }

  /**
   * Many rounds of senders (every send form) racing with a close while receivers (every receive
   * form) drain: a value is received iff its send reported success, and at most once.
   */
  @Capacities
  void closeRacingWithSendsLosesNoValueAndDeliversNoFailedOne(int capacity) {
    long seed = System.nanoTime();
    SplittableRandom rnd = new SplittableRandom(seed);
    int rounds = 150;
    int senders = 4;
    int perSender = 40;
    for (int round = 0; round < rounds; round++) {
      Channel<Integer> ch = Channel.buffered(capacity);
      ConcurrentLinkedQueue<Integer> sent = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<Integer> failed = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<Integer> received = new ConcurrentLinkedQueue<>();
      AtomicInteger attempts = new AtomicInteger();
      int closeAfter = 1 + rnd.nextInt(senders * perSender);
      List<Async<?>> all = new ArrayList<>();
      for (int s = 0; s < senders; s++) {
        int base = s * perSender;
        SplittableRandom r = rnd.split();
        all.add(
            tasks.run(
                () -> {
                  for (int i = 0; i < perSender; i++) {
                    int v = base + i;
                    SendOp op = SEND_OPS.get(r.nextInt(SEND_OPS.size()));
                    // The sender making the closeAfter-th attempt closes first: closing races
                    // with the other senders' attempts.
                    if (attempts.incrementAndGet() == closeAfter) ch.close();
                    if (op.sendResultOrClosed(ch, v).isSent()) sent.add(v);
                    else failed.add(v);
                  }
                }));
      }
      for (int c = 0; c < 2; c++) {
        SplittableRandom r = rnd.split();
        all.add(
            tasks.run(
                () -> {
                  while (true) {
                    ReceiveOp op = RECEIVE_OPS.get(r.nextInt(RECEIVE_OPS.size()));
                    if (!(op.receiveResultOrClosed(ch) instanceof ReceiveResult.Value<Integer>(Integer v))) {
                      return;
                    }
                    received.add(v);
                  }
                }));
      }
      all.forEach(Async::get);
      Set<Integer> sentSet = new HashSet<>(sent);
      List<Integer> receivedList = new ArrayList<>(received);
      String why = "seed " + seed + ", round " + round + ", capacity " + capacity;
      assertThat(sent.size() + failed.size()).as(why).isEqualTo(senders * perSender);
      assertThat(new HashSet<>(receivedList)).as(why).hasSameSizeAs(receivedList); // no duplicates
      assertThat(new HashSet<>(receivedList)).as(why).isEqualTo(sentSet);
      assertThat(ch.tryReceive()).as(why).isInstanceOf(ReceiveResult.Closed.class);
    }
  }

  @ParameterizedTest
  @EnumSource(SendOp.class)
  void closingWhileASendIsRacingNeverLosesTheValue(SendOp op) {
    // A rendezvous send either completes (a receiver has the value) or fails: never both, never
    // neither. The receiver is blocked first, so the send pairs unless close overtakes it.
    for (int i = 0; i < 300; i++) {
      int v = i;
      Channel<Integer> ch = Channel.unbuffered();
      Async<ReceiveResult<Integer>> receiver = tasks.start(ch::receiveResult);
      Async<Void> closer = tasks.run(ch::close);
      Async<SendResult> sender = tasks.start(() -> op.sendResultOrClosed(ch, v));
      SendResult s = sender.get();
      ReceiveResult<Integer> r = receiver.get();
      closer.get();
      if (s.isSent()) assertThat(r).isEqualTo(new ReceiveResult.Value<>(v));
      else assertThat(r).isInstanceOf(ReceiveResult.Closed.class);
    }
  }
}
