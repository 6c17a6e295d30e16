package dev.weft.flow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.Context;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Metrics come in stage order with exact counts after the run, and the blocked times point at the
 * bottleneck: upstream of it waits to send, downstream waits to receive.
 */
@Timeout(10)
class PipelineMetricsTest {

  @Test
  void countsAreExactAfterTheRunAndInStageOrder() throws Exception {
    PipelineRun<List<List<Integer>>> run =
        Pipeline.from(IntStream.range(0, 100).boxed().toList())
            .map("double", i -> 2 * i, StageOptions.parallel(3).withBuffer(5))
            .filter("small", i -> i < 50)
            .flatMap("twice", i -> List.of(i, i))
            .batch("tens", 10, Duration.ofHours(1))
            .toList()
            .start(Context.background());
    assertThat(run.await()).hasSize(5);
    List<StageMetrics> m = run.metrics();
    assertThat(m).extracting(StageMetrics::name)
        .containsExactly("source", "double", "small", "twice", "tens", "sink");
    assertThat(m).extracting(StageMetrics::kind)
        .containsExactly("source", "map", "filter", "flatMap", "batch", "sink");
    assertThat(m).extracting(StageMetrics::parallelism).containsExactly(1, 3, 1, 1, 1, 1);
    assertThat(m).extracting(StageMetrics::itemsIn).containsExactly(100L, 100L, 100L, 25L, 50L, 5L);
    assertThat(m).extracting(StageMetrics::itemsOut).containsExactly(100L, 100L, 25L, 50L, 5L, 5L);
    assertThat(m).extracting(StageMetrics::itemsFailed).containsOnly(0L);
    assertThat(m).extracting(StageMetrics::queueDepth).containsOnly(0);
    assertThat(m).extracting(StageMetrics::queueCapacity).containsExactly(0, 5, 16, 16, 16, 16);
    assertThat(m).allSatisfy(s -> {
      assertThat(s.blockedSendNanos()).isNotNegative();
      assertThat(s.blockedReceiveNanos()).isNotNegative();
    });
  }

  @Test
  void blockedTimesPointAtTheSlowStage() throws Exception {
    PipelineRun<Void> run =
        Pipeline.from(IntStream.range(0, 40).boxed().toList())
            .map(
                "slow",
                i -> {
                  Thread.sleep(1);
                  return i;
                },
                StageOptions.defaults().withBuffer(2).unfused()) // its own thread: blocked times between threads
            .forEach(i -> {})
            .start(Context.background());
    run.await();
    List<StageMetrics> m = run.metrics();
    // 40 items cannot fit in a buffer of 2 ahead of a stage that sleeps: the source waited to send
    assertThat(m.get(0).blockedSendNanos()).isPositive();
    // and the sink had to wait for each item
    assertThat(m.get(2).blockedReceiveNanos()).isPositive();
  }

  @Test
  void tableShowsOneLinePerStage() throws Exception {
    PipelineRun<List<Integer>> run =
        Pipeline.from(List.of(1, 2, 3)).map("a-long-stage-name", i -> i).toList().start(Context.background());
    run.await();
    String table = StageMetrics.table(run.metrics());
    List<String> lines = table.lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).startsWith("stage").contains("in", "out", "failed", "send-wait", "recv-wait", "queue");
    assertThat(lines.get(2)).startsWith("a-long-stage-name  map").contains(" 3 ").endsWith("0/16");
  }
}
