package dev.weft.mapreduce.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.Context;
import dev.weft.mapreduce.Container;
import dev.weft.mapreduce.Input;
import dev.weft.mapreduce.JobConfig;
import dev.weft.mapreduce.JobResult;
import dev.weft.mapreduce.Jobs;
import dev.weft.mapreduce.LocalEngine;
import dev.weft.mapreduce.MapReduceJob;
import dev.weft.mapreduce.ZipfWords;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every workload of {@code Jobs}, and the object shape with and without a combiner, gives on a
 * two-member cluster exactly the output of {@link LocalEngine} on the same seeded input.
 */
@Timeout(120)
class SameOutputAsLocalTest {

  private static TestCluster cluster;
  private static HazelcastEngine engine;
  private static final LocalEngine LOCAL = new LocalEngine(JobConfig.defaults().withParallelism(2));

  @TempDir static Path dir;

  @BeforeAll
  static void startCluster() {
    cluster = new TestCluster(2);
    engine = new HazelcastEngine(cluster.first(), JobConfig.defaults().withParallelism(2));
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) cluster.close();
  }

  private static <K, O> JobResult<K, O> same(MapReduceJob<?, K, ?, O> job) throws Exception {
    JobResult<K, O> local = LOCAL.run(Context.background(), job);
    JobResult<K, O> remote = engine.run(Context.background(), job);
    assertThat(remote.entries()).isNotEmpty().containsExactlyElementsOf(local.entries());
    assertThat(remote.stats().keys()).isEqualTo(local.stats().keys());
    assertThat(remote.stats().records()).isEqualTo(local.stats().records());
    assertThat(remote.stats().emitted()).isEqualTo(local.stats().emitted());
    return remote;
  }

  private static Path words(String name, long bytes, long seed) throws Exception {
    Path f = dir.resolve(name);
    ZipfWords.create(2_000, 1.0, seed).writeLines(f, bytes);
    return f;
  }

  @Test
  void wordCountOfFilesReadBySplitsOnTheMembers() throws Exception {
    Path a = words("a.txt", 300_000, 7);
    Path b = words("b.txt", 100_000, 8);
    JobResult<String, Long> r = same(Jobs.wordCount(Input.lines(a, b)));
    assertThat(r.stats().bytesRead()).isEqualTo(Files.size(a) + Files.size(b));
    assertThat(r.stats().splits()).isPositive();
  }

  @Test
  void smallSplitsCutLinesAnywhereAndReadEachOnce() throws Exception {
    Path f = dir.resolve("crlf.txt");
    StringBuilder text = new StringBuilder();
    Random random = new Random(3);
    for (int i = 0; i < 3_000; i++) {
      text.append("w").append(random.nextInt(50)).append(i % 7 == 0 ? " ünï  x\r\n" : " y\n");
      if (i % 100 == 0) text.append("\n");
    }
    text.append("last line without newline");
    Files.writeString(f, text, StandardCharsets.UTF_8);
    Path empty = Files.createFile(dir.resolve("empty.txt"));
    HazelcastEngine small = new HazelcastEngine(cluster.first(), JobConfig.defaults().withParallelism(2).withSplitSize(97));
    MapReduceJob<String, String, Long, Long> job = Jobs.wordCount(Input.lines(f, empty));
    JobResult<String, Long> local = LOCAL.run(Context.background(), job);
    JobResult<String, Long> remote = small.run(Context.background(), job);
    assertThat(remote.entries()).containsExactlyElementsOf(local.entries());
    assertThat(remote.stats().records()).isEqualTo(local.stats().records());
    assertThat(remote.stats().bytesRead()).isEqualTo(Files.size(f));
  }

  @Test
  void overlongAndInvalidLinesAreSkippedAndCountedAsLocally() throws Exception {
    Path f = dir.resolve("malformed.txt");
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < 200; i++) {
      String line = switch (i % 10) {
        case 3 -> "long " + "x".repeat(120);
        case 4 -> "exactly" + "y".repeat(93) + "\r";
        default -> "w" + (i % 17) + " v" + (i % 5);
      };
      bytes.writeBytes(line.getBytes(StandardCharsets.UTF_8));
      if (i % 10 == 7) bytes.writeBytes(new byte[] {' ', (byte) 0xff, (byte) 0xfe});
      bytes.write('\n');
    }
    Files.write(f, bytes.toByteArray());
    JobConfig config = JobConfig.defaults().withParallelism(2).withSplitSize(333).withMaxRecordLength(100)
        .withMalformedPolicy(dev.weft.mapreduce.MalformedPolicy.skip());
    MapReduceJob<String, String, Long, Long> job = Jobs.wordCount(Input.lines(f));
    JobResult<String, Long> local = new LocalEngine(config).run(Context.background(), job);
    JobResult<String, Long> remote = new HazelcastEngine(cluster.first(), config).run(Context.background(), job);
    assertThat(remote.entries()).isNotEmpty().containsExactlyElementsOf(local.entries());
    assertThat(remote.stats().malformedRecords()).isEqualTo(local.stats().malformedRecords()).isEqualTo(40);
    assertThat(remote.stats().records()).isEqualTo(local.stats().records()).isEqualTo(200);
    assertThat(remote.stats().bytesRead()).isEqualTo(Files.size(f));
  }

  @Test
  void wordCountOfACollection() throws Exception {
    same(Jobs.wordCount(Input.of(ZipfWords.create(1_000, 1.1, 5).lines(5_000))));
  }

  @Test
  void topKGivesTheSameWordsInTheSameOrder() throws Exception {
    JobResult<String, Long> r = same(Jobs.topK(Input.lines(words("top.txt", 200_000, 11)), 25));
    assertThat(r.entries()).hasSize(25);
  }

  @Test
  void invertedIndex() throws Exception {
    ZipfWords z = ZipfWords.create(300, 1.0, 13);
    List<Map.Entry<String, String>> docs = new ArrayList<>();
    for (int i = 0; i < 400; i++) docs.add(new AbstractMap.SimpleImmutableEntry<>("doc" + i, z.nextLine(20)));
    same(Jobs.invertedIndex(Input.of(docs)));
  }

  @Test
  void histogram() throws Exception {
    Random random = new Random(17);
    List<Long> values = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) values.add((long) (random.nextGaussian() * 100) + 500);
    values.replaceAll(v -> Math.max(0, Math.min(999, v)));
    MapReduceJob<Long, Integer, Long, Long> job = Jobs.histogram(Input.of(values), 0, 999, 20);
    JobResult<Integer, Long> local =
        new LocalEngine(JobConfig.defaults().withContainer(Container.dense(20))).run(Context.background(), job);
    assertThat(engine.run(Context.background(), job).entries()).containsExactlyElementsOf(local.entries());
  }

  @Test
  void grep() throws Exception {
    String literal = ZipfWords.create(2_000, 1.0, 19).vocabulary().get(3);
    JobResult<String, Long> r = same(Jobs.grep(Input.lines(words("grep.txt", 100_000, 19)), literal));
    assertThat(r.entries()).allSatisfy(e -> assertThat(e.getKey()).contains(literal));
  }

  @Test
  void objectShapeWithAndWithoutCombiner() throws Exception {
    List<String> lines = ZipfWords.create(500, 1.1, 3).lines(3_000);
    MapReduceJob<String, String, Long, Long> combined =
        MapReduceJob.builder(Input.of(lines))
            .<String, Long>map((line, out) -> {
              for (String w : line.split(" ")) if (!w.isEmpty()) out.emit(w, 1L);
            })
            .combine(Long::sum)
            .reduce((String k, List<Long> vs) -> vs.getFirst())
            .build();
    MapReduceJob<String, String, Long, Long> buffered =
        MapReduceJob.builder(Input.of(lines))
            .<String, Long>map((line, out) -> {
              for (String w : line.split(" ")) if (!w.isEmpty()) out.emit(w, 1L);
            })
            .reduce((String k, List<Long> vs) -> (long) vs.size())
            .build();
    Map<String, Long> expected = new TreeMap<>(LOCAL.run(Context.background(), combined).toMap());
    assertThat(new TreeMap<>(engine.run(Context.background(), combined).toMap())).isEqualTo(expected);
    assertThat(new TreeMap<>(engine.run(Context.background(), buffered).toMap())).isEqualTo(expected);
  }
}
