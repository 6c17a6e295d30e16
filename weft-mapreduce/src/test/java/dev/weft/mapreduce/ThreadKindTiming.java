package dev.weft.mapreduce;

import dev.weft.context.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A quick wall-clock comparison, not a benchmark: word count over a generated Zipf file with the
 * engine's workers on virtual threads, on platform threads, and a parallel stream with {@code
 * groupingByConcurrent(counting())}. Run by hand:
 *
 * <pre>{@code
 * java -cp <classes> dev.weft.mapreduce.ThreadKindTiming <file> <megabytes> <rounds>
 * }</pre>
 */
final class ThreadKindTiming {
  private ThreadKindTiming() {}

  public static void main(String[] args) throws Exception {
    Path f = Path.of(args[0]);
    long mb = Long.parseLong(args[1]);
    int rounds = Integer.parseInt(args[2]);
    if (!Files.exists(f) || Files.size(f) < mb << 20) ZipfWords.create(100_000, 1.0, 42).writeLines(f, mb << 20);
    JobConfig config = JobConfig.defaults().withContainer(Container.hash());
    ThreadFactory platform = Thread.ofPlatform().name("platform-", 0).factory();
    ThreadFactory virtual = Thread.ofVirtual().name("virtual-", 0).factory();
    MapReduceJob<String, String, Long, Long> job =
        MapReduceJob.builder(Input.lines(f)).mapToLong(ThreadKindTiming::words).sum().build();
    Map<String, List<Long>> times = new java.util.LinkedHashMap<>();
    long expected = -1;
    for (int r = 0; r < rounds; r++) {
      for (String kind : List.of("virtual", "platform", "parallel-stream")) {
        long t0 = System.nanoTime();
        long keys;
        if (kind.equals("parallel-stream")) {
          try (Stream<String> lines = Files.lines(f)) {
            ConcurrentMap<String, Long> m =
                lines.parallel()
                    .flatMap(ThreadKindTiming::wordStream)
                    .collect(Collectors.groupingByConcurrent(Function.identity(), Collectors.counting()));
            keys = m.size();
          }
        } else {
          LocalEngine e = new LocalEngine(config, kind.equals("virtual") ? virtual : platform);
          keys = e.run(Context.background(), job).entries().size();
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (expected >= 0 && keys != expected) throw new AssertionError(kind + ": " + keys + " keys, not " + expected);
        expected = keys;
        times.computeIfAbsent(kind, k -> new ArrayList<>()).add(ms);
      }
    }
    System.out.printf("file %s, %d MB, %d cores, %d keys, %d rounds (first dropped)%n",
        f, Files.size(f) >> 20, Runtime.getRuntime().availableProcessors(), expected, rounds);
    times.forEach((k, v) -> {
      long[] a = v.stream().skip(1).mapToLong(Long::longValue).sorted().toArray();
      System.out.printf("%-16s median %5d ms  all %s%n", k, a[a.length / 2], v);
    });
  }

  private static void words(String line, LongEmitter<String> out) {
    int n = line.length();
    int i = 0;
    while (i < n) {
      while (i < n && line.charAt(i) == ' ') i++;
      int s = i;
      while (i < n && line.charAt(i) != ' ') i++;
      if (i > s) out.emit(line.substring(s, i));
    }
  }

  private static Stream<String> wordStream(String line) {
    List<String> out = new ArrayList<>();
    int n = line.length();
    int i = 0;
    while (i < n) {
      while (i < n && line.charAt(i) == ' ') i++;
      int s = i;
      while (i < n && line.charAt(i) != ' ') i++;
      if (i > s) out.add(line.substring(s, i));
    }
    return out.stream();
  }
}
