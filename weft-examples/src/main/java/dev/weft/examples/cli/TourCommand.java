package dev.weft.examples.cli;

import dev.weft.examples.Example;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code weft tour}: every example, one after another; stops at the first that fails. */
@Command(name = "tour", description = "Run every example in turn, each under a header.")
public final class TourCommand implements Callable<Integer> {

  @ParentCommand private WeftCommand weft;

  /** Created by picocli. */
  public TourCommand() {}

  @Override
  public Integer call() {
    List<Example> all = weft.examples();
    for (int i = 0; i < all.size(); i++) {
      Example e = all.get(i);
      if (!weft.runWithHeader(e, " (" + (i + 1) + "/" + all.size() + ")")) {
        weft.err().println(
            "weft tour: stopped at '" + e.name() + "' (" + (i + 1) + "/" + all.size() + ")");
        weft.err().flush();
        return WeftCommand.FAILED;
      }
    }
    weft.out().println("Tour complete: " + all.size() + " examples.");
    weft.out().flush();
    return CommandLine.ExitCode.OK;
  }
}
