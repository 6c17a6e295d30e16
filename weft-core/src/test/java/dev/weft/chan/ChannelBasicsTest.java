package dev.weft.chan;

import static dev.weft.chan.Channels.fill;
import static dev.weft.chan.Channels.range;
import static dev.weft.chan.Channels.waitingReceivers;
import static dev.weft.chan.Channels.waitingSenders;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A channel delivers values first-in first-out and blocks exactly when Go's channel would. */
@Timeout(30)
class ChannelBasicsTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  @Test
  void unbufferedIsARendezvousChannel() {
    Channel<Integer> ch = Channel.unbuffered();
    assertThat(ch.cap()).isZero();
    assertThat(ch.len()).isZero();
    assertThat(ch.trySend(1)).isInstanceOf(SendResult.Full.class);
  }

  @Capacities
  void lenAndCapAreGoLenAndCap(int capacity) throws InterruptedException {
    Channel<Integer> ch = Channel.buffered(capacity);
    assertThat(ch.cap()).isEqualTo(capacity);
    assertThat(ch.len()).isZero();
    for (int i = 0; i < capacity; i++) {
      ch.send(i);
      assertThat(ch.len()).isEqualTo(i + 1);
    }
    // A blocked sender is not counted by len(), also not on a rendezvous channel.
    Async<Void> blocked = tasks.run(() -> ch.send(-1)).awaitParked();
    assertThat(ch.len()).isEqualTo(capacity);
    assertThat(ch.cap()).isEqualTo(capacity);
    ch.receive();
    blocked.get();
    assertThat(ch.len()).isEqualTo(capacity);
    for (int i = capacity; i > 0; i--) {
      ch.receive();
      assertThat(ch.len()).isEqualTo(i - 1);
    }
  }

  @Capacities
  void oneProducerOneConsumerSeeFifoOrder(int capacity) {
    Channel<Integer> ch = Channel.buffered(capacity);
    int n = 20_000;
    Async<Void> producer =
        tasks.run(
            () -> {
              for (int i = 0; i < n; i++) ch.send(i);
            });
    Async<List<Integer>> consumer =
        tasks.start(
            () -> {
              List<Integer> got = new ArrayList<>(n);
              for (int i = 0; i < n; i++) got.add(ch.receive());
              return got;
            });
    assertThat(consumer.get()).isEqualTo(range(n));
    producer.get();
  }

  @Capacities
  void eachSendersValuesArriveInItsSendOrder(int capacity) {
    // Many senders, one receiver: the channel may interleave senders but never reorders one.
    Channel<Integer> ch = Channel.buffered(capacity);
    int senders = 4;
    int n = 10_000;
    List<Async<Void>> producers = new ArrayList<>();
    for (int s = 0; s < senders; s++) {
      int id = s;
      producers.add(
          tasks.run(
              () -> {
                for (int i = 0; i < n; i++) ch.send(i * senders + id);
              }));
    }
    Async<int[]> consumer =
        tasks.start(
            () -> {
              int[] last = new int[senders];
              java.util.Arrays.fill(last, -1);
              for (int k = 0; k < senders * n; k++) {
                int v = ch.receive();
                int id = v % senders;
                assertThat(v).as("from sender %d", id).isGreaterThan(last[id]);
                last[id] = v;
              }
              return last;
            });
    int[] last = consumer.get();
    for (int s = 0; s < senders; s++) assertThat(last[s]).isEqualTo((n - 1) * senders + s);
    producers.forEach(Async::get);
  }

  @Capacities
  void blockedSendersAreServedInArrivalOrder(int capacity) throws InterruptedException {
    Channel<Integer> ch = Channel.buffered(capacity);
    fill(ch);
    int senders = 5;
    List<Async<Void>> blocked = new ArrayList<>();
    for (int i = 0; i < senders; i++) {
      int v = capacity + i;
      blocked.add(tasks.run(() -> ch.send(v)).awaitParked());
    }
    assertThat(waitingSenders(ch)).isEqualTo(senders);
    List<Integer> got = new ArrayList<>();
    for (int i = 0; i < capacity + senders; i++) got.add(ch.receive());
    assertThat(got).isEqualTo(range(capacity + senders));
    blocked.forEach(Async::get);
  }

  @Capacities
  void blockedReceiversAreServedInArrivalOrder(int capacity) throws InterruptedException {
    Channel<Integer> ch = Channel.buffered(capacity);
    int receivers = 5;
    List<Async<Integer>> blocked = new ArrayList<>();
    for (int i = 0; i < receivers; i++) blocked.add(tasks.start(ch::receive).awaitParked());
    assertThat(waitingReceivers(ch)).isEqualTo(receivers);
    for (int i = 0; i < receivers; i++) ch.send(i);
    for (int i = 0; i < receivers; i++) assertThat(blocked.get(i).get()).isEqualTo(i);
    assertThat(ch.len()).isZero();
  }

  @Test
  void rendezvousSendBlocksUntilAReceiverTakesTheValue() throws InterruptedException {
    Channel<String> ch = Channel.unbuffered();
    Async<Void> sender = tasks.run(() -> ch.send("a")).awaitParked();
    assertThat(sender.isDone()).isFalse();
    assertThat(ch.len()).isZero();
    assertThat(ch.receive()).isEqualTo("a");
    sender.get();
  }

  @Test
  void rendezvousReceiveBlocksUntilASenderArrives() throws InterruptedException {
    Channel<String> ch = Channel.unbuffered();
    Async<String> receiver = tasks.start(ch::receive).awaitParked();
    assertThat(receiver.isDone()).isFalse();
    ch.send("b"); // completes at once: a receiver is waiting
    assertThat(receiver.get()).isEqualTo("b");
  }

  @Test
  void rendezvousTransfersHappenBeforeTheSenderReturns() throws InterruptedException {
    // Go's rule for unbuffered channels: the receive completes before the send returns, so a
    // write made by the receiver before it received is visible to the sender after its send.
    Channel<Integer> ch = Channel.unbuffered();
    int[] box = new int[1];
    for (int i = 1; i <= 1_000; i++) {
      int expected = i;
      Async<Void> receiver =
          tasks.run(
              () -> {
                box[0] = expected;
                ch.receive();
              });
      ch.send(i);
      assertThat(box[0]).isEqualTo(expected);
      receiver.get();
    }
  }

  @ParameterizedTest(name = "capacity {0}")
  @ValueSource(ints = {1, 16, 1024})
  void bufferedSendsCompleteUntilTheBufferIsFullThenBlock(int capacity)
      throws InterruptedException {
    Channel<Integer> ch = Channel.buffered(capacity);
    for (int i = 0; i < capacity; i++) ch.send(i); // never blocks: this thread would hang
    assertThat(ch.len()).isEqualTo(capacity);
    Async<Void> sender = tasks.run(() -> ch.send(capacity)).awaitParked();
    assertThat(ch.len()).isEqualTo(capacity);
    assertThat(ch.receive()).isZero();
    sender.get();
    assertThat(ch.len()).isEqualTo(capacity); // the blocked value moved into the freed slot
    List<Integer> rest = new ArrayList<>();
    for (int i = 0; i < capacity; i++) rest.add(ch.receive());
    assertThat(rest).isEqualTo(range(capacity + 1).subList(1, capacity + 1));
  }

  @Capacities
  void receiveOnAnEmptyChannelBlocksUntilASend(int capacity) throws InterruptedException {
    Channel<Integer> ch = Channel.buffered(capacity);
    Async<Integer> receiver = tasks.start(ch::receive).awaitParked();
    ch.send(42);
    assertThat(receiver.get()).isEqualTo(42);
    assertThat(ch.len()).isZero();
    assertThat(waitingReceivers(ch)).isZero();
  }

  @Capacities
  void everyBlockingFormTransfersAValue(int capacity) throws InterruptedException {
    Channel<Integer> ch = Channel.buffered(capacity);
    for (SendOp send : SendOp.values()) {
      for (ReceiveOp receive : ReceiveOp.values()) {
        Async<ReceiveResult<Integer>> receiver = tasks.start(() -> receive.receive(ch));
        assertThat(send.send(ch, 7)).as("%s", send).isEqualTo(new SendResult.Sent());
        assertThat(receiver.get()).as("%s then %s", send, receive).isEqualTo(new ReceiveResult.Value<>(7));
      }
    }
    assertThat(ch.len()).isZero();
  }

  @Test
  void toStringShowsCapacityLengthAndClosing() {
    Channel<Integer> ch = Channel.buffered(2);
    ch.trySend(1);
    assertThat(ch).hasToString("Channel[cap=2, len=1]");
    ch.close();
    assertThat(ch).hasToString("Channel[cap=2, len=1, closed]");
  }
}
