package dev.weft.flow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.Context;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An ordered stage with parallelism 4 and random per-item delays emits in input order and really
 * runs items concurrently, with a bounded window; an unordered one delivers every item exactly once.
 */
@Timeout(20)
class PipelineOrderingTest {

  private static final Context BG = Context.background();

  /** Per-item delays in microseconds from a seeded generator, so failures reproduce. */
  private static int[] delays(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    return IntStream.range(0, n).map(i -> r.nextInt(0, 2000)).toArray();
  }

  private static void pause(int micros) throws InterruptedException {
    Thread.sleep(Duration.ofNanos(micros * 1000L));
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 42, 4242})
  void orderedParallelStageKeepsInputOrderUnderRandomDelays(long seed) throws Exception {
    int n = 300;
    int[] delay = delays(seed, n);
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    List<Integer> out =
        Pipeline.from(IntStream.range(0, n).boxed().toList())
            .map(
                "slow",
                i -> {
                  maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                  pause(delay[i]);
                  inFlight.decrementAndGet();
                  return i;
                },
                StageOptions.parallel(4).withBuffer(2))
            .toList()
            .run(BG);
    assertThat(out).isEqualTo(IntStream.range(0, n).boxed().toList());
    assertThat(maxInFlight.get()).as("items processed concurrently").isBetween(2, 4);
  }

  @Test
  void orderedFilterAndFlatMapKeepOrderToo() throws Exception {
    int[] delay = delays(7, 200);
    List<Integer> out =
        Pipeline.from(IntStream.range(0, 200).boxed().toList())
            .filter(
                "odd",
                i -> {
                  pause(delay[i]);
                  return i % 2 == 1;
                },
                StageOptions.parallel(4))
            .flatMap(
                "pair",
                i -> {
                  pause(delay[i]);
                  return List.of(i, -i);
                },
                StageOptions.parallel(4).withBuffer(0))
            .toList()
            .run(BG);
    List<Integer> expected =
        IntStream.range(0, 200).filter(i -> i % 2 == 1).boxed().flatMap(i -> List.of(i, -i).stream()).toList();
    assertThat(out).isEqualTo(expected);
  }

  @Test
  void reorderWindowIsBoundedByTwiceTheParallelism() throws Exception {
    // Item 0 is slow; the others are instant. The stage may take at most 2 * 4 = 8 items before
    // item 0 is emitted, however many the source offers.
    int n = 100;
    ConcurrentHashMap<Integer, Boolean> startedBeforeHead = new ConcurrentHashMap<>();
    CountDownLatch headRelease = new CountDownLatch(1);
    CountDownLatch othersStarted = new CountDownLatch(7);
    AtomicInteger taken = new AtomicInteger();
    PipelineRun<List<Integer>> run =
        Pipeline.from(IntStream.range(0, n).boxed().toList())
            .map(
                "window",
                i -> {
                  taken.incrementAndGet();
                  if (i == 0) {
                    headRelease.await();
                  } else if (headRelease.getCount() == 1) {
                    startedBeforeHead.put(i, true);
                    othersStarted.countDown();
                  }
                  return i;
                },
                StageOptions.parallel(4).withBuffer(50))
            .toList()
            .start(BG);
    othersStarted.await(); // items 1..7 ran while item 0 was held
    // Give the stage every chance to run ahead: wait until its input buffer is full.
    while (run.metrics().get(1).queueDepth() < 50) Thread.onSpinWait();
    assertThat(taken.get()).isEqualTo(8);
    assertThat(startedBeforeHead).hasSize(7);
    headRelease.countDown();
    assertThat(run.await()).isEqualTo(IntStream.range(0, n).boxed().toList());
  }

  @Test
  void unorderedParallelStageDeliversEveryItemExactlyOnce() throws Exception {
    int n = 500;
    int[] delay = delays(99, n);
    List<Integer> out =
        Pipeline.from(IntStream.range(0, n).boxed().toList())
            .map(
                "slow",
                i -> {
                  pause(delay[i] / 4);
                  return i;
                },
                StageOptions.parallel(4).unordered())
            .map("again", i -> i, StageOptions.parallel(3).unordered().withBuffer(0))
            .toList()
            .run(BG);
    assertThat(out).hasSize(n).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(
        IntStream.range(0, n).boxed().toList());
  }
}
