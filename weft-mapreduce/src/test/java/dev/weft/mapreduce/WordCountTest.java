package dev.weft.mapreduce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.Context;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Word count gives the sequential answer whatever the container, the shape (long or object, with
 * or without combiner), the parallelism, the split size and the input kind.
 */
@Timeout(60)
class WordCountTest {

  @TempDir Path dir;

  static Stream<Arguments> configs() {
    List<Arguments> out = new ArrayList<>();
    for (Container c : List.of(Container.hash(), Container.shared(), Container.auto())) {
      for (int parallelism : new int[] {1, 3}) {
        for (long split : new long[] {0, 4096}) out.add(Arguments.of(c, parallelism, split));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} x{1} split {2}")
  @MethodSource("configs")
  void fileWordCountMatchesTheReference(Container container, int parallelism, long split) throws Exception {
    Path f = dir.resolve("words.txt");
    ZipfWords.create(2_000, 1.0, 7).writeLines(f, 200_000);
    JobConfig config = JobConfig.defaults().withContainer(container).withParallelism(parallelism).withSplitSize(split);
    JobResult<String, Long> r = new LocalEngine(config).run(Context.background(), Jobs.wordCount(Input.lines(f)));
    Map<String, Long> expected = Reference.wordCount(f);
    assertThat(r.entries()).containsExactlyElementsOf(new ArrayList<>(expected.entrySet()));
    assertThat(r.stats().bytesRead()).isEqualTo(java.nio.file.Files.size(f));
    assertThat(r.stats().records()).isEqualTo(java.nio.file.Files.readAllLines(f).size());
    assertThat(r.stats().keys()).isEqualTo(expected.size());
    assertThat(r.stats().container()).isNotInstanceOf(Container.Auto.class);
  }

  @Test
  void objectShapeWithAndWithoutCombinerMatchesTheReference() throws Exception {
    List<String> lines = ZipfWords.create(500, 1.1, 3).lines(5_000);
    Map<String, Long> expected = Reference.wordCount(lines);
    LocalEngine engine = new LocalEngine(JobConfig.defaults().withParallelism(3).withSplitSize(100));
    MapReduceJob<String, String, Long, Long> combined =
        MapReduceJob.builder(Input.of(lines))
            .<String, Long>map((line, out) -> Reference.words(line).forEach(w -> out.emit(w, 1L)))
            .combine(Long::sum)
            .reduce((String k, List<Long> vs) -> vs.getFirst())
            .build();
    MapReduceJob<String, String, Long, Long> buffered =
        MapReduceJob.builder(Input.of(lines))
            .<String, Long>map((line, out) -> Reference.words(line).forEach(w -> out.emit(w, 1L)))
            .reduce((String k, List<Long> vs) -> (long) vs.size())
            .build();
    assertThat(new TreeMap<>(engine.run(Context.background(), combined).toMap())).isEqualTo(expected);
    assertThat(new TreeMap<>(engine.run(Context.background(), buffered).toMap())).isEqualTo(expected);
  }

  @Test
  void topKGivesTheMostFrequentWordsInOrder() throws Exception {
    List<String> lines = ZipfWords.create(1_000, 0.8, 11).lines(3_000);
    JobResult<String, Long> r =
        new LocalEngine(JobConfig.defaults().withParallelism(2).withPartitions(5))
            .run(Context.background(), Jobs.topK(Input.of(lines), 25));
    assertThat(r.entries()).containsExactlyElementsOf(Reference.topK(Reference.wordCount(lines), 25));
  }

  @Test
  void severalFilesCountAsOneInput() throws Exception {
    Path a = dir.resolve("a.txt");
    Path b = dir.resolve("b.txt");
    Path c = dir.resolve("c.txt");
    ZipfWords.create(300, 1.0, 21).writeLines(a, 50_000);
    java.nio.file.Files.createFile(b);
    java.nio.file.Files.writeString(c, "tail words\r\nwithout final newline");
    List<String> all = new ArrayList<>(java.nio.file.Files.readAllLines(a));
    all.addAll(List.of("tail words", "without final newline"));
    JobResult<String, Long> r =
        new LocalEngine(JobConfig.defaults().withParallelism(3).withSplitSize(1000))
            .run(Context.background(), Jobs.wordCount(Input.lines(a, b, c)));
    assertThat(r.entries()).containsExactlyElementsOf(new ArrayList<>(Reference.wordCount(all).entrySet()));
    assertThat(r.stats().bytesRead()).isEqualTo(java.nio.file.Files.size(a) + java.nio.file.Files.size(c));
  }

  @Test
  void aChannelInputIsReadUntilClosed() throws Exception {
    List<String> lines = ZipfWords.create(800, 1.0, 31).lines(3_000);
    dev.weft.chan.Channel<String> ch = dev.weft.chan.Channel.buffered(64);
    Thread feeder = Thread.ofVirtual().start(() -> {
      try {
        for (String l : lines) ch.send(l);
        ch.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    JobResult<String, Long> r =
        new LocalEngine(JobConfig.defaults().withParallelism(3)).run(Context.background(), Jobs.wordCount(Input.channel(ch)));
    feeder.join();
    assertThat(r.entries()).containsExactlyElementsOf(new ArrayList<>(Reference.wordCount(lines).entrySet()));
    assertThat(r.stats().records()).isEqualTo(lines.size());
  }

  @Test
  void sortedOutputFollowsTheGivenOrder() throws Exception {
    List<String> lines = ZipfWords.create(300, 1.0, 37).lines(1_000);
    java.util.Comparator<Map.Entry<String, Long>> byLengthThenKey =
        java.util.Comparator.<Map.Entry<String, Long>>comparingInt(e -> e.getKey().length()).thenComparing(Map.Entry.comparingByKey());
    MapReduceJob<String, String, Long, Long> job =
        MapReduceJob.builder(Input.of(lines))
            .<String>mapToLong((line, out) -> Reference.words(line).forEach(out::emit))
            .sum()
            .output(Output.sorted(byLengthThenKey))
            .build();
    JobResult<String, Long> r = new LocalEngine(JobConfig.defaults().withParallelism(2)).run(Context.background(), job);
    List<Map.Entry<String, Long>> expected = new ArrayList<>(Reference.wordCount(lines).entrySet());
    expected.sort(byLengthThenKey);
    assertThat(r.entries()).containsExactlyElementsOf(expected);
  }

  @Test
  void anEmptyInputGivesNoEntries() throws Exception {
    Path f = dir.resolve("empty.txt");
    java.nio.file.Files.createFile(f);
    JobResult<String, Long> r = LocalEngine.create().run(Context.background(), Jobs.wordCount(Input.lines(f)));
    assertThat(r.entries()).isEmpty();
    assertThat(r.stats().splits()).isZero();
    JobResult<String, Long> items = LocalEngine.create().run(Context.background(), Jobs.wordCount(Input.of(List.of())));
    assertThat(items.entries()).isEmpty();
  }

  @Test
  void idleWorkersStealSplits() throws Exception {
    // worker 0's block holds one slow split; the others finish and steal the rest of it
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 64; i++) lines.add(i == 0 ? "slow" : "w" + i);
    java.util.concurrent.CountDownLatch othersDone = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger mapped = new java.util.concurrent.atomic.AtomicInteger();
    MapReduceJob<String, String, Long, Long> job =
        MapReduceJob.builder(Input.of(lines))
            .<String>mapToLong((line, out) -> {
              if (line.equals("slow")) othersDone.await();
              if (mapped.incrementAndGet() == 63) othersDone.countDown();
              out.emit(line);
            })
            .sum()
            .build();
    JobResult<String, Long> r =
        new LocalEngine(JobConfig.defaults().withParallelism(2).withSplitSize(1).withContainer(Container.hash()))
            .run(Context.background(), job);
    assertThat(r.entries()).hasSize(64);
    assertThat(r.stats().stolenSplits()).isPositive();
    assertThat(r.toMap()).containsEntry("slow", 1L);
    assertThat(Map.copyOf(r.toMap()).values()).containsOnly(1L);
  }
}
