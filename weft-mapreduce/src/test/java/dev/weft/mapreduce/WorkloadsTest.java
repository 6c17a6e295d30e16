package dev.weft.mapreduce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each workload of {@link Jobs} gives the answer of its sequential reference on seeded inputs. */
@Timeout(60)
class WorkloadsTest {

  @TempDir Path dir;

  private static LocalEngine engine(Container c) {
    return new LocalEngine(JobConfig.defaults().withParallelism(3).withContainer(c).withSplitSize(4096));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void invertedIndexMatchesTheReference(long seed) throws Exception {
    ZipfWords z = ZipfWords.create(3_000, 1.0, seed);
    List<Map.Entry<String, String>> docs = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) docs.add(Map.entry("d" + (i % 1_500), z.nextLine(8))); // some ids repeat
    JobResult<String, List<String>> r =
        new LocalEngine(JobConfig.defaults().withParallelism(3).withSplitSize(64)).run(Context.background(), Jobs.invertedIndex(Input.of(docs)));
    assertThat(r.entries()).containsExactlyElementsOf(new ArrayList<>(Reference.invertedIndex(docs).entrySet()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dense", "hash", "shared"})
  void histogramMatchesTheReferenceInEveryContainer(String kind) throws Exception {
    SplittableRandom rnd = new SplittableRandom(17);
    List<Long> values = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) values.add(rnd.nextLong(-500, 1_500));
    Container c = switch (kind) {
      case "dense" -> Container.dense(64);
      case "hash" -> Container.hash();
      default -> Container.shared();
    };
    JobResult<Integer, Long> r = engine(c).run(Context.background(), Jobs.histogram(Input.of(values), -500, 1_499, 64));
    assertThat(r.entries()).containsExactlyElementsOf(new ArrayList<>(Reference.histogram(values, -500, 1_499, 64).entrySet()));
    assertThat(r.stats().container()).isEqualTo(c);
  }

  @Test
  void denseObjectValuesMatchTheReference() throws Exception {
    SplittableRandom rnd = new SplittableRandom(3);
    List<Integer> values = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) values.add(rnd.nextInt(100));
    MapReduceJob<Integer, Integer, String, Integer> job =
        MapReduceJob.builder(Input.of(values))
            .<Integer, String>map((v, out) -> out.emit(v % 10, "x"))
            .reduce((Integer k, List<String> xs) -> xs.size())
            .output(Output.<Integer, Integer>sortedByKey())
            .build();
    JobResult<Integer, Integer> r = engine(Container.dense(10)).run(Context.background(), job);
    Map<Integer, Integer> expected = new java.util.TreeMap<>();
    for (int v : values) expected.merge(v % 10, 1, Integer::sum);
    assertThat(r.toMap()).isEqualTo(expected);
  }

  @Test
  void grepMatchesTheReference() throws Exception {
    Path f = dir.resolve("in.txt");
    ZipfWords.create(400, 1.0, 23).writeLines(f, 300_000);
    List<String> lines = Files.readAllLines(f);
    String needle = ZipfWords.create(400, 1.0, 23).vocabulary().get(7);
    JobResult<String, Long> r = engine(Container.auto()).run(Context.background(), Jobs.grep(Input.lines(f), needle));
    assertThat(r.entries()).isNotEmpty().containsExactlyElementsOf(new ArrayList<>(Reference.grep(lines, needle).entrySet()));
  }

  @Test
  void topKOverAFileMatchesTheReference() throws Exception {
    Path f = dir.resolve("in.txt");
    ZipfWords.create(5_000, 1.0, 29).writeLines(f, 400_000);
    JobResult<String, Long> r = engine(Container.hash()).run(Context.background(), Jobs.topK(Input.lines(f), 50));
    assertThat(r.entries()).containsExactlyElementsOf(Reference.topK(Reference.wordCount(f), 50));
  }

  @Test
  void theGeneratorIsDeterministicAndZipfShaped() throws Exception {
    Path a = dir.resolve("a.txt");
    Path b = dir.resolve("b.txt");
    ZipfWords.create(1_000, 1.0, 99).writeLines(a, 100_000);
    ZipfWords.create(1_000, 1.0, 99).writeLines(b, 100_000);
    assertThat(Files.mismatch(a, b)).isEqualTo(-1);
    assertThat(Files.size(a)).isGreaterThanOrEqualTo(100_000);
    ZipfWords z = ZipfWords.create(1_000, 1.0, 99);
    assertThat(z.vocabulary()).doesNotHaveDuplicates().hasSize(1_000);
    int[] counts = new int[1_000];
    for (int i = 0; i < 200_000; i++) counts[z.nextRank()]++;
    // rank 0 is about twice rank 1 and ten times rank 9 under exponent 1
    assertThat((double) counts[0] / counts[1]).isBetween(1.8, 2.2);
    assertThat((double) counts[0] / counts[9]).isBetween(8.5, 11.5);
    assertThat(ZipfWords.create(1_000, 1.0, 100).vocabulary()).isNotEqualTo(z.vocabulary());
  }
}
