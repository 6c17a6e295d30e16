package dev.weft.bench.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Writes {@code channels.md} and {@code channels.png} from the JMH JSON files and the {@code go test
 * -bench} output of a {@code run-channels.sh} run.
 *
 * <pre>
 * java -cp benchmarks.jar dev.weft.bench.report.ChannelsReport \
 *     --jmh results/channels-jmh.json [--jmh more.json] --go results/channels-go.txt \
 *     --out results/channels.md --png results/channels.png \
 *     [--quick] [--command "..."] [--go-version "..."] [--go-stages N] [--note "..."]
 * </pre>
 *
 * <p>Every option but the inputs and outputs only adds text to the report.
 */
public final class ChannelsReport {

  private static final List<String> PEERS = List.of("weft", "jox", "Kotlin");

  private ChannelsReport() {}

  public static void main(String[] args) throws IOException {
    Options o = Options.parse(args);
    List<JmhResult> jmh = new ArrayList<>();
    for (Path p : o.jmh) jmh.addAll(JmhResult.read(p));
    Map<String, GoResult> go = o.go == null ? Map.of() : GoResult.read(o.go);
    List<Row> rows = rows(jmh, go);
    Files.writeString(o.out, markdown(o, rows, jmh, go));
    if (o.png != null) chart(o, rows);
    System.out.println("ChannelsReport: wrote " + o.out + (o.png == null ? "" : " and " + o.png));
  }

  static List<Row> rows(List<JmhResult> jmh, Map<String, GoResult> go) {
    Map<String, List<JmhResult>> byShape = new TreeMap<>();
    Map<String, Shape> shapes = new LinkedHashMap<>();
    for (JmhResult r : jmh) {
      Shape s = Shape.of(r);
      shapes.putIfAbsent(s.order(), s);
      byShape.computeIfAbsent(s.order(), k -> new ArrayList<>()).add(r);
    }
    List<Row> rows = new ArrayList<>();
    byShape.forEach(
        (order, results) -> {
          Shape s = shapes.get(order);
          rows.add(
              new Row(
                  s,
                  results,
                  Optional.ofNullable(go.get(GoResult.key(s.goName(), 1))),
                  Optional.ofNullable(go.get(GoResult.key(s.goName(), 2)))));
        });
    return rows;
  }

  private static String markdown(Options o, List<Row> rows, List<JmhResult> jmh, Map<String, GoResult> go) {
    StringBuilder md = new StringBuilder();
    md.append("# Channels: weft against its peers\n\n");
    if (o.quick) {
      md.append(
          """
          > **Quick smoke run (`--quick`), not final numbers.** One JMH fork, one short warm-up and \
          measurement iteration, reduced parameters (fewer stages, smaller batches, fewer \
          capacities), Go with a short `-benchtime`. It proves that the harness runs end to end; do \
          not quote these figures. Real numbers come from a full run \
          (`weft-bench/run-channels.sh`, 3 forks) on a quiet machine.
          """);
      if (o.load != null) md.append("> Load average (1/5/15 min) during this run: ").append(o.load).append(".\n");
      md.append('\n');
    }
    if (o.note != null) md.append("> ").append(o.note).append("\n\n");
    md.append(
        """
        Lower is better. Scores are nanoseconds per message: per send+receive pair, per \
        `trySend`+`tryReceive` pair, per `select`. **jox/weft** and **Kotlin/weft** are the peer's \
        time over weft's: above 1 weft is faster, below 1 the peer is. *best JDK* is the fastest \
        JDK baseline of the shape in this run. Go is the median of its runs at `-cpu=2` (and \
        `-cpu=1` in brackets). **weft B/op** is JMH's `gc.alloc.rate.norm` per message. \
        ‡ marks a score whose JMH forks disagree by more than 25%: see *Forks that disagree*; \
        § a score that cannot be compared, with the reason under the table.

        """);
    md.append("| shape | weft | jox | Kotlin | best JDK | Go | jox/weft | Kotlin/weft | weft B/op |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    List<String> caveats = new ArrayList<>();
    for (Row row : rows) {
      Optional<JmhResult> weft = row.impl("weft");
      Optional<JmhResult> jox = row.impl("jox");
      Optional<JmhResult> kotlin = row.impl("Kotlin");
      Optional<JmhResult> jdk = row.bestJdk();
      md.append("| ").append(row.shape().label());
      md.append(" | ").append(cell(weft));
      md.append(" | ").append(cell(jox));
      md.append(" | ").append(cell(kotlin));
      md.append(" | ").append(jdk.map(r -> cell(jdk) + " " + Shape.implName(r)).orElse("—"));
      md.append(" | ").append(goCell(row));
      md.append(" | ").append(ratio(jox, weft));
      md.append(" | ").append(ratio(kotlin, weft));
      md.append(" | ").append(weft.map(r -> bytes(r.bytesPerOp())).orElse("—"));
      md.append(" |\n");
      for (JmhResult r : row.results()) {
        String caveat = Shape.caveat(r);
        if (caveat != null) caveats.add("§ " + row.shape().label() + ", " + Shape.implName(r) + ": " + caveat);
      }
    }
    if (!caveats.isEmpty()) {
      md.append('\n');
      for (String c : caveats) md.append(c).append("  \n");
    }
    md.append("\n![ns per message by shape and implementation, log scale](")
        .append(o.png == null ? "channels.png" : o.png.getFileName())
        .append(")\n\n");

    md.append(
        """
        ## What each shape does

        Producers and consumers are virtual threads (weft, jox, JDK) or coroutines on \
        `Dispatchers.Default` (Kotlin, called through `KotlinShapes`), on the default schedulers. \
        Every message is one preallocated object, so B/op is the channel's own allocation (plus \
        thread start-up where the shape starts threads per batch).

        - **rendezvous / buffered SPSC**: one producer, one consumer. JDK: `SynchronousQueue`, \
        `Exchanger`, `LinkedTransferQueue.transfer` / `ArrayBlockingQueue`.
        - **chained**: a chain of channels with a thread per stage forwarding each value; \
        **parallel**: that many independent channels, each with a producer and a consumer. Thread \
        start-up is inside the timed batch (as in jox's and Kotlin's published suites). JDK: \
        `SynchronousQueue` at cap 0, `ArrayBlockingQueue` above.
        - **select**: one consumer selects over 1 or 2 rendezvous channels fed by one producer \
        each. weft reuses one `Select` object across the loop (its for-select idiom); jox builds \
        its clauses per call. No JDK counterpart.
        - **trySend+tryReceive**: one thread, a channel of 16 that is empty before each pair. jox \
        1.0.1 has no `trySend`/`tryReceive`: its column is `select` with a default clause, which \
        is how a jox user writes them. JDK: `ArrayBlockingQueue.offer`/`poll`.
        - **timed select, timeout fires**: nothing is sent; every select waits out its timeout \
        (100 µs or 1 ms), which is included in the score: score − timeout = how late it fired + \
        the select's own cost. jox (`selectOrClosedWithin`) starts a virtual thread per call that \
        sleeps `timeout.toMillis()` (so under 1 ms it fires at once, §); Kotlin's \
        `onTimeout(Duration)` rounds up to whole milliseconds; Go 1.19's timers wake about a \
        millisecond late at 100 µs. JDK: `SynchronousQueue.poll(timeout)`.
        - **timed select, ready**: a producer keeps the channel ready, the 1 s timeout never fires: \
        the cost of arming and disarming a timeout on top of a rendezvous. Go reuses one \
        `time.Timer` (`Reset`/`Stop`).
        - **MPMC**: 500 producers and 500 consumers on one channel, each burning \
        `Blackhole.consumeCPU(100)` per operation (Go: the same arithmetic); work included.

        """);

    appendDisagreeing(md, rows);
    appendAll(md, rows);
    appendMachine(md, o, jmh, go);
    return md.toString();
  }

  private static void appendDisagreeing(StringBuilder md, List<Row> rows) {
    md.append("## Forks that disagree\n\n");
    int forks = rows.stream().flatMap(r -> r.results().stream()).mapToInt(r -> r.forks().size()).max().orElse(0);
    if (forks < 2) {
      md.append("One fork per benchmark in this run: agreement between forks was not measured.\n\n");
      return;
    }
    List<String> lines = new ArrayList<>();
    for (Row row : rows) {
      for (JmhResult r : row.disagreeing()) {
        List<Double> means = r.forkMeans();
        List<Double> sorted = new ArrayList<>(means);
        sorted.sort(null);
        double median = sorted.size() % 2 == 1
            ? sorted.get(sorted.size() / 2)
            : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        lines.add(
            "| " + row.shape().label() + " | " + Shape.implName(r) + " | "
                + String.join(", ", means.stream().map(ChannelsReport::ns).toList())
                + " | " + ns(sorted.get(0)) + " | " + ns(median) + " |");
      }
    }
    if (lines.isEmpty()) {
      md.append("None: every benchmark's fork means are within 25% of each other.\n\n");
      return;
    }
    md.append(
        "Mean of each fork's measured iterations (ns per message). Where forks settle on different "
            + "levels, the minimum and the median say more than the overall mean.\n\n");
    md.append("| shape | impl | fork means | min | median |\n|---|---|---|---:|---:|\n");
    for (String line : lines) md.append(line).append('\n');
    md.append('\n');
  }

  private static void appendAll(StringBuilder md, List<Row> rows) {
    md.append("## All JMH results\n\n");
    md.append("| shape | impl | ns/op | ± (99.9%) | B/op | forks | fork means |\n");
    md.append("|---|---|---:|---:|---:|---:|---|\n");
    for (Row row : rows) {
      List<JmhResult> sorted = new ArrayList<>(row.results());
      sorted.sort(Comparator.comparingInt((JmhResult r) -> implOrder(Shape.implName(r))));
      for (JmhResult r : sorted) {
        md.append("| ").append(row.shape().label())
            .append(" | ").append(Shape.implName(r))
            .append(" | ").append(ns(r.score()))
            .append(" | ").append(Double.isFinite(r.scoreError()) ? ns(r.scoreError()) : "—")
            .append(" | ").append(bytes(r.bytesPerOp()))
            .append(" | ").append(r.forks().size())
            .append(" | ").append(String.join(", ", r.forkMeans().stream().map(ChannelsReport::ns).toList()))
            .append(" |\n");
      }
    }
    md.append('\n');
  }

  private static void appendMachine(StringBuilder md, Options o, List<JmhResult> jmh, Map<String, GoResult> go) {
    md.append("## Machine and command\n\n");
    md.append("- date: ").append(o.date == null ? java.time.Instant.now() : o.date).append('\n');
    md.append("- cores: ").append(Runtime.getRuntime().availableProcessors())
        .append(" (").append(Machine.cpuModel()).append("), memory ").append(Machine.memory()).append('\n');
    md.append("- JDK: ").append(jmh.isEmpty() ? System.getProperty("java.version") : jmh.get(0).jdk())
        .append(", JMH 1.37, virtual threads on the default scheduler\n");
    md.append("- Go: ").append(o.goVersion == null ? (go.isEmpty() ? "not run" : "?") : o.goVersion);
    if (o.goStages != null) md.append(", chained/parallel with ").append(o.goStages).append(" stages/pairs");
    md.append('\n');
    if (o.load != null) md.append("- load average (1/5/15 min): ").append(o.load).append('\n');
    if (o.command != null) md.append("- command: `").append(o.command).append("`\n");
    md.append("- raw results, beside this report: `channels-go.txt`; the JMH JSON (`channels-jmh*.json`) and ")
        .append("console log (`channels-jmh.log`) are written there too but not committed\n");
  }

  private static void chart(Options o, List<Row> rows) throws IOException {
    List<String> groups = rows.stream().map(r -> r.shape().label()).toList();
    List<BarChart.Series> series = new ArrayList<>();
    series.add(series("weft", new Color(0x1f77b4), rows, r -> r.impl("weft")));
    series.add(series("jox", new Color(0xff7f0e), rows, r -> r.impl("jox")));
    series.add(series("Kotlin", new Color(0x9467bd), rows, r -> r.impl("Kotlin")));
    series.add(series("best JDK", new Color(0x7f7f7f), rows, Row::bestJdk));
    List<Double> go = rows.stream().map(r -> r.go2().map(GoResult::median).orElse(Double.NaN)).toList();
    series.add(new BarChart.Series("Go -cpu=2", new Color(0x2ca02c), go));
    String title = "weft channels vs peers: ns per message" + (o.quick ? " (QUICK SMOKE RUN, not final numbers)" : "");
    BarChart.write(o.png, title, groups, series, "ns per message");
  }

  private static BarChart.Series series(
      String name, Color color, List<Row> rows, Function<Row, Optional<JmhResult>> pick) {
    return new BarChart.Series(
        name,
        color,
        rows.stream()
            .map(r -> pick.apply(r).filter(x -> Shape.caveat(x) == null).map(JmhResult::score).orElse(Double.NaN))
            .toList());
  }

  private static String cell(Optional<JmhResult> r) {
    return r.map(x -> ns(x.score()) + (Row.disagree(x) ? " ‡" : "") + (Shape.caveat(x) != null ? " §" : ""))
        .orElse("—");
  }

  private static String goCell(Row row) {
    if (row.go2().isEmpty() && row.go1().isEmpty()) return "—";
    String two = row.go2().map(g -> ns(g.median())).orElse("—");
    String one = row.go1().map(g -> ns(g.median())).orElse("—");
    return two + " (" + one + ")";
  }

  private static String ratio(Optional<JmhResult> peer, Optional<JmhResult> weft) {
    if (peer.isEmpty() || weft.isEmpty()) return "—";
    if (Shape.caveat(peer.get()) != null) return "n/c §";
    return String.format(Locale.ROOT, "%.2f", peer.get().score() / weft.get().score());
  }

  private static int implOrder(String impl) {
    int i = PEERS.indexOf(impl);
    return i >= 0 ? i : PEERS.size();
  }

  /** Nanoseconds with a precision that suits the magnitude. */
  static String ns(double v) {
    if (!Double.isFinite(v)) return "—";
    if (v < 10) return String.format(Locale.ROOT, "%.2f", v);
    if (v < 100) return String.format(Locale.ROOT, "%.1f", v);
    return String.format(Locale.ROOT, "%,.0f", v);
  }

  private static String bytes(double v) {
    if (!Double.isFinite(v)) return "—";
    return v < 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%,.0f", v);
  }

  /** The command line. */
  private static final class Options {
    final List<Path> jmh = new ArrayList<>();
    Path go;
    Path out;
    Path png;
    boolean quick;
    String command;
    String goVersion;
    String goStages;
    String note;
    String load;
    String date;

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("--quick")) {
          o.quick = true;
          continue;
        }
        if (i + 1 >= args.length) throw new IllegalArgumentException("ChannelsReport: " + a + " needs a value");
        String v = args[++i];
        switch (a) {
          case "--jmh" -> o.jmh.add(Path.of(v));
          case "--go" -> o.go = Path.of(v);
          case "--out" -> o.out = Path.of(v);
          case "--png" -> o.png = Path.of(v);
          case "--command" -> o.command = v;
          case "--go-version" -> o.goVersion = v;
          case "--go-stages" -> o.goStages = v;
          case "--note" -> o.note = v;
          case "--load" -> o.load = v;
          case "--date" -> o.date = v;
          default -> throw new IllegalArgumentException("ChannelsReport: unknown option " + a);
        }
      }
      if (o.jmh.isEmpty() || o.out == null) {
        throw new IllegalArgumentException("ChannelsReport: needs --jmh FILE and --out FILE");
      }
      return o;
    }
  }
}
