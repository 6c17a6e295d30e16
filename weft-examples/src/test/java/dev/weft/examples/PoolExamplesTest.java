package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The worker-pool examples run to completion and print the lines that show their pattern. */
@Timeout(20)
class PoolExamplesTest {

  private static List<String> run(Example e) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    long start = System.nanoTime();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      e.run(out);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(e.name()).matches("[a-z]+(-[a-z]+)*");
    assertThat(e.description()).isNotBlank().doesNotContain("\n");
    assertThat(e.goIdiom()).isNotBlank().doesNotContain("\n");
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private static int number(String regex, String text) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("'%s' in '%s'", regex, text).isTrue();
    return Integer.parseInt(m.group(1));
  }

  @Test
  void workerPool() throws Exception {
    WorkerPoolExample e = new WorkerPoolExample();
    assertThat(e.name()).isEqualTo("worker-pool");
    List<String> out = run(e);
    assertThat(out).hasSize(12);
    assertThat(out.get(0)).isEqualTo("pool: 3 workers, queue of 100, 9 jobs");
    for (int i = 1; i <= 9; i++) assertThat(out.get(i)).isEqualTo("  job " + i + " -> " + i * i);
    assertThat(number("at most (\\d+) jobs at once", out.get(10))).isBetween(1, 3);
    assertThat(number("on (\\d+) workers", out.get(10))).isBetween(1, 3);
    assertThat(out.get(11)).isEqualTo("metrics: submitted=9 succeeded=9 failed=0 dropped=0");
  }

  @Test
  void workerPoolResults() throws Exception {
    WorkerPoolResultsExample e = new WorkerPoolResultsExample();
    assertThat(e.name()).isEqualTo("worker-pool-results");
    assertThat(run(e))
        .containsExactly(
            "part 1: four pages, the last one fastest",
            "  finished in order: d, c, b, a",
            "  result: page a (100 bytes)",
            "  result: page b (200 bytes)",
            "  result: page c (300 bytes)",
            "  result: page d (400 bytes)",
            "part 2: one task fails while the others run or wait",
            "  await threw: java.io.IOException: backend unavailable",
            "  running task: CANCELLED",
            "  queued tasks cancelled: 3 of 3",
            "  pool metrics: failed=1 cancelled=4");
  }

  @Test
  void dynamicResize() throws Exception {
    DynamicResizeExample e = new DynamicResizeExample();
    assertThat(e.name()).isEqualTo("dynamic-resize");
    List<String> out = run(e);
    assertThat(out)
        .containsExactly(
            "burst of 24 jobs, limit 2: running=2 waiting=22 maxWorkers=2",
            "backlog too deep: resize(8): running=8 waiting=16 maxWorkers=8",
            "burst done: 24 jobs, at most 8 at once",
            "after resize(1): 16 more jobs, at most 1 at once",
            "total done: 40 of 40, lost: 0");
  }

  @Test
  void gracefulShutdown() throws Exception {
    GracefulShutdownExample e = new GracefulShutdownExample();
    assertThat(e.name()).isEqualTo("graceful-shutdown");
    List<String> out = run(e);
    List<String> main = out.get(0).startsWith("(cannot handle SIGTERM") ? out.subList(1, out.size()) : out;
    assertThat(main)
        .containsExactly(
            "serving: 6 requests in flight on 3 workers",
            "received SIGTERM: stop intake, drain with a 2 s deadline",
            "  a new request during the drain: rejected (STOPPED)",
            "  drained: 6 of 6 requests completed, 0 interrupted, 0 cancelled",
            "a request that outlives the drain deadline:",
            "  stop(200 ms): interrupted 1 running request(s); stuck request: CANCELLED");
  }

  @Test
  void gracefulShutdownReallyHandlesSigtermOnThisJdk() throws Exception {
    List<String> out = run(new GracefulShutdownExample());
    assertThat(out.get(0)).doesNotStartWith("(cannot handle SIGTERM");
  }

  @Test
  void backpressure() throws Exception {
    BackpressureExample e = new BackpressureExample();
    assertThat(e.name()).isEqualTo("backpressure");
    assertThat(run(e))
        .containsExactly(
            "block: 8 jobs done, the producer found the queue full and waited, queue never above 2",
            "drop: 10 events offered, 3 accepted, 7 dropped (QUEUE_FULL)",
            "http: 2 workers, no queue, 5 requests",
            "  request 1: 200 done",
            "  request 2: 200 done",
            "  request 3: 503 busy (QUEUE_FULL)",
            "  request 4: 503 busy (QUEUE_FULL)",
            "  request 5: 503 busy (QUEUE_FULL)");
  }
}
