package dev.weft.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One benchmark of a JMH JSON result file: which benchmark and parameters, the score in ns per
 * message, each fork's iteration scores, and the allocation per message when {@code -prof gc} ran.
 *
 * @param benchmark the simple class name without {@code Benchmark}, e.g. {@code RendezvousSpsc}
 * @param method the benchmark method
 * @param params the JMH parameters, in declaration order
 * @param score the mean over all measured iterations of all forks
 * @param scoreError JMH's 99.9% half-width, NaN when too few iterations
 * @param unit the score's unit, e.g. {@code ns/op}
 * @param forks the measured iteration scores, one list per fork
 * @param bytesPerOp {@code gc.alloc.rate.norm}, NaN when not profiled
 * @param jdk {@code jdkVersion vmName vmVersion} of the forked JVM
 */
record JmhResult(
    String benchmark,
    String method,
    Map<String, String> params,
    double score,
    double scoreError,
    String unit,
    List<List<Double>> forks,
    double bytesPerOp,
    String jdk) {

  /** The mean of each fork's iterations. */
  List<Double> forkMeans() {
    List<Double> means = new ArrayList<>();
    for (List<Double> fork : forks) {
      means.add(fork.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
    }
    return means;
  }

  /** Reads every result of a JMH {@code -rf json} file. */
  static List<JmhResult> read(Path file) throws IOException {
    String text = Files.readString(file);
    List<JmhResult> results = new ArrayList<>();
    if (text.isBlank()) return results;
    for (Object o : (List<?>) Json.parse(text)) {
      Map<?, ?> m = (Map<?, ?>) o;
      String full = (String) m.get("benchmark");
      int dot = full.lastIndexOf('.');
      String cls = full.substring(full.lastIndexOf('.', dot - 1) + 1, dot);
      if (cls.endsWith("Benchmark")) cls = cls.substring(0, cls.length() - "Benchmark".length());
      Map<String, String> params = new LinkedHashMap<>();
      if (m.get("params") instanceof Map<?, ?> p) {
        p.forEach((k, v) -> params.put(String.valueOf(k), String.valueOf(v)));
      }
      Map<?, ?> primary = (Map<?, ?>) m.get("primaryMetric");
      List<List<Double>> forks = new ArrayList<>();
      for (Object fork : (List<?>) primary.get("rawData")) {
        List<Double> scores = new ArrayList<>();
        for (Object s : (List<?>) fork) scores.add(number(s));
        forks.add(scores);
      }
      double bytes = Double.NaN;
      if (m.get("secondaryMetrics") instanceof Map<?, ?> sec
          && sec.get("gc.alloc.rate.norm") instanceof Map<?, ?> norm) {
        bytes = number(norm.get("score"));
      }
      String jdk = m.get("jdkVersion") + " (" + m.get("vmName") + " " + m.get("vmVersion") + ")";
      results.add(
          new JmhResult(
              cls,
              full.substring(dot + 1),
              params,
              number(primary.get("score")),
              number(primary.get("scoreError")),
              String.valueOf(primary.get("scoreUnit")),
              forks,
              bytes,
              jdk));
    }
    return results;
  }

  private static double number(Object o) {
    if (o instanceof Number n) return n.doubleValue();
    if (o instanceof String s) {
      try {
        return Double.parseDouble(s);
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }
    return Double.NaN;
  }
}
