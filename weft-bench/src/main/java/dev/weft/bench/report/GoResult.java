package dev.weft.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runs of one Go benchmark at one GOMAXPROCS, read from {@code go test -bench} output.
 *
 * @param name the name without {@code Benchmark} and without the {@code -N} suffix, e.g. {@code
 *     Buffered/cap=16}
 * @param cpu GOMAXPROCS ({@code -cpu}); 1 when the name has no suffix
 * @param nsPerOp one value per run ({@code -count})
 * @param bytesPerOp one value per run; empty without {@code -benchmem}
 */
record GoResult(String name, int cpu, List<Double> nsPerOp, List<Double> bytesPerOp) {

  private static final Pattern LINE =
      Pattern.compile("^Benchmark(\\S+?)(?:-(\\d+))?\\s+\\d+\\s+([0-9.eE+]+) ns/op(?:\\s+([0-9.eE+]+) B/op)?.*");

  /** The median of the runs. */
  double median() {
    List<Double> sorted = new ArrayList<>(nsPerOp);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** Reads {@code go test -bench} output; a file that does not exist reads as no results. */
  static Map<String, GoResult> read(Path file) throws IOException {
    Map<String, GoResult> results = new LinkedHashMap<>();
    if (!Files.exists(file)) return results;
    for (String line : Files.readAllLines(file)) {
      Matcher m = LINE.matcher(line.strip());
      if (!m.matches()) continue;
      int cpu = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
      GoResult r =
          results.computeIfAbsent(
              key(m.group(1), cpu), k -> new GoResult(m.group(1), cpu, new ArrayList<>(), new ArrayList<>()));
      r.nsPerOp().add(Double.parseDouble(m.group(3)));
      if (m.group(4) != null) r.bytesPerOp().add(Double.parseDouble(m.group(4)));
    }
    return results;
  }

  /** The lookup key of benchmark {@code name} at {@code cpu}. */
  static String key(String name, int cpu) {
    return name + "@" + cpu;
  }
}
