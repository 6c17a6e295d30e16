package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fan-out, fan-in and pipeline examples run to completion and print what shows the pattern. */
@Timeout(10)
class PipelineExamplesTest {

  /** Runs {@code e}, checks it took under 5 s and left the contract intact, returns its lines. */
  static List<String> run(Example e) throws Exception {
    assertThat(e.name()).matches("[a-z]+(-[a-z]+)*");
    assertThat(e.description()).isNotBlank().doesNotContain("\n");
    assertThat(e.goIdiom()).isNotBlank().doesNotContain("\n");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    long start = System.nanoTime();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      e.run(out);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void fanOut() throws Exception {
    FanOutExample e = new FanOutExample();
    assertThat(e.name()).isEqualTo("fan-out");
    List<String> out = run(e);
    assertThat(out).startsWith(
        "round-robin: 9 jobs over 3 workers",
        "  worker 0: job 0, job 3, job 6",
        "  worker 1: job 1, job 4, job 7",
        "  worker 2: job 2, job 5, job 8",
        "by key: orders of one customer always reach the same worker, in order");
    List<String> byKey = out.subList(5, 8);
    for (String customer : List.of("alice", "bob", "carol", "dave")) {
      assertThat(byKey.stream().filter(l -> l.contains(customer + "#")).count())
          .as("%s on one worker", customer)
          .isEqualTo(1);
    }
    assertThat(String.join(" ", byKey)).containsSubsequence("alice#1", "alice#2", "alice#3");
    assertThat(out.subList(8, out.size()))
        .containsExactly(
            "tee: every event to every consumer",
            "  audit log: login, view, logout",
            "  counter:   3 events",
            "cancel: worker 1 stalls, the split waits on it, the context is cancelled",
            "  worker 0 got job 0; outputs closed; dropped 1 job; 8 jobs left in the input");
    assertThat(run(e)).isEqualTo(out); // deterministic
  }

  @Test
  void fanIn() throws Exception {
    FanInExample e = new FanInExample();
    assertThat(e.name()).isEqualTo("fan-in");
    assertThat(run(e))
        .containsExactly(
            "merged 8 results from 3 workers; sum of squares = 204",
            "  01=1^2",
            "  04=2^2",
            "  09=3^2",
            "  16=4^2",
            "  25=5^2",
            "  36=6^2",
            "  49=7^2",
            "  64=8^2",
            "an input that never closes: cancel the context to stop the merge",
            "  got reading a",
            "  got reading b",
            "  merged channel closed after cancel; sensor still open: true");
  }

  @Test
  void pipeline() throws Exception {
    PipelineExample e = new PipelineExample();
    assertThat(e.name()).isEqualTo("pipeline");
    List<String> out = run(e);
    // Batches by size in input order (enrich is parallel but ordered); bot events filtered out.
    assertThat(out.subList(0, 3))
        .containsExactly(
            "write batch of 5: [0:ann@eu, 1:bo@us, 2:cy@ap, 4:ann@eu, 5:bo@us]",
            "write batch of 5: [6:cy@ap, 8:ann@eu, 9:bo@us, 10:cy@ap, 12:ann@eu]",
            "write batch of 5: [13:bo@us, 14:cy@ap, 16:ann@eu, 17:bo@us, 18:cy@ap]");
    assertThat(out.get(3)).isEqualTo("metrics:");
    assertThat(out.get(4)).startsWith("  stage").contains("in", "out", "failed", "send-wait", "recv-wait");
    assertThat(out.get(5)).matches("  source +source +1 +20 +20 .*");
    assertThat(out.get(6)).matches("  parse +map +1 +20 +20 .*");
    assertThat(out.get(7)).matches("  enrich +map +4 +20 +20 .*");
    assertThat(out.get(8)).matches("  valid +filter +1 +20 +15 .*");
    assertThat(out.get(9)).matches("  batch +batch +1 +15 +3 .*");
    assertThat(out.get(10)).matches("  sink +sink +1 +3 +3 .*");
    assertThat(out.get(11))
        .isEqualTo("bad input: stage 'parse' failed: malformed line 'oops'");
    assertThat(out.subList(12, 14))
        .containsExactly(
            "write batch of 3: [0:ann@eu, 1:bo@us, 3:cy@ap]", "bad input with skip(): 1 line skipped");
    assertThat(out).hasSize(14);
  }
}
