package dev.weft.chan;

import static dev.weft.chan.Channels.drainNow;
import static dev.weft.chan.Channels.fill;
import static dev.weft.chan.Channels.range;
import static dev.weft.chan.Channels.waitingReceivers;
import static dev.weft.chan.Channels.waitingSenders;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code try} forms never wait and report Sent/Full/Closed and Value/Empty/Closed exactly; the
 * timed forms wait at most their timeout, report TimedOut, and leave nothing behind.
 */
@Timeout(30)
class ChannelTryAndTimeoutTest {

  private static final Duration SHORT = Duration.ofMillis(50);

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  static Stream<Duration> nonPositiveTimeouts() {
    return Stream.of(
        Duration.ZERO,
        Duration.ofNanos(-1),
        Duration.ofSeconds(-5),
        Duration.ofSeconds(Long.MIN_VALUE));
  }

  // ---- try forms ----

  @Capacities
  void trySendIsSentUntilTheBufferIsFullThenFull(int capacity) {
    Channel<Integer> ch = Channel.buffered(capacity);
    for (int i = 0; i < capacity; i++) assertThat(ch.trySend(i)).isEqualTo(new SendResult.Sent());
    assertThat(ch.trySend(-1)).isEqualTo(new SendResult.Full()).isInstanceOf(SendResult.Full.class);
    assertThat(ch.len()).isEqualTo(capacity);
    assertThat(drainNow(ch)).isEqualTo(range(capacity));
  }

  @Capacities
  void trySendHandsTheValueToAWaitingReceiver(int capacity) {
    Channel<Integer> ch = Channel.buffered(capacity);
    Async<Integer> receiver = tasks.start(ch::receive).awaitParked();
    assertThat(ch.trySend(5)).isEqualTo(new SendResult.Sent());
    assertThat(receiver.get()).isEqualTo(5);
    assertThat(ch.len()).isZero();
  }

  @Capacities
  void trySendOnAClosedChannelIsClosedEvenWhenFull(int capacity) {
    Channel<Integer> ch = Channel.buffered(capacity);
    fill(ch);
    ch.close();
    assertThat(ch.trySend(-1)).isEqualTo(new SendResult.Closed()).isInstanceOf(SendResult.Closed.class);
    assertThat(drainNow(ch)).isEqualTo(range(capacity));
  }

  @Capacities
  void tryReceiveIsEmptyThenValueThenClosed(int capacity) {
    Channel<Integer> ch = Channel.buffered(capacity);
    assertThat(ch.tryReceive()).isInstanceOf(ReceiveResult.Empty.class);
    fill(ch);
    ch.close();
    for (int i = 0; i < capacity; i++) assertThat(ch.tryReceive()).isEqualTo(new ReceiveResult.Value<>(i));
    assertThat(ch.tryReceive()).isInstanceOf(ReceiveResult.Closed.class);
    assertThat(ch.tryReceive().isClosed()).isTrue();
  }

  @Capacities
  void tryReceiveTakesFromAWaitingSender(int capacity) {
    Channel<Integer> ch = Channel.buffered(capacity);
    fill(ch);
    Async<Void> sender = tasks.run(() -> ch.send(capacity)).awaitParked();
    assertThat(ch.tryReceive()).isEqualTo(new ReceiveResult.Value<>(0));
    sender.get();
    assertThat(ch.len()).isEqualTo(capacity); // the waiting sender's value took the freed slot
    assertThat(drainNow(ch)).isEqualTo(range(capacity + 1).subList(1, capacity + 1));
  }

  @Test
  void emptyResultHasNoValue() {
    ReceiveResult<Integer> r = Channel.<Integer>buffered(1).tryReceive();
    assertThat(r.isValue()).isFalse();
    assertThat(r.valueOr(9)).isEqualTo(9);
    org.assertj.core.api.Assertions.assertThatThrownBy(r::value)
        .isInstanceOf(java.util.NoSuchElementException.class)
        .hasMessageStartingWith("ReceiveResult:");
  }

  // ---- timed forms ----

  @Capacities
  void timedSendOnAFullChannelTimesOutAfterTheTimeoutAndSendsNothing(int capacity)
      throws InterruptedException {
    Channel<Integer> ch = Channel.buffered(capacity);
    fill(ch);
    long start = System.nanoTime();
    assertThat(ch.trySend(-1, SHORT)).isEqualTo(new SendResult.TimedOut()).isInstanceOf(SendResult.TimedOut.class);
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(SHORT.toNanos());
    assertThat(waitingSenders(ch)).isZero();
    assertThat(drainNow(ch)).isEqualTo(range(capacity));
    assertThat(ch.tryReceive()).isInstanceOf(ReceiveResult.Empty.class);
  }

  @Capacities
  void timedReceiveOnAnEmptyChannelTimesOutAfterTheTimeout(int capacity)
      throws InterruptedException {
    Channel<Integer> ch = Channel.buffered(capacity);
    long start = System.nanoTime();
    assertThat(ch.tryReceive(SHORT)).isInstanceOf(ReceiveResult.TimedOut.class);
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(SHORT.toNanos());
    assertThat(waitingReceivers(ch)).isZero();
    // A later send is not swallowed by the timed-out receiver.
    assertThat(ch.trySend(1)).isEqualTo(capacity == 0 ? new SendResult.Full() : new SendResult.Sent());
  }

  @ParameterizedTest
  @MethodSource("nonPositiveTimeouts")
  void nonPositiveTimeoutsNeverWaitAndReportTimedOut(Duration timeout) throws InterruptedException {
    for (int capacity : Params.CAPACITIES) {
      Channel<Integer> ch = Channel.buffered(capacity);
      fill(ch);
      assertThat(ch.trySend(-1, timeout)).isEqualTo(new SendResult.TimedOut());
      assertThat(waitingSenders(ch)).isZero();
      assertThat(drainNow(ch)).isEqualTo(range(capacity));
      assertThat(ch.tryReceive(timeout)).isInstanceOf(ReceiveResult.TimedOut.class);
      assertThat(waitingReceivers(ch)).isZero();
    }
  }

  @ParameterizedTest
  @MethodSource("nonPositiveTimeouts")
  void nonPositiveTimeoutsStillCompleteWhenReady(Duration timeout) throws InterruptedException {
    Channel<Integer> ch = Channel.buffered(1);
    assertThat(ch.trySend(1, timeout)).isEqualTo(new SendResult.Sent());
    assertThat(ch.tryReceive(timeout)).isEqualTo(new ReceiveResult.Value<>(1));
    Async<Integer> receiver = tasks.start(ch::receive).awaitParked();
    Channel<Integer> rendezvous = Channel.unbuffered();
    Async<Integer> rendezvousReceiver = tasks.start(rendezvous::receive).awaitParked();
    assertThat(rendezvous.trySend(2, timeout)).isEqualTo(new SendResult.Sent());
    assertThat(rendezvousReceiver.get()).isEqualTo(2);
    Async<Void> rendezvousSender = tasks.run(() -> rendezvous.send(3)).awaitParked();
    assertThat(rendezvous.tryReceive(timeout)).isEqualTo(new ReceiveResult.Value<>(3));
    rendezvousSender.get();
    ch.send(4);
    assertThat(receiver.get()).isEqualTo(4);
    ch.close();
    assertThat(ch.trySend(5, timeout)).isEqualTo(new SendResult.Closed());
    assertThat(ch.tryReceive(timeout)).isInstanceOf(ReceiveResult.Closed.class);
  }

  @Capacities
  void timedSendCompletesWhenAReceiverArrivesInTime(int capacity) throws InterruptedException {
    Channel<Integer> ch = Channel.buffered(capacity);
    fill(ch);
    Async<SendResult> sender = tasks.start(() -> ch.trySend(-1, Duration.ofMinutes(5))).awaitParked();
    assertThat(sender.thread().getState()).isEqualTo(Thread.State.TIMED_WAITING);
    Async<ReceiveResult<Integer>> all =
        tasks.start(
            () -> {
              for (int i = 0; i < capacity; i++) ch.receive();
              return ch.tryReceive(Duration.ofMinutes(5));
            });
    assertThat(all.get()).isEqualTo(new ReceiveResult.Value<>(-1));
    assertThat(sender.get()).isEqualTo(new SendResult.Sent());
  }

  @Capacities
  void timedReceiveCompletesWhenASenderArrivesInTime(int capacity) throws InterruptedException {
    Channel<Integer> ch = Channel.buffered(capacity);
    Async<ReceiveResult<Integer>> receiver =
        tasks.start(() -> ch.tryReceive(Duration.ofMinutes(5))).awaitParked();
    assertThat(receiver.thread().getState()).isEqualTo(Thread.State.TIMED_WAITING);
    assertThat(ch.trySend(8, Duration.ofMinutes(5))).isEqualTo(new SendResult.Sent());
    assertThat(receiver.get()).isEqualTo(new ReceiveResult.Value<>(8));
  }

  @Capacities
  void timedFormsReportClosedAtOnce(int capacity) throws InterruptedException {
    Channel<Integer> ch = Channel.buffered(capacity);
    ch.close();
    long start = System.nanoTime();
    assertThat(ch.trySend(1, Duration.ofMinutes(5))).isEqualTo(new SendResult.Closed());
    assertThat(ch.tryReceive(Duration.ofMinutes(5))).isInstanceOf(ReceiveResult.Closed.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMinutes(1));
  }

  @Test
  void hugeTimeoutsDoNotOverflow() throws InterruptedException {
    Duration huge = Duration.ofSeconds(Long.MAX_VALUE);
    Channel<Integer> ch = Channel.unbuffered();
    Async<ReceiveResult<Integer>> receiver = tasks.start(() -> ch.tryReceive(huge)).awaitParked();
    assertThat(ch.trySend(1, huge)).isEqualTo(new SendResult.Sent());
    assertThat(receiver.get()).isEqualTo(new ReceiveResult.Value<>(1));
  }
}
