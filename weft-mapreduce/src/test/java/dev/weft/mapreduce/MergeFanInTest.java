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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With more spill runs than the merge fan-in, runs are merged into fewer first (in as many passes
 * as it takes): the answer is the same for every value shape, the merged runs are counted, and
 * no file is left behind.
 */
@Timeout(60)
class MergeFanInTest {

  @TempDir Path dir;

  private JobConfig tiny(Path spills, int fanIn) {
    return JobConfig.defaults()
        .withParallelism(2)
        .withContainer(Container.hash())
        .withMemoryBudget(64 * 1024)
        .withSpillDirectory(spills)
        .withMergeFanIn(fanIn);
  }

  @ParameterizedTest(name = "fan-in {0}")
  @ValueSource(ints = {2, 3, 5})
  void aTextWordCountMergesRunsIntoFewerAndMatchesTheReference(int fanIn) throws Exception {
    Path f = dir.resolve("in.txt");
    ZipfWords.create(30_000, 0.9, 5).writeLines(f, 1 << 20);
    Path spills = Files.createDirectory(dir.resolve("spills"));
    JobResult<String, Long> r =
        new LocalEngine(tiny(spills, fanIn).withSplitSize(32 * 1024)).run(Context.background(), Jobs.wordCount(Input.lines(f)));
    assertThat(r.stats().spillRuns()).isGreaterThan(fanIn);
    // each merged run replaces fanIn (or fewer) runs; enough of them to leave at most fanIn
    assertThat(r.stats().mergedRuns()).isGreaterThanOrEqualTo((r.stats().spillRuns() - fanIn + fanIn - 2) / (fanIn - 1));
    assertThat(r.entries()).containsExactlyElementsOf(new ArrayList<>(Reference.wordCount(f).entrySet()));
    assertThat(SpillFixtures.filesUnder(spills)).isZero();
  }

  @Test
  void bufferedValuesAreConcatenatedAcrossMergedRuns() throws Exception {
    ZipfWords z = ZipfWords.create(5_000, 1.0, 9);
    List<Map.Entry<String, String>> docs = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) docs.add(Map.entry("doc" + i, z.nextLine(10)));
    Path spills = Files.createDirectory(dir.resolve("spills"));
    JobResult<String, List<String>> r =
        new LocalEngine(tiny(spills, 2).withSplitSize(100)).run(Context.background(), Jobs.invertedIndex(Input.of(docs)));
    assertThat(r.stats().spillRuns()).isGreaterThan(2);
    assertThat(r.stats().mergedRuns()).isPositive();
    assertThat(r.entries()).containsExactlyElementsOf(new ArrayList<>(Reference.invertedIndex(docs).entrySet()));
    assertThat(SpillFixtures.filesUnder(spills)).isZero();
  }

  @Test
  void combinedObjectValuesAreCombinedAcrossMergedRuns() throws Exception {
    List<String> lines = ZipfWords.create(20_000, 0.8, 13).lines(8_000);
    Path spills = Files.createDirectory(dir.resolve("spills"));
    MapReduceJob<String, String, Long, Long> job = SpillFixtures.combinedWordCount(lines);
    JobResult<String, Long> r = new LocalEngine(tiny(spills, 3).withSplitSize(200)).run(Context.background(), job);
    assertThat(r.stats().spillRuns()).isGreaterThan(3);
    assertThat(r.stats().mergedRuns()).isPositive();
    assertThat(new TreeMap<>(r.toMap())).isEqualTo(Reference.wordCount(lines));
    assertThat(SpillFixtures.filesUnder(spills)).isZero();
  }

  @Test
  void fewerRunsThanTheFanInAreNotMerged() throws Exception {
    List<String> lines = ZipfWords.create(20_000, 0.8, 13).lines(8_000);
    Path spills = Files.createDirectory(dir.resolve("spills"));
    JobResult<String, Long> r =
        new LocalEngine(tiny(spills, 10_000).withSplitSize(200)).run(Context.background(), Jobs.wordCount(Input.of(lines)));
    assertThat(r.stats().spillRuns()).isPositive();
    assertThat(r.stats().mergedRuns()).isZero();
    assertThat(new TreeMap<>(r.toMap())).isEqualTo(Reference.wordCount(lines));
  }

  @Test
  void aFanInBelowTwoIsRejected() {
    assertThatThrownBy(() -> JobConfig.defaults().withMergeFanIn(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("JobConfig: merge fan-in below 2: 1");
  }
}
