package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.chan.Channel;
import dev.weft.chan.Select;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.flow.pipeline.Pipeline;
import dev.weft.flow.pipeline.StageOptions;
import dev.weft.flow.pool.PoolConfig;
import dev.weft.flow.pool.ResultGroup;
import dev.weft.flow.pool.WorkerPool;
import dev.weft.sync.ErrGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The code in README.md's "A taste" section compiles and does what the README implies. */
class ReadmeTasteTest {

  @Test
  @Timeout(10)
  void tasteRuns() throws Exception {
    List<String> printed = new ArrayList<>();
    // ---- README: A taste (keep in step with README.md) ----
    Channel<String> jobs = Channel.buffered(16);
    Channel<String> results = Channel.unbuffered();

    try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(2))) {
      ErrGroup g = ErrGroup.withContext(ctx);
      for (int w = 0; w < 4; w++) {
        g.go(() -> {
          for (String job : jobs) results.send(job.repeat(2), g.context());
        });
      }
      g.go(() -> { for (String s : List.of("a", "b", "c")) jobs.send(s); jobs.close(); });

      for (int i = 0; i < 3; i++) {
        String line = new Select<String>()
            .onReceive(results, r -> "result " + r)
            .onDone(ctx, () -> "gave up: " + ctx.err().orElseThrow())
            .onTimeout(Duration.ofMillis(500), () -> "idle")
            .select();
        printed.add(line); // README: System.out.println(line);
      }
      g.await();
    }
    // ---- end ----
    assertThat(printed).containsExactlyInAnyOrder("result aa", "result bb", "result cc");
  }

  @Test
  @Timeout(10)
  void flowTasteRuns() throws Exception {
    List<String> printed = new ArrayList<>();
    // ---- README: weft-flow taste (keep in step with README.md) ----
    try (WorkerPool pool = WorkerPool.create(PoolConfig.defaults().withMaxWorkers(8).withBoundedQueue(64))) {
      ResultGroup<Integer> sizes = pool.group();
      for (String word : List.of("go", "weft", "loom")) sizes.submit(word::length);
      printed.add(String.valueOf(sizes.await())); // README: System.out.println(sizes.await());
    }

    List<List<Integer>> batches =
        Pipeline.from(List.of("1", "2", "3", "4", "5"))
            .map("parse", Integer::parseInt)
            .map("square", x -> x * x, StageOptions.parallel(4)) // 4 threads, input order kept
            .batch("batch", 2, Duration.ofSeconds(1))
            .toList()
            .run(Context.background());
    printed.add(String.valueOf(batches)); // README: System.out.println(batches);
    // ---- end ----
    assertThat(printed).containsExactly("[2, 4, 4]", "[[1, 4], [9, 16], [25]]");
  }
}
