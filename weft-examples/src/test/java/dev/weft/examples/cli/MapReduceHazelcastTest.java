package dev.weft.examples.cli;

import static dev.weft.examples.cli.MapReduceCommandTest.mapreduce;
import static dev.weft.examples.cli.MapReduceCommandTest.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.examples.cli.WeftCommandTest.Result;
import dev.weft.mapreduce.ZipfWords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --engine hazelcast --members 2} starts two members in this JVM, prints the same top rows
 * as the local engine, and shuts the members down afterwards, also when the job fails.
 */
@Timeout(120)
class MapReduceHazelcastTest {

  @TempDir Path dir;

  /** Live Hazelcast threads of a cluster started by the command (named after the cluster). */
  private static List<String> memberThreads() {
    List<String> out = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().matches(".*weft-mapreduce-[0-9a-f]{8}-.*")) out.add(t.getName());
    }
    return out;
  }

  @Test
  void twoMembersGiveTheSameTopRowsAsTheLocalEngineAndAreShutDown() throws IOException {
    Path a = dir.resolve("a.txt");
    Path b = dir.resolve("b.txt");
    ZipfWords.create(500, 1.0, 7).writeLines(a, 200_000);
    ZipfWords.create(500, 1.0, 8).writeLines(b, 100_000);
    Result local = mapreduce("wordcount", "--top", "8", a.toString(), b.toString());
    Result cluster = mapreduce("wordcount", "--top", "8", "--engine", "hazelcast", "--members", "2", a.toString(), b.toString());
    assertThat(local.exitCode()).as(local.err()).isZero();
    assertThat(cluster.exitCode()).as(cluster.err()).isZero();
    assertThat(cluster.out()).contains("on 2 Hazelcast members in this JVM");
    List<String> top = rows(local.out(), "count  word");
    assertThat(top).hasSize(8);
    assertThat(rows(cluster.out(), "count  word")).isEqualTo(top);
    assertThat(cluster.out()).containsPattern("\n {4}map +[\\d,]+ ms");
    await().atMost(Duration.ofSeconds(30)).until(() -> memberThreads().isEmpty());
  }

  @Test
  void aFailedJobStillShutsTheMembersDown() throws IOException {
    Path bad = Files.write(dir.resolve("bad.txt"), new byte[] {'o', 'k', '\n', (byte) 0xff, (byte) 0xfe, '\n'});
    Result r = mapreduce("wordcount", "--engine", "hazelcast", bad.toString());
    assertThat(r.exitCode()).as(r.out()).isEqualTo(1);
    assertThat(r.err()).startsWith("weft mapreduce: the job failed: ").contains("malformed").doesNotContain("\tat ");
    await().atMost(Duration.ofSeconds(30)).until(() -> memberThreads().isEmpty());
  }
}
