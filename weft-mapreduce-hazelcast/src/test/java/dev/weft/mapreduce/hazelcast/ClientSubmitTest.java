package dev.weft.mapreduce.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.weft.context.Context;
import dev.weft.mapreduce.Input;
import dev.weft.mapreduce.JobConfig;
import dev.weft.mapreduce.JobFailedException;
import dev.weft.mapreduce.JobResult;
import dev.weft.mapreduce.Jobs;
import dev.weft.mapreduce.LocalEngine;
import dev.weft.mapreduce.MapReduceJob;
import dev.weft.mapreduce.ZipfWords;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job submitted through a Hazelcast client, by the engine or by the {@code SubmitJob} command,
 * gives the local engine's output, and a failing one the member's message.
 */
@Timeout(120)
class ClientSubmitTest {

  private static TestCluster cluster;

  @TempDir static Path dir;

  @BeforeAll
  static void startCluster() {
    cluster = new TestCluster(2);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) cluster.close();
  }

  private static String addresses() {
    List<String> out = new ArrayList<>();
    for (int p : cluster.ports) out.add("127.0.0.1:" + p);
    return String.join(",", out);
  }

  private static HazelcastInstance client() {
    ClientConfig config = new ClientConfig();
    config.setClusterName(cluster.name);
    config.setProperty("hazelcast.logging.type", "none");
    config.getNetworkConfig().setAddresses(List.of(addresses().split(",")));
    return HazelcastClient.newHazelcastClient(config);
  }

  @Test
  void theEngineThroughAClientGivesTheLocalOutput() throws Exception {
    Path f = dir.resolve("client.txt");
    ZipfWords.create(1_000, 1.0, 23).writeLines(f, 100_000);
    HazelcastInstance client = client();
    try {
      JobResult<String, Long> remote = new HazelcastEngine(client, JobConfig.defaults().withParallelism(2))
          .run(Context.background(), Jobs.topK(Input.lines(f), 20));
      assertThat(remote.entries())
          .containsExactlyElementsOf(LocalEngine.create().run(Context.background(), Jobs.topK(Input.lines(f), 20)).entries());
    } finally {
      client.shutdown();
    }
  }

  @Test
  void aFailureThroughAClientStillNamesTheRecord() {
    MapReduceJob<String, String, Long, Long> job =
        MapReduceJob.builder(Input.of(List.of("a", "b", "bad c")))
            .<String>mapToLong((line, out) -> {
              if (line.startsWith("bad")) throw new IllegalStateException("cannot map " + line);
              out.emit(line);
            })
            .sum()
            .build();
    HazelcastInstance client = client();
    try {
      assertThatThrownBy(() -> new HazelcastEngine(client, JobConfig.defaults().withParallelism(1).withSplitSize(10))
              .run(Context.background(), job))
          .isInstanceOf(JobFailedException.class)
          .hasMessageContaining("map failed in split items[0..3) at index 2")
          .hasMessageContaining("cannot map bad c");
    } finally {
      client.shutdown();
    }
  }

  @Test
  void submitJobPrintsTheWordCount() throws Exception {
    Path f = dir.resolve("submit.txt");
    ZipfWords.create(200, 1.0, 29).writeLines(f, 20_000);
    StringBuilder expected = new StringBuilder();
    for (Map.Entry<String, Long> e : LocalEngine.create().run(Context.background(), Jobs.wordCount(Input.lines(f))).entries()) {
      expected.append(e.getKey()).append('\t').append(e.getValue()).append('\n');
    }
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      SubmitJob.main(new String[] {"--cluster", cluster.name, "--members", addresses(), f.toString()});
    } finally {
      System.setOut(out);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
  }
}
