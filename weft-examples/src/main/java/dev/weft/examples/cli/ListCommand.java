package dev.weft.examples.cli;

import dev.weft.examples.Example;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code weft list}: every example's name and description, one per line, aligned in a table. */
@Command(name = "list", description = "List the examples with a one-line description.")
public final class ListCommand implements Runnable {

  @ParentCommand private WeftCommand weft;

  @Option(
      names = {"-g", "--go"},
      description = "Also show the Go idiom each example mirrors.")
  private boolean go;

  /** Created by picocli. */
  public ListCommand() {}

  @Override
  public void run() {
    int width = weft.examples().stream().mapToInt(e -> e.name().length()).max().orElse(0);
    PrintStream out = weft.out();
    Terminal t = weft.terminal();
    for (Example e : weft.examples()) {
      String name = String.format("%-" + width + "s", e.name());
      out.println((t.bold(name) + "  " + e.description()).stripTrailing());
      if (go) out.println(t.dim(" ".repeat(width + 2) + "mirrors " + e.goIdiom()));
    }
    out.flush();
  }
}
