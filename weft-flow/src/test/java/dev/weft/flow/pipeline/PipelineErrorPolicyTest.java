package dev.weft.flow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.chan.Channel;
import dev.weft.context.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Per-stage error policies: skip drops and counts failing items, dead-letter hands them to a sink,
 * and the run goes on with its order kept, at parallelism 1 and above; a failing dead-letter sink
 * fails the run; fail stays the default.
 */
@Timeout(10)
class PipelineErrorPolicyTest {

  private static final Context BG = Context.background();

  private static List<Integer> range(int n) {
    return range(0, n);
  }

  private static List<Integer> range(int from, int to) {
    return IntStream.range(from, to).boxed().toList();
  }

  /** Parallelism 1, 4 ordered and 4 unordered, with a small buffer so that backpressure is real. */
  static Stream<StageOptions> shapes() {
    return Stream.of(
        StageOptions.defaults().withBuffer(1),
        StageOptions.parallel(4).withBuffer(1),
        StageOptions.parallel(4).withBuffer(1).unordered());
  }

  /** Throws for multiples of 7 (item 0 included). */
  private static int failOnSevens(int i) throws IOException {
    if (i % 7 == 0) throw new IOException("bad item " + i);
    return i;
  }

  private static List<Integer> survivors(int n) {
    return range(n).stream().filter(i -> i % 7 != 0).toList();
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void skipDropsFailingItemsCountsThemAndKeepsOrder(StageOptions options) throws Exception {
    PipelineRun<List<Integer>> run =
        Pipeline.from(range(200))
            .map("parse", PipelineErrorPolicyTest::failOnSevens, options.withErrorPolicy(ErrorPolicy.skip()))
            .toList()
            .start(BG);
    List<Integer> out = run.await();
    if (options.ordered()) {
      assertThat(out).isEqualTo(survivors(200));
    } else {
      assertThat(out).containsExactlyInAnyOrderElementsOf(survivors(200));
    }
    StageMetrics parse = run.metrics().get(1);
    assertThat(parse.itemsIn()).isEqualTo(200);
    assertThat(parse.itemsFailed()).isEqualTo(29);
    assertThat(parse.itemsOut()).isEqualTo(171);
    assertThat(run.metrics().get(0).itemsFailed()).isZero();
    assertThat(run.metrics().get(2).itemsFailed()).isZero();
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void deadLetterGetsEachFailingItemWithItsStageAndError(StageOptions options) throws Exception {
    List<FailedItem> dead = new CopyOnWriteArrayList<>();
    PipelineRun<List<Integer>> run =
        Pipeline.from(range(100))
            .map("id", i -> i)
            .map(
                "parse",
                PipelineErrorPolicyTest::failOnSevens,
                options.withErrorPolicy(ErrorPolicy.deadLetter(dead::add)))
            .toList()
            .start(BG);
    List<Integer> out = run.await();
    assertThat(out).containsExactlyInAnyOrderElementsOf(survivors(100));
    if (options.ordered()) assertThat(out).isSorted();
    assertThat(dead).extracting(FailedItem::item)
        .containsExactlyInAnyOrder(0, 7, 14, 21, 28, 35, 42, 49, 56, 63, 70, 77, 84, 91, 98);
    assertThat(dead).allSatisfy(f -> {
      assertThat(f.stage()).isEqualTo("parse");
      assertThat(f.error()).isInstanceOf(IOException.class).hasMessage("bad item " + f.item());
    });
    assertThat(run.metrics().get(2).itemsFailed()).isEqualTo(15);
  }

  @Test
  void aDeadLetterChannelReceivesTheFailedItemsAndIsNotClosed() throws Exception {
    Channel<FailedItem> dead = Channel.buffered(100);
    List<String> out =
        Pipeline.from(List.of("1", "x", "3", "y"))
            .map("parse", Integer::parseInt, StageOptions.defaults().withErrorPolicy(ErrorPolicy.deadLetter(dead)))
            .map("str", String::valueOf)
            .toList()
            .run(BG);
    assertThat(out).containsExactly("1", "3");
    assertThat(dead.isClosedForSend()).isFalse();
    assertThat(dead.len()).isEqualTo(2);
    assertThat(dead.receive().item()).isEqualTo("x");
    assertThat(dead.receive().error()).isInstanceOf(NumberFormatException.class);
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void aFailingDeadLetterSinkFailsTheRunWithTheItemErrorSuppressed(StageOptions options) {
    IllegalStateException sinkDown = new IllegalStateException("dead-letter store down");
    assertThatThrownBy(
            () ->
                Pipeline.from(range(100))
                    .map(
                        "parse",
                        PipelineErrorPolicyTest::failOnSevens,
                        options.withErrorPolicy(
                            ErrorPolicy.deadLetter(
                                f -> {
                                  if (f.item().equals(14)) throw sinkDown;
                                })))
                    .toList()
                    .run(BG))
        .isInstanceOfSatisfying(
            PipelineException.class,
            e -> {
              assertThat(e.stage()).isEqualTo("parse");
              assertThat(e.getCause()).isSameAs(sinkDown);
              assertThat(sinkDown.getSuppressed())
                  .singleElement()
                  .isInstanceOf(IOException.class)
                  .extracting(Throwable::getMessage)
                  .isEqualTo("bad item 14");
            });
  }

  @Test
  void aClosedDeadLetterChannelFailsTheRun() {
    Channel<FailedItem> dead = Channel.buffered(1);
    dead.close();
    assertThatThrownBy(
            () ->
                Pipeline.from(range(10))
                    .map("parse", PipelineErrorPolicyTest::failOnSevens,
                        StageOptions.defaults().withErrorPolicy(ErrorPolicy.deadLetter(dead)))
                    .toList()
                    .run(BG))
        .isInstanceOf(PipelineException.class)
        .hasMessageStartingWith("Pipeline: stage 'parse' failed");
  }

  @Test
  void aFullDeadLetterChannelHoldsTheStageBack() throws Exception {
    Channel<FailedItem> dead = Channel.unbuffered();
    PipelineRun<List<Integer>> run =
        Pipeline.from(range(30))
            .map("parse", PipelineErrorPolicyTest::failOnSevens,
                StageOptions.defaults().withErrorPolicy(ErrorPolicy.deadLetter(dead)))
            .toList()
            .start(BG);
    List<Object> items = new ArrayList<>();
    for (int k = 0; k < 5; k++) {
      assertThat(run.isDone()).isFalse(); // item 28 is still to be dead-lettered
      items.add(dead.receive().item());
    }
    assertThat(run.await()).isEqualTo(survivors(30));
    assertThat(items).containsExactly(0, 7, 14, 21, 28);
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void failIsTheDefaultAndStopsAtTheFirstFailingItem(StageOptions options) {
    assertThat(options.errorPolicy()).isEqualTo(ErrorPolicy.fail());
    assertThatThrownBy(
            () ->
                Pipeline.from(range(1, 100))
                    .map("parse", PipelineErrorPolicyTest::failOnSevens, options)
                    .toList()
                    .run(BG))
        .isInstanceOf(PipelineException.class)
        .cause()
        .isInstanceOf(IOException.class);
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void everyFunctionStageAppliesItsPolicy(StageOptions options) throws Exception {
    StageOptions skip = options.withErrorPolicy(ErrorPolicy.skip());
    Set<Integer> tapped = ConcurrentHashMap.newKeySet();
    PipelineRun<List<Integer>> run =
        Pipeline.from(range(60))
            .filter("filter", i -> 10 / (i % 10) > 0, skip) // i % 10 == 0 throws
            .flatMap(
                "flatMap",
                i -> {
                  if (i % 10 == 1) throw new IOException("flat " + i);
                  return List.of(i);
                },
                skip)
            .tap(
                "tap",
                i -> {
                  if (i % 10 == 2) throw new IOException("tap " + i);
                  tapped.add(i);
                },
                skip)
            .map("nulls", i -> i % 10 == 3 ? null : i, skip)
            .toList()
            .start(BG);
    List<Integer> out = run.await();
    List<Integer> expected = range(60).stream().filter(i -> i % 10 > 3).toList();
    if (options.ordered()) assertThat(out).isEqualTo(expected);
    else assertThat(out).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(tapped).hasSize(42);
    assertThat(run.metrics()).extracting(StageMetrics::itemsFailed).containsExactly(0L, 6L, 6L, 6L, 6L, 0L);
    assertThat(run.metrics()).extracting(StageMetrics::itemsOut).containsExactly(60L, 54L, 48L, 42L, 36L, 36L);
  }

  @Test
  void orderedOutputSkipsItemsEvenWhenTheFailuresAreSlowAndTheSurvivorsFast() throws Exception {
    List<Integer> out =
        Pipeline.from(range(100))
            .map(
                "slowFailures",
                i -> {
                  if (i % 3 == 0) {
                    Thread.sleep(Duration.ofMillis(1));
                    throw new IOException("slow failure " + i);
                  }
                  return i;
                },
                StageOptions.parallel(4).withErrorPolicy(ErrorPolicy.skip()))
            .toList()
            .run(BG);
    assertThat(out).isEqualTo(range(100).stream().filter(i -> i % 3 != 0).toList());
  }

  @Test
  void aSinkSkipsItsFailingItems() throws Exception {
    List<Integer> stored = new ArrayList<>();
    List<FailedItem> dead = new ArrayList<>();
    PipelineRun<Void> run =
        Pipeline.from(range(20))
            .forEach(
                "store",
                i -> {
                  if (i % 5 == 0) throw new IOException("store " + i);
                  stored.add(i);
                },
                StageOptions.defaults().withErrorPolicy(ErrorPolicy.deadLetter(dead::add)))
            .start(BG);
    run.await();
    assertThat(stored).isEqualTo(range(20).stream().filter(i -> i % 5 != 0).toList());
    assertThat(dead).extracting(FailedItem::item).containsExactly(0, 5, 10, 15);
    assertThat(run.metrics().get(1).itemsOut()).isEqualTo(16);
    assertThat(run.metrics().get(1).itemsFailed()).isEqualTo(4);
  }

  @Test
  void stagesWithoutAPerItemFunctionAcceptOnlyFail() {
    StageOptions skip = StageOptions.defaults().withErrorPolicy(ErrorPolicy.skip());
    assertThatThrownBy(() -> Pipeline.from(range(3)).batch("b", 2, Duration.ofSeconds(1), skip))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Pipeline: a batch stage has no per-item function");
    assertThatThrownBy(() -> Pipeline.from(range(3)).toChannel("c", Channel.buffered(3), skip))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Pipeline: a toChannel stage has no per-item function");
  }

  @Test
  void policiesAreValidatedValues() {
    assertThat(ErrorPolicy.skip()).isEqualTo(ErrorPolicy.skip()).isNotEqualTo(ErrorPolicy.fail());
    assertThat(StageOptions.defaults().withErrorPolicy(ErrorPolicy.skip()).withParallelism(3).errorPolicy())
        .isEqualTo(ErrorPolicy.skip());
    assertThatThrownBy(() -> StageOptions.defaults().withErrorPolicy(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("StageOptions: errorPolicy is null");
    assertThatThrownBy(() -> ErrorPolicy.deadLetter((dev.weft.task.ThrowingConsumer<FailedItem>) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("ErrorPolicy: dead-letter sink is null");
    assertThatThrownBy(() -> new FailedItem("s", 1, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("FailedItem: error is null");
  }
}
