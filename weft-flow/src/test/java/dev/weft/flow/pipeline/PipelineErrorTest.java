package dev.weft.flow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.chan.Channel;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The first exception in any stage (source, middle, sink) cancels the whole run and surfaces as a
 * PipelineException naming the stage, with the original as cause and later failures suppressed.
 */
@Timeout(10)
class PipelineErrorTest {

  private static final Context BG = Context.background();

  private static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  @Test
  void errorInTheSourceNamesTheSource() {
    IllegalStateException boom = new IllegalStateException("iterator broke");
    Iterable<Integer> broken =
        () ->
            new Iterator<>() {
              int i;

              @Override
              public boolean hasNext() {
                return true;
              }

              @Override
              public Integer next() {
                if (i == 5) throw boom;
                return i++;
              }
            };
    assertThatThrownBy(() -> Pipeline.from("read", broken).map("id", i -> i).toList().run(BG))
        .isInstanceOfSatisfying(
            PipelineException.class,
            e -> {
              assertThat(e.stage()).isEqualTo("read");
              assertThat(e.getCause()).isSameAs(boom);
              assertThat(e).hasMessage("Pipeline: stage 'read' failed: " + boom);
              assertThat(e.getSuppressed()).isEmpty();
            });
  }

  @Test
  void errorInAMiddleStageNamesItAndKeepsTheOriginalStack() {
    IOException boom = new IOException("enrich failed");
    assertThatThrownBy(
            () ->
                Pipeline.from(range(100))
                    .map("parse", i -> i)
                    .map(
                        "enrich",
                        i -> {
                          if (i == 42) throw boom;
                          return i;
                        },
                        StageOptions.parallel(4))
                    .toList()
                    .run(BG))
        .isInstanceOfSatisfying(
            PipelineException.class,
            e -> {
              assertThat(e.stage()).isEqualTo("enrich");
              assertThat(e.getCause()).isSameAs(boom);
            });
    assertThat(boom.getStackTrace()[0].getMethodName()).contains("errorInAMiddleStage");
  }

  @Test
  void errorInTheSinkNamesTheSink() {
    ArithmeticException boom = new ArithmeticException("sink");
    assertThatThrownBy(
            () ->
                Pipeline.from(range(10))
                    .forEach(
                        "store",
                        i -> {
                          if (i == 3) throw boom;
                        },
                        StageOptions.defaults())
                    .run(BG))
        .isInstanceOf(PipelineException.class)
        .hasMessageStartingWith("Pipeline: stage 'store' failed")
        .cause()
        .isSameAs(boom);
  }

  @Test
  void errorInAGeneratorNamesIt() {
    assertThatThrownBy(
            () ->
                Pipeline.<Integer>generate(
                        "gen",
                        emit -> {
                          emit.emit(1);
                          throw new IOException("gen");
                        })
                    .toList()
                    .run(BG))
        .isInstanceOf(PipelineException.class)
        .hasMessageStartingWith("Pipeline: stage 'gen' failed: java.io.IOException: gen");
  }

  @Test
  void aFailureCancelsTheOtherStagesWhichStopPromptly() throws Exception {
    AtomicReference<Throwable> generatorSaw = new AtomicReference<>();
    assertThatThrownBy(
            () ->
                Pipeline.<Integer>generate(
                        emit -> {
                          try {
                            for (int i = 0; ; i++) emit.emit(i); // endless
                          } catch (ContextCancelledException e) {
                            generatorSaw.set(e);
                            throw e;
                          }
                        })
                    .map(
                        "fails",
                        i -> {
                          if (i == 3) throw new IllegalStateException("three");
                          return i;
                        })
                    .forEach(i -> {})
                    .run(BG))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("'fails'");
    // run returned only after the generator ended: it was told by its emit
    assertThat(generatorSaw.get())
        .isInstanceOf(ContextCancelledException.class)
        .cause()
        .isInstanceOf(PipelineException.class);
  }

  @Test
  void laterFailuresAreSuppressedIntoTheFirst() throws Exception {
    CountDownLatch bothRunning = new CountDownLatch(2);
    PipelineException e =
        (PipelineException)
            org.assertj.core.api.Assertions.catchThrowable(
                () ->
                    Pipeline.from(range(2))
                        .map(
                            "a",
                            i -> {
                              bothRunning.countDown();
                              bothRunning.await();
                              throw new IllegalStateException("item " + i);
                            },
                            StageOptions.parallel(2).unordered())
                        .toList()
                        .run(BG));
    assertThat(e.stage()).isEqualTo("a");
    assertThat(e.getSuppressed()).hasSize(1);
    PipelineException later = (PipelineException) e.getSuppressed()[0];
    assertThat(later.stage()).isEqualTo("a");
    assertThat(List.of(e.getCause().getMessage(), later.getCause().getMessage()))
        .containsExactlyInAnyOrder("item 0", "item 1");
  }

  @Test
  void aToChannelSinkClosesItsChannelWhenTheRunFails() throws Exception {
    Channel<Integer> out = Channel.buffered(100);
    assertThatThrownBy(
            () ->
                Pipeline.from(range(10))
                    .map(
                        "five",
                        i -> {
                          if (i == 5) throw new IllegalStateException("five");
                          return i;
                        })
                    .toChannel(out)
                    .run(BG))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("'five'");
    assertThat(out.isClosedForSend()).isTrue();
    int n = 0;
    for (int v : out) assertThat(v).isEqualTo(n++); // what got through, in order, then closed
    assertThat(n).isBetween(0, 5);
  }

  @Test
  void aNullResultFailsTheStage() {
    assertThatThrownBy(() -> Pipeline.from(range(3)).map("nul", i -> (Integer) null).toList().run(BG))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("'nul'")
        .cause()
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Pipeline: stage 'nul' emitted null");
  }

  @Test
  void aFailingCollectorFailsTheSink() {
    assertThatThrownBy(
            () ->
                Pipeline.from(range(3))
                    .collect(
                        java.util.stream.Collector.<Integer, int[], Integer>of(
                            () -> new int[1],
                            (a, i) -> a[0] += i,
                            (a, b) -> a,
                            a -> {
                              throw new UnsupportedOperationException("finish");
                            }))
                    .run(BG))
        .isInstanceOf(PipelineException.class)
        .hasMessageStartingWith("Pipeline: stage 'sink' failed")
        .hasCauseInstanceOf(UnsupportedOperationException.class);
  }
}
