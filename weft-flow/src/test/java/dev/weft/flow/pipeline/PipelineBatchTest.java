package dev.weft.flow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.chan.Channel;
import dev.weft.context.Context;
import dev.weft.test.Gate;
import dev.weft.test.Waiting;
import dev.weft.time.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code batch} sends a batch when it is full or when maxWait (on the context's clock) has passed
 * since its first item, and a partial batch when the input ends; never an empty one.
 */
@Timeout(10)
class PipelineBatchTest {

  @Test
  void batchesBySizeWithAPartialLastBatch() throws Exception {
    List<List<Integer>> out =
        Pipeline.from(IntStream.range(0, 10).boxed().toList())
            .batch("b3", 3, Duration.ofHours(1))
            .toList()
            .run(Context.background());
    assertThat(out)
        .containsExactly(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6, 7, 8), List.of(9));
    assertThat(out.get(0)).isUnmodifiable();
  }

  @Test
  void sizeOneSendsEachItemAlone() throws Exception {
    assertThat(
            Pipeline.from(List.of(1, 2)).batch("b", 1, Duration.ofSeconds(1)).toList()
                .run(Context.background()))
        .containsExactly(List.of(1), List.of(2));
  }

  @Test
  void batchesByTimeMeasuredFromTheFirstItemOnTheContextsClock() throws Exception {
    FakeClock clock = new FakeClock();
    Channel<Integer> in = Channel.unbuffered();
    Channel<List<Integer>> out = Channel.unbuffered();
    PipelineRun<Void> run =
        Pipeline.fromChannel(in)
            .batch("by-time", 100, Duration.ofMillis(50))
            .toChannel(out)
            .start(Context.background(clock));

    in.send(1);
    in.send(2);
    awaitBatchIn(run, 2); // the source forwards: wait until the batch stage holds both
    clock.awaitPending(1); // the batch's timer, started with item 1
    clock.advance(Duration.ofMillis(49));
    assertThat(clock.pending()).isEqualTo(1); // not yet
    assertThat(out.tryReceive().isValue()).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(out.receive()).containsExactly(1, 2);

    clock.advance(Duration.ofSeconds(10)); // no item, no timer, no batch
    in.send(3);
    clock.awaitPending(1); // a new timer, from item 3
    clock.advance(Duration.ofMillis(49));
    in.send(4);
    awaitBatchIn(run, 4);
    clock.advance(Duration.ofMillis(1));
    assertThat(out.receive()).containsExactly(3, 4);

    in.send(5);
    in.close();
    assertThat(out.receive()).containsExactly(5); // partial batch at the end, before its timer
    assertThat(out.receiveResult().isClosed()).isTrue();
    run.await();
    assertThat(clock.pending()).isZero(); // the last timer was stopped
  }

  private static void awaitBatchIn(PipelineRun<?> run, long n) {
    Waiting.until(() -> run.metrics().get(1).itemsIn() == n);
  }

  @Test
  void aFullBatchIsSentAtOnceAndItsTimerStopped() throws Exception {
    FakeClock clock = new FakeClock();
    Channel<Integer> in = Channel.unbuffered();
    Channel<List<Integer>> out = Channel.buffered(4);
    PipelineRun<Void> run =
        Pipeline.fromChannel(in)
            .batch("b", 2, Duration.ofMillis(50))
            .toChannel(out)
            .start(Context.background(clock));
    in.send(1);
    in.send(2);
    assertThat(out.receive()).containsExactly(1, 2);
    Waiting.until(() -> clock.pending() == 0);
    in.close();
    run.await();
    assertThat(out.receiveResult().isClosed()).isTrue();
  }

  @Test
  void batchesByTimeOnTheSystemClock() throws Exception {
    // A generator that emits one item and then waits until the first batch arrived downstream.
    Channel<List<Integer>> out = Channel.buffered(10);
    Gate firstBatch = new Gate();
    PipelineRun<Void> run =
        Pipeline.<Integer>generate(
                emit -> {
                  emit.emit(1);
                  firstBatch.pass();
                  emit.emit(2);
                })
            .batch("b", 10, Duration.ofMillis(20))
            .tap("seen", b -> firstBatch.open())
            .toChannel(out)
            .start(Context.background());
    run.await();
    assertThat(out.receive()).containsExactly(1);
    assertThat(out.receive()).containsExactly(2);
  }
}
