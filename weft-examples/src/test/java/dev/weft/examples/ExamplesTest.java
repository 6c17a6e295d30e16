package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each example runs to completion and prints the lines that show its pattern. */
@Timeout(10)
class ExamplesTest {

  /** Runs the registered example {@code name}, checks it took under 5 s, returns its lines. */
  static List<String> run(String name) throws Exception {
    return runWithin(name, 5);
  }

  /**
   * Runs the registered example {@code name}, checks it took under {@code seconds}, returns its
   * lines. Examples that start processes of their own (a redis-server, worker JVMs) get longer.
   */
  static List<String> runWithin(String name, int seconds) throws Exception {
    Example e = Examples.named(name).orElseThrow();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    long start = System.nanoTime();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      e.run(out);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isLessThan(Duration.ofSeconds(seconds));
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private static int number(String regex, String text) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("'%s' in '%s'", regex, text).isTrue();
    return Integer.parseInt(m.group(1));
  }

  @Test
  void registryListsEveryExampleOnceInTourOrder() {
    assertThat(Examples.all())
        .extracting(Example::name)
        .containsExactly(
            "handshake",
            "event-loop",
            "broadcast",
            "producer-consumer",
            "context-timeout",
            "afterfunc",
            "priority-select",
            "starvation",
            "cond-signal",
            "cond-broadcast",
            "fork-join",
            "barrier",
            "semaphore",
            "errgroup",
            "singleflight",
            "once",
            "ticker-rate-limit",
            "backoff-jitter",
            "leak-detection",
            "nil-channel-select",
            "dynamic-select",
            "supervisor",
            "object-pool",
            "trace-context",
            "worker-pool",
            "worker-pool-results",
            "dynamic-resize",
            "backpressure",
            "graceful-shutdown",
            "fan-out",
            "fan-in",
            "pipeline",
            "pub-sub",
            "ring-buffer",
            "work-queue",
            "priority",
            "sharded-map",
            "rate-limit",
            "rate-limit-http",
            "circuit-breaker",
            "retry-budget",
            "bulkhead",
            "debounce-throttle",
            "resilience-composition",
            "rwlock-vs-sharded-vs-atomic",
            "lock-free",
            "false-sharing",
            "happens-before",
            "virtual-thread-scheduling",
            "work-stealing",
            "throughput-vs-latency",
            "contention-profile",
            "map-reduce",
            "distributed-rate-limit",
            "redis-failure");
    for (Example e : Examples.all()) {
      assertThat(e.name()).matches("[a-z]+(-[a-z]+)*");
      assertThat(e.description()).isNotBlank().doesNotContain("\n");
      assertThat(e.goIdiom()).isNotBlank().doesNotContain("\n");
    }
  }

  /** Names, descriptions, idioms and the example sources speak to users, not to a catalogue. */
  @Test
  void examplesNameTheGoIdiomTheyMirrorAndNoCatalogue() throws IOException {
    Pattern catalogue =
        Pattern.compile(
            "(?i)\\bseed\\s+0\\d\\d|\\bquestions?\\s+\\d{3}|\\bthe seed's|\\bin the seeds?\\b"
                + "|seed catalogue|seed pattern");
    for (Example e : Examples.all()) {
      assertThat(e.goIdiom()).as(e.name()).containsIgnoringCase("go").doesNotContainPattern(catalogue);
      assertThat(e.description()).as(e.name()).doesNotContainPattern(catalogue);
    }
    Path sources = Path.of("src/main/java");
    assertThat(sources).isDirectory();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(sources)) {
      files = walk.filter(f -> f.toString().endsWith(".java")).toList();
    }
    assertThat(files).hasSizeGreaterThan(Examples.all().size());
    for (Path f : files) assertThat(Files.readString(f)).as(f.toString()).doesNotContainPattern(catalogue);
  }

  @Test
  void namedIgnoresCase() {
    assertThat(Examples.named("Pipeline")).containsSame(Examples.named("pipeline").orElseThrow());
    assertThat(Examples.named("PUB-SUB").map(Example::name)).contains("pub-sub");
    assertThat(Examples.named("pipelines")).isEmpty();
  }

  @Test
  void handshake() throws Exception {
    assertThat(run("handshake"))
        .containsExactly(
            "trySend on an unbuffered channel with no receiver: Full",
            "main: ready is closed, config = {image=web:1.4, replicas=3}",
            "main:   ping 1",
            "  player: pong 1",
            "main:   got pong 1",
            "main:   ping 2",
            "  player: pong 2",
            "main:   got pong 2",
            "main:   ping 3",
            "  player: pong 3",
            "main:   got pong 3",
            "main: 3 rounds, every send met its receiver");
  }

  @Test
  void eventLoop() throws Exception {
    assertThat(run("event-loop"))
        .containsExactly(
            "3 clients sent 21 events concurrently",
            "snapshot from the loop: {apples=60, pears=5, plums=15}",
            "loop stopped after applying 21 changes");
  }

  @Test
  void broadcast() throws Exception {
    List<String> out = run("broadcast");
    assertThat(out.get(0)).isEqualTo("5 listeners wait on the same stop channel");
    assertThat(out.get(1)).matches("after one send: listener [1-5] got 'stop'");
    assertThat(out.get(2)).isEqualTo("in the next 100 ms nobody else woke");
    assertThat(out.get(3)).isEqualTo("after close:");
    assertThat(out.subList(4, 8)).allMatch(l -> l.matches("  listener [1-5] saw close"));
    List<String> listenerLines = new ArrayList<>(out.subList(4, 8));
    listenerLines.add(out.get(1));
    assertThat(listenerLines.stream().map(l -> number("listener (\\d)", l))).doesNotHaveDuplicates();
    assertThat(out.get(8)).isEqualTo("all 5 listeners stopped");
    assertThat(out).hasSize(9);
  }

  @Test
  void producerConsumer() throws Exception {
    List<String> out = run("producer-consumer");
    assertThat(out).hasSize(3);
    assertThat(out.get(0)).startsWith("3 producers sent 24 lines; largest len seen ").endsWith(" <= cap 4");
    assertThat(number("largest len seen (\\d+)", out.get(0))).isBetween(0, 4);
    assertThat(number("closing with (\\d+) line", out.get(1))).isBetween(0, 4);
    assertThat(out.get(2)).isEqualTo("both consumer loops ended; consumed 24 of 24 lines");
  }

  @Test
  void contextTimeout() throws Exception {
    List<String> out = run("context-timeout");
    assertThat(out).hasSize(6);
    assertThat(out.get(0)).isEqualTo("deadline in 400 ms for 4 workers");
    assertThat(out.get(1)).isEqualTo("  worker 1 (2 steps): finished");
    assertThat(out.get(2)).isEqualTo("  worker 2 (5 steps): finished");
    assertThat(out.get(3))
        .matches("  worker 3 \\(1000 steps\\): stopped after \\d+ steps: context deadline exceeded");
    assertThat(out.get(4))
        .matches("  worker 4 \\(5000 steps\\): stopped after \\d+ steps: context deadline exceeded");
    assertThat(out.get(5))
        .matches("all workers returned after ~\\d+ ms; ctx.err\\(\\) = context deadline exceeded");
    assertThat(number("after ~(\\d+) ms", out.get(5))).isGreaterThanOrEqualTo(350);
  }

  @Test
  void afterFunc() throws Exception {
    assertThat(run("afterfunc"))
        .containsExactly(
            "part 1: cancel()",
            "  afterFunc: ctx is done, closing the connection",
            "  reader: connection closed after 2 messages, stopping",
            "part 1: stop() after the cleanup ran = false",
            "part 2: work done before cancel; stop() = true",
            "part 2: ctx2 cancelled; the stopped cleanup ran = false");
  }

  @Test
  void prioritySelect() throws Exception {
    List<String> out = run("priority-select");
    assertThat(out).hasSize(3);
    assertThat(out.get(0)).isEqualTo("double select: H1 H2 H3 H4 L1 L2 L3 L4");
    assertThat(out.get(1)).isEqualTo("biased select: H1 H2 H3 H4 L1 L2 L3 L4");
    assertThat(out.get(2)).startsWith("fair select:   ").endsWith("(random: no priority)");
    assertThat(out.get(2).split("\\s+"))
        .contains("H1", "H2", "H3", "H4", "L1", "L2", "L3", "L4");
  }

  @Test
  void starvation() throws Exception {
    List<String> out = run("starvation");
    assertThat(out).hasSize(3);
    assertThat(out.get(0)).isEqualTo("biased, a first:        a=1000 b=0   <- b starves");
    int a = number("a=(\\d+)", out.get(1));
    int b = number("b=(\\d+)", out.get(1));
    assertThat(a + b).isEqualTo(1000);
    assertThat(a).as("fair select shares: a=%d b=%d", a, b).isBetween(350, 650); // 9 sigma
    assertThat(out.get(2)).isEqualTo("biased, b every 10th:   a=900 b=100");
  }

  @Test
  void condSignal() throws Exception {
    assertThat(run("cond-signal"))
        .containsExactly(
            "part 1: set version 1",
            "  waiter 1 woke, sees version 1",
            "  waiter 2 woke, sees version 1",
            "  waiter 3 woke, sees version 1",
            "  waiter 4 woke, sees version 1",
            "  waiter 5 woke, sees version 1",
            "part 2: set version 2",
            "  waiter for version 2 returns (version is 2)",
            "part 2: set version 3",
            "  waiter for version 3 returns (version is 3)",
            "part 2: set version 4",
            "  waiter for version 4 returns (version is 4)");
  }

  @Test
  void forkJoin() throws Exception {
    List<String> out = run("fork-join");
    assertThat(out).hasSize(9);
    assertThat(out.subList(0, 6))
        .containsExactly(
            "fork: 5 test suites, 560 ms of work in all",
            "  suite api  passed in 120 ms",
            "  suite core passed in 150 ms",
            "  suite db   passed in 90 ms",
            "  suite ui   passed in 60 ms",
            "  suite e2e  passed in 140 ms");
    assertThat(out.get(6)).startsWith("join: all 5 done after ");
    assertThat(out.subList(7, 9))
        .containsExactly(
            "fork: sum of squares 1..1000000 in 4 chunks",
            "join: received 4 partial sums, total 333333833333500000 = n(n+1)(2n+1)/6");
  }

  @Test
  void semaphore() throws Exception {
    List<String> out = run("semaphore");
    assertThat(out).hasSize(9);
    assertThat(number("channel of 3 tokens: 10 tasks, at most (\\d+) at once", out.get(0))).isBetween(1, 3);
    assertThat(number("Semaphore\\(3\\): +10 tasks, at most (\\d+) at once", out.get(1))).isBetween(1, 3);
    assertThat(out.subList(2, 9))
        .containsExactly(
            "weighted: a running job holds 6 of 10 MiB",
            "  queue: big (8) then small (3); free: 4 MiB",
            "  tryAcquire(1) while others wait: false",
            "  released 2, free 6: still waiting: 2 (small would fit, but big is first)",
            "  released 4, free 10:",
            "    big job got 8 MiB",
            "    small job got 3 MiB");
  }

  @Test
  void errGroup() throws Exception {
    List<String> out = run("errgroup");
    assertThat(out.subList(0, 6))
        .containsExactlyInAnyOrder(
            "  task 1: starting (ignores the context)",
            "  task 2: starting",
            "  task 3: starting (watches the context)",
            "  task 2: error!",
            "  task 3: cancelled, cause: task 2 failed",
            "  task 1: done");
    assertThat(out).containsSubsequence("  task 2: error!", "  task 3: cancelled, cause: task 2 failed");
    assertThat(out.subList(6, out.size()))
        .containsExactly(
            "group error: java.io.IOException: task 2 failed",
            "context after await: context canceled");
  }

  @Test
  void singleFlight() throws Exception {
    assertThat(run("singleflight"))
        .containsExactly(
            "  caller 1 got config v1 (shared)",
            "  caller 2 got config v1 (shared)",
            "  caller 3 got config v1 (shared)",
            "  caller 4 got config v1 (shared)",
            "  caller 5 got config v1 (shared)",
            "5 concurrent callers, loads: 1",
            "a later caller got config v2, loads: 2");
  }

  @Test
  void tickerRateLimit() throws Exception {
    List<String> out = run("ticker-rate-limit");
    assertThat(out).hasSize(14);
    assertThat(out.get(0)).isEqualTo("part 1: one request per 50 ms tick");
    for (int i = 1; i <= 6; i++) {
      assertThat(out.get(i)).endsWith(": request " + i);
      assertThat(number("at +(\\d+) ms", out.get(i))).as(out.get(i)).isGreaterThanOrEqualTo(50 * i - 10);
    }
    assertThat(out.get(7)).isEqualTo("part 2: bursts of up to 3, then one per tick");
    for (int i = 1; i <= 6; i++) {
      String line = out.get(7 + i);
      assertThat(line).endsWith(": request " + i);
      int ms = number("at +(\\d+) ms", line);
      if (i <= 3) assertThat(ms).as("burst: %s", line).isLessThan(50);
      else assertThat(ms).as("after the burst: %s", line).isGreaterThanOrEqualTo(50 * (i - 3) - 10);
    }
  }

  @Test
  void backoffJitter() throws Exception {
    List<String> out = run("backoff-jitter");
    assertThat(out).hasSize(12);
    assertThat(out.get(0)).isEqualTo("base 100 ms, doubling, cap 2000 ms, seed 42; delays in ms:");
    assertThat(out.get(1).trim().split("\\s+"))
        .containsExactly("retry", "none", "full", "equal", "decorrelated");
    long[] totals = new long[4];
    long previous = 100;
    for (int n = 0; n < 8; n++) {
      long[] row = Arrays.stream(out.get(2 + n).trim().split("\\s+")).mapToLong(Long::parseLong).toArray();
      long base = Math.min(2000, 100L << n);
      assertThat(row).hasSize(5).startsWith(n, base);
      assertThat(row[2]).as("full, retry %d", n).isBetween(0L, base);
      assertThat(row[3]).as("equal, retry %d", n).isBetween(base / 2, base);
      assertThat(row[4]).as("decorrelated, retry %d", n).isBetween(100L, Math.min(2000, 3 * previous + 2));
      previous = row[4];
      for (int k = 0; k < 4; k++) totals[k] += row[k + 1];
    }
    assertThat(out.get(10)).isEqualTo(String.format("  %-5s%14d%14d%14d%14d", "total", totals[0], totals[1], totals[2], totals[3]));
    assertThat(out.get(11)).isEqualTo("same seed, same delays: true");
    assertThat(run("backoff-jitter")).as("seeded: the same table every run").isEqualTo(out);
  }

  @Test
  void leakDetection() throws Exception {
    List<String> out = run("leak-detection");
    assertThat(out).hasSize(8);
    assertThat(out.subList(0, 3))
        .containsExactly(
            "producer sent 2 jobs and forgot to close the channel",
            "leak detector: 1 leaked thread(s)",
            "  weft-waitgroup-N (virtual, WAITING)");
    assertThat(out.get(3)).startsWith("    waiting in dev.weft.chan.");
    assertThat(out.get(4)).matches("    stuck at LeakDetectionExample.java:\\d+");
    assertThat(out.subList(5, 8))
        .containsExactly(
            "fix: jobs.close()",
            "the worker's loop ended after 2 jobs",
            "leak detector: no leaked threads");
  }
}
