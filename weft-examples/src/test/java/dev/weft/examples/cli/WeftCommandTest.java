package dev.weft.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.examples.Example;
import dev.weft.examples.Examples;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The weft command line: list, run, tour, help and version, with their exit codes. */
@Timeout(10)
class WeftCommandTest {

  record Result(int exitCode, String out, String err) {}

  static Result execute(List<Example> examples, String... args) {
    return execute(examples, Terminal.plain(), System::nanoTime, args);
  }

  /** Runs the command line over {@code examples}, stdout being {@code terminal}, timed by {@code clock}. */
  static Result execute(List<Example> examples, Terminal terminal, LongSupplier clock, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = WeftCommand.commandLine(examples, o, e, terminal, clock).execute(args);
    }
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static Result execute(String... args) {
    return execute(Examples.all(), args);
  }

  /** An example that prints a line and then fails, or succeeds. */
  record Fake(String name, boolean fails) implements Example {
    @Override
    public String description() {
      return "a fake";
    }

    @Override
    public String goIdiom() {
      return "Go's `fake()`";
    }

    @Override
    public void run(PrintStream out) {
      out.println(name + " ran");
      if (fails) throw new IllegalStateException(name + " broke");
    }
  }

  @Test
  void listShowsEveryExampleWithItsDescriptionAligned() {
    Result r = execute("list");
    assertThat(r.exitCode()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(Examples.all().size());
    int column = lines.get(0).indexOf(Examples.all().get(0).description());
    for (int i = 0; i < lines.size(); i++) {
      Example e = Examples.all().get(i);
      assertThat(lines.get(i)).startsWith(e.name() + " ").endsWith(e.description());
      assertThat(lines.get(i).indexOf(e.description())).isEqualTo(column);
    }
    assertThat(r.err()).isEmpty();
  }

  @Test
  void listWithGoShowsTheIdiomUnderEachExample() {
    Result r = execute("list", "--go");
    assertThat(r.exitCode()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(2 * Examples.all().size());
    for (int i = 0; i < Examples.all().size(); i++) {
      Example e = Examples.all().get(i);
      assertThat(lines.get(2 * i)).startsWith(e.name() + " ");
      assertThat(lines.get(2 * i + 1)).matches(" +mirrors .*").endsWith(e.goIdiom());
    }
  }

  @Test
  void runHandshakePrintsAHeaderAndTheExample() {
    Result r = execute("run", "handshake");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .startsWith("=== handshake: ")
        .contains("\n    mirrors Go's unbuffered `make(chan T)`")
        .contains("main: 3 rounds, every send met its receiver")
        .doesNotContain(" ms"); // no timing line when piped
    assertThat(r.err()).isEmpty();
  }

  @Test
  void runSeveralNamesRunsThemInOrder() {
    Result r = execute(List.of(new Fake("one", false), new Fake("two", false)), "run", "two", "one");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).containsSubsequence("=== [1/2] two", "two ran", "=== [2/2] one", "one ran");
  }

  @Test
  void runUnknownExitsWith2AndSuggestsCloseMatches() {
    Result r = execute("run", "handshak");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .contains("unknown example 'handshak'.\nDid you mean this?\n    handshake\n")
        .contains("weft list");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void runUnknownAmongKnownRunsNothing() {
    Result r = execute(List.of(new Fake("one", false)), "run", "one", "zzz");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("unknown example 'zzz'. No example has a similar name.");
    assertThat(r.out()).doesNotContain("one ran");
  }

  @Test
  void runWithoutANameIsAUsageError() {
    Result r = execute("run");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Missing required parameter").contains("Usage: weft run");
  }

  @Test
  void aFailingExampleExitsWith1AndSaysWhy() {
    Result r = execute(List.of(new Fake("bad", true)), "run", "bad");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).contains("bad ran");
    assertThat(r.err()).contains("example 'bad' failed: java.lang.IllegalStateException: bad broke");
  }

  @Test
  void helpPrintsUsageForTheCommandAndEachSubcommand() {
    Result r = execute("--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("Usage: weft ").contains("list", "run", "tour", "--version");
    for (String sub : List.of("list", "run", "tour")) {
      Result s = execute(sub, "--help");
      assertThat(s.exitCode()).isZero();
      assertThat(s.out()).startsWith("Usage: weft " + sub).contains("--help", "--version");
    }
    assertThat(execute("help", "run").out()).startsWith("Usage: weft run");
  }

  @Test
  void versionWorksEverywhere() {
    for (String[] args : List.of(new String[] {"--version"}, new String[] {"run", "-V"})) {
      Result r = execute(args);
      assertThat(r.exitCode()).isZero();
      assertThat(r.out()).startsWith("weft ").contains("Java " + Runtime.version().feature());
    }
  }

  @Test
  void noSubcommandPrintsUsageAndExitsWith2() {
    Result r = execute();
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("Usage: weft ");
  }

  @Test
  @Timeout(60)
  void tourRunsEveryExampleUnderAHeader() {
    Result r = execute("tour");
    assertThat(r.exitCode()).as(r.err()).isZero();
    int n = Examples.all().size();
    List<String> headers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String name = Examples.all().get(i).name();
      headers.add("=== [" + (i + 1) + "/" + n + "] " + name + ": ");
      headers.add("[" + (i + 1) + "/" + n + "] " + name + " ... ok ");
    }
    assertThat(r.out()).containsSubsequence(headers);
    assertThat(r.out().lines().reduce((a, b) -> b).orElseThrow())
        .matches("tour: " + n + " passed, 0 failed in \\d+\\.\\d s");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void closeMatches() {
    List<String> known = List.of("handshake", "event-loop", "broadcast", "starvation", "semaphore");
    assertThat(CloseMatches.of("handshak", known)).containsExactly("handshake");
    assertThat(CloseMatches.of("EVENT-LOOP", known)).containsExactly("event-loop");
    assertThat(CloseMatches.of("loop", known)).containsExactly("event-loop");
    assertThat(CloseMatches.of("brodcast", known)).containsExactly("broadcast");
    assertThat(CloseMatches.of("xyz", known)).isEmpty();
    assertThat(CloseMatches.distance("kitten", "sitting")).isEqualTo(3);
  }
}
