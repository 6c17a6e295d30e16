package dev.weft.flow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.chan.Channel;
import dev.weft.context.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each source, operator and sink does what it says, in order with the default options, and a
 * runnable pipeline can run again with fresh state.
 */
@Timeout(10)
class PipelineOperatorsTest {

  private static final Context BG = Context.background();

  static List<Integer> range(int from, int to) {
    return IntStream.range(from, to).boxed().toList();
  }

  @Test
  void mapFilterFlatMapAndTapInOrder() throws Exception {
    List<Integer> tapped = new CopyOnWriteArrayList<>();
    List<String> out =
        Pipeline.from(range(0, 10))
            .map("square", i -> i * i)
            .filter("even", i -> i % 2 == 0)
            .tap(tapped::add)
            .flatMap("twice", i -> List.of(i + "a", i + "b"))
            .toList()
            .run(BG);
    assertThat(out)
        .containsExactly("0a", "0b", "4a", "4b", "16a", "16b", "36a", "36b", "64a", "64b");
    assertThat(tapped).containsExactly(0, 4, 16, 36, 64);
  }

  @Test
  void flatMapMayEmitNothing() throws Exception {
    List<Integer> out =
        Pipeline.from(range(0, 5)).flatMap("none", i -> List.<Integer>of()).toList().run(BG);
    assertThat(out).isEmpty();
  }

  @Test
  void anEmptySourceGivesAnEmptyResult() throws Exception {
    assertThat(Pipeline.from(List.<Integer>of()).map("id", i -> i).toList().run(BG)).isEmpty();
  }

  @Test
  void channelSourceReadsUntilClosedAndLeavesTheChannelOpenForItsOwner() throws Exception {
    Channel<Integer> in = Channel.buffered(5);
    for (int i = 0; i < 5; i++) in.send(i);
    in.close();
    assertThat(Pipeline.fromChannel(in).map("x10", i -> i * 10).toList().run(BG))
        .containsExactly(0, 10, 20, 30, 40);
  }

  @Test
  void generatorSourceEmitsUntilItReturns() throws Exception {
    List<Integer> out =
        Pipeline.<Integer>generate(
                emit -> {
                  for (int i = 0; i < 100; i++) emit.emit(i);
                })
            .toList()
            .run(BG);
    assertThat(out).isEqualTo(range(0, 100));
  }

  @Test
  void collectUsesAFreshContainerPerRunAndTheRunnableIsReusable() throws Exception {
    RunnablePipeline<String> p =
        Pipeline.from(range(1, 4)).map("str", String::valueOf).collect(Collectors.joining(","));
    assertThat(p.run(BG)).isEqualTo("1,2,3");
    assertThat(p.run(BG)).isEqualTo("1,2,3");
    assertThat(p.stageNames()).containsExactly("source", "str", "sink");
  }

  @Test
  void forEachCallsTheConsumerInOrderAndReturnsNull() throws Exception {
    List<Integer> seen = new ArrayList<>(); // one thread calls it; run's return publishes it
    assertThat(Pipeline.from(range(0, 50)).forEach(seen::add).run(BG)).isNull();
    assertThat(seen).isEqualTo(range(0, 50));
  }

  @Test
  void toChannelSendsEveryItemAndClosesTheChannel() throws Exception {
    Channel<Integer> out = Channel.buffered(2);
    PipelineRun<Void> run = Pipeline.from(range(0, 20)).toChannel(out).start(BG);
    List<Integer> got = new ArrayList<>();
    for (int v : out) got.add(v); // ends because the sink closes the channel
    assertThat(run.await()).isNull();
    assertThat(got).isEqualTo(range(0, 20));
  }

  @Test
  void toChannelFailsIfSomeoneElseClosesTheChannel() throws Exception {
    Channel<Integer> out = Channel.unbuffered();
    out.close();
    assertThatThrownBy(() -> Pipeline.from(range(0, 3)).toChannel(out).run(BG))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("'sink'")
        .hasRootCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void defaultNamesAreNumberedWhenTaken() {
    RunnablePipeline<Void> p =
        Pipeline.from(range(0, 1)).tap(i -> {}).tap(i -> {}).forEach(i -> {});
    assertThat(p.stageNames()).containsExactly("source", "tap", "tap-3", "sink");
    assertThat(p).hasToString("RunnablePipeline[source, tap, tap-3, sink]");
  }

  @Test
  void rejectsBadArgumentsNamingTheTypeAndArgument() {
    Pipeline<Integer> p = Pipeline.from(range(0, 1));
    assertThatThrownBy(() -> p.map("source", i -> i))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Pipeline: duplicate stage name 'source'");
    assertThatThrownBy(() -> p.map(" ", i -> i))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Pipeline: stage name is blank");
    assertThatThrownBy(() -> p.map("m", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Pipeline: fn is null");
    assertThatThrownBy(() -> p.batch("b", 0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Pipeline: batch size must be >= 1, got 0");
    assertThatThrownBy(() -> p.batch("b", 2, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Pipeline: batch maxWait must be > 0, got PT0S");
    assertThatThrownBy(() -> p.forEach("s", i -> {}, StageOptions.parallel(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Pipeline: a sink stage runs on one thread; parallelism must be 1, got 2");
    assertThatThrownBy(() -> StageOptions.parallel(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("StageOptions: parallelism must be >= 1, got 0");
    assertThatThrownBy(() -> StageOptions.defaults().withBuffer(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("StageOptions: buffer must be >= 0, got -1");
    assertThatThrownBy(() -> p.toList().run(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Pipeline: ctx is null");
  }

  @Test
  void optionsHaveDefaultsAndWithers() {
    assertThat(StageOptions.defaults()).isEqualTo(new StageOptions(1, 16, true));
    assertThat(StageOptions.parallel(4).withBuffer(0).unordered())
        .isEqualTo(new StageOptions(4, 0, false));
  }
}
