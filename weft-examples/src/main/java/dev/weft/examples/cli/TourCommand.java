package dev.weft.examples.cli;

import dev.weft.examples.Example;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code weft tour}: every example, one after another, each under a header and followed by a
 * progress line such as {@code [7/29] pipeline ... ok 120 ms}; then a summary line with how many
 * passed, failed and were skipped and the total time, and the names of those that failed, one per
 * line. An example this machine cannot run ({@link dev.weft.examples.Example#missing()}, such as
 * one that needs a {@code redis-server}) is skipped with one line saying what to install; skipping
 * does not fail the tour.
 *
 * <p>A failed example does not stop the tour unless {@code --fail-fast} is given. The exit code is
 * 1 if any example failed, 0 otherwise.
 */
@Command(name = "tour", description = "Run every example in turn, each under a header, then sum up.")
public final class TourCommand implements Callable<Integer> {

  @ParentCommand private WeftCommand weft;

  @Option(names = "--fail-fast", description = "Stop at the first example that fails.")
  private boolean failFast;

  /** Created by picocli. */
  public TourCommand() {}

  @Override
  public Integer call() {
    List<Example> all = weft.examples();
    PrintStream out = weft.out();
    long start = weft.nanoTime();
    List<String> failed = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    int ran = 0;
    for (int i = 0; i < all.size() && !(failFast && !failed.isEmpty()); i++) {
      WeftCommand.Outcome o = weft.runWithHeader(all.get(i), i + 1, all.size());
      ran++;
      if (o.skipped() != null) skipped.add(o.example().name() + ": " + o.skipped());
      else if (!o.passed()) failed.add(o.example().name());
      out.println(weft.statusLine(o, i + 1, all.size()));
      out.println();
      out.flush();
    }
    long total = weft.nanoTime() - start;
    String summary =
        "tour: " + (ran - failed.size() - skipped.size()) + " passed, " + failed.size() + " failed"
            + (skipped.isEmpty() ? "" : ", " + skipped.size() + " skipped")
            + (ran < all.size() ? ", " + (all.size() - ran) + " not run" : "")
            + " in " + WeftCommand.seconds(total);
    Terminal t = weft.terminal();
    out.println(failed.isEmpty() ? t.green(summary) : t.red(summary));
    if (!skipped.isEmpty()) {
      out.println("skipped (this machine lacks what they need):");
      for (String line : skipped) out.println(WeftCommand.INDENT + line);
    }
    if (!failed.isEmpty()) {
      out.println("failed (run one again with 'weft run <name>'):");
      for (String name : failed) out.println(WeftCommand.INDENT + name);
    }
    out.flush();
    return failed.isEmpty() ? CommandLine.ExitCode.OK : WeftCommand.FAILED;
  }
}
