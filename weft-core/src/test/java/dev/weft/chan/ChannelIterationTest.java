package dev.weft.chan;

import static dev.weft.chan.Channels.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Iteration and streams receive every value in order and end when the channel is closed and drained. */
@Timeout(30)
class ChannelIterationTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  private Async<Void> produce(Channel<Integer> ch, int n) {
    return tasks.run(
        () -> {
          for (int i = 0; i < n; i++) ch.send(i);
          ch.close();
        });
  }

  @Capacities
  void forEachEndsWhenClosedAndDrained(int capacity) {
    Channel<Integer> ch = Channel.buffered(capacity);
    Async<Void> producer = produce(ch, 5_000);
    List<Integer> got = new ArrayList<>();
    for (int v : ch) got.add(v);
    assertThat(got).isEqualTo(range(5_000));
    producer.get();
  }

  @Capacities
  void streamEndsWhenClosedAndDrained(int capacity) {
    Channel<Integer> ch = Channel.buffered(capacity);
    Async<Void> producer = produce(ch, 5_000);
    assertThat(ch.stream().toList()).isEqualTo(range(5_000));
    producer.get();
  }

  @Capacities
  void iterationDeliversValuesBufferedBeforeClose(int capacity) {
    Channel<Integer> ch = Channel.buffered(capacity);
    Channels.fill(ch);
    ch.close();
    assertThat(ch.stream().toList()).isEqualTo(range(capacity));
    assertThat(ch.iterator().hasNext()).isFalse();
  }

  @Test
  void exhaustedIteratorThrowsNoSuchElement() {
    Channel<Integer> ch = Channel.buffered(1);
    ch.close();
    Iterator<Integer> it = ch.iterator();
    assertThat(it.hasNext()).isFalse();
    assertThat(it.hasNext()).isFalse();
    assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void hasNextDoesNotConsumeASecondValue() {
    Channel<Integer> ch = Channel.buffered(2);
    ch.trySend(1);
    ch.trySend(2);
    Iterator<Integer> it = ch.iterator();
    assertThat(it.hasNext()).isTrue();
    assertThat(it.hasNext()).isTrue();
    assertThat(ch.len()).isEqualTo(1);
    assertThat(it.next()).isEqualTo(1);
    assertThat(it.next()).isEqualTo(2); // next() without hasNext() receives too
  }

  @Capacities
  void hasNextBlocksWhileOpenAndEmptyAndEndsOnClose(int capacity) {
    Channel<Integer> ch = Channel.buffered(capacity);
    Async<Boolean> hasNext = tasks.start(() -> ch.iterator().hasNext()).awaitParked();
    ch.close();
    assertThat(hasNext.get()).isFalse();
  }

  @Capacities
  void concurrentIteratorsShareTheValuesWithoutDuplicates(int capacity) {
    Channel<Integer> ch = Channel.buffered(capacity);
    int n = 10_000;
    List<Async<List<Integer>>> consumers = new ArrayList<>();
    for (int c = 0; c < 3; c++) {
      consumers.add(
          tasks.start(
              () -> {
                List<Integer> mine = new ArrayList<>();
                for (int v : ch) mine.add(v);
                return mine;
              }));
    }
    Async<Void> producer = produce(ch, n);
    List<Integer> all = new ArrayList<>();
    for (Async<List<Integer>> c : consumers) {
      List<Integer> mine = c.get();
      assertThat(mine).isSorted(); // each consumer sees a subsequence of the FIFO order
      all.addAll(mine);
    }
    Collections.sort(all);
    assertThat(all).isEqualTo(range(n));
    producer.get();
  }
}
