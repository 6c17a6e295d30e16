package dev.weft.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.examples.Example;
import dev.weft.examples.cli.WeftCommandTest.Result;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Colour only on a terminal without {@code NO_COLOR} and with a {@code TERM} other than {@code
 * dumb}; timing lines only on a terminal; plain text, with no escape code, everywhere else.
 */
@Timeout(10)
class TerminalOutputTest {

  private static final String ESC = "\u001b";

  private final AtomicLong clock = new AtomicLong();

  private Result execute(Terminal terminal, String... args) {
    List<Example> examples =
        List.of(new TimedFake("fine", 120, false, clock), new TimedFake("broken", 30, true, clock));
    return WeftCommandTest.execute(examples, terminal, clock::get, args);
  }

  private static List<String[]> commands() {
    return List.of(
        new String[] {"list", "--go"},
        new String[] {"run", "fine"},
        new String[] {"run", "broken"},
        new String[] {"tour"},
        new String[] {"--help"},
        new String[] {"tour", "--help"});
  }

  @Test
  void detect() {
    assertThat(Terminal.detect(false, Map.of())).isEqualTo(new Terminal(false, false));
    assertThat(Terminal.detect(true, Map.of())).isEqualTo(new Terminal(true, true));
    assertThat(Terminal.detect(true, Map.of("TERM", "xterm-256color")))
        .isEqualTo(new Terminal(true, true));
    assertThat(Terminal.detect(true, Map.of("NO_COLOR", "1"))).isEqualTo(new Terminal(true, false));
    assertThat(Terminal.detect(true, Map.of("NO_COLOR", "")))
        .as("an empty NO_COLOR does not count")
        .isEqualTo(new Terminal(true, true));
    assertThat(Terminal.detect(true, Map.of("TERM", "dumb"))).isEqualTo(new Terminal(true, false));
    assertThat(Terminal.detect(false, Map.of("TERM", "xterm"))).isEqualTo(Terminal.plain());
  }

  @Test
  void colourWithoutATerminalIsRejected() {
    assertThatThrownBy(() -> new Terminal(false, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Terminal: ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"piped", "NO_COLOR", "TERM=dumb"})
  void plainOutputHasNoEscapeCodes(String setting) {
    Terminal t =
        switch (setting) {
          case "piped" -> Terminal.detect(false, Map.of());
          case "NO_COLOR" -> Terminal.detect(true, Map.of("NO_COLOR", "1", "TERM", "xterm"));
          default -> Terminal.detect(true, Map.of("TERM", "dumb"));
        };
    for (String[] args : commands()) {
      Result r = execute(t, args);
      assertThat(r.out()).as(String.join(" ", args)).isNotEmpty().doesNotContain(ESC);
      assertThat(r.err()).as(String.join(" ", args)).doesNotContain(ESC);
    }
  }

  @Test
  void aTerminalGetsColour() {
    Terminal t = Terminal.detect(true, Map.of("TERM", "xterm"));
    for (String[] args : commands()) {
      assertThat(execute(t, args).out()).as(String.join(" ", args)).contains(ESC);
    }
    assertThat(execute(t, "tour").out())
        .contains("[1/2] fine ... " + ESC + "[32mok" + ESC + "[0m 120 ms")
        .contains("[2/2] broken ... " + ESC + "[1;31mFAILED" + ESC + "[0m 30 ms");
  }

  @Test
  void runShowsATimingLineOnATerminalOnly() {
    String timing = "fine ... ok 120 ms\n";
    Terminal noColor = Terminal.detect(true, Map.of("NO_COLOR", "1"));
    Terminal piped = Terminal.detect(false, Map.of());
    assertThat(execute(noColor, "run", "fine").out()).endsWith("fine ran\n\n" + timing + "\n");
    assertThat(execute(piped, "run", "fine").out()).doesNotContain(timing).endsWith("fine ran\n\n");
    assertThat(execute(noColor, "run", "broken").out()).contains("broken ... FAILED 30 ms\n");
  }
}
