package dev.weft.examples.cli;

import static dev.weft.examples.cli.WeftCommandTest.execute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.examples.Example;
import dev.weft.examples.cli.WeftCommandTest.Result;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Lists print one item per line (or as an aligned table), never as Java's {@code [a, b]}. */
@Timeout(10)
class ListFormatTest {

  /** Java's {@code List.toString()}: brackets around comma-separated items. */
  private static final Pattern JAVA_LIST = Pattern.compile("\\[[^\\]\\n]*, [^\\]\\n]*\\]");

  @AfterEach
  void clearHome() {
    System.clearProperty("weft.home");
  }

  private static void assertNoJavaList(Result r) {
    assertThat(r.out()).doesNotContainPattern(JAVA_LIST);
    assertThat(r.err()).doesNotContainPattern(JAVA_LIST);
  }

  @Test
  void severalCloseExamplesArePrintedOnePerLine() {
    List<Example> examples =
        List.of(new WeftCommandTest.Fake("fan-in", false), new WeftCommandTest.Fake("fan-out", false));
    Result r = execute(examples, "run", "fan");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            """
            weft run: unknown example 'fan'.
            Did you mean one of these?
                fan-in
                fan-out
            Run 'weft list' to see all 2 examples.
            """);
    assertNoJavaList(r);
  }

  @Test
  void anUnknownSuiteListsTheSuitesOnePerLine() {
    System.setProperty("weft.home", ".");
    Result r = execute("bench", "sockets");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            """
            weft bench: unknown suite 'sockets'. The suites are:
                channels
                flow
                mapreduce
                redis
                resilience
            """);
    assertNoJavaList(r);
  }

  @Test
  void listIsATableWithOneExamplePerLine() {
    Result r = execute("list", "--go");
    assertThat(r.exitCode()).isZero();
    assertNoJavaList(r);
  }

  @Test
  void unknownCommandsAndTourSummariesHaveNoJavaLists() {
    assertNoJavaList(execute("ls"));
    assertNoJavaList(execute("nosuch"));
    List<Example> failing = List.of(new WeftCommandTest.Fake("a", true), new WeftCommandTest.Fake("b", true));
    assertNoJavaList(execute(failing, "tour"));
  }

  @Test
  void theCheckRecognisesAJavaList() {
    assertThat(List.of("a", "b").toString()).containsPattern(JAVA_LIST);
  }
}
