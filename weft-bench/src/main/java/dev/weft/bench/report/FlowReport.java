package dev.weft.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes {@code flow.md} from the JMH JSON of a {@code run-flow.sh} run, or {@code resilience.md}
 * from that of a {@code run-resilience.sh} run ({@code --suite resilience}): one table per shape,
 * weft and each peer in ns per task/item/operation, and how weft compares with the best peer.
 *
 * <pre>
 * java -cp benchmarks.jar dev.weft.bench.report.FlowReport [--suite flow|resilience] \
 *     --jmh results/flow-jmh.json --out results/flow.md [--extra memory.md] [--quick] \
 *     [--command "..."] [--load "..."] [--note "..."]
 * </pre>
 *
 * <p>{@code --extra} is a Markdown fragment appended as it is (the idle-worker memory figures, the
 * blocked-waiters and accuracy tables); it may be given several times.
 *
 * <p>Each row ends with the mean of each JMH fork for weft and for the best peer, so that a score
 * whose forks settle on different levels is visible: ‡ marks fork means more than 25% apart.
 */
public final class FlowReport {

  /**
   * One suite's report: its title, the script of a full run, its shapes in report order with what
   * a score measures, the baselines that are not peers (never the best peer), and whether every
   * implementation's B/op is shown (else weft's only).
   */
  private record Suite(
      String title, String script, Map<String, String> shapes, Set<String> baselines, boolean allBytes) {}

  /** The weft-flow shapes in report order, with what a score measures. */
  private static final Map<String, String> SHAPES = new LinkedHashMap<>();

  /** The weft-resilience shapes in report order, with what a score measures. */
  private static final Map<String, String> RESILIENCE_SHAPES = new LinkedHashMap<>();

  static {
    RESILIENCE_SHAPES.put("TryAcquire",
        "non-blocking tryAcquire of 1 permit at 10^9 per second (almost always granted), one limiter"
            + " shared by the threads: ns per call; `clock` is one `System.nanoTime()`, which every"
            + " limiter here reads per call: a floor, not a peer");
    RESILIENCE_SHAPES.put("Breaker",
        "closed circuit breaker around a call returning a field, 2 threads: ns per call; `direct` is"
            + " the call with no breaker, a baseline, not a peer");
    SHAPES.put("TinyTasks", "1,000,000 tiny tasks, concurrency = cores: ns per task");
    SHAPES.put("BlockingTasks", "100,000 tasks sleeping 10 ms, concurrency 10,000: ns per task (floor 1,000)");
    SHAPES.put("Pipeline", "200,000 items: `run`, 3 cheap stages with parallelism 1 (weft fuses them);"
        + " `cpuHeavy`, 2 stages of a few hundred ns each with parallelism 2; buffers of 64: ns per item");
    SHAPES.put("ShardedMap", "map of 10,000 counters, 2 threads, 90% get / 10% merge: ns per operation");
  }

  private static final Map<String, Suite> SUITES = Map.of(
      "flow", new Suite("weft-flow against the JDK", "weft-bench/run-flow.sh", SHAPES, Set.of(), false),
      "resilience", new Suite("weft-resilience against its peers", "weft-bench/run-resilience.sh",
          RESILIENCE_SHAPES, Set.of("direct", "clock"), true));

  private FlowReport() {}

  public static void main(String[] args) throws IOException {
    Path out = null;
    List<Path> extras = new ArrayList<>();
    List<Path> inputs = new ArrayList<>();
    boolean quick = false;
    String command = null;
    String load = null;
    String note = null;
    Suite suite = SUITES.get("flow");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--suite" -> {
          String name = args[++i];
          suite = SUITES.get(name);
          if (suite == null) throw new IllegalArgumentException("FlowReport: unknown suite " + name);
        }
        case "--jmh" -> inputs.add(Path.of(args[++i]));
        case "--out" -> out = Path.of(args[++i]);
        case "--extra" -> extras.add(Path.of(args[++i]));
        case "--quick" -> quick = true;
        case "--command" -> command = args[++i];
        case "--load" -> load = args[++i];
        case "--note" -> note = args[++i];
        default -> throw new IllegalArgumentException("FlowReport: unknown option " + args[i]);
      }
    }
    if (out == null) throw new IllegalArgumentException("FlowReport: --out is required");
    List<JmhResult> results = new ArrayList<>();
    for (Path p : inputs) results.addAll(JmhResult.read(p));
    StringBuilder md = new StringBuilder("# ").append(suite.title()).append("\n\n");
    if (quick) {
      md.append(
          "> **Quick smoke run (`--quick`), not final numbers.** One fork, short iterations. It proves\n"
              + "> that the harness runs end to end; real numbers come from `" + suite.script() + "`.\n\n");
    }
    if (note != null) md.append(note).append("\n\n");
    md.append(
        "Lower is better. `best peer / weft` above 1.00 means weft is faster than the best peer in the\n"
            + "row. Each cell is the mean over all measured iterations of all forks; the last two columns\n"
            + "give the mean of each fork for weft and for the best peer, ‡ where they are more than 25%\n"
            + "apart (the score moves between levels from one JVM to the next).\n\n");
    for (Map.Entry<String, String> shape : suite.shapes().entrySet()) {
      List<JmhResult> rs = results.stream().filter(r -> r.benchmark().equals(shape.getKey())).toList();
      if (rs.isEmpty()) continue;
      md.append("## ").append(shape.getKey()).append("\n\n").append(shape.getValue()).append("\n\n");
      table(md, rs, suite);
    }
    for (Path extra : extras) {
      if (Files.isRegularFile(extra)) md.append(Files.readString(extra)).append('\n');
    }
    md.append("## Machine and command\n\n");
    md.append("- cores: ").append(Runtime.getRuntime().availableProcessors()).append(" (")
        .append(Machine.cpuModel()).append("), memory ").append(Machine.memory()).append('\n');
    md.append("- JDK: ").append(results.isEmpty() ? System.getProperty("java.version") : results.get(0).jdk())
        .append(", JMH 1.37\n");
    if (load != null) md.append("- load average (1/5/15 min): ").append(load).append('\n');
    if (command != null) md.append("- command: `").append(command).append("`\n");
    Files.writeString(out, md.toString());
    System.out.println("FlowReport: wrote " + out);
  }

  /**
   * One table: a row per benchmark method (when the shape has several) and parameter set other
   * than {@code impl}, a column per implementation.
   */
  private static void table(StringBuilder md, List<JmhResult> rs, Suite suite) {
    Set<String> impls = new LinkedHashSet<>();
    Map<String, Map<String, JmhResult>> rows = new LinkedHashMap<>();
    boolean methods = rs.stream().map(JmhResult::method).distinct().count() > 1;
    for (JmhResult r : rs) {
      String impl = r.params().getOrDefault("impl", "?");
      impls.add(impl);
      Map<String, String> rest = new LinkedHashMap<>(r.params());
      rest.remove("impl");
      String key = rest.isEmpty() ? "-" : rest.toString();
      if (methods) key = rest.isEmpty() ? r.method() : r.method() + " " + key;
      rows.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(impl, r);
    }
    md.append("| params |");
    for (String i : impls) md.append(' ').append(i).append(" |");
    if (suite.allBytes()) {
      for (String i : impls) md.append(' ').append(i).append(" B/op |");
      md.append(" best peer / weft | weft forks | best peer forks |\n|---|")
          .append("---:|".repeat(2 * impls.size())).append("---:|---|---|\n");
    } else {
      md.append(" weft B/op | best peer / weft | weft forks | best peer forks |\n|---|");
      md.append("---:|".repeat(impls.size())).append("---:|---:|---|---|\n");
    }
    rows.forEach(
        (key, byImpl) -> {
          md.append("| ").append(key).append(" |");
          for (String i : impls) {
            JmhResult r = byImpl.get(i);
            md.append(' ').append(r == null ? "—" : num(r.score())).append(" |");
          }
          JmhResult weft = byImpl.get("weft");
          for (String i : suite.allBytes() ? impls : Set.of("weft")) {
            JmhResult r = byImpl.get(i);
            md.append(' ').append(r == null || Double.isNaN(r.bytesPerOp()) ? "—" : num(r.bytesPerOp()))
                .append(" |");
          }
          JmhResult best = null;
          for (Map.Entry<String, JmhResult> e : byImpl.entrySet()) {
            if (e.getKey().equals("weft") || suite.baselines().contains(e.getKey())) continue;
            if (best == null || e.getValue().score() < best.score()) best = e.getValue();
          }
          md.append(' ');
          if (weft == null || best == null) md.append('—');
          else {
            md.append(String.format(Locale.ROOT, "%.2f (%s)", best.score() / weft.score(),
                best.params().getOrDefault("impl", "?")));
          }
          md.append(" | ").append(forks(weft)).append(" | ").append(forks(best)).append(" |\n");
        });
    md.append('\n');
  }

  /** Each fork's mean, in order, with ‡ when the highest is more than 25% above the lowest. */
  static String forks(JmhResult r) {
    if (r == null) return "—";
    List<Double> means = r.forkMeans();
    if (means.isEmpty()) return "—";
    StringBuilder sb = new StringBuilder();
    for (double m : means) sb.append(sb.isEmpty() ? "" : ", ").append(num(m));
    double min = means.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    double max = means.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    if (means.size() > 1 && max > 1.25 * min) sb.append(" ‡");
    return sb.toString();
  }

  private static String num(double v) {
    if (Double.isNaN(v)) return "—";
    return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
  }
}
