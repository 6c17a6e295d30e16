package dev.weft.mapreduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A failing map, reduce or partitioner, or an unreadable input, fails the job and says where. */
@Timeout(30)
class FailureTest {

  @TempDir Path dir;

  @Test
  void aFailingMapNamesTheSplitAndTheRecordsByteOffset() throws Exception {
    Path f = dir.resolve("in.txt");
    Files.writeString(f, "one\ntwo\nthree\nfour\n");
    MapReduceJob<String, String, Long, Long> job =
        MapReduceJob.builder(Input.lines(f))
            .<String>mapToLong((line, out) -> {
              if (line.equals("three")) throw new IllegalStateException("bad three");
              out.emit(line);
            })
            .sum()
            .build();
    assertThatThrownBy(() -> new LocalEngine(JobConfig.defaults().withSplitSize(10)).run(Context.background(), job))
        .isInstanceOf(JobFailedException.class)
        .hasMessageContaining("map failed in split " + f + "[0..10) at byte 8")
        .hasMessageContaining("bad three")
        .cause()
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aFailingMapOverACollectionNamesTheIndex() {
    MapReduceJob<Integer, Integer, Long, Long> job =
        MapReduceJob.builder(Input.of(List.of(1, 2, 3, 4, 5)))
            .<Integer>mapToLong((v, out) -> out.emit(10 / (v - 4)))
            .sum()
            .build();
    assertThatThrownBy(() -> LocalEngine.create().run(Context.background(), job))
        .isInstanceOf(JobFailedException.class)
        .hasMessageContaining("map failed in split items[0..5) at index 3")
        .hasCauseInstanceOf(ArithmeticException.class);
  }

  @Test
  void aFailingReduceNamesTheKey() {
    MapReduceJob<String, String, Long, Long> job =
        MapReduceJob.builder(Input.of(List.of("a", "boom", "c")))
            .<String>mapToLong((v, out) -> out.emit(v))
            .reduce((String k, long n) -> {
              if (k.equals("boom")) throw new IllegalArgumentException("no");
              return n;
            })
            .build();
    assertThatThrownBy(() -> LocalEngine.create().run(Context.background(), job))
        .isInstanceOf(JobFailedException.class)
        .hasMessageContaining("reduce failed for key 'boom'")
        .hasCauseInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aReduceThatReturnsNullFailsTheJob() {
    MapReduceJob<String, String, Long, String> job =
        MapReduceJob.builder(Input.of(List.of("a")))
            .<String>mapToLong((v, out) -> out.emit(v))
            .reduce((String k, long n) -> (String) null)
            .build();
    assertThatThrownBy(() -> LocalEngine.create().run(Context.background(), job))
        .isInstanceOf(JobFailedException.class)
        .hasMessageContaining("reduce returned null for key 'a'");
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("missing.txt");
    assertThatThrownBy(() -> LocalEngine.create().run(Context.background(), Jobs.wordCount(Input.lines(missing))))
        .isInstanceOf(JobFailedException.class)
        .hasMessageContaining("cannot read input file " + missing);
  }

  @Test
  void aDirectoryIsNotAnInputFile() {
    assertThatThrownBy(() -> LocalEngine.create().run(Context.background(), Jobs.wordCount(Input.lines(dir))))
        .isInstanceOf(JobFailedException.class)
        .hasMessageContaining("cannot read input file " + dir);
  }

  @Test
  void aPartitionerOutOfRangeFailsTheJob() {
    MapReduceJob<String, String, Long, Long> job =
        MapReduceJob.builder(Input.of(List.of("a")))
            .<String>mapToLong((v, out) -> out.emit(v))
            .sum()
            .partitioner((k, n) -> n)
            .build();
    assertThatThrownBy(() -> LocalEngine.create().run(Context.background(), job))
        .isInstanceOf(JobFailedException.class)
        .hasMessageContaining("partitioner put key 'a' in partition");
  }

  @Test
  void aDenseKeyOutOfRangeFailsTheJobNamingTheKey() {
    JobConfig config = JobConfig.defaults().withContainer(Container.dense(4));
    assertThatThrownBy(
            () -> new LocalEngine(config).run(Context.background(), Jobs.histogram(Input.of(List.of(1L, 9L)), 0, 9, 10)))
        .isInstanceOf(JobFailedException.class)
        .hasMessageContaining("dense key 9 is not an Integer in [0, 4)");
  }

  @Test
  void nullKeysAndValuesAreRejectedByTheEmitter() {
    MapReduceJob<String, String, String, Integer> job =
        MapReduceJob.builder(Input.of(List.of("a")))
            .<String, String>map((v, out) -> out.emit(v, null))
            .reduce((String k, List<String> vs) -> vs.size())
            .build();
    assertThatThrownBy(() -> LocalEngine.create().run(Context.background(), job))
        .isInstanceOf(JobFailedException.class)
        .hasMessageContaining("Emitter: value is null");
  }

  @Test
  void misconfigurationFailsFastWithTheTypeInTheMessage() {
    assertThatThrownBy(() -> JobConfig.defaults().withParallelism(0)).hasMessageStartingWith("JobConfig:");
    assertThatThrownBy(() -> JobConfig.defaults().withMemoryBudget(10)).hasMessageStartingWith("JobConfig:");
    assertThatThrownBy(() -> Container.dense(0)).hasMessageStartingWith("Container:");
    assertThatThrownBy(() -> Output.topK(0, null)).hasMessageStartingWith("Output:");
    assertThatThrownBy(() -> Input.lines(List.of())).hasMessageStartingWith("Input:");
    assertThatThrownBy(() -> ZipfWords.create(0, 1, 1)).hasMessageStartingWith("ZipfWords:");
  }
}
