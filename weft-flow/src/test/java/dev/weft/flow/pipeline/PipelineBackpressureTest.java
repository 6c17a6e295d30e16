package dev.weft.flow.pipeline;

import static dev.weft.test.Waiting.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.test.Gate;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A blocked sink holds the whole pipeline back: an endless source gets only as far ahead as the
 * buffers and the stages' threads can hold, never further.
 */
@Timeout(10)
class PipelineBackpressureTest {

  /** An endless iterable counting how many elements were pulled from it. */
  static final class Counting implements Iterable<Integer> {
    final AtomicInteger pulled = new AtomicInteger();

    @Override
    public Iterator<Integer> iterator() {
      return new Iterator<>() {
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
  }

  @ParameterizedTest(name = "parallelism {0}, buffer {1}, sink buffer {2}")
  @CsvSource({"1, 0, 0", "2, 3, 1", "4, 8, 2"})
  void aBlockedSinkStopsTheSourceAfterBufferPlusParallelismItems(int par, int buf, int sinkBuf)
      throws Exception {
    Counting source = new Counting();
    Gate sinkGate = new Gate();
    AtomicInteger consumed = new AtomicInteger();
    PipelineRun<Void> run =
        Pipeline.from(source)
            // unfused: every stage on its own threads behind its buffer, the layout this bound counts
            .map("work", i -> i, StageOptions.parallel(par).withBuffer(buf).unordered().unfused())
            .forEach(
                "sink",
                i -> {
                  consumed.incrementAndGet();
                  sinkGate.pass();
                },
                StageOptions.defaults().withBuffer(sinkBuf))
            .start(Context.background());
    // Ahead of the sink: 1 in the sink's hands, sinkBuf queued for it, par held by the workers,
    // buf queued for them, and 1 held by the source while it waits to send.
    int bound = 1 + sinkBuf + par + buf + 1;
    // the sink counts its item after it received it, and the sink's queue may refill before that
    until(() -> source.pulled.get() == bound && run.metrics().get(1).queueDepth() == buf
        && run.metrics().get(2).queueDepth() == sinkBuf && consumed.get() == 1);
    assertThat(consumed.get()).isEqualTo(1);
    assertThat(source.pulled.get()).isEqualTo(bound);
    List<StageMetrics> m = run.metrics();
    assertThat(m.get(0).itemsOut()).isEqualTo(bound - 1); // the last pulled item is not sent yet
    assertThat(m.get(1).itemsOut()).isEqualTo(1 + sinkBuf); // the sink took one, sinkBuf wait
    run.cancel();
    sinkGate.open();
    assertThatThrownBy(run::await).isInstanceOf(ContextCancelledException.class);
    assertThat(source.pulled.get()).isEqualTo(bound);
  }

  @Test
  void aGeneratorIsHeldBackByEmit() throws Exception {
    AtomicInteger emitted = new AtomicInteger();
    Gate sinkGate = new Gate();
    PipelineRun<Void> run =
        Pipeline.<Integer>generate(
                emit -> {
                  for (int i = 0; ; i++) {
                    emit.emit(i);
                    emitted.incrementAndGet();
                  }
                })
            .forEach("sink", i -> sinkGate.pass(), StageOptions.defaults().withBuffer(4).unfused())
            .start(Context.background());
    // 1 in the sink, 4 queued; the 6th item is counted in and its emit is waiting
    until(() -> run.metrics().get(0).itemsIn() == 6 && emitted.get() == 5);
    assertThat(run.metrics().get(1).queueDepth()).isEqualTo(4);
    assertThat(run.metrics().get(0).itemsOut()).isEqualTo(5);
    run.cancel();
    sinkGate.open();
    assertThatThrownBy(run::await).isInstanceOf(ContextCancelledException.class);
  }
}
