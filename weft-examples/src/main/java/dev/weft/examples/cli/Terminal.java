package dev.weft.examples.cli;

import java.util.Map;

/**
 * What the command line's standard output is, and so how it is written: to a terminal it adds a
 * timing line per example and, unless turned off, ANSI colour; anything else (a pipe, a file, a
 * test) gets plain text without escape codes.
 *
 * <p>Colour is off when stdout is not a terminal, when {@code NO_COLOR} is set to a non-empty value
 * (the convention of no-color.org), or when {@code TERM} is {@code dumb}.
 *
 * @param interactive whether stdout is a terminal: timing lines are shown
 * @param color whether ANSI colour is used; only on a terminal
 */
record Terminal(boolean interactive, boolean color) {

  private static final String RESET = "\u001b[0m";

  /**
   * Checks that colour is used only on a terminal.
   *
   * @throws IllegalArgumentException if {@code color} is set but not {@code interactive}
   */
  Terminal {
    if (color && !interactive) throw new IllegalArgumentException("Terminal: colour needs a terminal");
  }

  /** Plain output, as to a pipe: no colour, no timing lines. */
  static Terminal plain() {
    return new Terminal(false, false);
  }

  /**
   * The output style for a stdout that is, or is not, a terminal, in the environment {@code env}.
   *
   * @param stdoutIsTerminal whether stdout is a terminal (the launcher tells: Java 21 cannot)
   * @param env the environment variables, as {@link System#getenv()}
   */
  static Terminal detect(boolean stdoutIsTerminal, Map<String, String> env) {
    String noColor = env.get("NO_COLOR");
    boolean color =
        stdoutIsTerminal && (noColor == null || noColor.isEmpty()) && !"dumb".equals(env.get("TERM"));
    return new Terminal(stdoutIsTerminal, color);
  }

  /** {@code s} in bold. */
  String bold(String s) {
    return sgr("1", s);
  }

  /** {@code s} dimmed, for secondary text. */
  String dim(String s) {
    return sgr("2", s);
  }

  /** {@code s} in green, for success. */
  String green(String s) {
    return sgr("32", s);
  }

  /** {@code s} in bold red, for failure. */
  String red(String s) {
    return sgr("1;31", s);
  }

  private String sgr(String code, String s) {
    return color ? "\u001b[" + code + "m" + s + RESET : s;
  }
}
