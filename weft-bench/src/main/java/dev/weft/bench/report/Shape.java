package dev.weft.bench.report;

import java.util.Map;
import java.util.TreeMap;

/**
 * One row of the report: a benchmark with all its parameters except the implementation (and the
 * batch size, which does not change what is measured).
 *
 * @param order where the row goes: the order of the shapes in the issue, then by parameter
 * @param label what the reader sees, e.g. {@code buffered SPSC, cap 16}
 * @param goName the matching Go benchmark without {@code Benchmark}, e.g. {@code Buffered/cap=16}
 */
record Shape(String order, String label, String goName) {

  /** The shape of a JMH result. */
  static Shape of(JmhResult r) {
    Map<String, String> p = r.params();
    String cap = p.getOrDefault("capacity", "?");
    return switch (r.benchmark()) {
      case "RendezvousSpsc" -> new Shape("01", "rendezvous SPSC", "Rendezvous");
      case "BufferedSpsc" -> new Shape("02/" + pad(cap), "buffered SPSC, cap " + cap, "Buffered/cap=" + cap);
      case "Chained" ->
          new Shape(
              "03/" + pad(cap), "chained " + p.get("stages") + " stages, cap " + cap, "Chained/cap=" + cap);
      case "Parallel" ->
          new Shape(
              "04/" + pad(cap), "parallel " + p.get("channels") + " pairs, cap " + cap, "Parallel/cap=" + cap);
      case "Select" -> {
        String n = p.getOrDefault("clauses", "?");
        yield new Shape("05/" + n, "select, " + n + (n.equals("1") ? " clause" : " clauses"), "Select/clauses=" + n);
      }
      case "TryOps" -> new Shape("06", "trySend+tryReceive, cap 16, 1 thread", "TryOps");
      case "TimedSelectFires" -> {
        String us = p.getOrDefault("timeoutMicros", "?");
        String label = us.equals("1000") ? "1 ms" : us + " µs";
        yield new Shape(
            "07/" + pad(us), "timed select, timeout fires (" + label + ")", "TimedSelect/fires=" + us + "us");
      }
      case "TimedSelectReady" -> new Shape("08", "timed select, ready (timeout 1 s)", "TimedSelect/ready");
      case "Mpmc" -> new Shape("09/" + pad(cap), "MPMC 500+500 threads + CPU work, cap " + cap, "MPMC/cap=" + cap);
      default -> {
        // A benchmark this report does not know yet: one row per parameter set, implementation aside.
        Map<String, String> rest = new TreeMap<>(p);
        rest.remove("impl");
        rest.remove("pairs");
        String name = r.benchmark() + "." + r.method() + (rest.isEmpty() ? "" : " " + rest);
        yield new Shape("99/" + name, name, "");
      }
    };
  }

  /** The column an implementation goes to: weft, jox, Kotlin, or the JDK class it uses. */
  static String implName(JmhResult r) {
    String impl = r.params().getOrDefault("impl", "?");
    return switch (impl) {
      case "weft" -> "weft";
      case "jox" -> "jox";
      case "kotlin" -> "Kotlin";
      case "jdk" -> "0".equals(r.params().get("capacity")) ? "SynchronousQueue" : "ArrayBlockingQueue";
      default -> impl;
    };
  }

  /**
   * Why the result {@code r} cannot be compared with weft's in its shape, or null when it can. So
   * far one case: jox sleeps {@code timeout.toMillis()}, so a timeout under 1 ms fires at once.
   */
  static String caveat(JmhResult r) {
    if (r.benchmark().equals("TimedSelectFires")
        && Shape.implName(r).equals("jox")
        && Integer.parseInt(r.params().getOrDefault("timeoutMicros", "1000")) < 1000) {
      return "jox 1.0.1 sleeps `timeout.toMillis()` in a helper thread: a "
          + r.params().get("timeoutMicros")
          + " µs timeout becomes `sleep(0)` and fires at once, before the timeout; not comparable.";
    }
    return null;
  }

  /** Whether {@link #implName} names a JDK baseline. */
  static boolean isJdk(String implName) {
    return !(implName.equals("weft") || implName.equals("jox") || implName.equals("Kotlin"));
  }

  private static String pad(String number) {
    return "0".repeat(Math.max(0, 6 - number.length())) + number;
  }
}
