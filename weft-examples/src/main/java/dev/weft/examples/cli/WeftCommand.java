package dev.weft.examples.cli;

import dev.weft.examples.Example;
import dev.weft.examples.Examples;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
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
 * <p>Examples print to {@link #out()}, picocli's help and messages go to the same streams, so a
 * test can capture everything by building the command line with {@link #commandLine(List,
 * PrintStream, PrintStream)}.
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
      CommandLine.HelpCommand.class
    })
public final class WeftCommand implements Callable<Integer> {

  /** Exit code of a failed example. */
  static final int FAILED = 1;

  @Spec private CommandSpec spec;

  private final List<Example> examples;
  private final PrintStream out;
  private final PrintStream err;

  private WeftCommand(List<Example> examples, PrintStream out, PrintStream err) {
    this.examples = List.copyOf(examples);
    this.out = out;
    this.err = err;
  }

  /** Runs the command line and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(commandLine(Examples.all(), System.out, System.err).execute(args));
  }

  /**
   * A command line over {@code examples} that writes to {@code out} and {@code err}.
   *
   * @throws NullPointerException if an argument is null
   */
  public static CommandLine commandLine(List<Example> examples, PrintStream out, PrintStream err) {
    Objects.requireNonNull(examples, "WeftCommand: examples is null");
    Objects.requireNonNull(out, "WeftCommand: out is null");
    Objects.requireNonNull(err, "WeftCommand: err is null");
    CommandLine cl = new CommandLine(new WeftCommand(examples, out, err));
    cl.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    cl.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
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

  PrintStream out() {
    return out;
  }

  PrintStream err() {
    return err;
  }

  /**
   * Runs one example under a header; reports a failure on {@link #err()}.
   *
   * @return whether it completed normally
   */
  boolean runWithHeader(Example e, String position) {
    out.println("=== " + e.name() + position + ": " + e.description());
    out.println("    mirrors " + e.goIdiom());
    out.println();
    try {
      e.run(out);
      out.println();
      out.flush();
      return true;
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      report(e, ex);
      return false;
    } catch (Exception | AssertionError ex) {
      report(e, ex);
      return false;
    }
  }

  private void report(Example e, Throwable ex) {
    out.flush();
    err.println("weft: example '" + e.name() + "' failed: " + ex);
    ex.printStackTrace(err);
    err.flush();
  }
}
