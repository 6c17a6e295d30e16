package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The pub-sub, ring-buffer, priority and sharded-map examples run to completion, quickly, and print
 * the lines that show their pattern (their output is deterministic).
 */
@Timeout(10)
class PubSubExamplesTest {

  private static List<String> run(Example e) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    long start = System.nanoTime();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      e.run(out);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    assertThat(e.name()).matches("[a-z]+(-[a-z]+)*");
    assertThat(e.description()).isNotBlank();
    assertThat(e.goIdiom()).isNotBlank().doesNotContain("\n");
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void pubSubIsolatesSlowSubscribersByTheirPolicies() throws Exception {
    List<String> lines = run(new PubSubExample());
    assertThat(lines.subList(0, 10))
        .containsExactly(
            "publish order-1 -> reached 3 subscribers",
            "publish order-2 -> reached 3 subscribers",
            "publish order-3 -> reached 3 subscribers",
            "publish order-4 -> reached 2 subscribers",
            "publish order-5 -> reached 2 subscribers",
            "publish order-6 -> reached 2 subscribers",
            "publish order-7 -> reached 2 subscribers",
            "publish order-8 -> reached 2 subscribers",
            "publish order-9 -> reached 2 subscribers",
            "publish order-10 -> reached 2 subscribers");
    assertThat(lines.get(10))
        .startsWith("audit     BLOCK       buffer 16: CLOSED       delivered=10 dropped=0 got [order-1, order-2,")
        .endsWith("order-10]");
    assertThat(lines.get(11))
        .isEqualTo("mailer    DROP_OLDEST buffer  3: CLOSED       delivered=4 dropped=6"
            + " got [order-1, order-8, order-9, order-10]");
    assertThat(lines.get(12))
        .isEqualTo("analytics DISCONNECT  buffer  2: DISCONNECTED delivered=3 dropped=1"
            + " got [order-1, order-2, order-3]");
    assertThat(lines).hasSize(13);
  }

  @Test
  void ringBufferEvictsTheOldestAndTheReaderGetsTheNewest() throws Exception {
    List<String> lines = run(new RingBufferExample());
    assertThat(lines.get(0)).isEqualTo("write log line 1");
    assertThat(lines.get(4)).isEqualTo("write log line 5");
    assertThat(lines.get(5)).isEqualTo("write log line 6   (full: evicted log line 1)");
    assertThat(lines.get(11)).isEqualTo("write log line 12   (full: evicted log line 7)");
    assertThat(lines.subList(12, lines.size()))
        .containsExactly(
            "buffered 5/5, dropped 7",
            "reader got [log line 8, log line 9, log line 10, log line 11, log line 12]",
            "reader waits 20 ms for more: timed out",
            "after close: closed");
  }

  @Test
  void priorityShowsStarvationUnderStrictPriorityAndTheMinimumShareWithReservations()
      throws Exception {
    List<String> lines = run(new PriorityExample());
    assertThat(lines)
        .containsExactly(
            "strict priority only:",
            "  order: HHHHHHHHHH HHHHHHHHHH HHHHHHHHHH",
            "  served H=30 N=0 L=0 of 30; still queued 270",
            "window 10, N reserved 2 (>= 20%), L reserved 1 (>= 10%):",
            "  order: HHHHHHHNNL HHHHHHHNNL HHHHHHHNNL",
            "  served H=21 N=6 L=3 of 30; still queued 270",
            "guaranteed minimum shares: N 20%, L 10%");
  }

  @Test
  void shardedMapCountsEveryWordWithoutLosingUpdates() throws Exception {
    List<String> lines = run(new ShardedMapExample());
    assertThat(lines)
        .containsExactly(
            "8 workers, 16 shards",
            "words counted: 17000 (expected 17000)",
            "distinct words: 12",
            "  the = 4000",
            "  dog = 2000",
            "  fox = 2000",
            "  and = 1000");
  }
}
