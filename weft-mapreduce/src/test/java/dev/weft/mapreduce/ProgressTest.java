package dev.weft.mapreduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.context.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Progress (phase, bytes read, records, rates) can be watched while a job runs. */
@Timeout(30)
class ProgressTest {

  @TempDir Path dir;

  @Test
  void progressShowsBytesAndRecordsWhileMappingAndDoneAtTheEnd() throws Exception {
    Path f = dir.resolve("in.txt");
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 20_000; i++) text.append(i == 5_000 ? "hold" : "line" + i).append('\n');
    Files.writeString(f, text);
    CountDownLatch release = new CountDownLatch(1);
    MapReduceJob<String, String, Long, Long> job =
        MapReduceJob.builder(Input.lines(f))
            .<String>mapToLong((line, out) -> {
              if (line.equals("hold")) release.await();
              out.emit(line.substring(0, 1));
            })
            .sum()
            .build();
    JobHandle<String, Long> h =
        new LocalEngine(JobConfig.defaults().withParallelism(1).withContainer(Container.hash()))
            .start(Context.background(), job);
    await().until(() -> h.progress().records() >= 4096); // counters are published every 1024 records
    JobProgress p = h.progress();
    assertThat(p.phase()).isEqualTo(JobProgress.Phase.MAPPING);
    assertThat(p.records()).isLessThanOrEqualTo(5_001);
    assertThat(p.totalBytes()).isEqualTo(Files.size(f));
    assertThat(p.bytesRead()).isPositive().isLessThanOrEqualTo(p.totalBytes());
    assertThat(p.recordsPerSecond()).isPositive();
    assertThat(p.bytesPerSecond()).isPositive();
    assertThat(h.isDone()).isFalse();
    release.countDown();
    JobResult<String, Long> r = h.await();
    assertThat(h.isDone()).isTrue();
    JobProgress end = h.progress();
    assertThat(end.phase()).isEqualTo(JobProgress.Phase.DONE);
    assertThat(end.bytesRead()).isEqualTo(Files.size(f));
    assertThat(end.records()).isEqualTo(20_000);
    assertThat(r.stats().records()).isEqualTo(20_000);
    assertThat(r.toMap()).containsEntry("l", 19_999L).containsEntry("h", 1L);
  }
}
