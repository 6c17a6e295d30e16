package dev.weft.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.examples.Examples;
import dev.weft.mapreduce.ZipfWords;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interrupting {@code weft mapreduce} before or while a local job runs cancels the job, waits for
 * its workers (the leak detector checks none is left), says so in one line, exits with 1 and keeps
 * the interrupt flag set.
 */
@Timeout(60)
class MapReduceInterruptionTest {

  @TempDir Path dir;

  /** A stream that opens {@link #started} once the command has printed its header line. */
  private static final class Watched extends PrintStream {
    final CountDownLatch started = new CountDownLatch(1);

    Watched(ByteArrayOutputStream bytes) {
      super(bytes, true, StandardCharsets.UTF_8);
    }

    @Override
    public void println(String line) {
      super.println(line);
      if (line.contains("on the local engine")) started.countDown();
    }
  }

  @Test
  void interruptedOnEntry() throws IOException {
    Path f = MapReduceCommandTest.smallText(dir, "a.txt");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    Thread.currentThread().interrupt();
    try (PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = WeftCommand.commandLine(Examples.all(), o, e).execute("mapreduce", "wordcount", f.toString());
    } finally {
      assertThat(Thread.interrupted()).as("the interrupt flag is kept").isTrue();
    }
    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("weft mapreduce: interrupted; the job was cancelled\n");
  }

  @Test
  void interruptedWhileTheJobRuns() throws Exception {
    Path f = dir.resolve("big.txt");
    ZipfWords.create(50_000, 1.0, 3).writeLines(f, 24 << 20);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    AtomicInteger code = new AtomicInteger(-1);
    CountDownLatch flagKept = new CountDownLatch(1);
    try (Watched o = new Watched(out);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      Thread t =
          Thread.ofVirtual()
              .start(() -> {
                code.set(WeftCommand.commandLine(Examples.all(), o, e)
                    .execute("mapreduce", "wordcount", "--memory", "64k", f.toString()));
                if (Thread.currentThread().isInterrupted()) flagKept.countDown();
              });
      o.started.await();
      t.interrupt();
      t.join();
    }
    assertThat(code.get()).isEqualTo(1);
    assertThat(flagKept.getCount()).as("the interrupt flag is kept").isZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("weft mapreduce: interrupted; the job was cancelled\n");
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("count  word");
  }
}
