package dev.weft.mapreduce.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.chan.Channel;
import dev.weft.context.Context;
import dev.weft.mapreduce.Input;
import dev.weft.mapreduce.JobConfig;
import dev.weft.mapreduce.JobFailedException;
import dev.weft.mapreduce.JobResult;
import dev.weft.mapreduce.Jobs;
import dev.weft.mapreduce.MalformedPolicy;
import dev.weft.mapreduce.MapReduceJob;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job that cannot be sent fails before it is submitted, naming the function; a job that fails on
 * the cluster fails with a message naming the split and record, or the key; the cluster runs the
 * next job normally.
 */
@Timeout(120)
class ClusterFailureTest {

  private static TestCluster cluster;
  private static HazelcastEngine engine;

  @TempDir Path dir;

  @BeforeAll
  static void startCluster() {
    cluster = new TestCluster(2);
    engine = new HazelcastEngine(cluster.first(), JobConfig.defaults().withParallelism(2).withSplitSize(5));
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) cluster.close();
  }

  /** Not serializable: what a lambda must not capture. */
  private static final class Handle {
    int calls;
  }

  @Test
  void aLambdaCapturingANonSerializableObjectIsRejectedUpFrontNamingTheFunction() {
    int jobsBefore = cluster.first().getJet().getJobs().size();
    Handle handle = new Handle();
    MapReduceJob<String, String, Long, Long> badMap =
        MapReduceJob.builder(Input.of(List.of("a b")))
            .<String>mapToLong((line, out) -> {
              handle.calls++;
              out.emit(line);
            })
            .sum()
            .build();
    assertThatThrownBy(() -> engine.run(Context.background(), badMap))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("HazelcastEngine: the job's map function cannot be sent to the cluster")
        .hasMessageContaining("java.io.NotSerializableException: " + Handle.class.getName());
    MapReduceJob<String, String, Long, Long> badReduce =
        MapReduceJob.builder(Input.of(List.of("a b")))
            .<String>mapToLong((line, out) -> out.emit(line))
            .reduce((String k, long v) -> v + handle.calls)
            .build();
    assertThatThrownBy(() -> engine.run(Context.background(), badReduce))
        .hasMessageStartingWith("HazelcastEngine: the job's reduce function cannot be sent");
    MapReduceJob<Object, String, Long, Long> badRecords =
        MapReduceJob.builder(Input.<Object>of(List.of(new Handle())))
            .<String>mapToLong((r, out) -> out.emit("x"))
            .sum()
            .build();
    assertThatThrownBy(() -> engine.run(Context.background(), badRecords))
        .hasMessageStartingWith("HazelcastEngine: the job's input records cannot be sent");
    assertThat(cluster.first().getJet().getJobs()).hasSize(jobsBefore);
  }

  @Test
  void aFailingMapFailsTheJobNamingTheSplitAndTheRecord() {
    MapReduceJob<String, String, Long, Long> job =
        MapReduceJob.builder(Input.of(List.of("a", "b", "c", "bad three", "e", "f")))
            .<String>mapToLong((line, out) -> {
              if (line.startsWith("bad")) throw new IllegalStateException("cannot map " + line);
              out.emit(line);
            })
            .sum()
            .build();
    assertThatThrownBy(() -> engine.run(Context.background(), job))
        .isInstanceOf(JobFailedException.class)
        .hasMessageStartingWith("HazelcastEngine: Jet job weft-mapreduce-")
        .hasMessageContaining("map failed in split items[0..5) at index 3")
        .hasMessageContaining("cannot map bad three");
    assertThat(outputMaps()).isEmpty();
  }

  @Test
  void aFailingReduceFailsTheJobNamingTheKey() {
    MapReduceJob<String, String, Long, Long> job =
        MapReduceJob.builder(Input.of(List.of("a", "boom", "c")))
            .<String>mapToLong((line, out) -> out.emit(line))
            .reduce((String k, long v) -> {
              if (k.equals("boom")) throw new ArithmeticException("no " + k);
              return v;
            })
            .build();
    assertThatThrownBy(() -> engine.run(Context.background(), job))
        .isInstanceOf(JobFailedException.class)
        .hasMessageContaining("reduce failed for key 'boom'")
        .hasMessageContaining("no boom");
  }

  @Test
  void aMissingFileFailsTheJobNamingIt() {
    Path missing = dir.resolve("missing.txt");
    assertThatThrownBy(() -> engine.run(Context.background(), Jobs.wordCount(Input.lines(missing))))
        .isInstanceOf(JobFailedException.class)
        .hasMessageContaining("cannot read input file")
        .hasMessageContaining(missing.toString());
  }

  @Test
  void malformedRecordsFailTheJobOrAreSkippedAndCounted() throws Exception {
    MapReduceJob<Long, Integer, Long, Long> job = Jobs.histogram(Input.of(List.of(1L, 2L, 99L, 3L, -5L, 4L)), 0, 9, 10);
    assertThatThrownBy(() -> engine.run(Context.background(), job))
        .isInstanceOf(JobFailedException.class)
        .hasMessageContaining("malformed record in split items[0..5) at index 2")
        .hasMessageContaining("value 99 outside [0, 9]");
    HazelcastEngine skipping =
        new HazelcastEngine(cluster.first(), engine.config().withMalformedPolicy(MalformedPolicy.skip()));
    JobResult<Integer, Long> r = skipping.run(Context.background(), job);
    assertThat(r.toMap()).containsExactly(
        java.util.Map.entry(1, 1L), java.util.Map.entry(2, 1L), java.util.Map.entry(3, 1L), java.util.Map.entry(4, 1L));
    assertThat(r.stats().malformedRecords()).isEqualTo(2);
    assertThat(r.stats().records()).isEqualTo(6);
  }

  @Test
  void whatAClusterCannotRunIsRejectedWithTheTypeInTheMessage() {
    Channel<String> ch = Channel.buffered(1);
    assertThatThrownBy(() -> engine.run(Context.background(), Jobs.wordCount(Input.channel(ch))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("HazelcastEngine: a channel input");
    assertThatThrownBy(() -> new HazelcastEngine(
            cluster.first(), JobConfig.defaults().withMalformedPolicy(MalformedPolicy.deadLetter(dir.resolve("dead")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("HazelcastEngine: a dead-letter file");
    assertThatThrownBy(() -> HazelcastEngine.create(null)).hasMessageStartingWith("HazelcastEngine:");
  }

  /** The engine's temporary output maps still in the cluster. */
  static List<String> outputMaps() {
    return cluster.first().getDistributedObjects().stream()
        .map(o -> o.getName())
        .filter(n -> n.startsWith("weft-mapreduce-"))
        .toList();
  }
}
