package dev.weft.examples;

import dev.weft.context.Context;
import dev.weft.mapreduce.Container;
import dev.weft.mapreduce.Input;
import dev.weft.mapreduce.JobConfig;
import dev.weft.mapreduce.JobResult;
import dev.weft.mapreduce.JobStats;
import dev.weft.mapreduce.Jobs;
import dev.weft.mapreduce.LocalEngine;
import dev.weft.mapreduce.ZipfWords;
import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parallel map-reduce: a word count of a 2 MB text on four workers with weft-mapreduce's {@link
 * LocalEngine}, checked against a plain sequential count.
 *
 * <p>The text is Zipf-distributed words from {@link ZipfWords} with a fixed seed, so every run counts
 * the same text: a few words are very frequent, most are rare, as in real prose. The engine cuts
 * the file into 64 KiB splits and gives each worker its own queue of them; a worker whose queue runs
 * dry steals from another's. Each worker counts into a table of its own (the container, chosen from
 * a sample of the input), so the hot words cost no contention; at the end the tables are merged by
 * partition, in parallel.
 *
 * <p>What to look for: the top words with their counts, the container the engine chose, how many
 * splits were stolen (it varies from run to run), and that every count equals the sequential one.
 * Go has no map-reduce in its standard library; the shape is goroutines fanning out over chunks, a
 * map per goroutine, and a merge.
 */
final class MapReduceExample implements Example {

  private static final long BYTES = 2 << 20;
  private static final int WORKERS = 4;
  private static final long SEED = 42;

  @Override
  public String name() {
    return "map-reduce";
  }

  @Override
  public String description() {
    return "a word count on four workers with work stealing, checked against a sequential count";
  }

  @Override
  public String goIdiom() {
    return "goroutines that each count words of a chunk into their own `map[string]int`, then a merge";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    Path file = Files.createTempFile("weft-map-reduce-", ".txt");
    try {
      long lines = ZipfWords.create(5_000, 1.0, SEED).writeLines(file, BYTES);
      out.println("a text of " + Files.size(file) + " bytes, " + lines + " lines of Zipf-distributed words (seed " + SEED + ")");

      JobConfig config = JobConfig.defaults().withParallelism(WORKERS).withSplitSize(64 << 10);
      JobResult<String, Long> result =
          new LocalEngine(config).run(Context.background(), Jobs.wordCount(Input.lines(file)));
      JobStats s = result.stats();

      List<Map.Entry<String, Long>> top = new ArrayList<>(result.entries());
      top.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
      out.println("top 10 words of " + s.keys() + ":");
      for (Map.Entry<String, Long> e : top.subList(0, Math.min(10, top.size()))) {
        out.printf("  %-10s %,8d%n", e.getKey(), e.getValue());
      }
      out.println("container: " + name(s.container()) + " (chosen from a sample in " + s.sampleTime().toMillis() + " ms)");
      out.println("splits: " + s.splits() + " on " + WORKERS + " workers, " + s.stolenSplits() + " stolen");
      out.println("records: " + s.records() + " lines, " + s.emitted() + " words, "
          + s.mapTime().toMillis() + " ms to map, " + s.mergeTime().toMillis() + " ms to merge");

      Map<String, Long> sequential = sequentialCount(file);
      if (!sequential.equals(result.toMap())) {
        throw new IllegalStateException("MapReduceExample: the engine's counts differ from a sequential count");
      }
      out.println("same as a sequential count: " + sequential.size() + " words, "
          + sequential.values().stream().mapToLong(Long::longValue).sum() + " occurrences");
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** The same count on one thread, one line after another. */
  private static Map<String, Long> sequentialCount(Path file) throws Exception {
    Map<String, Long> counts = new HashMap<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        int n = line.length();
        int i = 0;
        while (i < n) { // a word is a run of non-whitespace, as in Jobs.wordCount
          while (i < n && Character.isWhitespace(line.charAt(i))) i++;
          int start = i;
          while (i < n && !Character.isWhitespace(line.charAt(i))) i++;
          if (i > start) counts.merge(line.substring(start, i), 1L, Long::sum);
        }
      }
    }
    return counts;
  }

  private static String name(Container c) {
    return switch (c) {
      case Container.Hash h -> "hash, a table per worker";
      case Container.Shared sh -> "shared, one concurrent table";
      case Container.Dense d -> "dense(" + d.size() + ")";
      case Container.Auto a -> "auto";
    };
  }
}
