package dev.weft.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code weft bench <suite> [--quick]}: runs a benchmark suite of {@code weft-bench} (JMH with the
 * peers in the same run, and the Go programs) and writes its report under {@code
 * weft-bench/results/}. Suite names are matched without regard to case. Needs a weft checkout: the
 * launcher passes its location as {@code -Dweft.home}.
 */
@Command(
    name = "bench",
    description = "Run a benchmark suite against the peers and write weft-bench/results/<suite>.md.")
public final class BenchCommand implements Callable<Integer> {

  /** Suite name to the script that runs it, relative to the checkout. */
  static final Map<String, String> SUITES =
      Map.of(
          "channels", "weft-bench/run-channels.sh",
          "flow", "weft-bench/run-flow.sh",
          "mapreduce", "weft-bench/run-mapreduce.sh",
          "resilience", "weft-bench/run-resilience.sh",
          "redis", "weft-bench/run-redis.sh");

  @ParentCommand private WeftCommand weft;

  @Parameters(index = "0", paramLabel = "SUITE", description = "The suite: ${COMPLETION-CANDIDATES}.",
      completionCandidates = Suites.class)
  private String suite;

  @Option(names = "--quick", description = "A short smoke run (about 3 minutes), not for publishing.")
  private boolean quick;

  /** Created by picocli. */
  public BenchCommand() {}

  /** The suite names, for help and completion. */
  static final class Suites extends ArrayList<String> {
    private static final long serialVersionUID = 1L;

    Suites() {
      super(SUITES.keySet().stream().sorted().toList());
    }
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    String script = SUITES.get(suite.toLowerCase(Locale.ROOT));
    if (script == null) {
      weft.err().println("weft bench: unknown suite '" + suite + "'. The suites are:");
      for (String s : new Suites()) weft.err().println(WeftCommand.INDENT + s);
      weft.err().flush();
      return 2;
    }
    String home = System.getProperty("weft.home");
    if (home == null) {
      weft.err().println("weft bench: needs a weft checkout; run it through the ./weft launcher");
      weft.err().flush();
      return 2;
    }
    Path path = Path.of(home).resolve(script);
    if (!Files.isRegularFile(path)) {
      weft.err().println("weft bench: " + path + " is missing");
      weft.err().flush();
      return 2;
    }
    List<String> command = new ArrayList<>(List.of("bash", path.toString()));
    if (quick) command.add("--quick");
    Process p = new ProcessBuilder(command).directory(Path.of(home).toFile()).inheritIO().start();
    return p.waitFor();
  }
}
