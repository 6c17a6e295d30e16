package dev.weft.examples.cli;

import static dev.weft.examples.cli.WeftCommandTest.execute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.examples.cli.WeftCommandTest.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An unknown subcommand exits with 2 and suggests the close commands, or lists them all. */
@Timeout(10)
class UnknownCommandTest {

  @Test
  void aMistypedCommandGetsTheCloseOne() {
    Result r = execute("lst");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            """
            weft: unknown command 'lst'.
            Did you mean this?
                weft list
            Run 'weft --help' to see every command.
            """);
    assertThat(r.out()).isEmpty();
  }

  @Test
  void severalCloseCommandsAreListedOnePerLine() {
    Result r = execute("tun");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .startsWith(
            """
            weft: unknown command 'tun'.
            Did you mean one of these?
                weft run
                weft tour
            """);
  }

  @Test
  void anExampleNameUsedAsACommandSuggestsRunningIt() {
    Result r = execute("Pipeline");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .startsWith(
            """
            weft: unknown command 'Pipeline'.
            Did you mean this?
                weft run pipeline
            """);
  }

  @Test
  void aCloseExampleNameIsSuggestedToo() {
    Result r = execute("handshak");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Did you mean this?\n    weft run handshake\n");
  }

  @Test
  void withNothingCloseTheCommandsAreListedInATable() {
    Result r = execute("nosuch");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("weft: unknown command 'nosuch'.\nThe commands are:\n")
        .containsPattern("\n {4}list +List the examples with a one-line description.\n")
        .containsPattern("\n {4}run +Run one or more examples by name")
        .containsPattern("\n {4}tour  +\\S")
        .containsPattern("\n {4}bench  +\\S")
        .containsPattern("\n {4}mapreduce  +Run a map-reduce job")
        .containsPattern("\n {4}help  +\\S")
        .doesNotContain("Did you mean");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void anUnknownOptionStillGetsPicocliMessageAndUsage() {
    Result r = execute("--nosuch");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Unknown option: '--nosuch'").contains("Usage: weft ");
  }

  @Test
  void anUnknownWordAfterASubcommandIsNotTakenForACommand() {
    Result r = execute("list", "extra");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .contains("Unmatched argument")
        .contains("Usage: weft list")
        .doesNotContain("unknown command");
  }
}
