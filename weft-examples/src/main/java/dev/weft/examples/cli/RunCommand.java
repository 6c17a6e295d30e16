package dev.weft.examples.cli;

import dev.weft.examples.Example;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code weft run <name>...}: runs the named examples in the order given. */
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
      weft.examples().stream()
          .filter(e -> e.name().equals(name))
          .findFirst()
          .ifPresentOrElse(chosen::add, () -> unknown.add(name));
    }
    if (!unknown.isEmpty()) {
      List<String> known = weft.examples().stream().map(Example::name).toList();
      for (String name : unknown) {
        weft.err().println("weft run: unknown example '" + name + "'. " + suggest(name, known));
      }
      weft.err().println("Run 'weft list' to see all " + known.size() + " examples.");
      weft.err().flush();
      return CommandLine.ExitCode.USAGE;
    }
    for (int i = 0; i < chosen.size(); i++) {
      String position = chosen.size() > 1 ? " (" + (i + 1) + "/" + chosen.size() + ")" : "";
      if (!weft.runWithHeader(chosen.get(i), position)) return WeftCommand.FAILED;
    }
    return CommandLine.ExitCode.OK;
  }

  private static String suggest(String name, List<String> known) {
    List<String> close = CloseMatches.of(name, known);
    if (close.isEmpty()) return "No example has a similar name.";
    return "Did you mean: " + String.join(", ", close) + "?";
  }
}
