package dev.weft.chan;

import static dev.weft.chan.Channels.waitingReceivers;
import static dev.weft.chan.Channels.waitingSenders;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.spi.ThreadRegistry;
import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * However a waiting select or operation ends (another clause fired, timeout, interrupt, context),
 * it leaves no node queued on any channel, and a timeout costs no thread.
 */
@Timeout(60)
class SelectWaiterCleanupTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  private static void assertNoWaiters(Channel<?>... channels) {
    for (Channel<?> c : channels) {
      assertThat(waitingSenders(c)).as("queued senders on %s", c).isZero();
      assertThat(waitingReceivers(c)).as("queued receivers on %s", c).isZero();
    }
  }

  @ParameterizedTest(name = "biased {0}")
  @ValueSource(booleans = {false, true})
  void clausesThatNeverFireDoNotAccumulateNodes(boolean biased) throws InterruptedException {
    Channel<Integer> neverReceive = Channel.unbuffered();
    Channel<Integer> neverSend = Channel.unbuffered();
    Channel<Integer> live = Channel.unbuffered();
    int n = 10_000;
    // The producer hands values over one by one, so many selects block before a value arrives
    // and complete through their waiting node.
    Async<Void> producer =
        tasks.run(
            () -> {
              for (int i = 0; i < n; i++) live.send(i);
            });
    Select<Integer> select =
        new Select<Integer>()
            .onReceive(neverReceive, v -> -1)
            .onSend(neverSend, 0, () -> -2)
            .onReceive(live, v -> v);
    if (biased) select.biased();
    for (int i = 0; i < n; i++) {
      assertThat(select.select()).isEqualTo(i);
      if (i % 1_000 == 0) assertNoWaiters(neverReceive, neverSend);
    }
    producer.get();
    assertNoWaiters(neverReceive, neverSend, live);
  }

  @Test
  void aLongLivedContextsDoneChannelDoesNotAccumulateNodes() throws InterruptedException {
    try (CancelContext ctx = Context.withCancel(Context.background())) {
      Channel<Integer> live = Channel.unbuffered();
      Async<Void> producer =
          tasks.run(
              () -> {
                for (int i = 0; i < 5_000; i++) live.send(i);
              });
      Select<Integer> select = new Select<Integer>().onDone(ctx, () -> -1).onReceive(live, v -> v);
      for (int i = 0; i < 5_000; i++) assertThat(select.select()).isEqualTo(i);
      producer.get();
      assertNoWaiters((Channel<?>) ctx.done(), live);
      // Context-aware channel operations do not leave anything on the done channel either.
      for (int i = 0; i < 100; i++) {
        assertThat(live.tryReceive(Duration.ofNanos(1_000))).isInstanceOf(ReceiveResult.TimedOut.class);
      }
      assertNoWaiters((Channel<?>) ctx.done(), live);
    }
  }

  @Test
  void timedOutSelectsLeaveNoNodes() throws InterruptedException {
    Channel<Integer> a = Channel.unbuffered();
    Channel<Integer> b = Channel.buffered(1);
    b.send(0);
    Select<String> select =
        new Select<String>()
            .onReceive(a, v -> "a")
            .onSend(b, 1, () -> "b")
            .onTimeout(Duration.ofNanos(50_000), () -> "timeout");
    for (int i = 0; i < 500; i++) assertThat(select.select()).isEqualTo("timeout");
    assertNoWaiters(a, b);
  }

  @Test
  void interruptedSelectsLeaveNoNodes() {
    Channel<Integer> a = Channel.unbuffered();
    Channel<Integer> b = Channel.unbuffered();
    for (int i = 0; i < 200; i++) {
      Async<String> t =
          tasks.start(() -> new Select<String>().onReceive(a, v -> "a").onSend(b, 1, () -> "b").select());
      if (i % 2 == 0) t.awaitParked();
      t.interrupt();
      assertThat(t.failure()).isExactlyInstanceOf(InterruptedException.class);
    }
    assertNoWaiters(a, b);
  }

  @Test
  void cancelledAndTimedOutOperationsLeaveNoNodes() throws InterruptedException {
    Channel<Integer> ch = Channel.unbuffered();
    for (int i = 0; i < 200; i++) {
      assertThat(ch.trySend(i, Duration.ofNanos(10_000))).isEqualTo(new SendResult.TimedOut());
      assertThat(ch.tryReceive(Duration.ofNanos(10_000))).isInstanceOf(ReceiveResult.TimedOut.class);
      try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofNanos(10_000))) {
        assertThat(ch.sendResult(i, ctx)).isInstanceOf(SendResult.Cancelled.class);
      }
    }
    assertNoWaiters(ch);
  }

  // ---- timeouts cost no thread ----

  private static Set<String> weftPlatformThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .map(Thread::getName)
        .filter(n -> n.startsWith("weft-"))
        .collect(Collectors.toSet());
  }

  @Test
  void aWaitingSelectWithATimeoutParksWithADeadlineAndStartsNoThread() {
    int weftBefore = ThreadRegistry.live().size();
    Set<String> platformBefore = weftPlatformThreads();
    Channel<Integer> ch = Channel.unbuffered();
    Async<String> t =
        tasks
            .start(
                () ->
                    new Select<String>()
                        .onReceive(ch, v -> "value")
                        .onTimeout(Duration.ofHours(1), () -> "timeout")
                        .select())
            .awaitParked();
    // It will be woken by its own deadline, not by a timer thread: it waits with a timeout.
    assertThat(t.thread().getState()).isEqualTo(Thread.State.TIMED_WAITING);
    assertThat(ThreadRegistry.live().size()).isLessThanOrEqualTo(weftBefore);
    assertThat(weftPlatformThreads()).isSubsetOf(platformBefore);
    t.interrupt();
    assertThat(t.failure()).isExactlyInstanceOf(InterruptedException.class);
  }

  @Test
  void aTimeoutFiresWithoutAnyThreadStarting() throws InterruptedException {
    int weftBefore = ThreadRegistry.live().size();
    Set<String> platformBefore = weftPlatformThreads();
    Channel<Integer> ch = Channel.unbuffered();
    assertThat(
            new Select<String>()
                .onReceive(ch, v -> "value")
                .onTimeout(Duration.ofMillis(50), () -> "timeout")
                .select())
        .isEqualTo("timeout");
    assertThat(ThreadRegistry.live().size()).isLessThanOrEqualTo(weftBefore);
    assertThat(weftPlatformThreads()).isSubsetOf(platformBefore);
  }

  @Test
  void manyShortTimeoutsStartNoThread() throws InterruptedException {
    int weftBefore = ThreadRegistry.live().size();
    Set<String> platformBefore = weftPlatformThreads();
    Channel<Integer> ch = Channel.unbuffered();
    Select<String> select =
        new Select<String>().onReceive(ch, v -> "value").onTimeout(Duration.ofNanos(20_000), () -> "timeout");
    for (int i = 0; i < 2_000; i++) {
      assertThat(select.select()).isEqualTo("timeout");
      assertThat(ThreadRegistry.live().size()).isLessThanOrEqualTo(weftBefore);
    }
    for (int i = 0; i < 200; i++) {
      assertThat(ch.tryReceive(Duration.ofNanos(20_000))).isInstanceOf(ReceiveResult.TimedOut.class);
      assertThat(ThreadRegistry.live().size()).isLessThanOrEqualTo(weftBefore);
    }
    assertThat(weftPlatformThreads()).isSubsetOf(platformBefore);
    assertThat(List.of(waitingReceivers(ch))).containsExactly(0);
  }
}
