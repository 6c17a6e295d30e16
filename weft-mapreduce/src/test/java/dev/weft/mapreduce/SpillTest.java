package dev.weft.mapreduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job over a tiny memory budget spills sorted runs and gives the same answer as in memory, for
 * every value shape, and leaves no file behind.
 */
@Timeout(60)
class SpillTest {

  @TempDir Path dir;

  private JobConfig tiny(Path spills) {
    return JobConfig.defaults()
        .withParallelism(2)
        .withContainer(Container.hash())
        .withMemoryBudget(64 * 1024)
        .withSpillDirectory(spills)
        .withSplitSize(32 * 1024);
  }

  @Test
  void longWordCountOverATinyBudgetSpillsAndMatchesTheReference() throws Exception {
    Path f = dir.resolve("in.txt");
    ZipfWords.create(30_000, 0.9, 5).writeLines(f, 1 << 20);
    Path spills = Files.createDirectory(dir.resolve("spills"));
    JobResult<String, Long> r = new LocalEngine(tiny(spills)).run(Context.background(), Jobs.wordCount(Input.lines(f)));
    assertThat(r.stats().spillRuns()).isGreaterThan(2);
    assertThat(r.stats().spilledBytes()).isPositive();
    assertThat(r.entries()).containsExactlyElementsOf(new ArrayList<>(Reference.wordCount(f).entrySet()));
    assertThat(SpillFixtures.filesUnder(spills)).isZero();
  }

  @Test
  void invertedIndexWithoutCombinerSpillsEveryValueAndMatchesTheReference() throws Exception {
    ZipfWords z = ZipfWords.create(5_000, 1.0, 9);
    List<Map.Entry<String, String>> docs = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) docs.add(Map.entry("doc" + i, z.nextLine(10)));
    Path spills = Files.createDirectory(dir.resolve("spills"));
    JobResult<String, List<String>> r =
        new LocalEngine(tiny(spills).withSplitSize(100)).run(Context.background(), Jobs.invertedIndex(Input.of(docs)));
    assertThat(r.stats().spillRuns()).isPositive();
    assertThat(r.entries()).containsExactlyElementsOf(new ArrayList<>(Reference.invertedIndex(docs).entrySet()));
    assertThat(SpillFixtures.filesUnder(spills)).isZero();
  }

  @Test
  void combinedObjectValuesSurviveASpillWithTheirOwnCodec() throws Exception {
    List<String> lines = ZipfWords.create(20_000, 0.8, 13).lines(8_000);
    Path spills = Files.createDirectory(dir.resolve("spills"));
    MapReduceJob<String, String, Long, Long> job = SpillFixtures.combinedWordCount(lines);
    JobResult<String, Long> r = new LocalEngine(tiny(spills).withSplitSize(200)).run(Context.background(), job);
    assertThat(r.stats().spillRuns()).isPositive();
    assertThat(new TreeMap<>(r.toMap())).isEqualTo(Reference.wordCount(lines));
    assertThat(SpillFixtures.filesUnder(spills)).isZero();
  }

  @Test
  void aSpillThatCannotBeWrittenFailsTheJobAndSaysSo() throws Exception {
    List<String> lines = ZipfWords.create(20_000, 0.8, 13).lines(8_000);
    Path missing = dir.resolve("no-such-dir");
    assertThatThrownBy(
            () -> new LocalEngine(tiny(missing).withSplitSize(200)).run(Context.background(), Jobs.wordCount(Input.of(lines))))
        .isInstanceOf(JobFailedException.class)
        .hasMessageContaining("spilling a sorted run failed")
        .hasMessageContaining("split items[");
    assertThat(Files.exists(missing)).isFalse();
  }

  @Test
  void aValueTheAutoCodecCannotWriteFailsTheJobNamingTheType() throws Exception {
    List<String> lines = ZipfWords.create(20_000, 0.8, 13).lines(4_000);
    Path spills = Files.createDirectory(dir.resolve("spills"));
    MapReduceJob<String, String, Object, Integer> job =
        MapReduceJob.builder(Input.of(lines))
            .<String, Object>map((line, out) -> Reference.words(line).forEach(w -> out.emit(w, new Object())))
            .reduce((String k, List<Object> vs) -> vs.size())
            .build();
    assertThatThrownBy(() -> new LocalEngine(tiny(spills).withSplitSize(200)).run(Context.background(), job))
        .isInstanceOf(JobFailedException.class)
        .hasMessageContaining("java.lang.Object")
        .hasMessageContaining("not Serializable");
    assertThat(SpillFixtures.filesUnder(spills)).isZero();
  }

  @Test
  void aSharedTableOverTheBudgetFailsTheJobInsteadOfExhaustingTheHeap() throws Exception {
    List<String> lines = ZipfWords.create(20_000, 0.5, 13).lines(8_000);
    JobConfig config = JobConfig.defaults().withContainer(Container.shared()).withMemoryBudget(64 * 1024);
    assertThatThrownBy(() -> new LocalEngine(config).run(Context.background(), Jobs.wordCount(Input.of(lines))))
        .isInstanceOf(JobFailedException.class)
        .hasMessageContaining("shared table outgrew the memory budget");
  }
}
