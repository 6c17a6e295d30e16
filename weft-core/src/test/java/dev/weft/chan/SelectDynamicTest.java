package dev.weft.chan;

import static dev.weft.chan.Channels.waitingReceivers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A select over a run-time list of channels reports which one fired, and a disabled clause never
 * fires until enabled again (Go's {@code reflect.Select} and {@code ch = nil}).
 */
@Timeout(60)
class SelectDynamicTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  private static List<Channel<Integer>> channels(int n, int capacity) {
    List<Channel<Integer>> list = new ArrayList<>();
    for (int i = 0; i < n; i++) list.add(Channel.buffered(capacity));
    return list;
  }

  @Capacities
  void receiveAnyReportsTheListIndexClauseAndValue(int capacity) throws InterruptedException {
    List<Channel<Integer>> chs = channels(5, capacity);
    Channel<String> other = Channel.buffered(1);
    Select<Chosen<Integer>> select =
        new Select<Chosen<Integer>>().onReceive(other, v -> null).onReceiveAny(chs, c -> c);
    Async<Void> sender = tasks.run(() -> chs.get(3).send(33));
    Chosen<Integer> c = select.select();
    sender.get();
    assertThat(c.index()).isEqualTo(3);
    assertThat(c.clause()).isEqualTo(4); // clause 0 is the receive on other
    assertThat(c.result()).isEqualTo(new ReceiveResult.Value<>(33));
    assertThat(select.clauseCount()).isEqualTo(6);
  }

  @Capacities
  void receiveAnyReportsClosedChannelsAsResults(int capacity) throws InterruptedException {
    List<Channel<Integer>> chs = channels(3, capacity);
    chs.get(1).close();
    Chosen<Integer> c = new Select<Chosen<Integer>>().onReceiveAny(chs, x -> x).select();
    assertThat(c.index()).isEqualTo(1);
    assertThat(c.result()).isInstanceOf(ReceiveResult.Closed.class);
  }

  @Test
  void aBlockedReceiveAnyIsCompletedThroughWhicheverChannelGetsAValue() throws InterruptedException {
    List<Channel<Integer>> chs = channels(8, 0);
    Async<Chosen<Integer>> select =
        tasks.start(() -> new Select<Chosen<Integer>>().onReceiveAny(chs, c -> c).select()).awaitParked();
    chs.get(6).send(6);
    assertThat(select.get().index()).isEqualTo(6);
    for (Channel<Integer> ch : chs) assertThat(waitingReceivers(ch)).isZero();
  }

  @Test
  void emptyListAddsNoClauseAndTheListIsCopied() throws InterruptedException {
    List<Channel<Integer>> chs = new ArrayList<>(channels(1, 1));
    Select<String> select =
        new Select<String>().onReceiveAny(List.of(), c -> "never").onReceiveAny(chs, c -> "got");
    chs.clear();
    assertThat(select.clauseCount()).isEqualTo(1);
    assertThat(select.orElse(() -> "default").select()).isEqualTo("default");
  }

  @Test
  void aMergeLoopDisablesEachClosedInputAndEndsWhenNoneIsLeft() throws InterruptedException {
    List<Channel<Integer>> chs = channels(3, 0);
    for (int i = 0; i < 3; i++) {
      int me = i;
      tasks.run(() -> {
        for (int v = 0; v <= me; v++) chs.get(me).send(me * 10 + v);
        chs.get(me).close();
      });
    }
    Map<Integer, List<Integer>> got = new TreeMap<>();
    Select<Void> merge = new Select<>();
    merge.onReceiveAny(chs, c -> {
      if (c.result() instanceof ReceiveResult.Value<Integer>(Integer v)) {
        got.computeIfAbsent(c.index(), k -> new ArrayList<>()).add(v);
      } else {
        merge.disable(c.clause());
      }
      return null;
    });
    int rounds = 0;
    while (merge.enabledCount() > 0) {
      merge.select();
      rounds++;
    }
    assertThat(got).isEqualTo(Map.of(0, List.of(0), 1, List.of(10, 11), 2, List.of(20, 21, 22)));
    assertThat(rounds).isEqualTo(6 + 3); // each value, and each close once
  }

  @ParameterizedTest(name = "capacity {0}")
  @ValueSource(ints = {1, 16})
  void aDisabledClauseNeverFiresEvenWhenItsChannelIsReady(int capacity) throws InterruptedException {
    Channel<Integer> a = Channel.buffered(capacity);
    Channel<Integer> b = Channel.buffered(capacity);
    Select<String> select = new Select<String>().onReceive(a, v -> "a" + v).onReceive(b, v -> "b" + v);
    select.disable(0);
    assertThat(select.isEnabled(0)).isFalse();
    assertThat(select.enabledCount()).isEqualTo(1);
    a.send(1);
    b.send(2);
    for (int i = 0; i < 20; i++) b.trySend(2); // fill b as far as it goes
    select.orElse(() -> "default");
    for (int i = 0; i < capacity; i++) assertThat(select.select()).isEqualTo("b2");
    assertThat(select.select()).isEqualTo("default");
    assertThat(a.len()).isEqualTo(1);
    select.enable(0);
    assertThat(select.select()).isEqualTo("a1");
  }

  @Test
  void aBlockedSelectIgnoresADisabledClauseAndAnEnabledOneWakesItNextTime() throws InterruptedException {
    Channel<Integer> a = Channel.unbuffered();
    Channel<Integer> b = Channel.unbuffered();
    Select<String> select = new Select<String>().onReceive(a, v -> "a" + v).onReceive(b, v -> "b" + v);
    select.disable(0);
    Async<String> first = tasks.start(select::select).awaitParked();
    assertThat(a.trySend(1)).isInstanceOf(SendResult.Full.class); // nobody listens on a
    assertThat(waitingReceivers(a)).isZero();
    b.send(2);
    assertThat(first.get()).isEqualTo("b2");
    select.enable(0);
    Async<String> second = tasks.start(select::select).awaitParked();
    a.send(3);
    assertThat(second.get()).isEqualTo("a3");
  }

  @Test
  void disableAndEnableAreIdempotentAndANilClauseStaysNil() throws InterruptedException {
    Channel<Integer> a = Channel.buffered(1);
    Select<String> select =
        new Select<String>().onReceive(Channel.nil(), v -> "nil").onReceive(a, v -> "a").orElse(() -> "default");
    assertThat(select.isEnabled(0)).isTrue();
    select.disable(1).disable(1);
    assertThat(select.toString()).contains("1 disabled");
    a.send(1);
    assertThat(select.select()).isEqualTo("default");
    select.enable(1).enable(1).enable(0);
    assertThat(select.select()).isEqualTo("a");
    assertThat(select.select()).isEqualTo("default"); // the nil clause still never fires
  }

  @Test
  void aSelectWithEveryClauseDisabledBlocksUntilInterrupted() {
    Channel<Integer> a = Channel.buffered(1);
    Select<String> select = new Select<String>().onReceive(a, v -> "a").disable(0);
    Async<String> blocked = tasks.start(select::select).awaitParked();
    blocked.interrupt();
    assertThat(blocked.thrown()).isInstanceOf(InterruptedException.class);
  }

  @Test
  void interruptOnEntryFiresNothingEvenWithAReadyClause() throws InterruptedException {
    Channel<Integer> a = Channel.buffered(1);
    a.send(1);
    Select<String> select = new Select<String>().onReceiveAny(List.of(a), c -> "a");
    Thread.currentThread().interrupt();
    assertThatThrownBy(select::select).isInstanceOf(InterruptedException.class);
    assertThat(a.len()).isEqualTo(1);
  }

  @Test
  void interruptWhileWaitingOnDynamicClausesLeavesNoWaiterBehind() {
    List<Channel<Integer>> chs = channels(4, 0);
    Select<String> select = new Select<String>().onReceiveAny(chs, c -> "got").disable(2);
    Async<String> blocked = tasks.start(select::select).awaitParked();
    blocked.interrupt();
    assertThat(blocked.thrown()).isInstanceOf(InterruptedException.class);
    for (Channel<Integer> ch : chs) assertThat(waitingReceivers(ch)).isZero();
  }

  @Test
  void aDoneClauseEndsADynamicSelectCancelledBeforeAndDuring() throws InterruptedException {
    List<Channel<Integer>> chs = channels(3, 0);
    try (CancelContext before = Context.withCancel(Context.background())) {
      before.cancel();
      Select<String> s = new Select<String>().onReceiveAny(chs, c -> "got").onDone(before, () -> "cancelled");
      assertThat(s.select()).isEqualTo("cancelled");
    }
    try (CancelContext during = Context.withCancel(Context.background())) {
      Select<String> s = new Select<String>().onReceiveAny(chs, c -> "got").onDone(during, () -> "cancelled");
      s.disable(0);
      Async<String> blocked = tasks.start(s::select).awaitParked();
      during.cancel();
      assertThat(blocked.get()).isEqualTo("cancelled");
      // a disabled done clause does not fire, even on a done context
      s.disable(3);
      assertThat(s.orElse(() -> "default").select()).isEqualTo("default");
    }
    for (Channel<Integer> ch : chs) assertThat(waitingReceivers(ch)).isZero();
  }

  @Test
  void badInputFailsFast() {
    Channel<Integer> a = Channel.buffered(1);
    Select<String> select = new Select<String>().onReceive(a, v -> "a");
    assertThatThrownBy(() -> select.disable(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Select: no clause 1 (clauses: 1)");
    assertThatThrownBy(() -> select.enable(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Select: no clause -1");
    assertThatThrownBy(() -> select.isEnabled(5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> select.onReceiveAny(null, c -> "x")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> select.onReceiveAny(List.of(a), null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> select.onReceiveAny(Arrays.asList(a, null), c -> "x"))
        .isInstanceOf(NullPointerException.class);
    assertThat(select.clauseCount()).isEqualTo(1); // a rejected list adds nothing
    assertThatThrownBy(() -> new Chosen<>(-1, 0, new ReceiveResult.Value<>(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Chosen:");
  }
}
