package dev.weft.examples.cli;

import dev.weft.examples.Example;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Handles a word that is not a subcommand of {@code weft}: says so, and suggests the commands with
 * a close name (and {@code weft run <example>} when the word names an example or comes close to
 * one), one per line; with nothing close, lists the commands. Every other parse error goes to
 * picocli's own handler (its message and the usage). Either way the exit code is 2.
 */
final class UnknownCommandHandler implements IParameterExceptionHandler {

  private final IParameterExceptionHandler fallback;

  /** A handler that leaves every error but an unknown subcommand to {@code fallback}. */
  UnknownCommandHandler(IParameterExceptionHandler fallback) {
    this.fallback = fallback;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) throws Exception {
    CommandLine cl = ex.getCommandLine();
    Optional<String> word = unknownCommand(ex);
    if (word.isEmpty() || !(cl.getCommand() instanceof WeftCommand weft)) {
      return fallback.handleParseException(ex, args);
    }
    String typed = word.get();
    Map<String, CommandLine> commands = cl.getSubcommands();
    List<String> suggestions = new ArrayList<>();
    for (String c : CloseMatches.of(typed, List.copyOf(commands.keySet()))) suggestions.add("weft " + c);
    List<String> examples = weft.examples().stream().map(Example::name).toList();
    for (String e : CloseMatches.of(typed, examples)) suggestions.add("weft run " + e);

    PrintWriter err = cl.getErr();
    err.println("weft: unknown command '" + typed + "'.");
    if (suggestions.isEmpty()) {
      err.println("The commands are:");
      int width = commands.keySet().stream().mapToInt(String::length).max().orElse(0);
      commands.forEach(
          (name, sub) ->
              err.println(
                  String.format("%s%-" + width + "s  %s", WeftCommand.INDENT, name, summary(sub))
                      .stripTrailing()));
    } else {
      CloseMatches.didYouMean(suggestions).forEach(err::println);
      err.println("Run 'weft --help' to see every command.");
    }
    err.flush();
    return CommandLine.ExitCode.USAGE;
  }

  /**
   * The first word left over by the top-level command, if it is not an option: no subcommand has
   * that name ({@code weft} itself takes no positional parameters).
   */
  private static Optional<String> unknownCommand(ParameterException ex) {
    if (!(ex instanceof UnmatchedArgumentException u) || ex.getCommandLine().getParent() != null) {
      return Optional.empty();
    }
    List<String> unmatched = u.getUnmatched();
    if (unmatched.isEmpty() || unmatched.get(0).startsWith("-")) return Optional.empty();
    return Optional.of(unmatched.get(0));
  }

  /** A subcommand's header, or else the first line of its description. */
  private static String summary(CommandLine sub) {
    String[] header = sub.getCommandSpec().usageMessage().header();
    String[] text = header.length > 0 ? header : sub.getCommandSpec().usageMessage().description();
    return text.length == 0 ? "" : text[0];
  }
}
