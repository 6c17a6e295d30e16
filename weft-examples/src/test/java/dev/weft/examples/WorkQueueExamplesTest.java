package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The work-queue example converges, retries its transient failure and prints the same every run.
 */
@Timeout(10)
class WorkQueueExamplesTest {

  private static List<String> run(Example e) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      e.run(out);
    }
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void describesItself() {
    Example e = new WorkQueueExample();
    assertThat(e.name()).isEqualTo("work-queue");
    assertThat(e.description()).isNotBlank().doesNotContain("\n");
    assertThat(e.goIdiom()).isNotBlank().doesNotContain("\n");
  }

  @RepeatedTest(3)
  void dedupsEventsReconcilesEachKeySequentiallyAndRetriesTheTransientFailure() throws Exception {
    assertThat(run(new WorkQueueExample()))
        .containsExactly(
            "events: web, api, web, worker, web -> 3 keys queued (duplicates collapse)",
            "reconcile loop: 2 workers",
            "history per key (each sequential: one worker per key at a time):",
            "  web:    #1 scale 1 -> 3",
            "  web:    #1 event: desired is now 5; web added again while in flight (dirty)",
            "  web:    #2 scale 3 -> 5",
            "  api:    #1 in sync at 2",
            "  worker: #1 failed: node not ready -> requeued with back-off",
            "  worker: #2 retry after the back-off (waited >= 20 ms: true)",
            "  worker: #2 scale 0 -> 1",
            "actual: {api=2, web=5, worker=1}, desired: {api=2, web=5, worker=1}, in sync: true",
            "metrics: reconciled=4, errors=1, requeued=1, dropped=0",
            "queue after stop: shut down=true, len=0");
  }
}
