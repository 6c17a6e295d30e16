package dev.weft.bench.mapreduce;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.weft.context.Context;
import dev.weft.mapreduce.Container;
import dev.weft.mapreduce.Engine;
import dev.weft.mapreduce.Input;
import dev.weft.mapreduce.JobConfig;
import dev.weft.mapreduce.JobResult;
import dev.weft.mapreduce.Jobs;
import dev.weft.mapreduce.LocalEngine;
import dev.weft.mapreduce.MapReduceJob;
import dev.weft.mapreduce.ZipfWords;
import dev.weft.mapreduce.hazelcast.HazelcastEngine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The map-reduce suite's harness (not JMH: one word count of 256 MB takes seconds). One
 * implementation of one workload per JVM: warm-up runs, then timed runs, and the median.
 *
 * <p>Implementations: {@code weft} ({@link LocalEngine}, default configuration), {@code
 * weft-1thread} (parallelism 1), {@code sequential} (a {@link HashMap} loop over lines read with a
 * {@link BufferedReader}, as a user writes it), {@code stream-grouping} ({@code
 * Files.lines(file).parallel()} collected with {@code groupingByConcurrent(counting())}), {@code
 * stream-tomap} (the same collected with {@code toMap} merging by {@code Long::sum}), {@code
 * hazelcast} ({@link HazelcastEngine} on one Hazelcast Jet member in this JVM). {@code
 * Files.lines(...).parallel()} splits poorly (its spliterator hands out batches of lines of
 * growing size from one reader); it is measured as users write it.
 *
 * <p>Workloads: {@code wordcount}, {@code topk} (the 100 most frequent words) and {@code grep}
 * (lines containing {@value #GREP_LITERAL}) read the file, every implementation the way it reads
 * files; {@code invertedindex} (documents of {@value #LINES_PER_DOCUMENT} lines) and {@code
 * histogram} (a hash of each line in 256 buckets, a dense container for weft) run over records
 * derived from the file's first {@code --prefix-mb} megabytes and loaded before timing; their
 * throughput is per byte of that prefix.
 *
 * <p>Allocation per input byte comes from {@code
 * com.sun.management.ThreadMXBean.getTotalThreadAllocatedBytes()} (every thread of the JVM,
 * carriers of virtual threads and Hazelcast's own threads included) over the timed runs. Every
 * run's output is folded into a 64-bit digest, in output order, so that the report can check that
 * every implementation gave the same answer.
 *
 * <p>{@code --impl identity} runs every workload on {@link LocalEngine}, on one Hazelcast member
 * and on two members in this JVM, and writes one line per workload: "identical" or the first
 * difference. {@code --generate} writes a data file with {@link ZipfWords}.
 *
 * <pre>java -cp benchmarks.jar dev.weft.bench.mapreduce.MapReduceLoad --impl weft --file F
 *     --workload wordcount [--runs 3] [--warmup 1] [--budget-mb N] [--label L] [--prefix-mb 32]
 *     [--out FILE]
 * java -cp benchmarks.jar dev.weft.bench.mapreduce.MapReduceLoad --impl identity --file F
 *     [--prefix-mb 32] [--out FILE]
 * java -cp benchmarks.jar dev.weft.bench.mapreduce.MapReduceLoad --generate F --mb N
 *     [--vocabulary 1000000] [--seed 42]</pre>
 */
public final class MapReduceLoad {

  private MapReduceLoad() {}

  static final String GREP_LITERAL = "kalo";
  static final int TOP_K = 100;
  static final int LINES_PER_DOCUMENT = 64;
  static final int BUCKETS = 256;
  static final long HISTOGRAM_MAX = 0xFFFF;

  /** Held here: a logger that nothing references can be collected, and its level with it. */
  private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

  static final List<String> WORKLOADS =
      List.of("wordcount", "topk", "grep", "invertedindex", "histogram");

  /** The order of a top-k output: by count, descending, then by word (as {@link Jobs#topK}). */
  private static final java.util.Comparator<Map.Entry<String, Long>> BY_COUNT =
      Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey());

  /** What one implementation returns: the output in its order, and weft's spill runs (or 0). */
  record Answer(List<? extends Map.Entry<?, ?>> entries, int spillRuns) {}

  /**
   * The records of the workloads that do not read the file. The documents are serializable
   * entries, so that Hazelcast can ship them.
   */
  record Derived(List<Map.Entry<String, String>> documents, List<Long> values, long bytes) {}

  public static void main(String[] args) throws Exception {
    String impl = null;
    Path file = null;
    String workload = "wordcount";
    int runs = 3;
    int warmup = 1;
    long budgetMb = 0;
    String label = null;
    int prefixMb = 32;
    Path out = null;
    Path generate = null;
    long mb = 0;
    int vocabulary = 1_000_000;
    long seed = 42;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--impl" -> impl = args[++i];
        case "--file" -> file = Path.of(args[++i]);
        case "--workload" -> workload = args[++i];
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--budget-mb" -> budgetMb = Long.parseLong(args[++i]);
        case "--label" -> label = args[++i];
        case "--prefix-mb" -> prefixMb = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--generate" -> generate = Path.of(args[++i]);
        case "--mb" -> mb = Long.parseLong(args[++i]);
        case "--vocabulary" -> vocabulary = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        default -> throw new IllegalArgumentException("MapReduceLoad: unknown argument " + args[i]);
      }
    }
    if (generate != null) {
      if (mb <= 0) throw new IllegalArgumentException("MapReduceLoad: --generate needs --mb");
      long lines = ZipfWords.create(vocabulary, 1.0, seed).writeLines(generate, mb << 20);
      System.out.printf(Locale.ROOT, "MapReduceLoad: wrote %s, %,d lines%n", generate, lines);
      return;
    }
    if (impl == null || file == null) {
      throw new IllegalArgumentException("MapReduceLoad: --impl and --file are required");
    }
    HAZELCAST_LOG.setLevel(Level.WARNING);
    if (impl.equals("identity")) {
      identity(file, prefixMb, out);
      return;
    }
    if (!WORKLOADS.contains(workload)) {
      throw new IllegalArgumentException("MapReduceLoad: unknown workload " + workload);
    }
    time(impl, label == null ? impl : label, file, workload, runs, warmup, budgetMb, prefixMb, out);
  }

  private static void time(
      String impl,
      String label,
      Path file,
      String workload,
      int runs,
      int warmup,
      long budgetMb,
      int prefixMb,
      Path out)
      throws Exception {
    Derived derived = fileWorkload(workload) ? null : derive(file, prefixMb);
    long inputBytes = derived == null ? Files.size(file) : derived.bytes();
    List<HazelcastInstance> cluster = impl.equals("hazelcast") ? cluster(1) : List.of();
    try {
      Engine engine =
          switch (impl) {
            case "weft" -> new LocalEngine(config(budgetMb));
            case "weft-1thread" -> new LocalEngine(config(budgetMb).withParallelism(1));
            case "hazelcast" -> new HazelcastEngine(cluster.getFirst(), JobConfig.defaults());
            default -> null;
          };
      for (int i = 0; i < warmup; i++) {
        run(impl, engine, workload, file, derived);
        System.out.printf(Locale.ROOT, "MapReduceLoad: %s %s warm-up %d done%n", label, workload, i + 1);
      }
      com.sun.management.ThreadMXBean threads =
          (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      long allocatedBefore = threads.getTotalThreadAllocatedBytes();
      long[] millis = new long[runs];
      Answer last = null;
      String digest = null;
      for (int i = 0; i < runs; i++) {
        long t0 = System.nanoTime();
        last = run(impl, engine, workload, file, derived);
        millis[i] = (System.nanoTime() - t0) / 1_000_000;
        String d = digest(last.entries());
        if (digest != null && !digest.equals(d)) {
          throw new IllegalStateException("MapReduceLoad: runs disagree: " + digest + " then " + d);
        }
        digest = d;
        System.out.printf(Locale.ROOT, "MapReduceLoad: %s %s run %d: %,d ms%n", label, workload, i + 1, millis[i]);
      }
      long allocatedAfter = threads.getTotalThreadAllocatedBytes();
      double perByte =
          allocatedBefore < 0 || allocatedAfter < 0
              ? Double.NaN
              : (double) (allocatedAfter - allocatedBefore) / ((double) inputBytes * runs);
      long[] sorted = millis.clone();
      Arrays.sort(sorted);
      long median = sorted[runs / 2];
      double mbPerSecond = inputBytes / 1e6 / (Math.max(1, median) / 1e3);
      String line =
          String.join(
              "\t",
              "time",
              label,
              impl,
              workload,
              Long.toString(Files.size(file)),
              Long.toString(inputBytes),
              Integer.toString(runs),
              Long.toString(median),
              String.format(Locale.ROOT, "%.1f", mbPerSecond),
              Double.isNaN(perByte) ? "NaN" : String.format(Locale.ROOT, "%.2f", perByte),
              Integer.toString(Objects.requireNonNull(last).entries().size()),
              digest,
              Integer.toString(last.spillRuns()),
              Long.toString(Runtime.getRuntime().maxMemory() >> 20),
              Arrays.stream(millis).mapToObj(Long::toString).collect(Collectors.joining(",")));
      append(out, line);
    } finally {
      for (HazelcastInstance h : cluster) h.shutdown();
    }
  }

  private static JobConfig config(long budgetMb) {
    JobConfig c = JobConfig.defaults();
    return budgetMb > 0 ? c.withMemoryBudget(budgetMb << 20) : c;
  }

  static boolean fileWorkload(String workload) {
    return !workload.equals("invertedindex") && !workload.equals("histogram");
  }

  /** The documents and values of the derived workloads, from the first {@code prefixMb} MB. */
  static Derived derive(Path file, int prefixMb) throws IOException {
    long limit = (long) prefixMb << 20;
    List<Map.Entry<String, String>> docs = new ArrayList<>();
    List<Long> values = new ArrayList<>();
    long bytes = 0;
    long lineNo = 0;
    StringBuilder doc = new StringBuilder();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while (bytes < limit && (line = r.readLine()) != null) {
        bytes += line.length() + 1; // ASCII text
        values.add((long) (line.hashCode() & 0xFFFF));
        if (doc.length() > 0) doc.append(' ');
        doc.append(line);
        if (++lineNo % LINES_PER_DOCUMENT == 0) {
          docs.add(new AbstractMap.SimpleImmutableEntry<>(documentId(docs.size()), doc.toString()));
          doc.setLength(0);
        }
      }
    }
    if (doc.length() > 0) docs.add(new AbstractMap.SimpleImmutableEntry<>(documentId(docs.size()), doc.toString()));
    return new Derived(List.copyOf(docs), List.copyOf(values), bytes);
  }

  private static String documentId(int n) {
    return String.format(Locale.ROOT, "d%07d", n);
  }

  /** The weft job of {@code workload}. */
  static MapReduceJob<?, ?, ?, ?> job(String workload, Path file, Derived derived) {
    return switch (workload) {
      case "wordcount" -> Jobs.wordCount(Input.lines(file));
      case "topk" -> Jobs.topK(Input.lines(file), TOP_K);
      case "grep" -> Jobs.grep(Input.lines(file), GREP_LITERAL);
      case "invertedindex" -> Jobs.invertedIndex(Input.of(derived.documents()));
      case "histogram" -> Jobs.histogram(Input.of(derived.values()), 0, HISTOGRAM_MAX, BUCKETS);
      default -> throw new IllegalArgumentException("MapReduceLoad: unknown workload " + workload);
    };
  }

  private static Answer run(String impl, Engine engine, String workload, Path file, Derived derived)
      throws Exception {
    if (engine != null) {
      MapReduceJob<?, ?, ?, ?> job = job(workload, file, derived);
      Engine e = engine;
      if (workload.equals("histogram") && e instanceof LocalEngine local) {
        e = new LocalEngine(local.config().withContainer(Container.dense(BUCKETS)));
      }
      JobResult<?, ?> r = e.run(Context.background(), job);
      return new Answer(r.entries(), r.stats().spillRuns());
    }
    return switch (impl) {
      case "sequential" -> new Answer(Peers.sequential(workload, file, derived), 0);
      case "stream-grouping" -> new Answer(Peers.streamGrouping(workload, file, derived), 0);
      case "stream-tomap" -> new Answer(Peers.streamToMap(workload, file, derived), 0);
      default -> throw new IllegalArgumentException("MapReduceLoad: unknown implementation " + impl);
    };
  }

  /** Every workload on LocalEngine, one Hazelcast member and two, compared. */
  private static void identity(Path file, int prefixMb, Path out) throws Exception {
    Derived derived = derive(file, prefixMb);
    LocalEngine local = LocalEngine.create();
    List<HazelcastInstance> one = cluster(1);
    try {
      List<HazelcastInstance> two = cluster(2);
      try {
        for (String workload : WORKLOADS) {
          MapReduceJob<?, ?, ?, ?> job = job(workload, file, derived);
          List<? extends Map.Entry<?, ?>> expected = local.run(Context.background(), job).entries();
          List<? extends Map.Entry<?, ?>> onOne =
              new HazelcastEngine(one.getFirst(), JobConfig.defaults()).run(Context.background(), job).entries();
          List<? extends Map.Entry<?, ?>> onTwo =
              new HazelcastEngine(two.getFirst(), JobConfig.defaults()).run(Context.background(), job).entries();
          String line =
              String.join(
                  "\t",
                  "identity",
                  workload,
                  Long.toString(fileWorkload(workload) ? Files.size(file) : derived.bytes()),
                  Integer.toString(expected.size()),
                  digest(expected),
                  compare(expected, onOne),
                  compare(expected, onTwo));
          System.out.println("MapReduceLoad: " + line);
          append(out, line);
        }
      } finally {
        for (HazelcastInstance h : two) h.shutdown();
      }
    } finally {
      for (HazelcastInstance h : one) h.shutdown();
    }
  }

  /** "identical", or the first difference of {@code actual} from {@code expected}. */
  static String compare(List<? extends Map.Entry<?, ?>> expected, List<? extends Map.Entry<?, ?>> actual) {
    int n = Math.min(expected.size(), actual.size());
    for (int i = 0; i < n; i++) {
      if (!expected.get(i).equals(actual.get(i))) {
        return "entry " + i + ": " + abbreviate(actual.get(i)) + " instead of " + abbreviate(expected.get(i));
      }
    }
    if (expected.size() != actual.size()) {
      return actual.size() + " entries instead of " + expected.size();
    }
    return "identical";
  }

  private static String abbreviate(Object o) {
    String s = String.valueOf(o).replace('\t', ' ');
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }

  /** A 64-bit FNV-1a style fold of every key's and value's hash, in output order, in hex. */
  static String digest(List<? extends Map.Entry<?, ?>> entries) {
    long h = 0xcbf29ce484222325L;
    for (Map.Entry<?, ?> e : entries) {
      h = (h ^ e.getKey().hashCode()) * 0x100000001b3L;
      h = (h ^ e.getValue().hashCode()) * 0x100000001b3L;
    }
    return String.format(Locale.ROOT, "%016x", h);
  }

  /** Hazelcast members in this JVM on loopback ports, Jet on, a cluster name of their own. */
  private static List<HazelcastInstance> cluster(int members) throws IOException {
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < members; i++) {
      try (ServerSocket s = new ServerSocket(0)) {
        ports.add(s.getLocalPort());
      }
    }
    String name = "weft-bench-" + ProcessHandle.current().pid() + "-" + members;
    List<HazelcastInstance> started = new ArrayList<>();
    for (int port : ports) {
      Config c = new Config();
      c.setClusterName(name);
      c.setInstanceName(name + "-" + port);
      c.setProperty("hazelcast.phone.home.enabled", "false");
      c.setProperty("hazelcast.logging.type", "jdk");
      c.getJetConfig().setEnabled(true);
      NetworkConfig network = c.getNetworkConfig();
      network.setPort(port).setPortAutoIncrement(false);
      network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
      JoinConfig join = network.getJoin();
      join.getMulticastConfig().setEnabled(false);
      join.getAutoDetectionConfig().setEnabled(false);
      join.getTcpIpConfig().setEnabled(true);
      for (int p : ports) join.getTcpIpConfig().addMember("127.0.0.1:" + p);
      started.add(Hazelcast.newHazelcastInstance(c));
    }
    return started;
  }

  private static void append(Path out, String line) throws IOException {
    if (out == null) {
      System.out.println(line);
      return;
    }
    Files.writeString(
        out, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
  }

  /** The peers: what users write without an engine. */
  static final class Peers {
    private Peers() {}

    static List<Map.Entry<Object, Object>> sequential(String workload, Path file, Derived derived)
        throws IOException {
      switch (workload) {
        case "wordcount", "topk", "grep" -> {
          Map<String, Long> counts = new HashMap<>();
          try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
              if (workload.equals("grep")) {
                if (line.contains(GREP_LITERAL)) counts.merge(line, 1L, Long::sum);
              } else {
                for (String w : words(line)) counts.merge(w, 1L, Long::sum);
              }
            }
          }
          return workload.equals("topk") ? top(counts) : byKey(counts);
        }
        case "invertedindex" -> {
          Map<String, Set<String>> index = new HashMap<>();
          for (Map.Entry<String, String> doc : derived.documents()) {
            for (String w : words(doc.getValue())) {
              index.computeIfAbsent(w, k -> new TreeSet<>()).add(doc.getKey());
            }
          }
          return byKey(index, s -> List.copyOf(s));
        }
        case "histogram" -> {
          long[] buckets = new long[BUCKETS];
          for (long v : derived.values()) buckets[bucket(v)]++;
          List<Map.Entry<Object, Object>> out = new ArrayList<>();
          for (int b = 0; b < BUCKETS; b++) if (buckets[b] > 0) out.add(Map.entry(b, buckets[b]));
          return out;
        }
        default -> throw new IllegalArgumentException("MapReduceLoad: unknown workload " + workload);
      }
    }

    static List<Map.Entry<Object, Object>> streamGrouping(String workload, Path file, Derived derived)
        throws IOException {
      switch (workload) {
        case "wordcount", "topk", "grep" -> {
          try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            Stream<String> keys =
                workload.equals("grep")
                    ? lines.parallel().filter(l -> l.contains(GREP_LITERAL))
                    : lines.parallel().flatMap(l -> words(l).stream());
            ConcurrentMap<String, Long> counts =
                keys.collect(Collectors.groupingByConcurrent(Function.identity(), Collectors.counting()));
            return workload.equals("topk") ? top(counts) : byKey(counts);
          } catch (UncheckedIOException e) {
            throw e.getCause();
          }
        }
        case "invertedindex" -> {
          ConcurrentMap<String, Set<String>> index =
              derived.documents().parallelStream()
                  .flatMap(d -> words(d.getValue()).stream().map(w -> Map.entry(w, d.getKey())))
                  .collect(
                      Collectors.groupingByConcurrent(
                          Map.Entry::getKey,
                          Collectors.mapping(Map.Entry::getValue, Collectors.toCollection(TreeSet::new))));
          return byKey(index, s -> List.copyOf(s));
        }
        case "histogram" -> {
          ConcurrentMap<Integer, Long> counts =
              derived.values().parallelStream()
                  .collect(Collectors.groupingByConcurrent(MapReduceLoad::bucket, Collectors.counting()));
          return byKey(counts);
        }
        default -> throw new IllegalArgumentException("MapReduceLoad: unknown workload " + workload);
      }
    }

    static List<Map.Entry<Object, Object>> streamToMap(String workload, Path file, Derived derived)
        throws IOException {
      switch (workload) {
        case "wordcount", "topk", "grep" -> {
          try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            Stream<String> keys =
                workload.equals("grep")
                    ? lines.parallel().filter(l -> l.contains(GREP_LITERAL))
                    : lines.parallel().flatMap(l -> words(l).stream());
            Map<String, Long> counts = keys.collect(Collectors.toMap(Function.identity(), w -> 1L, Long::sum));
            return workload.equals("topk") ? top(counts) : byKey(counts);
          } catch (UncheckedIOException e) {
            throw e.getCause();
          }
        }
        case "invertedindex" -> {
          Map<String, TreeSet<String>> index =
              derived.documents().parallelStream()
                  .flatMap(d -> words(d.getValue()).stream().map(w -> Map.entry(w, d.getKey())))
                  .collect(
                      Collectors.toMap(
                          Map.Entry::getKey,
                          e -> new TreeSet<>(List.of(e.getValue())),
                          (a, b) -> {
                            a.addAll(b);
                            return a;
                          }));
          return byKey(index, s -> List.copyOf(s));
        }
        case "histogram" -> {
          Map<Integer, Long> counts =
              derived.values().parallelStream()
                  .collect(Collectors.toMap(MapReduceLoad::bucket, v -> 1L, Long::sum));
          return byKey(counts);
        }
        default -> throw new IllegalArgumentException("MapReduceLoad: unknown workload " + workload);
      }
    }

    /** Words as {@link Jobs} cuts them: maximal runs of non-whitespace characters. */
    static List<String> words(String line) {
      List<String> out = new ArrayList<>();
      int n = line.length();
      int i = 0;
      while (i < n) {
        while (i < n && Character.isWhitespace(line.charAt(i))) i++;
        int start = i;
        while (i < n && !Character.isWhitespace(line.charAt(i))) i++;
        if (i > start) out.add(line.substring(start, i));
      }
      return out;
    }

    private static <K extends Comparable<K>, V> List<Map.Entry<Object, Object>> byKey(Map<K, V> map) {
      return byKey(map, v -> v);
    }

    private static <K extends Comparable<K>, V> List<Map.Entry<Object, Object>> byKey(
        Map<K, V> map, Function<V, Object> value) {
      List<K> keys = new ArrayList<>(map.keySet());
      keys.sort(null);
      List<Map.Entry<Object, Object>> out = new ArrayList<>(keys.size());
      for (K k : keys) out.add(Map.entry(k, value.apply(map.get(k))));
      return out;
    }

    private static List<Map.Entry<Object, Object>> top(Map<String, Long> counts) {
      List<Map.Entry<String, Long>> all = new ArrayList<>(counts.entrySet());
      all.sort(BY_COUNT);
      List<Map.Entry<Object, Object>> out = new ArrayList<>(TOP_K);
      for (Map.Entry<String, Long> e : all.subList(0, Math.min(TOP_K, all.size()))) {
        out.add(Map.entry(e.getKey(), e.getValue()));
      }
      return out;
    }
  }

  /** The bucket of {@code v}, computed as {@link Jobs#histogram} does. */
  static int bucket(long v) {
    double width = ((double) HISTOGRAM_MAX + 1) / BUCKETS;
    return Math.min(BUCKETS - 1, (int) (v / width));
  }
}
