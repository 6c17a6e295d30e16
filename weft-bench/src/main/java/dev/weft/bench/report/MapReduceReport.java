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
import java.util.Optional;

/**
 * Writes {@code results/mapreduce.md} (and {@code mapreduce.png}) from the lines {@code
 * MapReduceLoad} appended: per workload and input size, each implementation's median time, MB/s,
 * speedup against the sequential loop, bytes allocated per input byte and whether its answer is the
 * sequential loop's; then the suite's targets (weft against the best parallel-stream form, weft's 2
 * threads against 1, the spilling run against the in-memory one) and the Hazelcast identity check.
 *
 * <pre>java -cp benchmarks.jar dev.weft.bench.report.MapReduceReport --lines FILE --out mapreduce.md
 *     [--command TEXT] [--load TEXT] [--data TEXT] [--spill TEXT] [--quick] [--note TEXT]</pre>
 */
public final class MapReduceReport {

  private MapReduceReport() {}

  /** One timing line of MapReduceLoad. */
  record Time(
      String label,
      String impl,
      String workload,
      long fileBytes,
      long inputBytes,
      int runs,
      long medianMs,
      double mbPerSecond,
      double allocatedPerByte,
      long keys,
      String digest,
      int spillRuns,
      long heapMb,
      String allRuns) {

    static Time parse(String[] f) {
      return new Time(
          f[1],
          f[2],
          f[3],
          Long.parseLong(f[4]),
          Long.parseLong(f[5]),
          Integer.parseInt(f[6]),
          Long.parseLong(f[7]),
          Double.parseDouble(f[8]),
          Double.parseDouble(f[9]),
          Long.parseLong(f[10]),
          f[11],
          Integer.parseInt(f[12]),
          Long.parseLong(f[13]),
          f.length > 14 ? f[14] : "");
    }

    String group() {
      return workload + ", " + size(fileBytes);
    }
  }

  /** One identity line of MapReduceLoad. */
  record Identity(String workload, long bytes, long keys, String digest, String oneMember, String twoMembers) {
    static Identity parse(String[] f) {
      return new Identity(f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), f[4], f[5], f[6]);
    }
  }

  static String size(long bytes) {
    long mb = Math.round(bytes / 1048576.0);
    return mb >= 1024 && mb % 1024 == 0 ? (mb / 1024) + " GB" : mb + " MB";
  }

  public static void main(String[] args) throws IOException {
    Path lines = null;
    Path out = null;
    String command = "";
    String load = "?";
    String data = "";
    String spill = "";
    String note = null;
    boolean quick = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--lines" -> lines = Path.of(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--command" -> command = args[++i];
        case "--load" -> load = args[++i];
        case "--data" -> data = args[++i];
        case "--spill" -> spill = args[++i];
        case "--note" -> note = args[++i];
        case "--quick" -> quick = true;
        default -> throw new IllegalArgumentException("MapReduceReport: unknown argument " + args[i]);
      }
    }
    if (lines == null || out == null) {
      throw new IllegalArgumentException("MapReduceReport: --lines and --out are required");
    }
    List<Time> times = new ArrayList<>();
    List<Identity> identities = new ArrayList<>();
    for (String s : Files.readAllLines(lines)) {
      if (s.isBlank()) continue;
      String[] f = s.split("\t", -1);
      switch (f[0]) {
        case "time" -> times.add(Time.parse(f));
        case "identity" -> identities.add(Identity.parse(f));
        default -> throw new IllegalArgumentException("MapReduceReport: unknown line " + s);
      }
    }
    Map<String, List<Time>> byGroup = new LinkedHashMap<>();
    for (Time t : times) {
      if (!t.label.equals("weft-spill")) byGroup.computeIfAbsent(t.group(), k -> new ArrayList<>()).add(t);
    }

    StringBuilder md = new StringBuilder();
    md.append("# weft-mapreduce against a sequential loop, parallel streams and Hazelcast Jet\n\n");
    if (quick) md.append("**Quick run: small data, for smoke testing, not for publishing.**\n\n");
    md.append("Machine: ").append(Machine.cpuModel()).append(", ").append(Machine.memory());
    md.append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores");
    md.append("; JDK ").append(Runtime.version()).append("; load average ").append(load).append(".\n");
    md.append("Command: `").append(command).append("`.\n\n");
    md.append(
        "Each implementation runs each workload in a JVM of its own (`-Xmx2g` unless stated):"
            + " warm-up runs, then timed runs; the figures are the median. *MB/s* is input megabytes"
            + " (10^6 bytes) per second of the whole job, reading and ordering the output included."
            + " *Allocated* is the bytes the whole JVM allocated during the timed runs"
            + " (`com.sun.management.ThreadMXBean.getTotalThreadAllocatedBytes`, carriers of virtual"
            + " threads and Hazelcast's own threads included) per input byte. *Answer* compares the"
            + " digest of the output (every key and value, in output order) with the sequential"
            + " loop's. `Files.lines(...).parallel()` splits poorly (one reader hands out batches of"
            + " lines); it is measured as users write it. Word count, top-k (100) and grep read the"
            + " file; the inverted index (documents of 64 lines) and the histogram (a hash of each"
            + " line in 256 buckets) run over records derived from the file's first megabytes, loaded"
            + " before timing, and their MB/s is per byte of that prefix.\n\n");
    if (!data.isEmpty()) md.append("Data: ").append(data).append(".\n\n");
    if (note != null) md.append(note).append("\n\n");

    md.append("## Targets\n\n");
    md.append("| target | size | measured | goal | met |\n|---|---|---:|---:|---|\n");
    for (Map.Entry<String, List<Time>> e : byGroup.entrySet()) {
      List<Time> g = e.getValue();
      if (!g.getFirst().workload.equals("wordcount")) continue;
      String sz = size(g.getFirst().fileBytes);
      Optional<Time> weft = find(g, "weft");
      Optional<Time> one = find(g, "weft-1thread");
      Optional<Time> bestStream =
          g.stream().filter(t -> t.impl.startsWith("stream-")).min((a, b) -> Long.compare(a.medianMs, b.medianMs));
      if (weft.isPresent() && bestStream.isPresent()) {
        double r = (double) bestStream.get().medianMs / weft.get().medianMs;
        md.append(row("word count: weft / best parallel stream (" + bestStream.get().impl + ")", sz, r, 2.0, true));
      }
      if (weft.isPresent() && one.isPresent()) {
        double r = (double) one.get().medianMs / weft.get().medianMs;
        md.append(row("word count: weft 2 threads / 1 thread", sz, r, 1.8, true));
      }
    }
    for (Time s : times) {
      if (!s.label.equals("weft-spill")) continue;
      Optional<Time> mem =
          times.stream()
              .filter(t -> t.label.equals("weft") && t.workload.equals(s.workload) && t.fileBytes == s.fileBytes)
              .findFirst();
      if (mem.isEmpty()) continue;
      double r = (double) s.medianMs / mem.get().medianMs;
      md.append(row("spilling / in-memory time (" + s.heapMb + " MB heap, " + s.spillRuns
              + " spill runs; answers " + (s.digest.equals(mem.get().digest) ? "match" : "DIFFER") + ")",
          size(s.fileBytes), r, 2.0, false));
    }
    for (Identity id : identities) {
      boolean same = id.oneMember.equals("identical") && id.twoMembers.equals("identical");
      md.append(String.format(Locale.ROOT, "| Hazelcast output = LocalEngine output: %s (%,d keys) | %s | 1 member: %s; 2 members: %s | identical | %s |%n",
          id.workload, id.keys, size(id.bytes), id.oneMember, id.twoMembers, same ? "yes" : "**no**"));
    }
    if (!spill.isEmpty()) md.append("\nSpilling run: ").append(spill).append(".\n");

    md.append("\n## Ratios per workload\n\n");
    md.append("Median times divided: above 1.00, weft is the faster.\n\n");
    md.append("| workload, size | best stream / weft | weft 1 thread / weft | sequential / weft | hazelcast / weft |\n");
    md.append("|---|---:|---:|---:|---:|\n");
    for (Map.Entry<String, List<Time>> e : byGroup.entrySet()) {
      List<Time> g = e.getValue();
      Optional<Time> weft = find(g, "weft");
      if (weft.isEmpty()) continue;
      long w = Math.max(1, weft.get().medianMs);
      Optional<Time> bestStream =
          g.stream().filter(t -> t.impl.startsWith("stream-")).min((a, b) -> Long.compare(a.medianMs, b.medianMs));
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %s |%n",
              e.getKey(),
              bestStream.map(t -> ratio(t.medianMs, w) + " (" + t.impl + ")").orElse(""),
              find(g, "weft-1thread").map(t -> ratio(t.medianMs, w)).orElse(""),
              find(g, "sequential").map(t -> ratio(t.medianMs, w)).orElse(""),
              find(g, "hazelcast").map(t -> ratio(t.medianMs, w)).orElse("")));
    }

    md.append("\n## Throughput\n\n");
    md.append(
        "| workload, size | implementation | median ms | MB/s | speedup vs sequential | allocated B per input byte | keys | answer | runs (ms) |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|---|---|\n");
    List<String> groups = new ArrayList<>();
    Map<String, List<Double>> series = new LinkedHashMap<>();
    for (Map.Entry<String, List<Time>> e : byGroup.entrySet()) {
      groups.add(e.getKey());
      Optional<Time> seq = find(e.getValue(), "sequential");
      for (Time t : e.getValue()) {
        series.computeIfAbsent(t.label, k -> new ArrayList<>());
        String answer =
            seq.isEmpty() ? "" : t.digest.equals(seq.get().digest) ? "same" : "**differs** (" + t.digest + ")";
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %,d | %,.1f | %s | %s | %,d | %s | %s |%n",
                e.getKey(),
                t.label,
                t.medianMs,
                t.mbPerSecond,
                seq.map(s -> String.format(Locale.ROOT, "%.2f", (double) s.medianMs / t.medianMs)).orElse(""),
                Double.isNaN(t.allocatedPerByte) ? "n/a" : String.format(Locale.ROOT, "%.2f", t.allocatedPerByte),
                t.keys,
                answer,
                t.allRuns.replace(",", ", ")));
      }
    }
    for (Map.Entry<String, List<Double>> s : series.entrySet()) {
      for (String g : groups) {
        s.getValue().add(find(byGroup.get(g), s.getKey()).map(Time::mbPerSecond).orElse(Double.NaN));
      }
    }
    Color[] colors = {
      new Color(0x1f77b4), new Color(0xaec7e8), new Color(0x7f7f7f), new Color(0xff7f0e),
      new Color(0x2ca02c), new Color(0x9467bd), new Color(0x8c564b)
    };
    List<BarChart.Series> chart = new ArrayList<>();
    int c = 0;
    for (Map.Entry<String, List<Double>> s : series.entrySet()) {
      chart.add(new BarChart.Series(s.getKey(), colors[c++ % colors.length], s.getValue()));
    }
    Path png = out.resolveSibling(out.getFileName().toString().replaceAll("\\.md$", "") + ".png");
    BarChart.write(png, "Map-reduce throughput, input MB/s (higher is better)", groups, chart, "MB/s");
    md.append("\n![throughput in MB/s](").append(png.getFileName()).append(")\n");
    Files.writeString(out, md.toString());
  }

  private static String ratio(long peerMs, long weftMs) {
    return String.format(Locale.ROOT, "%.2f", (double) peerMs / weftMs);
  }

  private static Optional<Time> find(List<Time> group, String label) {
    return group.stream().filter(t -> t.label.equals(label)).findFirst();
  }

  private static String row(String target, String size, double ratio, double goal, boolean atLeast) {
    boolean met = atLeast ? ratio >= goal : ratio <= goal;
    return String.format(
        Locale.ROOT,
        "| %s | %s | %.2fx | %s %.1fx | %s |%n",
        target,
        size,
        ratio,
        atLeast ? "≥" : "≤",
        goal,
        met ? "yes" : "**no**");
  }
}
