package dev.weft.bench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The results of one shape: every implementation's JMH result and the Go runs.
 *
 * @param shape the shape
 * @param results one JMH result per implementation
 * @param go1 Go at {@code -cpu=1}, if run
 * @param go2 Go at {@code -cpu=2}, if run
 */
record Row(Shape shape, List<JmhResult> results, Optional<GoResult> go1, Optional<GoResult> go2) {

  /** The result of the implementation shown as {@code implName} ({@link Shape#implName}). */
  Optional<JmhResult> impl(String implName) {
    return results.stream().filter(r -> Shape.implName(r).equals(implName)).findFirst();
  }

  /** The fastest JDK baseline. */
  Optional<JmhResult> bestJdk() {
    return results.stream()
        .filter(r -> Shape.isJdk(Shape.implName(r)))
        .min(Comparator.comparingDouble(JmhResult::score));
  }

  /** The results whose forks disagree (see {@link #disagree}). */
  List<JmhResult> disagreeing() {
    List<JmhResult> out = new ArrayList<>();
    for (JmhResult r : results) if (disagree(r)) out.add(r);
    return out;
  }

  /** Forks disagree when the slowest fork's mean is more than 25% above the fastest's. */
  static boolean disagree(JmhResult r) {
    List<Double> means = r.forkMeans();
    if (means.size() < 2) return false;
    double min = means.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    double max = means.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    return max > 1.25 * min;
  }
}
