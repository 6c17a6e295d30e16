package dev.weft.flow.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.chan.Channel;
import dev.weft.test.Async;
import dev.weft.test.Gate;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** map: ordered keeps item order, unordered gives completion order; the first failure stops it. */
@Timeout(10)
class MapTest {

  private static final List<Integer> ITEMS = IntStream.range(0, 100).boxed().toList();

  @Test
  void orderedMapOverAnIterableKeepsTheItemsOrder() throws Exception {
    try (WorkerPool pool = WorkerPool.create(8)) {
      List<Integer> out =
          pool.map(
              ITEMS,
              i -> {
                if (i % 7 == 0) Thread.sleep(1);
                return i * 2;
              });
      assertThat(out).isEqualTo(ITEMS.stream().map(i -> i * 2).toList());
    }
  }

  @Test
  void unorderedMapReturnsEveryResult() throws Exception {
    // the completion order itself is tested deterministically in ResultGroupTest
    try (WorkerPool pool = WorkerPool.create(8)) {
      assertThat(pool.mapUnordered(ITEMS, i -> -i))
          .hasSize(ITEMS.size())
          .containsExactlyInAnyOrderElementsOf(ITEMS.stream().map(i -> -i).toList());
    }
  }

  @Test
  void mapOverAChannelReadsUntilItIsClosed() throws Exception {
    try (WorkerPool pool = WorkerPool.create(4)) {
      Channel<Integer> ch = Channel.buffered(4);
      Async<Void> producer =
          Async.run(
              () -> {
                for (int i : ITEMS) ch.send(i);
                ch.close();
              });
      assertThat(pool.map(ch, i -> i + 1)).isEqualTo(ITEMS.stream().map(i -> i + 1).toList());
      producer.get();
      Channel<Integer> ch2 = Channel.buffered(200);
      for (int i : ITEMS) ch2.send(i);
      ch2.close();
      assertThat(pool.mapUnordered(ch2, i -> i)).containsExactlyInAnyOrderElementsOf(ITEMS);
    }
  }

  @Test
  void theFirstFailureStopsTheMapAndIsThrown() throws Exception {
    AtomicInteger started = new AtomicInteger();
    try (WorkerPool pool = WorkerPool.create(PoolConfig.defaults().withMaxWorkers(2).withBoundedQueue(2))) {
      assertThatThrownBy(
              () ->
                  pool.map(
                      IntStream.range(0, 10_000).boxed().toList(),
                      i -> {
                        started.incrementAndGet();
                        if (i == 3) throw new IOException("bad item " + i);
                        return i;
                      }))
          .isInstanceOf(ExecutionException.class)
          .hasRootCauseMessage("bad item 3");
      assertThat(started.get()).isLessThan(10_000);
      assertThat(pool.metrics().running()).isZero();
    }
  }

  @Test
  void aFailureStopsReadingTheChannel() throws Exception {
    try (WorkerPool pool = WorkerPool.create(1)) {
      Channel<Integer> ch = Channel.unbuffered(); // never closed: only the failure ends the map
      Async<Void> producer = Async.run(() -> ch.send(1));
      assertThatThrownBy(() -> pool.map(ch, i -> { throw new IOException("no"); }))
          .isInstanceOf(ExecutionException.class);
      producer.get();
    }
  }

  @Test
  void anInterruptedMapCancelsItsTasksAndWaitsForThem() throws Exception {
    Gate gate = new Gate();
    try (WorkerPool pool = WorkerPool.create(2)) {
      Async<List<Integer>> map =
          Async.call(() -> pool.map(List.of(1, 2, 3, 4), i -> gate.task(i).call()));
      gate.awaitStarted(2);
      map.thread().interrupt();
      assertThat(map.failure()).isInstanceOf(InterruptedException.class);
      assertThat(gate.running()).isZero();
      PoolMetrics m = pool.metrics(); // the interrupt may have come before all four were submitted
      assertThat(m.submitted()).isBetween(2L, 4L);
      assertThat(m.cancelled()).isEqualTo(m.submitted());
    }
  }

  @Test
  void mapOfNothingIsEmpty() throws Exception {
    try (WorkerPool pool = WorkerPool.create(1)) {
      assertThat(pool.map(List.<Integer>of(), i -> i)).isEmpty();
    }
  }
}
