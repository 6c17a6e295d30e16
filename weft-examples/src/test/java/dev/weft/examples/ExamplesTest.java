package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each example runs to completion and prints the lines that show its pattern. */
@Timeout(10)
class ExamplesTest {

  /** Runs the registered example {@code name}, checks it took under 5 s, returns its lines. */
  static List<String> run(String name) throws Exception {
    Example e = Examples.named(name).orElseThrow();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    long start = System.nanoTime();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      e.run(out);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
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
            "cond-signal");
    for (Example e : Examples.all()) {
      assertThat(e.name()).matches("[a-z]+(-[a-z]+)*");
      assertThat(e.description()).isNotBlank().doesNotContain("\n");
      assertThat(e.seed()).startsWith("seed 0");
    }
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
}
