package dev.weft.examples.cli;

import static dev.weft.examples.cli.WeftCommandTest.execute;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code weft bench} refuses unknown suites and runs without a checkout with clear messages. */
class BenchCommandTest {

  @AfterEach
  void clearHome() {
    System.clearProperty("weft.home");
  }

  @Test
  void unknownSuiteExitsTwoAndListsTheSuites() {
    System.setProperty("weft.home", ".");
    WeftCommandTest.Result r = execute("bench", "sockets");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("unknown suite 'sockets'").contains("channels").contains("flow");
  }

  @Test
  void withoutACheckoutItSaysSo() {
    WeftCommandTest.Result r = execute("bench", "channels");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("needs a weft checkout");
  }

  @Test
  void aMissingScriptIsReported() {
    System.setProperty("weft.home", "/nonexistent-weft-home");
    WeftCommandTest.Result r = execute("bench", "channels");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("run-channels.sh is missing");
  }

  @Test
  void helpListsTheSuitesAndQuick() {
    WeftCommandTest.Result r = execute("bench", "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("channels").contains("--quick");
  }
}
