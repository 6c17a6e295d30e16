package dev.weft.chan;

import static dev.weft.chan.Channels.drainNow;
import static dev.weft.chan.Channels.range;
import static dev.weft.chan.Channels.waitingReceivers;
import static dev.weft.chan.Channels.waitingSenders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A select performs exactly one ready clause, or waits for one, with Go's semantics per clause kind. */
@Timeout(60)
class SelectTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  // ---- one clause kind at a time ----

  @Capacities
  void receiveClauseGetsTheValue(int capacity) throws InterruptedException {
    Channel<Integer> ch = Channel.buffered(capacity);
    if (capacity > 0) {
      ch.send(4);
      assertThat(new Select<String>().onReceive(ch, v -> "got " + v).select()).isEqualTo("got 4");
    }
    Async<Void> sender = tasks.run(() -> ch.send(5));
    assertThat(new Select<String>().onReceive(ch, v -> "got " + v).select()).isEqualTo("got 5");
    sender.get();
  }

  @Capacities
  void blockedReceiveClauseIsCompletedByASender(int capacity) throws InterruptedException {
    Channel<Integer> ch = Channel.buffered(capacity);
    Async<String> select =
        tasks.start(() -> new Select<String>().onReceive(ch, v -> "got " + v).select()).awaitParked();
    ch.send(6);
    assertThat(select.get()).isEqualTo("got 6");
    assertThat(ch.len()).isZero();
  }

  @Capacities
  void sendClauseSendsTheValue(int capacity) throws InterruptedException {
    Channel<Integer> ch = Channel.buffered(capacity);
    Async<Integer> receiver = tasks.start(ch::receive);
    assertThat(new Select<String>().onSend(ch, 7, () -> "sent").select()).isEqualTo("sent");
    assertThat(receiver.get()).isEqualTo(7);
  }

  @Capacities
  void blockedSendClauseIsCompletedByAReceiver(int capacity) throws InterruptedException {
    Channel<Integer> ch = Channel.buffered(capacity);
    Channels.fill(ch);
    Async<String> select =
        tasks.start(() -> new Select<String>().onSend(ch, -1, () -> "sent").select()).awaitParked();
    List<Integer> got = new ArrayList<>();
    for (int i = 0; i <= capacity; i++) got.add(ch.receive());
    assertThat(select.get()).isEqualTo("sent");
    List<Integer> expected = new ArrayList<>(range(capacity));
    expected.add(-1);
    assertThat(got).isEqualTo(expected);
  }

  @Test
  void defaultRunsOnlyWhenNothingIsReady() throws InterruptedException {
    Channel<Integer> ch = Channel.buffered(1);
    Select<String> select = new Select<String>().onReceive(ch, v -> "got " + v).orElse(() -> "default");
    assertThat(select.select()).isEqualTo("default");
    ch.send(1);
    assertThat(select.select()).isEqualTo("got 1");
    assertThat(select.select()).isEqualTo("default");
    assertThat(new Select<String>().orElse(() -> "only default").select()).isEqualTo("only default");
  }

  @Test
  void defaultPairsWithAWaitingCounterpart() throws InterruptedException {
    Channel<Integer> ch = Channel.unbuffered();
    Async<Integer> receiver = tasks.start(ch::receive).awaitParked();
    assertThat(new Select<String>().onSend(ch, 3, () -> "sent").orElse(() -> "default").select())
        .isEqualTo("sent");
    assertThat(receiver.get()).isEqualTo(3);
  }

  @Test
  void timeoutFiresWhenNothingCompletesInTime() throws InterruptedException {
    Channel<Integer> ch = Channel.unbuffered();
    Duration d = Duration.ofMillis(40);
    long start = System.nanoTime();
    assertThat(new Select<String>().onReceive(ch, v -> "value").onTimeout(d, () -> "timeout").select())
        .isEqualTo("timeout");
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(d.toNanos());
    assertThat(waitingReceivers(ch)).isZero();
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, Long.MIN_VALUE})
  void nonPositiveTimeoutFiresAtOnceOnlyWhenNothingIsReady(long seconds) throws InterruptedException {
    Channel<Integer> ch = Channel.buffered(1);
    Select<String> select =
        new Select<String>().onReceive(ch, v -> "value").onTimeout(Duration.ofSeconds(seconds), () -> "timeout");
    assertThat(select.select()).isEqualTo("timeout");
    ch.send(1);
    assertThat(select.select()).isEqualTo("value");
    assertThat(waitingReceivers(ch)).isZero();
  }

  @Test
  void timeoutIsMeasuredFromEachCall() throws InterruptedException {
    Channel<Integer> ch = Channel.unbuffered();
    Duration d = Duration.ofMillis(30);
    Select<String> select = new Select<String>().onReceive(ch, v -> "value").onTimeout(d, () -> "timeout");
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      assertThat(select.select()).isEqualTo("timeout");
      assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(d.toNanos());
    }
  }

  @Test
  void clauseCompletingBeforeTheTimeoutWins() throws InterruptedException {
    Channel<Integer> ch = Channel.unbuffered();
    Async<String> select =
        tasks
            .start(
                () ->
                    new Select<String>()
                        .onReceive(ch, v -> "value " + v)
                        .onTimeout(Duration.ofMinutes(5), () -> "timeout")
                        .select())
            .awaitParked();
    ch.send(9);
    assertThat(select.get()).isEqualTo("value 9");
  }

  @Test
  void doneClauseFiresWhenTheContextIsDone() throws InterruptedException {
    try (CancelContext ctx = Context.withCancel(Context.background())) {
      Select<String> select = new Select<String>().onDone(ctx, () -> "done").orElse(() -> "default");
      assertThat(select.select()).isEqualTo("default");
      Async<String> blocked =
          tasks.start(() -> new Select<String>().onDone(ctx, () -> "done").select()).awaitParked();
      ctx.cancel();
      assertThat(blocked.get()).isEqualTo("done");
      assertThat(select.select()).isEqualTo("done");
      assertThat(select.select()).isEqualTo("done"); // a done context stays ready
    }
  }

  // ---- closing ----

  @Capacities
  void receiveClauseOnAClosedChannelThrowsAndResultClauseGetsClosed(int capacity) throws InterruptedException {
    Channel<Integer> ch = Channel.buffered(capacity);
    if (capacity > 0) ch.send(1);
    ch.close();
    if (capacity > 0) {
      // Buffered values come first.
      assertThat(new Select<String>().onReceive(ch, v -> "got " + v).select()).isEqualTo("got 1");
    }
    assertThatThrownBy(() -> new Select<String>().onReceive(ch, v -> "got " + v).select())
        .isExactlyInstanceOf(ChannelClosedException.class)
        .hasMessageStartingWith("Channel:");
    assertThat(new Select<ReceiveResult<Integer>>().onReceiveResult(ch, r -> r).select())
        .isInstanceOf(ReceiveResult.Closed.class);
    // A closed channel is ready: it beats the default.
    assertThat(new Select<String>().onReceiveResult(ch, r -> "closed").orElse(() -> "default").select())
        .isEqualTo("closed");
  }

  @Capacities
  void sendClauseOnAClosedChannelThrows(int capacity) {
    Channel<Integer> ch = Channel.buffered(capacity);
    ch.close();
    assertThatThrownBy(() -> new Select<String>().onSend(ch, 1, () -> "sent").orElse(() -> "default").select())
        .isExactlyInstanceOf(ChannelClosedException.class)
        .hasMessage("Channel: send on closed channel");
  }

  @Test
  void blockedClausesSeeACloseLikeTheirChannelOperation() {
    Channel<Integer> a = Channel.unbuffered();
    Channel<Integer> b = Channel.unbuffered();
    Async<String> receive = tasks.start(() -> new Select<String>().onReceive(a, v -> "v").select()).awaitParked();
    Async<ReceiveResult<Integer>> result =
        tasks.start(() -> new Select<ReceiveResult<Integer>>().onReceiveResult(a, r -> r).select()).awaitParked();
    Async<String> send = tasks.start(() -> new Select<String>().onSend(b, 1, () -> "sent").select()).awaitParked();
    a.close();
    b.close();
    assertThat(receive.failure()).isExactlyInstanceOf(ChannelClosedException.class);
    assertThat(result.get()).isInstanceOf(ReceiveResult.Closed.class);
    assertThat(send.failure()).isExactlyInstanceOf(ChannelClosedException.class);
  }

  // ---- several clauses ----

  @Test
  void sameChannelInASendAndAReceiveClause() throws InterruptedException {
    Channel<Integer> ch = Channel.buffered(1);
    Select<String> select = new Select<String>().onSend(ch, 1, () -> "sent").onReceive(ch, v -> "got " + v);
    for (int i = 0; i < 100; i++) {
      assertThat(select.select()).isEqualTo("sent"); // empty: only the send is ready
      assertThat(select.select()).isEqualTo("got 1"); // full: only the receive is ready
    }
  }

  @Test
  void sameChannelInSeveralReceiveClausesTakesOneValuePerSelect() throws InterruptedException {
    Channel<Integer> ch = Channel.buffered(2);
    AtomicInteger first = new AtomicInteger();
    AtomicInteger second = new AtomicInteger();
    Select<Integer> select =
        new Select<Integer>()
            .onReceive(ch, v -> {
              first.incrementAndGet();
              return v;
            })
            .onReceive(ch, v -> {
              second.incrementAndGet();
              return v;
            });
    for (int i = 0; i < 1_000; i++) {
      ch.send(i);
      assertThat(select.select()).isEqualTo(i);
      assertThat(ch.len()).isZero();
    }
    assertThat(first.get() + second.get()).isEqualTo(1_000);
    assertThat(first.get()).isPositive();
    assertThat(second.get()).isPositive();
  }

  @Test
  void blockedSelectOnBothSidesOfOneRendezvousChannelPairsOnlyWithOthers() throws InterruptedException {
    Channel<Integer> ch = Channel.unbuffered();
    Select<String> both = new Select<String>().onSend(ch, 1, () -> "sent").onReceive(ch, v -> "got " + v);
    // Alone it cannot pair with itself.
    assertThat(new Select<String>().onSend(ch, 1, () -> "sent").onReceive(ch, v -> "got").orElse(() -> "none").select())
        .isEqualTo("none");
    Async<String> t = tasks.start(both::select).awaitParked();
    assertThat(waitingSenders(ch)).isEqualTo(1);
    assertThat(waitingReceivers(ch)).isEqualTo(1);
    assertThat(ch.receive()).isEqualTo(1);
    assertThat(t.get()).isEqualTo("sent");
    assertThat(waitingSenders(ch) + waitingReceivers(ch)).isZero();
    t = tasks.start(both::select).awaitParked();
    ch.send(2);
    assertThat(t.get()).isEqualTo("got 2");
    assertThat(waitingSenders(ch) + waitingReceivers(ch)).isZero();
  }

  @Test
  void theClauseThatFiredIsTheOneWhoseValueMoved() throws InterruptedException {
    // Several send clauses on one channel and on others: the handler run must match the value
    // the receiver got, whichever clause's node was taken.
    Channel<Integer> ch = Channel.unbuffered();
    Channel<Integer> other = Channel.unbuffered();
    for (int i = 0; i < 300; i++) {
      Async<String> select =
          tasks.start(
              () ->
                  new Select<String>()
                      .onSend(other, 0, () -> "0")
                      .onSend(ch, 1, () -> "1")
                      .onReceive(other, v -> "r")
                      .onSend(ch, 2, () -> "2")
                      .onSend(ch, 3, () -> "3")
                      .select());
      if (i % 2 == 0) select.awaitParked();
      int got = ch.receive();
      assertThat(select.get()).isEqualTo(Integer.toString(got));
      assertThat(waitingSenders(ch) + waitingReceivers(ch) + waitingSenders(other) + waitingReceivers(other))
          .isZero();
    }
  }

  @Test
  void aSelectOverManyChannelsCompletesThroughTheOneThatBecomesReady() throws InterruptedException {
    List<Channel<Integer>> chs = new ArrayList<>();
    for (int i = 0; i < 200; i++) chs.add(Channel.unbuffered());
    Select<Integer> select = new Select<>();
    for (int i = 0; i < chs.size(); i++) {
      int index = i;
      select.onReceive(chs.get(i), v -> index * 1_000 + v);
    }
    for (int i = 0; i < chs.size(); i += 37) {
      Async<Integer> t = tasks.start(select::select).awaitParked();
      chs.get(i).send(7);
      assertThat(t.get()).isEqualTo(i * 1_000 + 7);
      for (Channel<Integer> c : chs) assertThat(waitingReceivers(c)).isZero();
    }
  }

  @Test
  void selectSendPairsWithSelectReceiveWhicheverBlocksFirst() throws Exception {
    Channel<Integer> ch = Channel.unbuffered();
    Channel<Integer> never = Channel.unbuffered();
    Channel<Integer> never2 = Channel.unbuffered();
    for (boolean senderFirst : new boolean[] {true, false}) {
      Callable<String> send =
          () -> new Select<String>().onSend(ch, 42, () -> "sent").onReceive(never, v -> "never").select();
      Callable<String> receive =
          () -> new Select<String>().onSend(never2, 0, () -> "never").onReceive(ch, v -> "got " + v).select();
      Async<String> first = tasks.start(senderFirst ? send : receive).awaitParked();
      String second = (senderFirst ? receive : send).call();
      assertThat(senderFirst ? second : first.get()).isEqualTo("got 42");
      assertThat(senderFirst ? first.get() : second).isEqualTo("sent");
      assertThat(waitingSenders(never) + waitingReceivers(never)).isZero();
      assertThat(waitingSenders(never2) + waitingReceivers(never2)).isZero();
      assertThat(waitingSenders(ch) + waitingReceivers(ch)).isZero();
    }
  }

  @Test
  void twoSelectLoopsExchangeManyValues() {
    // Both threads select over both directions of two channels, in opposite clause orders.
    Channel<Integer> ab = Channel.unbuffered();
    Channel<Integer> ba = Channel.unbuffered();
    int n = 20_000;
    Async<List<Integer>> a = tasks.start(() -> exchange(ab, ba, n));
    Async<List<Integer>> b = tasks.start(() -> exchange(ba, ab, n));
    List<Integer> gotA = a.get();
    List<Integer> gotB = b.get();
    assertThat(gotA).isSorted();
    assertThat(gotB).isSorted();
  }

  /** Sends 0..n-1 on out while receiving on in, until both sides are done; returns what came in. */
  private static List<Integer> exchange(Channel<Integer> out, Channel<Integer> in, int n)
      throws InterruptedException {
    List<Integer> got = new ArrayList<>();
    int[] next = {0};
    while (next[0] < n || got.size() < n) {
      Select<Void> s = new Select<>();
      if (got.size() < n) s.onReceive(in, v -> {
        got.add(v);
        return null;
      });
      if (next[0] < n) s.onSend(out, next[0], () -> {
        next[0]++;
        return null;
      });
      s.select();
    }
    assertThat(got).isEqualTo(range(n));
    return got;
  }

  @Test
  void aSelectInstanceCanBeReusedManyTimes() throws InterruptedException {
    Channel<Integer> ch = Channel.buffered(8);
    Channel<Integer> quit = Channel.unbuffered();
    int n = 20_000;
    Async<Void> producer =
        tasks.run(
            () -> {
              for (int i = 0; i < n; i++) ch.send(i);
              quit.close();
            });
    List<Integer> got = new ArrayList<>();
    boolean[] done = {false};
    Select<Void> select =
        new Select<Void>()
            .onReceive(ch, v -> {
              got.add(v);
              return null;
            })
            .onReceiveResult(quit, r -> {
              done[0] = true;
              return null;
            })
            .biased(); // values first, so that none is left behind when quit closes
    while (!done[0]) select.select();
    producer.get();
    got.addAll(drainNow(ch));
    assertThat(got).isEqualTo(range(n));
  }

  // ---- handlers ----

  @Test
  void handlerRunsAfterTheChannelLocksAreReleased() throws InterruptedException {
    // The handler waits for another thread that needs the channel's lock: it would deadlock if
    // the select still held it.
    Channel<Integer> ch = Channel.buffered(1);
    ch.send(1);
    String r =
        new Select<String>()
            .onReceive(
                ch,
                v -> {
                  Async<SendResult> other = tasks.start(() -> ch.trySend(2));
                  return "got " + v + ", other " + other.get();
                })
            .select();
    assertThat(r).isEqualTo("got 1, other Sent[]");
  }

  @Test
  void handlerExceptionsPropagateAfterTheClauseCompleted() throws InterruptedException {
    Channel<Integer> ch = Channel.buffered(1);
    ch.send(1);
    RuntimeException boom = new RuntimeException("boom");
    assertThatThrownBy(() -> new Select<String>().onReceive(ch, v -> {
      throw boom;
    }).select()).isSameAs(boom);
    assertThat(ch.len()).isZero(); // the value was taken before the handler ran
  }

  @Test
  void handlersMayReturnNull() throws InterruptedException {
    Channel<Integer> ch = Channel.buffered(1);
    ch.send(1);
    assertThat(new Select<String>().onReceive(ch, v -> null).select()).isNull();
  }

  @Test
  void toStringDescribesTheClauses() {
    assertThat(new Select<String>().onReceive(Channel.<Integer>unbuffered(), v -> "").orElse(() -> "").biased())
        .hasToString("Select[1 clauses, default, biased]");
  }
}
