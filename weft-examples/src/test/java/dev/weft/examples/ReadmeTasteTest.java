package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.chan.Channel;
import dev.weft.chan.Select;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
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
}
