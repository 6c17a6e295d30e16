package dev.weft.bench.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@code results/redis.md} (and {@code redis.png}) from the lines {@code RedisLoad} appended,
 * one per implementation and shape: decisions per second, weft's ratio to the best Bucket4j
 * backend, latency percentiles, the commands clients sent per decision as Redis counted them, and
 * the bytes allocated per decision.
 *
 * <pre>java -cp benchmarks.jar dev.weft.bench.report.RedisReport --lines FILE --out redis.md
 *     [--command TEXT] [--load TEXT] [--redis VERSION] [--quick] [--note TEXT]</pre>
 */
public final class RedisReport {

  private RedisReport() {}

  /** One line of RedisLoad. */
  record Line(
      String impl,
      int keys,
      int clients,
      double rate,
      long p50,
      long p99,
      long p999,
      double roundTrips,
      double allocated,
      long decisions,
      long admitted,
      String commands) {

    static Line parse(String s) {
      String[] f = s.split("\t", -1);
      return new Line(
          f[0],
          Integer.parseInt(f[1]),
          Integer.parseInt(f[2]),
          Double.parseDouble(f[3]),
          Long.parseLong(f[4]),
          Long.parseLong(f[5]),
          Long.parseLong(f[6]),
          Double.parseDouble(f[7]),
          Double.parseDouble(f[8]),
          Long.parseLong(f[9]),
          Long.parseLong(f[10]),
          f.length > 11 ? f[11] : "");
    }

    String shape() {
      return keys == 1 ? "one hot key" : String.format(Locale.ROOT, "%,d keys", keys);
    }
  }

  public static void main(String[] args) throws IOException {
    Path lines = null;
    Path out = null;
    String command = "";
    String load = "?";
    String redis = "?";
    String note = null;
    boolean quick = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--lines" -> lines = Path.of(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--command" -> command = args[++i];
        case "--load" -> load = args[++i];
        case "--redis" -> redis = args[++i];
        case "--note" -> note = args[++i];
        case "--quick" -> quick = true;
        default -> throw new IllegalArgumentException("RedisReport: unknown argument " + args[i]);
      }
    }
    if (lines == null || out == null) {
      throw new IllegalArgumentException("RedisReport: --lines and --out are required");
    }
    List<Line> all = new ArrayList<>();
    for (String s : Files.readAllLines(lines)) if (!s.isBlank()) all.add(Line.parse(s));
    Map<String, List<Line>> byShape = new LinkedHashMap<>();
    for (Line l : all) byShape.computeIfAbsent(l.shape(), k -> new ArrayList<>()).add(l);

    StringBuilder md = new StringBuilder();
    md.append("# weft-redis against Bucket4j's Redis backends and a hand-written INCR + EXPIRE\n\n");
    if (quick) md.append("**Quick run: short, for smoke testing, not for publishing.**\n\n");
    md.append("Machine: ").append(Machine.cpuModel()).append(", ").append(Machine.memory());
    md.append("; JDK ").append(Runtime.version()).append("; Redis ").append(redis);
    md.append(" on loopback, started by the run; load average ").append(load).append(".\n");
    md.append("Command: `").append(command).append("`.\n\n");
    md.append(
        "Every client is a virtual thread deciding for one permit in a loop; every limiter is"
            + " configured so that it admits everything, so the figures are the cost of deciding."
            + " *Commands per decision* is what Redis counted in `INFO commandstats` over the timed"
            + " run (the calls that scripts made are not counted: only what clients sent), divided by"
            + " the decisions. *Allocated* is bytes per decision on the client, measured on one"
            + " platform thread after the timed run.\n\n");
    if (note != null) md.append(note).append("\n\n");
    md.append(
        "| shape | implementation | decisions/s | weft / this | p50 µs | p99 µs | p99.9 µs |"
            + " commands per decision | allocated B/decision |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    List<String> groups = new ArrayList<>();
    Map<String, List<Double>> series = new LinkedHashMap<>();
    for (Map.Entry<String, List<Line>> e : byShape.entrySet()) {
      groups.add(e.getKey());
      double weft =
          e.getValue().stream().filter(l -> l.impl.equals("weft")).mapToDouble(Line::rate).findFirst()
              .orElse(Double.NaN);
      for (Line l : e.getValue()) {
        series.computeIfAbsent(l.impl, k -> new ArrayList<>());
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %,.0f | %s | %.1f | %.1f | %.1f | %.2f | %,.0f |%n",
                l.shape(),
                l.impl,
                l.rate,
                l.impl.equals("weft") ? "" : String.format(Locale.ROOT, "%.2f", weft / l.rate),
                l.p50 / 1e3,
                l.p99 / 1e3,
                l.p999 / 1e3,
                l.roundTrips,
                l.allocated));
      }
    }
    for (Map.Entry<String, List<Double>> s : series.entrySet()) {
      for (String g : groups) {
        s.getValue()
            .add(
                byShape.get(g).stream().filter(l -> l.impl.equals(s.getKey())).mapToDouble(Line::rate)
                    .findFirst().orElse(Double.NaN));
      }
    }
    md.append("\nCommands Redis executed over each timed run, scripts' own calls included:\n\n");
    for (Line l : all) {
      md.append("- ").append(l.shape()).append(", ").append(l.impl).append(": `")
          .append(l.commands.isEmpty() ? "none" : l.commands).append("`\n");
    }
    Color[] colors = {
      new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0x9467bd),
      new Color(0x8c564b)
    };
    List<BarChart.Series> chart = new ArrayList<>();
    int c = 0;
    for (Map.Entry<String, List<Double>> s : series.entrySet()) {
      chart.add(new BarChart.Series(s.getKey(), colors[c++ % colors.length], s.getValue()));
    }
    Path png = out.resolveSibling(out.getFileName().toString().replaceAll("\\.md$", "") + ".png");
    BarChart.write(png, "Decisions per second against one local Redis (higher is better)", groups,
        chart, "decisions/s");
    md.append("\n![decisions per second](").append(png.getFileName()).append(")\n");
    Files.writeString(out, md.toString());
  }
}
