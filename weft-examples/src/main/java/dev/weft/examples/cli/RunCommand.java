package dev.weft.examples.cli;

import dev.weft.examples.Example;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code weft run <name>...}: runs the named examples in the order given, stopping at the first
 * that fails. Names are matched without regard to case. On a terminal each example ends with a
 * timing line.
 */
@Command(name = "run", description = "Run one or more examples by name (see 'weft list').")
public final class RunCommand implements Callable<Integer> {

  @ParentCommand private WeftCommand weft;

  @Parameters(arity = "1..*", paramLabel = "<name>", description = "Examples to run, in order.")
  private List<String> names;

  /** Created by picocli. */
  public RunCommand() {}

  @Override
  public Integer call() {
    List<Example> chosen = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String name : names) {
      Optional<Example> e = weft.example(name);
      if (e.isPresent()) chosen.add(e.get());
      else unknown.add(name);
    }
    if (!unknown.isEmpty()) {
      List<String> known = weft.examples().stream().map(Example::name).toList();
      for (String name : unknown) {
        List<String> close = CloseMatches.of(name, known);
        String none = close.isEmpty() ? " No example has a similar name." : "";
        weft.err().println("weft run: unknown example '" + name + "'." + none);
        CloseMatches.didYouMean(close).forEach(weft.err()::println);
      }
      weft.err().println("Run 'weft list' to see all " + known.size() + " examples.");
      weft.err().flush();
      return CommandLine.ExitCode.USAGE;
    }
    for (int i = 0; i < chosen.size(); i++) {
      WeftCommand.Outcome o = weft.runWithHeader(chosen.get(i), i + 1, chosen.size());
      if (weft.terminal().interactive()) {
        weft.out().println(weft.statusLine(o, i + 1, chosen.size()));
        weft.out().println();
        weft.out().flush();
      }
      if (!o.passed()) return WeftCommand.FAILED;
    }
    return CommandLine.ExitCode.OK;
  }
}
