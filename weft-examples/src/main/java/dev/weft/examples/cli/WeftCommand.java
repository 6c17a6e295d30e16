package dev.weft.examples.cli;

import dev.weft.examples.Example;
import dev.weft.examples.Examples;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code weft} command line: lists and runs the examples.
 *
 * <p>Subcommands are plain picocli command classes listed in {@code subcommands} below; to add one
 * (such as {@code bench}), write a class like {@link ListCommand} that reaches this object through
 * a {@code @ParentCommand} field and add it to that list. Help and version options are inherited by
 * every subcommand.
 *
 * <p>Subcommand and example names are matched without regard to case. An unknown subcommand gets
 * the close names as suggestions, like an unknown example (see {@link UnknownCommandHandler}).
 *
 * <p>Examples print to {@link #out()}, picocli's help and messages go to the same streams, so a
 * test can capture everything by building the command line with {@link #commandLine(List,
 * PrintStream, PrintStream)}. Output is plain unless the launcher says stdout is a terminal
 * (system property {@code weft.stdout.tty}); then {@link Terminal} adds colour and timing lines.
 */
@Command(
    name = "weft",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = WeftVersion.class,
    description = "Go's concurrency patterns on Java virtual threads: runnable examples.",
    subcommands = {
      ListCommand.class,
      RunCommand.class,
      TourCommand.class,
      BenchCommand.class,
      MapReduceCommand.class,
      CommandLine.HelpCommand.class
    })
public final class WeftCommand implements Callable<Integer> {

  /** Exit code of a failed example. */
  static final int FAILED = 1;

  /** How far the items of a list printed one per line are indented. */
  static final String INDENT = "    ";

  @Spec private CommandSpec spec;

  private final List<Example> examples;
  private final PrintStream out;
  private final PrintStream err;
  private final Terminal terminal;
  private final LongSupplier clock;

  private WeftCommand(
      List<Example> examples, PrintStream out, PrintStream err, Terminal terminal, LongSupplier clock) {
    this.examples = List.copyOf(examples);
    this.out = out;
    this.err = err;
    this.terminal = terminal;
    this.clock = clock;
  }

  /**
   * Runs the command line and exits with its exit code.
   *
   * @param args the command line's arguments
   */
  public static void main(String[] args) {
    Terminal terminal = Terminal.detect(Boolean.getBoolean("weft.stdout.tty"), System.getenv());
    System.exit(
        commandLine(Examples.all(), System.out, System.err, terminal, System::nanoTime).execute(args));
  }

  /**
   * A command line over {@code examples} that writes plain text to {@code out} and {@code err}.
   *
   * @param examples the examples it lists and runs, in tour order
   * @param out where examples and results are printed
   * @param err where errors are printed
   * @return the command line, ready to {@link CommandLine#execute execute}
   * @throws NullPointerException if an argument is null
   */
  public static CommandLine commandLine(List<Example> examples, PrintStream out, PrintStream err) {
    return commandLine(examples, out, err, Terminal.plain(), System::nanoTime);
  }

  /**
   * A command line over {@code examples} that writes to {@code out} and {@code err} in the style of
   * {@code terminal}, and times examples with {@code clock} (nanoseconds).
   *
   * @throws NullPointerException if an argument is null
   */
  static CommandLine commandLine(
      List<Example> examples, PrintStream out, PrintStream err, Terminal terminal, LongSupplier clock) {
    Objects.requireNonNull(examples, "WeftCommand: examples is null");
    Objects.requireNonNull(out, "WeftCommand: out is null");
    Objects.requireNonNull(err, "WeftCommand: err is null");
    Objects.requireNonNull(terminal, "WeftCommand: terminal is null");
    Objects.requireNonNull(clock, "WeftCommand: clock is null");
    CommandLine cl = new CommandLine(new WeftCommand(examples, out, err, terminal, clock));
    cl.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    cl.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    cl.setColorScheme(Help.defaultColorScheme(terminal.color() ? Help.Ansi.ON : Help.Ansi.OFF));
    cl.setSubcommandsCaseInsensitive(true);
    cl.setParameterExceptionHandler(new UnknownCommandHandler(cl.getParameterExceptionHandler()));
    return cl;
  }

  /** Without a subcommand: print the usage to stderr; it is a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return CommandLine.ExitCode.USAGE;
  }

  List<Example> examples() {
    return examples;
  }

  /** The example called {@code name}, ignoring case, if any. */
  Optional<Example> example(String name) {
    return examples.stream().filter(e -> e.name().equalsIgnoreCase(name)).findFirst();
  }

  PrintStream out() {
    return out;
  }

  PrintStream err() {
    return err;
  }

  Terminal terminal() {
    return terminal;
  }

  /**
   * How one example ended.
   *
   * @param example the example
   * @param passed whether it completed normally
   * @param nanos how long it ran
   * @param skipped why it did not run (what this machine lacks), or null if it ran
   */
  record Outcome(Example example, boolean passed, long nanos, String skipped) {

    Outcome(Example example, boolean passed, long nanos) {
      this(example, passed, nanos, null);
    }
  }

  /**
   * Runs one example under a header naming it, its position {@code [index/total]} (left out when
   * {@code total} is 1), its description and the Go idiom it mirrors; reports a failure on {@link
   * #err()}. Ends with an empty line.
   *
   * @return how it ended
   */
  Outcome runWithHeader(Example e, int index, int total) {
    out.println(terminal.bold("=== " + position(index, total) + e.name()) + ": " + e.description());
    out.println(terminal.dim(INDENT + "mirrors " + e.goIdiom()));
    out.println();
    Optional<String> missing = e.missing();
    if (missing.isPresent()) {
      out.println(INDENT + "not run: " + missing.get());
      out.println();
      out.flush();
      return new Outcome(e, false, 0, missing.get());
    }
    long start = clock.getAsLong();
    boolean passed;
    try {
      e.run(out);
      passed = true;
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      report(e, ex);
      passed = false;
    } catch (Exception | AssertionError ex) {
      report(e, ex);
      passed = false;
    }
    Outcome outcome = new Outcome(e, passed, clock.getAsLong() - start);
    out.println();
    out.flush();
    return outcome;
  }

  /**
   * The one-line result of an example, e.g. {@code [7/29] pipeline ... ok 120 ms}; the position is
   * left out when {@code total} is 1.
   */
  String statusLine(Outcome o, int index, int total) {
    String result =
        o.skipped() != null
            ? terminal.dim("skipped")
            : o.passed() ? terminal.green("ok") : terminal.red("FAILED");
    return position(index, total) + o.example().name() + " ... " + result + " " + millis(o.nanos());
  }

  /** {@code "[index/total] "}, or nothing when {@code total} is 1. */
  static String position(int index, int total) {
    return total == 1 ? "" : "[" + index + "/" + total + "] ";
  }

  /** A duration in whole milliseconds, e.g. {@code "120 ms"}. */
  static String millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos) + " ms";
  }

  /** A duration in seconds to a tenth, e.g. {@code "14.2 s"}. */
  static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
  }

  /** The time in nanoseconds, from the clock that times examples (its origin is arbitrary). */
  long nanoTime() {
    return clock.getAsLong();
  }

  private void report(Example e, Throwable ex) {
    out.flush();
    err.println("weft: example '" + e.name() + "' failed: " + ex);
    ex.printStackTrace(err);
    err.flush();
  }
}
