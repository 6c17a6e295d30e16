package dev.weft.examples.cli;

import static dev.weft.examples.cli.MapReduceCommandTest.mapreduce;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.examples.cli.WeftCommandTest.Result;
import dev.weft.mapreduce.JobProgress;
import dev.weft.mapreduce.JobProgress.Phase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress bar is drawn (and redrawn in place with a carriage return) only when stdout is a
 * terminal; it shows bytes read of the total, MB/s and the time left.
 */
@Timeout(60)
class MapReduceProgressTest {

  @TempDir Path dir;

  @Test
  void noBarOffATerminal() throws IOException {
    Result r = mapreduce("wordcount", MapReduceCommandTest.smallText(dir, "a.txt").toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).doesNotContain("\r").doesNotContain("ETA").doesNotContain("\u001b");
  }

  @Test
  void aBarOnATerminal() throws IOException {
    Result r =
        mapreduce(new Terminal(true, false), "wordcount", MapReduceCommandTest.smallText(dir, "a.txt").toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("\r\\[#{24}] 100%  244 B of 244 B  [\\d.]+ MB/s  ETA 0:00  (merging|done) *\n");
    assertThat(MapReduceCommandTest.rows(r.out(), "count  word")).startsWith("30  the");
  }

  @Test
  void renderShowsTheFractionTheRateAndTheTimeLeft() {
    JobProgress halfway = new JobProgress(Phase.MAPPING, 5 << 20, 10 << 20, 1000, Duration.ofSeconds(1));
    assertThat(ProgressBar.render(halfway))
        .isEqualTo("[############............]  50%  5.0 MB of 10.0 MB  5.0 MB/s  ETA 0:01  mapping");
    JobProgress slow = new JobProgress(Phase.MAPPING, 1 << 20, 200L << 20, 10, Duration.ofSeconds(1));
    assertThat(ProgressBar.render(slow)).contains("  1%").endsWith("1.0 MB/s  ETA 3:19  mapping");
    JobProgress start = new JobProgress(Phase.SAMPLING, 0, 10 << 20, 0, Duration.ZERO);
    assertThat(ProgressBar.render(start)).startsWith("[........................]   0%").contains("ETA -:--");
    JobProgress noFiles = new JobProgress(Phase.DONE, 0, 0, 5, Duration.ofMillis(3));
    assertThat(ProgressBar.render(noFiles)).startsWith("[########################] 100%").contains("ETA 0:00");
  }
}
