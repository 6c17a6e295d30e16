package dev.weft.examples.cli;

import static dev.weft.examples.cli.WeftCommandTest.execute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.examples.cli.WeftCommandTest.Result;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Subcommand, example and suite names are matched without regard to case. */
@Timeout(10)
class CaseInsensitiveNamesTest {

  @AfterEach
  void clearHome() {
    System.clearProperty("weft.home");
  }

  @Test
  void subcommandsIgnoreCase() {
    assertThat(execute("LIST").out()).isEqualTo(execute("list").out()).isNotEmpty();
    Result r = execute("Run", "handshake");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("=== handshake: ");
  }

  @Test
  void exampleNamesIgnoreCase() {
    Result r =
        execute(List.of(new WeftCommandTest.Fake("event-loop", false)), "run", "Event-Loop", "EVENT-LOOP");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .containsSubsequence("=== [1/2] event-loop: ", "event-loop ran", "=== [2/2] event-loop: ");
  }

  @Test
  void suiteNamesIgnoreCase() {
    System.setProperty("weft.home", "/nonexistent-weft-home");
    Result r = execute("bench", "Channels");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("run-channels.sh is missing").doesNotContain("unknown suite");
  }
}
