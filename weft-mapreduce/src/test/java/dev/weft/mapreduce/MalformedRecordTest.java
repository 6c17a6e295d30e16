package dev.weft.mapreduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed records (rejected by the map function, overlong, invalid UTF-8) fail the job, are
 * skipped and counted, or are written to a dead-letter file, as the policy says; none vanish.
 */
@Timeout(30)
class MalformedRecordTest {

  @TempDir Path dir;

  /** Counts the numbers of "n=<int>" lines; anything else is malformed. */
  private static MapReduceJob<String, String, Long, Long> parse(Input<String> in) {
    return MapReduceJob.builder(in)
        .<String>mapToLong((line, out) -> {
          if (!line.startsWith("n=")) throw new MalformedRecordException("expected n=<int>");
          out.emit(line.substring(2));
        })
        .sum()
        .build();
  }

  private Path input() throws Exception {
    Path f = dir.resolve("in.txt");
    Files.writeString(f, "n=1\nn=2\ngarbage\nn=1\n" + "n=" + "9".repeat(200) + "\nn=2\n");
    return f;
  }

  @Test
  void theFailPolicyFailsTheJobNamingSplitOffsetAndReason() throws Exception {
    Path f = input();
    assertThatThrownBy(() -> LocalEngine.create().run(Context.background(), parse(Input.lines(f))))
        .isInstanceOf(JobFailedException.class)
        .hasMessageContaining("malformed record in split " + f)
        .hasMessageContaining("at byte 8: expected n=<int>");
  }

  @Test
  void theSkipPolicyCountsEveryMalformedRecord() throws Exception {
    Path f = input();
    JobConfig config = JobConfig.defaults().withMalformedPolicy(MalformedPolicy.skip()).withMaxRecordLength(100);
    JobResult<String, Long> r = new LocalEngine(config).run(Context.background(), parse(Input.lines(f)));
    assertThat(r.toMap()).isEqualTo(Map.of("1", 2L, "2", 2L));
    assertThat(r.stats().malformedRecords()).isEqualTo(2); // "garbage" and the overlong line
    assertThat(r.stats().records()).isEqualTo(6);
  }

  @Test
  void theDeadLetterPolicyWritesEachMalformedRecordWithWhereAndWhy() throws Exception {
    Path f = input();
    Path dead = dir.resolve("dead.txt");
    JobConfig config = JobConfig.defaults().withMalformedPolicy(MalformedPolicy.deadLetter(dead)).withMaxRecordLength(100);
    JobResult<String, Long> r = new LocalEngine(config).run(Context.background(), parse(Input.lines(f)));
    assertThat(r.stats().malformedRecords()).isEqualTo(2);
    List<String> lines = Files.readAllLines(dead);
    assertThat(lines).hasSize(2);
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("at byte 8").contains("expected n=<int>").endsWith("garbage"));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("at byte 20").contains("record longer than 100 bytes"));
  }

  @Test
  void anOverlongRecordFailsTheJobUnderTheDefaultPolicy() throws Exception {
    Path f = input();
    JobConfig config = JobConfig.defaults().withMaxRecordLength(100);
    assertThatThrownBy(() -> new LocalEngine(config).run(Context.background(), Jobs.wordCount(Input.lines(f))))
        .isInstanceOf(JobFailedException.class)
        .hasMessageContaining("at byte 20: record longer than 100 bytes");
  }

  @Test
  void malformedCollectionRecordsAreCountedToo() throws Exception {
    JobConfig config = JobConfig.defaults().withMalformedPolicy(MalformedPolicy.skip());
    JobResult<String, Long> r =
        new LocalEngine(config).run(Context.background(), parse(Input.of(List.of("n=1", "x", "y", "n=1"))));
    assertThat(r.toMap()).isEqualTo(Map.of("1", 2L));
    assertThat(r.stats().malformedRecords()).isEqualTo(2);
  }

  @Test
  void histogramValuesOutOfRangeAreMalformed() throws Exception {
    JobConfig config = JobConfig.defaults().withContainer(Container.dense(4)).withMalformedPolicy(MalformedPolicy.skip());
    JobResult<Integer, Long> r =
        new LocalEngine(config).run(Context.background(), Jobs.histogram(Input.of(List.of(0L, 5L, -1L, 99L, 100L)), 0, 99, 4));
    assertThat(r.toMap()).isEqualTo(Map.of(0, 2L, 3, 1L));
    assertThat(r.stats().malformedRecords()).isEqualTo(2);
  }
}
