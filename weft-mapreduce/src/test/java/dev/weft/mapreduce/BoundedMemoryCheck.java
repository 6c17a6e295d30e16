package dev.weft.mapreduce;

import dev.weft.context.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs word count over a large generated file and prints a digest of every key's count, the top
 * three with the spill
 * statistics, so that runs under different heaps can be compared by hand:
 *
 * <pre>{@code
 * java -Xmx64m -cp <classes> dev.weft.mapreduce.BoundedMemoryCheck <file> <megabytes> <vocabulary>
 * }</pre>
 */
final class BoundedMemoryCheck {
  private BoundedMemoryCheck() {}

  public static void main(String[] args) throws Exception {
    Path f = Path.of(args[0]);
    long mb = Long.parseLong(args[1]);
    int vocabulary = Integer.parseInt(args[2]);
    if (!Files.exists(f) || Files.size(f) < mb << 20) ZipfWords.create(vocabulary, 1.0, 42).writeLines(f, mb << 20);
    JobConfig config = JobConfig.defaults().withContainer(Container.hash());
    LongAdder digest = new LongAdder();
    LongAdder keys = new LongAdder();
    MapReduceJob<String, String, Long, Long> job =
        MapReduceJob.builder(Input.lines(f))
            .<String>mapToLong((line, out) -> {
              for (String w : line.split(" ", -1)) if (!w.isEmpty()) out.emit(w);
            })
            .reduce((String k, long n) -> {
              digest.add(k.hashCode() * 1_000_003L + n);
              keys.increment();
              return n;
            })
            .output(Output.topK(1_000, Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey())))
            .build();
    JobResult<String, Long> r = new LocalEngine(config).run(Context.background(), job);
    System.out.printf(
        "heap %d MB, budget %d MB: %d keys, digest %x, top %s; %s%n",
        Runtime.getRuntime().maxMemory() >> 20, config.memoryBudget() >> 20, keys.sum(), digest.sum(),
        r.entries().subList(0, 3), r.stats());
  }
}
