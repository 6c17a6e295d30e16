package dev.weft.mapreduce.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.jet.Job;
import com.hazelcast.jet.core.JobStatus;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.mapreduce.Input;
import dev.weft.mapreduce.JobConfig;
import dev.weft.mapreduce.MapReduceJob;
import dev.weft.test.Async;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Cancelling the context, or interrupting the caller, before or while a job runs stops the Jet job
 * on the cluster before {@code run} returns, and leaves no output map behind.
 */
@Timeout(120)
class ClusterCancellationTest {

  private static TestCluster cluster;
  private static HazelcastEngine engine;

  /** Counted down by the map function on its first record (the members share this JVM). */
  private static volatile CountDownLatch mapping;
  /** What the map function waits for; released after each test so no job outlives it. */
  private static volatile CountDownLatch release;

  @BeforeAll
  static void startCluster() {
    cluster = new TestCluster(2);
    engine = new HazelcastEngine(cluster.first(), JobConfig.defaults().withParallelism(1));
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) cluster.close();
  }

  @BeforeEach
  void latches() {
    mapping = new CountDownLatch(1);
    release = new CountDownLatch(1);
  }

  @AfterEach
  void releaseTheMapFunction() {
    release.countDown();
  }

  private static MapReduceJob<String, String, Long, Long> blockingJob() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 100; i++) lines.add("line " + i);
    return MapReduceJob.builder(Input.of(lines))
        .<String>mapToLong((line, out) -> {
          mapping.countDown();
          release.await();
          out.emit(line);
        })
        .sum()
        .build();
  }

  private static void assertNoJobRunsAndNoOutputIsLeft() {
    for (Job j : cluster.first().getJet().getJobs()) {
      assertThat(j.getStatus()).as(j.getName()).isIn(JobStatus.FAILED, JobStatus.COMPLETED);
    }
    assertThat(cluster.first().getDistributedObjects().stream()
            .filter(o -> o.getName().startsWith("weft-mapreduce-")))
        .isEmpty();
  }

  @Test
  void aContextDoneOnEntryFailsWithoutSubmitting() {
    CancelContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    int before = cluster.first().getJet().getJobs().size();
    assertThatThrownBy(() -> engine.run(ctx, blockingJob())).isInstanceOf(ContextCancelledException.class);
    assertThat(cluster.first().getJet().getJobs()).hasSize(before);
  }

  @Test
  void anInterruptOnEntryFailsWithoutSubmitting() {
    int before = cluster.first().getJet().getJobs().size();
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> engine.run(Context.background(), blockingJob())).isInstanceOf(InterruptedException.class);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    assertThat(cluster.first().getJet().getJobs()).hasSize(before);
  }

  @Test
  void cancellingTheContextWhileMappingCancelsTheJetJob() throws Exception {
    CancelContext ctx = Context.withCancel(Context.background());
    Async<?> run = Async.call(() -> engine.run(ctx, blockingJob()));
    mapping.await();
    ctx.cancel();
    assertThat(run.failure()).isInstanceOf(ContextCancelledException.class);
    assertNoJobRunsAndNoOutputIsLeft();
  }

  @Test
  void interruptingTheCallerWhileMappingCancelsTheJetJob() throws Exception {
    Async<?> run = Async.call(() -> engine.run(Context.background(), blockingJob()));
    mapping.await();
    run.interrupt();
    assertThat(run.failure()).isInstanceOf(InterruptedException.class);
    assertThat(run.interruptedAtEnd()).as("the exception reports the interrupt").isFalse();
    assertNoJobRunsAndNoOutputIsLeft();
  }
}
