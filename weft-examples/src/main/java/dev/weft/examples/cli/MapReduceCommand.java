package dev.weft.examples.cli;

import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.context.SignalContext;
import dev.weft.mapreduce.Container;
import dev.weft.mapreduce.Engine;
import dev.weft.mapreduce.JobConfig;
import dev.weft.mapreduce.JobFailedException;
import dev.weft.mapreduce.JobHandle;
import dev.weft.mapreduce.JobResult;
import dev.weft.mapreduce.JobStats;
import dev.weft.mapreduce.LocalEngine;
import dev.weft.mapreduce.hazelcast.HazelcastEngine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code weft mapreduce <workload> FILE...}: runs one of weft-mapreduce's ready-made jobs over text
 * files, with the local engine or on a Hazelcast cluster started in this JVM, and prints the top
 * rows of the result and a table of throughput and timings per phase.
 *
 * <p>On a terminal, a local job shows a progress bar redrawn in place (bytes read of the total,
 * MB/s, time left); anything else (a pipe, a file, a test) gets no bar. Ctrl-C cancels the job and
 * shuts the cluster down before the JVM exits. Exit codes: 0 done, 1 the job failed, 2 a bad
 * command line or a file that cannot be read.
 */
@Command(
    name = "mapreduce",
    description = {
      "Run a map-reduce job over text files and print its top rows, throughput and timings.",
      "",
      "Workloads:",
      "  wordcount  the most frequent words (runs of non-whitespace)",
      "  grep       the lines that contain --pattern, most frequent first",
      "  histogram  how many words have each length, up to 20",
      "  index      for each word, the files that contain it",
      "",
      "The local engine runs on every core. --engine hazelcast starts --members Hazelcast members"
          + " in this JVM on 127.0.0.1 (free ports, a cluster of their own) and shuts them down at"
          + " the end. On a terminal a local job shows a progress bar.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  weft mapreduce wordcount README.md docs/*.md --top 5",
      "  weft mapreduce grep --pattern Channel docs/*.md",
      "  weft mapreduce wordcount --engine hazelcast --members 3 big.txt",
      "",
      "Exit codes: 0 done, 1 the job failed, 2 a bad command line or an unreadable file."
    })
public final class MapReduceCommand implements Callable<Integer> {

  /** How often the progress bar is redrawn. */
  private static final Duration REDRAW = Duration.ofMillis(200);

  /** The command's engines. */
  enum EngineKind {
    /** {@link LocalEngine}. */
    local,
    /** {@link HazelcastEngine} on members started in this JVM. */
    hazelcast
  }

  @ParentCommand private WeftCommand weft;

  @Parameters(index = "0", paramLabel = "<workload>", description = "wordcount, grep, histogram or index.")
  private String workload;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "FILE", description = "Text files (UTF-8).")
  private List<Path> files;

  @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "Rows of the result to print (default: ${DEFAULT-VALUE}).")
  private int top;

  @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "local",
      description = "local or hazelcast (default: ${DEFAULT-VALUE}).")
  private EngineKind engine;

  @Option(names = "--members", paramLabel = "N",
      description = "Hazelcast members to start, with --engine hazelcast (default: 2).")
  private Integer membersOption;

  private int members;

  @Option(names = "--memory", paramLabel = "SIZE", converter = ByteSize.class,
      description = "The local engine's memory budget, over which it spills to disk: 512k, 256m,"
          + " 1g (default: a quarter of the heap).")
  private Long memory;

  @Option(names = "--pattern", paramLabel = "P", description = "The text grep looks for, as it is (not a regular expression).")
  private String pattern;

  /** Created by picocli. */
  public MapReduceCommand() {}

  @Override
  public Integer call() throws Exception {
    PrintStream err = weft.err();
    String usage = usageError();
    if (usage != null) {
      err.println("weft mapreduce: " + usage);
      err.println("Run 'weft mapreduce --help' for the options.");
      err.flush();
      return CommandLine.ExitCode.USAGE;
    }
    for (Path f : files) {
      String problem = unreadable(f);
      if (problem != null) {
        err.println("weft mapreduce: cannot read " + f + ": " + problem);
        err.flush();
        return CommandLine.ExitCode.USAGE;
      }
    }
    JobConfig config = JobConfig.defaults();
    if (memory != null) config = config.withMemoryBudget(memory);
    MapReduceWorkload<?, ?> w;
    try {
      w = workload();
    } catch (IOException e) {
      err.println("weft mapreduce: cannot read the files: " + e);
      err.flush();
      return CommandLine.ExitCode.USAGE;
    }
    try (SignalContext shutdown = SignalContext.notifyShutdown(Context.background())) {
      return run(shutdown.context(), w, w.configure(config));
    }
  }

  /** What is wrong with the command line, or null. */
  private String usageError() {
    if (!MapReduceWorkload.NAMES.contains(workload.toLowerCase(Locale.ROOT))) {
      return "unknown workload '" + workload + "': use one of " + String.join(", ", MapReduceWorkload.NAMES);
    }
    if (top <= 0) return "--top must be positive: " + top;
    if (membersOption != null && engine != EngineKind.hazelcast) return "--members is for --engine hazelcast";
    members = membersOption == null ? 2 : membersOption;
    if (members <= 0) return "--members must be positive: " + members;
    if (memory != null && memory < 64 * 1024) {
      return "--memory must be at least 64k: " + memory + " bytes";
    }
    boolean grep = workload.equalsIgnoreCase("grep");
    if (grep && (pattern == null || pattern.isEmpty())) return "grep needs --pattern P (a literal text, not empty)";
    if (!grep && pattern != null) return "--pattern is for grep only";
    return null;
  }

  /** Why {@code f} cannot be read, or null. */
  private static String unreadable(Path f) {
    if (!Files.exists(f)) return "no such file";
    if (Files.isDirectory(f)) return "it is a directory";
    if (!Files.isRegularFile(f)) return "not a regular file";
    if (!Files.isReadable(f)) return "permission denied";
    return null;
  }

  private MapReduceWorkload<?, ?> workload() throws IOException {
    return switch (workload.toLowerCase(Locale.ROOT)) {
      case "wordcount" -> MapReduceWorkload.wordCount(files, top);
      case "grep" -> MapReduceWorkload.grep(files, pattern, top);
      case "histogram" -> MapReduceWorkload.histogram(files, top);
      default -> MapReduceWorkload.index(files, top);
    };
  }

  private <K, O> int run(Context ctx, MapReduceWorkload<K, O> w, JobConfig config) {
    PrintStream out = weft.out();
    PrintStream err = weft.err();
    long bytes = 0;
    for (Path f : files) bytes += sizeOf(f);
    try {
      JobResult<K, O> result;
      String where;
      if (engine == EngineKind.local) {
        where = "the local engine, " + config.parallelism() + " workers";
        out.println(header(bytes, where));
        out.flush();
        result = runLocal(ctx, new LocalEngine(config), w);
      } else {
        int perMember = Math.max(1, Runtime.getRuntime().availableProcessors() / members);
        where = members + " Hazelcast members in this JVM, " + perMember + " source processors each";
        out.println(header(bytes, where));
        out.flush();
        try (LoopbackMembers cluster = new LoopbackMembers(members)) {
          Engine e = new HazelcastEngine(cluster.first(), config.withParallelism(perMember));
          result = e.run(ctx, w.job());
        }
      }
      printResult(out, w, result);
      printStats(out, result.stats(), engine == EngineKind.local);
      out.flush();
      return CommandLine.ExitCode.OK;
    } catch (JobFailedException | IllegalArgumentException e) {
      out.flush();
      err.println("weft mapreduce: the job failed: " + e.getMessage());
      err.flush();
      return WeftCommand.FAILED;
    } catch (ContextCancelledException e) {
      out.flush();
      err.println("weft mapreduce: cancelled");
      err.flush();
      return WeftCommand.FAILED;
    } catch (InterruptedException e) {
      out.flush();
      err.println("weft mapreduce: interrupted; the job was cancelled");
      err.flush();
      Thread.currentThread().interrupt();
      return WeftCommand.FAILED;
    }
  }

  private String header(long bytes, String where) {
    String what = workload.toLowerCase(Locale.ROOT) + (pattern == null ? "" : " '" + pattern + "'");
    return weft.terminal().bold(what) + " of " + files.size() + (files.size() == 1 ? " file, " : " files, ")
        + ByteSize.format(bytes) + ", on " + where;
  }

  /** Starts the job and, on a terminal, redraws the bar until it is done. */
  private <K, O> JobResult<K, O> runLocal(Context ctx, LocalEngine local, MapReduceWorkload<K, O> w)
      throws InterruptedException, JobFailedException {
    JobHandle<K, O> h = local.start(ctx, w.job());
    boolean bar = weft.terminal().interactive();
    PrintStream out = weft.out();
    try {
      int width = 0;
      while (!h.await(REDRAW)) {
        if (bar) width = redraw(out, ProgressBar.render(h.progress()), width);
      }
      if (bar) {
        redraw(out, ProgressBar.render(h.progress()), width);
        out.println();
      }
      return h.await();
    } catch (InterruptedException e) {
      h.cancel();
      while (!h.isDone()) {
        try {
          h.await(REDRAW);
        } catch (InterruptedException again) {
          // keep waiting: the workers must be gone before returning; the exception reports it
        }
      }
      throw e;
    }
  }

  /** Draws {@code line} over the previous one, whose length was {@code width}; returns its length. */
  private static int redraw(PrintStream out, String line, int width) {
    out.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
    out.flush();
    return line.length();
  }

  private <K, O> void printResult(PrintStream out, MapReduceWorkload<K, O> w, JobResult<K, O> result) {
    List<MapReduceWorkload.Row> rows = w.rowsOf(result);
    out.println();
    if (rows.isEmpty()) {
      out.println(WeftCommand.INDENT + "(no rows)");
    } else {
      int cw = w.countHeader().length();
      for (MapReduceWorkload.Row r : rows) cw = Math.max(cw, r.count().length());
      out.println(WeftCommand.INDENT + weft.terminal().bold(pad(w.countHeader(), cw) + "  " + w.keyHeader()));
      for (MapReduceWorkload.Row r : rows) out.println(WeftCommand.INDENT + pad(r.count(), cw) + "  " + r.key());
    }
    int shown = rows.size();
    int all = result.entries().size();
    if (all > shown) out.println(WeftCommand.INDENT + weft.terminal().dim("(" + shown + " of " + all + " rows)"));
  }

  private static String pad(String s, int width) {
    return " ".repeat(Math.max(0, width - s.length())) + s;
  }

  private void printStats(PrintStream out, JobStats s, boolean local) {
    out.println();
    List<String[]> table = new ArrayList<>();
    table.add(new String[] {"phase", "time", "MB/s", "records/s"});
    if (local) table.add(new String[] {"sample", millis(s.sampleTime()), "", ""});
    table.add(new String[] {"map", millis(s.mapTime()), mbPerSecond(s.bytesRead(), s.mapTime()), perSecond(s.records(), s.mapTime())});
    table.add(new String[] {"merge", millis(s.mergeTime()), "", ""});
    table.add(new String[] {"total", millis(s.totalTime()), mbPerSecond(s.bytesRead(), s.totalTime()), perSecond(s.records(), s.totalTime())});
    int[] widths = new int[4];
    for (String[] row : table) for (int i = 0; i < 4; i++) widths[i] = Math.max(widths[i], row[i].length());
    for (int r = 0; r < table.size(); r++) {
      String[] row = table.get(r);
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-" + widths[0] + "s", row[0]));
      for (int i = 1; i < 4; i++) line.append("  ").append(pad(row[i], widths[i]));
      String text = line.toString().stripTrailing();
      out.println(WeftCommand.INDENT + (r == 0 ? weft.terminal().bold(text) : text));
    }
    out.println();
    out.println(WeftCommand.INDENT + ByteSize.format(s.bytesRead()) + " read, " + s.records() + " records, "
        + s.emitted() + " pairs emitted, " + s.keys() + " keys, " + s.splits() + " splits ("
        + s.stolenSplits() + " stolen), container " + containerName(s.container()) + ", "
        + s.spillRuns() + " spill runs (" + ByteSize.format(s.spilledBytes()) + ")"
        + (s.mergedRuns() > 0 ? ", " + s.mergedRuns() + " merged runs" : "")
        + (s.malformedRecords() > 0 ? ", " + s.malformedRecords() + " malformed records" : ""));
  }

  /** A container as the docs name it: {@code hash}, {@code dense(21)}, {@code shared}, {@code auto}. */
  static String containerName(Container c) {
    return switch (c) {
      case Container.Hash h -> "hash";
      case Container.Dense d -> "dense(" + d.size() + ")";
      case Container.Shared s -> "shared";
      case Container.Auto a -> "auto";
    };
  }

  private static String millis(Duration d) {
    return String.format(Locale.ROOT, "%,d ms", d.toMillis());
  }

  private static String mbPerSecond(long bytes, Duration d) {
    if (bytes == 0 || d.isZero()) return "-";
    return String.format(Locale.ROOT, "%.1f", bytes / (1024.0 * 1024) / (d.toNanos() / 1e9));
  }

  private static String perSecond(long n, Duration d) {
    if (d.isZero()) return "-";
    return String.format(Locale.ROOT, "%,.0f", n / (d.toNanos() / 1e9));
  }

  private static long sizeOf(Path f) {
    try {
      return Files.size(f);
    } catch (IOException e) {
      return 0; // checked readable above; a file that vanished fails the job, naming it
    }
  }
}
