package dev.weft.bench.resilience;

import dev.weft.resilience.ratelimit.Bandwidth;
import dev.weft.resilience.ratelimit.FixedWindow;
import dev.weft.resilience.ratelimit.Gcra;
import dev.weft.resilience.ratelimit.LeakyBucketQueue;
import dev.weft.resilience.ratelimit.RateLimiter;
import dev.weft.resilience.ratelimit.SlidingLog;
import dev.weft.resilience.ratelimit.SlidingWindowCounter;
import dev.weft.resilience.ratelimit.SmoothWarmUp;
import dev.weft.resilience.ratelimit.TokenBucket;
import dev.weft.time.Clock;
import dev.weft.time.FakeClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * What each rate-limiting algorithm lets through: every weft algorithm, configured for the same
 * limit of {@value #LIMIT} per second, answers {@code tryAcquire()} for the same seeded bursty
 * trace of requests, on a fake clock (so the table is exact and the same on every machine). The
 * table gives, per one-second window, the requests offered, the ideal (what an exact limit of
 * {@value #LIMIT} per window admits: {@code min(offered, limit)}) and what each algorithm admitted;
 * then the totals and the most admitted in any one-second interval, aligned or not, which is where
 * a fixed window lets twice the limit through across a boundary.
 *
 * <pre>java -cp benchmarks.jar dev.weft.bench.resilience.Accuracy [--seed N] [--out FILE]</pre>
 */
public final class Accuracy {

  /** Permits per second for every algorithm. */
  static final int LIMIT = 100;

  /** Seconds of trace. */
  static final int SECONDS = 10;

  private static final long SECOND = 1_000_000_000L;

  private Accuracy() {}

  /** The algorithms in table order, each built on the given clock for {@link #LIMIT} per second. */
  static Map<String, Function<Clock, RateLimiter>> algorithms() {
    Map<String, Function<Clock, RateLimiter>> m = new LinkedHashMap<>();
    m.put("token bucket", c -> TokenBucket.of(c, List.of(Bandwidth.perSecond(LIMIT))));
    m.put("GCRA", c -> Gcra.of(c, LIMIT, Duration.ofSeconds(1), LIMIT - 1));
    m.put("fixed window", c -> FixedWindow.of(c, LIMIT, Duration.ofSeconds(1)));
    m.put("sliding log", c -> SlidingLog.of(c, LIMIT, Duration.ofSeconds(1)));
    m.put("sliding window counter", c -> SlidingWindowCounter.of(c, LIMIT, Duration.ofSeconds(1)));
    m.put("smooth warm-up", c -> SmoothWarmUp.of(c, LIMIT, Duration.ofSeconds(1)));
    m.put("leaky bucket", c -> LeakyBucketQueue.of(c, LIMIT, Duration.ofSeconds(1), LIMIT));
    return m;
  }

  public static void main(String[] args) throws Exception {
    long seed = 20261207L;
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("Accuracy: unknown option " + args[i]);
      }
    }
    long[] trace = trace(seed);
    Map<String, long[]> admitted = new LinkedHashMap<>();
    for (Map.Entry<String, Function<Clock, RateLimiter>> a : algorithms().entrySet()) {
      admitted.put(a.getKey(), run(a.getValue(), trace));
    }
    String md = markdown(seed, trace, admitted);
    System.out.print(md);
    if (out != null) Files.writeString(out, md);
  }

  /**
   * Arrival times in ns from the start, sorted: a background of about 60 requests per second,
   * seeded bursts of 50 to 250 requests over 10 to 100 ms, and two bursts of 100 either side of
   * the boundary between seconds 4 and 5.
   */
  static long[] trace(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Long> times = new ArrayList<>();
    for (long ms = 0; ms < SECONDS * 1000L; ms++) {
      if (rnd.nextInt(1000) < 60) times.add(ms * 1_000_000L + rnd.nextLong(1_000_000L));
    }
    for (int b = 0; b < 6; b++) {
      burst(times, rnd, rnd.nextLong((SECONDS - 1) * SECOND), 50 + rnd.nextInt(201),
          (10 + rnd.nextInt(91)) * 1_000_000L);
    }
    burst(times, rnd, 4 * SECOND + 900_000_000L, 100, 90_000_000L);
    burst(times, rnd, 5 * SECOND, 100, 90_000_000L);
    return times.stream().mapToLong(Long::longValue).sorted().toArray();
  }

  private static void burst(List<Long> times, SplittableRandom rnd, long start, int n, long span) {
    for (int i = 0; i < n; i++) times.add(start + rnd.nextLong(span));
  }

  /** The admission time of each admitted request, or -1 for a refused one, in trace order. */
  static long[] run(Function<Clock, RateLimiter> factory, long[] trace) {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = factory.apply(clock);
    long now = 0;
    long[] at = new long[trace.length];
    for (int i = 0; i < trace.length; i++) {
      if (trace[i] > now) {
        clock.advance(Duration.ofNanos(trace[i] - now));
        now = trace[i];
      }
      at[i] = limiter.tryAcquire() ? trace[i] : -1;
    }
    return at;
  }

  /** Requests per aligned one-second window. */
  static int[] perWindow(long[] times) {
    int[] n = new int[SECONDS];
    for (long t : times) if (t >= 0 && t < SECONDS * SECOND) n[(int) (t / SECOND)]++;
    return n;
  }

  /** The most times in any interval [t, t + 1 s). */
  static int maxInAnySecond(long[] times) {
    long[] ts = Arrays.stream(times).filter(t -> t >= 0).sorted().toArray();
    int best = 0;
    int lo = 0;
    for (int hi = 0; hi < ts.length; hi++) {
      while (ts[hi] - ts[lo] >= SECOND) lo++;
      best = Math.max(best, hi - lo + 1);
    }
    return best;
  }

  static String markdown(long seed, long[] trace, Map<String, long[]> admitted) {
    StringBuilder md =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                """
                ## What each algorithm lets through

                Every algorithm is configured for %d permits per second (bursts of %d where it has \
                them) and answers `tryAcquire()` for the same seeded trace of %,d requests over %d \
                s (seed %d: a background of about 60 per second, six random bursts, and two bursts \
                of 100 either side of the 5 s boundary), on a fake clock, so these figures are \
                exact. *ideal* is what an exact limit of %d per aligned second admits. The last \
                row is the most admitted in any one-second interval, aligned or not (`Accuracy`).

                """,
                LIMIT, LIMIT, trace.length, SECONDS, seed, LIMIT));
    md.append("| second | offered | ideal |");
    for (String name : admitted.keySet()) md.append(' ').append(name).append(" |");
    md.append("\n|---:|---:|---:|").append("---:|".repeat(admitted.size())).append('\n');
    int[] offered = perWindow(trace);
    List<int[]> per = admitted.values().stream().map(Accuracy::perWindow).toList();
    int idealTotal = 0;
    for (int w = 0; w < SECONDS; w++) {
      int ideal = Math.min(offered[w], LIMIT);
      idealTotal += ideal;
      md.append(String.format(Locale.ROOT, "| %d | %d | %d |", w, offered[w], ideal));
      for (int[] p : per) md.append(' ').append(p[w]).append(" |");
      md.append('\n');
    }
    md.append(String.format(Locale.ROOT, "| total | %d | %d |", trace.length, idealTotal));
    for (int[] p : per) md.append(' ').append(Arrays.stream(p).sum()).append(" |");
    md.append(String.format(Locale.ROOT, "\n| most in any 1 s | %d | %d |", maxInAnySecond(trace), LIMIT));
    for (long[] a : admitted.values()) md.append(' ').append(maxInAnySecond(a)).append(" |");
    return md.append("\n\n").toString();
  }
}
