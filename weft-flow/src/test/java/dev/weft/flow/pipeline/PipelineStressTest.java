package dev.weft.flow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many short runs with random parallelism, buffers, ordering, and a random outcome (complete, fail
 * at item k, cancel at item k): every run ends with the outcome it was set up for, ordered runs
 * deliver in order, and no thread is left.
 */
@Tag("stress")
@Timeout(60)
class PipelineStressTest {

  @Test
  void randomPipelinesEndAsExpected() throws Exception {
    SplittableRandom rnd = new SplittableRandom(20261122);
    long deadline = System.nanoTime() + (Boolean.getBoolean("weft.soak") ? 60 : 3) * 1_000_000_000L;
    int runs = 0;
    while (System.nanoTime() < deadline) {
      runs++;
      int n = rnd.nextInt(0, 300);
      int p1 = rnd.nextInt(1, 5);
      int p2 = rnd.nextInt(1, 5);
      boolean ordered = rnd.nextBoolean();
      int outcome = rnd.nextInt(3); // 0 complete, 1 fail, 2 cancel
      int k = n == 0 ? 0 : rnd.nextInt(n);
      StageOptions o1 = new StageOptions(p1, rnd.nextInt(0, 5), ordered);
      StageOptions o2 = new StageOptions(p2, rnd.nextInt(0, 5), ordered);
      try (CancelContext ctx = Context.withCancel(Context.background())) {
        RunnablePipeline<List<Integer>> p =
            Pipeline.from(IntStream.range(0, n).boxed().toList())
                .map(
                    "a",
                    i -> {
                      if (i == k && outcome == 1) throw new IllegalStateException("k");
                      if (i == k && outcome == 2) ctx.cancel();
                      if ((i & 7) == 0) Thread.sleep(0, 1000); // let other stages interleave
                      return i;
                    },
                    o1)
                .flatMap("b", i -> i % 5 == 0 ? List.of() : List.of(i), o2)
                .toList();
        List<Integer> expected = IntStream.range(0, n).filter(i -> i % 5 != 0).boxed().toList();
        try {
          List<Integer> got = p.run(ctx);
          assertThat(outcome == 0 || n == 0).as("run %d completed unexpectedly", runs).isTrue();
          if (ordered) assertThat(got).isEqualTo(expected);
          else assertThat(got).containsExactlyInAnyOrderElementsOf(expected);
        } catch (PipelineException e) {
          assertThat(outcome).as("run %d: %s", runs, e).isEqualTo(1);
          assertThat(e.stage()).isEqualTo("a");
        } catch (ContextCancelledException e) {
          assertThat(outcome).as("run %d: %s", runs, e).isEqualTo(2);
        }
      }
    }
    assertThat(runs).isPositive();
  }
}
