package dev.weft.mapreduce.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.weft.context.Context;
import dev.weft.mapreduce.Input;
import dev.weft.mapreduce.JobConfig;
import dev.weft.mapreduce.JobResult;
import dev.weft.mapreduce.JobStats;
import dev.weft.mapreduce.Jobs;
import dev.weft.mapreduce.MapReduceJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A command that connects to a Hazelcast cluster as a client, runs a word count (or the top k
 * words) of the files given on it with {@link HazelcastEngine}, and prints one {@code
 * word<TAB>count} line per word on standard output and the job's statistics on standard error.
 *
 * <pre>
 * java -cp 'weft-mapreduce-hazelcast.jar:lib/*' dev.weft.mapreduce.hazelcast.SubmitJob \
 *     --cluster demo --members 127.0.0.1:5801,127.0.0.1:5802 book.txt
 * </pre>
 *
 * <p>The members read the files themselves: every member must see them at the same path (the
 * paths are made absolute here). Exit code 0 on success, 1 if the job failed, 2 on a bad command
 * line.
 */
public final class SubmitJob {
  private SubmitJob() {}

  /** Held so that its level sticks: the client's INFO lines would drown the output. */
  private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

  private static final String USAGE =
      """
      usage: SubmitJob [--cluster NAME] [--members HOST:PORT,...] [--top K] [--parallelism N] FILE...
        Connects to the cluster as a client and counts the words of the FILEs on it, which every
        member must be able to read at the same path. Prints word<TAB>count lines sorted by word
        (or the K most frequent words, most frequent first) and the statistics on stderr.
        --cluster      the cluster name (default weft)
        --members      member addresses; a plain port means 127.0.0.1 (default 127.0.0.1:5801)
        --top          print only the K most frequent words
        --parallelism  source processors per member (default 2)
      """;

  /**
   * Runs the word count and exits.
   *
   * @param args the command line; {@code --help} prints the usage
   * @throws Exception if the client cannot be started
   */
  public static void main(String[] args) throws Exception {
    Args a;
    List<Path> files = new ArrayList<>();
    MapReduceJob<String, String, Long, Long> job;
    int parallelism;
    List<String> members;
    try {
      a = Args.parse(args, List.of("cluster", "members", "top", "parallelism"));
      if (a.help) {
        System.out.print(USAGE);
        return;
      }
      for (String f : a.positional) {
        Path p = Path.of(f).toAbsolutePath();
        if (!Files.isReadable(p)) throw new IllegalArgumentException("cannot read " + p);
        files.add(p);
      }
      if (files.isEmpty()) throw new IllegalArgumentException("no files to count");
      parallelism = Integer.parseInt(a.get("parallelism", "2"));
      members = Args.addresses(a.get("members", "127.0.0.1:5801"));
      String top = a.options.get("top");
      job = top == null ? Jobs.wordCount(Input.lines(files)) : Jobs.topK(Input.lines(files), Integer.parseInt(top));
    } catch (IllegalArgumentException e) {
      System.err.println("SubmitJob: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    ClientConfig config = new ClientConfig();
    config.setClusterName(a.get("cluster", "weft"));
    HAZELCAST_LOG.setLevel(Level.WARNING);
    config.getNetworkConfig().setAddresses(members);
    HazelcastInstance client = HazelcastClient.newHazelcastClient(config);
    int status = 0;
    try {
      HazelcastEngine engine = new HazelcastEngine(client, JobConfig.defaults().withParallelism(parallelism));
      JobResult<String, Long> r = engine.run(Context.background(), job);
      StringBuilder out = new StringBuilder();
      for (Map.Entry<String, Long> e : r.entries()) out.append(e.getKey()).append('\t').append(e.getValue()).append('\n');
      System.out.print(out);
      System.out.flush();
      JobStats s = r.stats();
      System.err.printf(
          "SubmitJob: %d members, %d bytes, %d lines, %d splits, %d distinct words, %d ms%n",
          client.getCluster().getMembers().size(), s.bytesRead(), s.records(), s.splits(), s.keys(),
          s.totalTime().toMillis());
    } catch (Exception e) {
      System.err.println("SubmitJob: " + e.getMessage());
      status = 1;
    } finally {
      client.shutdown();
    }
    if (status != 0) System.exit(status);
  }
}
