package dev.weft.flow.pipeline;

import static dev.weft.test.Waiting.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.chan.Timer;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.test.Gate;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Neighbouring stages with parallelism 1 are fused onto one thread, and fusion changes nothing a
 * stage promises: each fused stage counts its own items, applies its own error policy and is named
 * by its own failures; a fused chain stops promptly when the run is cancelled, keeps order, and
 * holds no more items than one in flight.
 */
@Timeout(10)
class PipelineFusionTest {

  private static final Context BG = Context.background();

  private static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  private static List<Segment> plan(RunnablePipeline<?> p) {
    return Segment.plan(p.stages());
  }

  @Test
  void neighboursWithOneThreadAreFusedUnlessParallelBatchOrUnfused() {
    RunnablePipeline<List<Integer>> p =
        Pipeline.from(range(3))
            .map("a", i -> i)
            .filter("b", i -> true)
            .map("wide", i -> i, StageOptions.parallel(2))
            .flatMap("c", List::of)
            .batch("batch", 2, Duration.ofSeconds(1))
            .map("d", List::size)
            .tap("own", i -> {}, StageOptions.defaults().unfused())
            .toList();
    assertThat(plan(p))
        .containsExactly(
            new Segment(0, 2), // source, a, b
            new Segment(3, 3), // wide: parallelism 2
            new Segment(4, 4), // c: a batch comes next, which heads its own segment
            new Segment(5, 6), // batch, d
            new Segment(7, 7), // own: unfused
            new Segment(8, 8)); // sink: its neighbour is unfused
  }

  @Test
  void aFusedChainRunsOnOneThreadAndEveryStageCountsItsOwnItems() throws Exception {
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    PipelineRun<List<Integer>> run =
        Pipeline.from(range(100))
            .map("double", i -> { threads.add(Thread.currentThread()); return 2 * i; })
            .filter("small", i -> { threads.add(Thread.currentThread()); return i < 100; })
            .flatMap("twice", i -> { threads.add(Thread.currentThread()); return List.of(i, i); })
            .tap("seen", i -> threads.add(Thread.currentThread()))
            .toList()
            .start(BG);
    assertThat(run.await()).hasSize(100).startsWith(0, 0, 2, 2);
    assertThat(threads).hasSize(1);
    List<StageMetrics> m = run.metrics();
    assertThat(m).extracting(StageMetrics::itemsIn).containsExactly(100L, 100L, 100L, 50L, 100L, 100L);
    assertThat(m).extracting(StageMetrics::itemsOut).containsExactly(100L, 100L, 50L, 100L, 100L, 100L);
    assertThat(m).extracting(StageMetrics::itemsFailed).containsOnly(0L);
    assertThat(m).extracting(StageMetrics::blockedSendNanos).containsOnly(0L);
    assertThat(m).extracting(StageMetrics::blockedReceiveNanos).containsOnly(0L);
    assertThat(m).extracting(StageMetrics::queueDepth).containsOnly(0);
  }

  @Test
  void anUnfusedStageGetsAThreadOfItsOwn() throws Exception {
    Set<Thread> before = ConcurrentHashMap.newKeySet();
    Set<Thread> own = ConcurrentHashMap.newKeySet();
    List<Integer> out =
        Pipeline.from(range(50))
            .map("a", i -> { before.add(Thread.currentThread()); return i; })
            .map("own", i -> { own.add(Thread.currentThread()); return i; }, StageOptions.defaults().unfused())
            .toList()
            .run(BG);
    assertThat(out).isEqualTo(range(50));
    assertThat(before).hasSize(1);
    assertThat(own).hasSize(1).doesNotContainAnyElementsOf(before);
  }

  /** Fails for multiples of 5 (0 included). */
  private static int failOnFives(int i) throws IOException {
    if (i % 5 == 0) throw new IOException("bad " + i);
    return i;
  }

  static Stream<ErrorPolicy> recoveringPolicies() {
    return Stream.of(ErrorPolicy.skip(), ErrorPolicy.deadLetter(f -> {}));
  }

  @Test
  void aFailureInTheMiddleOfAFusedChainNamesThatStageAndTheSourceSeesTheCancellation() {
    AtomicReference<Throwable> sourceSaw = new AtomicReference<>();
    AtomicInteger thirdSaw = new AtomicInteger();
    assertThatThrownBy(
            () ->
                Pipeline.<Integer>generate(
                        "gen",
                        emit -> {
                          try {
                            for (int i = 1; ; i++) emit.emit(i);
                          } catch (ContextCancelledException e) {
                            sourceSaw.set(e);
                            throw e;
                          }
                        })
                    .map("first", i -> i)
                    .map("second", PipelineFusionTest::failOnFives)
                    .tap("third", i -> thirdSaw.incrementAndGet())
                    .forEach(i -> {})
                    .run(BG))
        .isInstanceOfSatisfying(
            PipelineException.class,
            e -> {
              assertThat(e.stage()).isEqualTo("second");
              assertThat(e.getCause()).isInstanceOf(IOException.class).hasMessage("bad 5");
              assertThat(e.getSuppressed()).isEmpty();
            });
    assertThat(sourceSaw.get())
        .isInstanceOf(ContextCancelledException.class)
        .cause()
        .isInstanceOf(PipelineException.class);
    assertThat(thirdSaw).hasValue(4); // items 1 to 4 got through; 5 failed the run
  }

  @ParameterizedTest
  @MethodSource("recoveringPolicies")
  void aSkippingOrDeadLetteringStageInAFusedChainCountsOnlyItsOwnFailures(ErrorPolicy policy)
      throws Exception {
    List<FailedItem> dead = new CopyOnWriteArrayList<>();
    ErrorPolicy used = policy instanceof ErrorPolicy.DeadLetter ? ErrorPolicy.deadLetter(dead::add) : policy;
    PipelineRun<List<Integer>> run =
        Pipeline.from(range(100))
            .map("first", i -> i + 1000)
            .map("second", i -> failOnFives(i - 1000), StageOptions.defaults().withErrorPolicy(used))
            .map("third", i -> -i)
            .toList()
            .start(BG);
    List<Integer> survivors = range(100).stream().filter(i -> i % 5 != 0).map(i -> -i).toList();
    assertThat(run.await()).isEqualTo(survivors);
    List<StageMetrics> m = run.metrics();
    assertThat(m).extracting(StageMetrics::itemsFailed).containsExactly(0L, 0L, 20L, 0L, 0L);
    assertThat(m).extracting(StageMetrics::itemsIn).containsExactly(100L, 100L, 100L, 80L, 80L);
    assertThat(m).extracting(StageMetrics::itemsOut).containsExactly(100L, 100L, 80L, 80L, 80L);
    if (used instanceof ErrorPolicy.DeadLetter) {
      assertThat(dead).hasSize(20).allSatisfy(f -> assertThat(f.stage()).isEqualTo("second"));
      assertThat(dead).extracting(FailedItem::item).startsWith(1000, 1005, 1010); // second's input
    }
  }

  @Test
  void aFailingDeadLetterSinkInAFusedChainNamesItsStage() {
    IllegalStateException down = new IllegalStateException("dead-letter store down");
    assertThatThrownBy(
            () ->
                Pipeline.from(range(20))
                    .map("first", i -> i)
                    .map(
                        "second",
                        PipelineFusionTest::failOnFives,
                        StageOptions.defaults().withErrorPolicy(ErrorPolicy.deadLetter(f -> { throw down; })))
                    .map("third", i -> i)
                    .toList()
                    .run(BG))
        .isInstanceOfSatisfying(
            PipelineException.class,
            e -> {
              assertThat(e.stage()).isEqualTo("second");
              assertThat(e.getCause()).isSameAs(down);
              assertThat(down.getSuppressed()).singleElement().isInstanceOf(IOException.class);
            });
  }

  @Test
  void anErrorInTheLastFusedStageNamesItNotTheHead() {
    AssertionError boom = new AssertionError("broken invariant");
    assertThatThrownBy(
            () ->
                Pipeline.from(range(10))
                    .map("first", i -> i)
                    .forEach(
                        "store",
                        i -> {
                          if (i == 3) throw boom;
                        },
                        StageOptions.defaults().withErrorPolicy(ErrorPolicy.skip())) // Errors are not skipped
                    .run(BG))
        .isInstanceOfSatisfying(
            PipelineException.class,
            e -> {
              assertThat(e.stage()).isEqualTo("store");
              assertThat(e.getCause()).isSameAs(boom);
            });
  }

  @Test
  void aGeneratorThatSwallowsTheCancellationDoesNotCompleteAFailedRun() {
    assertThatThrownBy(
            () ->
                Pipeline.<Integer>generate(
                        emit -> {
                          try {
                            for (int i = 0; ; i++) emit.emit(i);
                          } catch (ContextCancelledException ignored) {
                            // returns normally, as if the input had ended
                          }
                        })
                    .map("fails", i -> i == 3 ? failOnFives(0) : i)
                    .toList()
                    .run(BG))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("'fails'");
  }

  @Test
  void cancellingARunStopsAFusedChainMidStream() throws Exception {
    AtomicReference<Throwable> stoppedBy = new AtomicReference<>();
    AtomicInteger sunk = new AtomicInteger();
    PipelineRun<Void> run =
        Pipeline.<Integer>generate(
                emit -> {
                  try {
                    for (int i = 0; ; i++) emit.emit(i);
                  } catch (ContextCancelledException e) {
                    stoppedBy.set(e);
                    throw e;
                  }
                })
            .map("a", i -> i + 1)
            .filter("b", i -> i % 2 == 0)
            .tap("c", i -> {})
            .forEach(i -> sunk.incrementAndGet())
            .start(BG);
    until(() -> sunk.get() > 1_000);
    assertThat(run.cancel()).isTrue();
    assertThatThrownBy(run::await).isInstanceOf(ContextCancelledException.class);
    assertThat(run.isDone()).isTrue();
    assertThat(stoppedBy.get()).isInstanceOf(ContextCancelledException.class);
    long after = sunk.get();
    List<StageMetrics> m = run.metrics();
    assertThat(m.get(4).itemsOut()).isEqualTo(after); // nothing reached the sink after the end
    assertThat(m.get(1).itemsIn()).isBetween(m.get(1).itemsOut(), m.get(1).itemsOut() + 1);
  }

  @Test
  void aFusedStageWaitingOnTheRunsContextEndsWhenTheRunIsCancelled() throws Exception {
    Gate waiting = new Gate();
    AtomicReference<Throwable> stoppedBy = new AtomicReference<>();
    PipelineRun<List<Integer>> run =
        Pipeline.from(range(3))
            .map("a", i -> i)
            .mapWithContext(
                "remote",
                (ctx, i) -> {
                  waiting.open();
                  try {
                    Timer.sleep(Duration.ofHours(1), ctx);
                  } catch (ContextCancelledException e) {
                    stoppedBy.set(e);
                    throw e;
                  }
                  return i;
                })
            .toList()
            .start(BG);
    waiting.pass();
    run.cancel();
    assertThatThrownBy(run::await).isInstanceOf(ContextCancelledException.class);
    assertThat(stoppedBy.get()).isInstanceOf(ContextCancelledException.class);
    assertThat(run.metrics().get(2).itemsFailed()).isZero();
  }

  @Test
  void fusedChainsAroundAnOrderedParallelStageKeepInputOrder() throws Exception {
    int n = 300;
    SplittableRandom rnd = new SplittableRandom(11);
    int[] delay = IntStream.range(0, n).map(i -> rnd.nextInt(0, 300)).toArray();
    List<Integer> out =
        Pipeline.from(range(n))
            .map("a", i -> i)
            .flatMap("b", i -> List.of(i, i))
            .map(
                "slow",
                i -> {
                  Thread.sleep(Duration.ofNanos(delay[i] * 1000L));
                  return i;
                },
                StageOptions.parallel(4))
            .filter("c", i -> i % 3 != 0)
            .map("d", i -> -i)
            .toList()
            .run(BG);
    List<Integer> expected =
        range(n).stream().flatMap(i -> Stream.of(i, i)).filter(i -> i % 3 != 0).map(i -> -i).toList();
    assertThat(out).isEqualTo(expected);
  }

  /** An endless iterable counting how many elements were pulled from it. */
  private static Iterable<Integer> counting(AtomicInteger pulled) {
    return () ->
        new java.util.Iterator<>() {
          @Override
          public boolean hasNext() {
            return true;
          }

          @Override
          public Integer next() {
            return pulled.getAndIncrement();
          }
        };
  }

  @Test
  void aBlockedFusedSinkStopsTheSourceAtOnce() throws Exception {
    AtomicInteger pulled = new AtomicInteger();
    Gate sinkGate = new Gate();
    PipelineRun<Void> run =
        Pipeline.from(counting(pulled))
            .map("a", i -> i)
            .map("b", i -> i, StageOptions.defaults().withBuffer(1_000)) // fused: the buffer is unused
            .forEach("sink", i -> sinkGate.pass(), StageOptions.defaults())
            .start(BG);
    until(() -> run.metrics().get(3).itemsIn() == 1);
    assertThat(pulled).hasValue(1); // the one item is in the sink's hands; nothing is queued
    assertThat(run.metrics()).extracting(StageMetrics::queueDepth).containsOnly(0);
    run.cancel();
    sinkGate.open();
    assertThatThrownBy(run::await).isInstanceOf(ContextCancelledException.class);
    // released, the source may pull one more item before it sees the cancellation; it goes nowhere
    assertThat(pulled.get()).isBetween(1, 2);
    assertThat(run.metrics().get(1).itemsIn()).isEqualTo(1);
  }

  @Test
  void aFusedChainBeforeASlowConsumerRunsAheadOnlyByTheConsumersBuffer() throws Exception {
    AtomicInteger pulled = new AtomicInteger();
    Gate sinkGate = new Gate();
    PipelineRun<Void> run =
        Pipeline.from(counting(pulled))
            .map("a", i -> i)
            .flatMap("b", i -> List.of(i, i)) // two results per item: the second waits in b's send
            .forEach("sink", i -> sinkGate.pass(), StageOptions.defaults().withBuffer(3).unfused())
            .start(BG);
    // 1 in the sink's hands, 3 queued for it, and the fused chain waits to send the 5th result:
    // 5 results come from 3 items (the third item's second result is not made yet).
    until(() -> run.metrics().get(3).queueDepth() == 3 && run.metrics().get(3).itemsIn() == 1
        && run.metrics().get(2).itemsIn() == 3);
    assertThat(pulled).hasValue(3);
    assertThat(run.metrics().get(2).itemsOut()).isEqualTo(4); // the 5th is not sent
    run.cancel();
    sinkGate.open();
    assertThatThrownBy(run::await).isInstanceOf(ContextCancelledException.class);
    assertThat(pulled).hasValue(3);
  }
}
