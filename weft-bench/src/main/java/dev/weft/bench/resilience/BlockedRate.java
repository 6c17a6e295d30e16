package dev.weft.bench.resilience;

import com.sun.management.OperatingSystemMXBean;
import dev.weft.resilience.ratelimit.Bandwidth;
import dev.weft.resilience.ratelimit.TokenBucket;
import io.github.bucket4j.Bucket;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.SemaphoreBasedRateLimiter;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import jdk.jfr.consumer.RecordingStream;

/**
 * Many virtual threads blocked on one slow limiter: 10,000 virtual threads each loop on a blocking
 * acquire of one permit from a limiter of 1,000 permits per second, and the program measures, after
 * a warm-up that spends the initial burst, the admitted rate over a window of several seconds, its
 * error against the configured rate, the process CPU time per admitted permit (what waiting costs:
 * timers, wake-ups, spinning, the waiters' bookkeeping; the JIT compiler threads' time excluded) and the number of {@code
 * jdk.VirtualThreadPinned} events (a waiter that pins its carrier).
 *
 * <p>Each limiter runs in a JVM of its own, so that threads one leaves behind (Guava's waits are
 * uninterruptible) cannot cost the next one CPU. Writes a Markdown fragment for {@code
 * resilience.md}.
 *
 * <pre>java -cp benchmarks.jar dev.weft.bench.resilience.BlockedRate [--threads N] [--rate R]
 *     [--warmup S] [--seconds S] [--impls weft,bucket4j,...] [--out FILE]</pre>
 */
public final class BlockedRate {

  /** Every implementation measured, in table order. */
  static final List<String> IMPLS =
      List.of("weft", "bucket4j", "resilience4j", "resilience4j-semaphore", "guava", "failsafe");

  private BlockedRate() {}

  /** A blocking acquire of one permit. */
  @FunctionalInterface
  interface Blocking {
    void acquire() throws InterruptedException;
  }

  /** One child's figures. */
  record Result(String impl, long admitted, double seconds, long cpuNanos, long pinned) {

    double rate() {
      return admitted / seconds;
    }
  }

  public static void main(String[] args) throws Exception {
    int threads = 10_000;
    long rate = 1_000;
    int warmup = 3;
    int seconds = 10;
    List<String> impls = IMPLS;
    Path out = null;
    String child = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--rate" -> rate = Long.parseLong(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--impls" -> impls = List.of(args[++i].split(","));
        case "--out" -> out = Path.of(args[++i]);
        case "--child" -> child = args[++i];
        default -> throw new IllegalArgumentException("BlockedRate: unknown option " + args[i]);
      }
    }
    if (child != null) {
      Result r = measure(child, threads, rate, warmup, seconds);
      System.out.printf(
          Locale.ROOT,
          "RESULT %s %d %.6f %d %d%n",
          r.impl(), r.admitted(), r.seconds(), r.cpuNanos(), r.pinned());
      System.out.flush();
      // Guava's waiters cannot be interrupted: end the JVM rather than wait for them.
      Runtime.getRuntime().halt(0);
    }
    List<Result> results = new ArrayList<>();
    for (String impl : impls) {
      System.err.println("BlockedRate: " + impl);
      results.add(fork(impl, threads, rate, warmup, seconds));
    }
    String md = markdown(results, threads, rate, seconds);
    System.out.print(md);
    if (out != null) Files.writeString(out, md);
  }

  /** Runs one implementation in a JVM of its own and reads its result line. */
  private static Result fork(String impl, int threads, long rate, int warmup, int seconds)
      throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> cmd =
        List.of(
            java.toString(),
            "-Xms1g",
            "-Xmx1g",
            "-cp",
            System.getProperty("java.class.path"),
            BlockedRate.class.getName(),
            "--child",
            impl,
            "--threads",
            Integer.toString(threads),
            "--rate",
            Long.toString(rate),
            "--warmup",
            Integer.toString(warmup),
            "--seconds",
            Integer.toString(seconds));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    Result result = null;
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        if (line.startsWith("RESULT ")) {
          String[] f = line.split(" ");
          result =
              new Result(
                  f[1],
                  Long.parseLong(f[2]),
                  Double.parseDouble(f[3]),
                  Long.parseLong(f[4]),
                  Long.parseLong(f[5]));
        }
      }
    } finally {
      if (!p.waitFor(warmup + seconds + 60L, TimeUnit.SECONDS)) p.destroyForcibly();
    }
    if (result == null) {
      throw new IllegalStateException(
          "BlockedRate: the JVM measuring " + impl + " gave no result (exit " + p.exitValue() + ")");
    }
    return result;
  }

  /** The measurement inside one JVM. */
  private static Result measure(String impl, int threads, long rate, int warmup, int seconds)
      throws Exception {
    Blocking limiter = limiter(impl, rate);
    LongAdder pinned = new LongAdder();
    try (RecordingStream jfr = new RecordingStream()) {
      jfr.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO);
      jfr.onEvent("jdk.VirtualThreadPinned", e -> pinned.increment());
      jfr.startAsync();

      LongAdder admitted = new LongAdder();
      List<Thread> ts = new ArrayList<>(threads);
      for (int i = 0; i < threads; i++) {
        ts.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      try {
                        while (!Thread.currentThread().isInterrupted()) {
                          limiter.acquire();
                          admitted.increment();
                        }
                      } catch (InterruptedException e) {
                        // the end of the run
                      }
                    }));
      }
      OperatingSystemMXBean os =
          (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      Thread.sleep(warmup * 1000L);
      long c0 = admitted.sum();
      long cpu0 = os.getProcessCpuTime() - jitNanos();
      long t0 = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      long c1 = admitted.sum();
      long cpu1 = os.getProcessCpuTime() - jitNanos();
      long t1 = System.nanoTime();
      for (Thread t : ts) t.interrupt();
      // Let the recording deliver the events of the run.
      Thread.sleep(1500);
      return new Result(impl, c1 - c0, (t1 - t0) / 1e9, cpu1 - cpu0, pinned.sum());
    }
  }

  /**
   * The CPU time the JIT compiler threads have used, from {@code /proc/self/task} (Linux; 0
   * elsewhere). A few seconds after 10,000 threads started, the compilers still run, and their time
   * would count against whichever limiter had more code left to compile. The kernel counts in clock
   * ticks, assumed to be the usual 100 per second: with two or three compiler threads the error is
   * a few tens of milliseconds in a window of seconds.
   */
  static long jitNanos() {
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) return 0;
    long ticks = 0;
    try (var dir = Files.newDirectoryStream(tasks)) {
      for (Path task : dir) {
        try {
          String comm = Files.readString(task.resolve("comm")).trim();
          if (!comm.startsWith("C1 Compiler") && !comm.startsWith("C2 Compiler")) continue;
          String stat = Files.readString(task.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
        } catch (java.io.IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (java.io.IOException e) {
      return 0;
    }
    return ticks * 10_000_000L;
  }

  /** A limiter of {@code rate} per second with a burst of at most {@code rate}. */
  static Blocking limiter(String impl, long rate) {
    return switch (impl) {
      case "weft" -> {
        TokenBucket bucket = TokenBucket.of(Bandwidth.perSecond(rate));
        yield () -> bucket.acquire(1);
      }
      case "bucket4j" -> {
        Bucket bucket =
            Bucket.builder()
                .addLimit(l -> l.capacity(rate).refillGreedy(rate, Duration.ofSeconds(1)))
                .build();
        yield () -> bucket.asBlocking().consume(1);
      }
      case "resilience4j", "resilience4j-semaphore" -> {
        RateLimiterConfig config =
            RateLimiterConfig.custom()
                .limitForPeriod((int) rate)
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ofHours(1))
                .build();
        io.github.resilience4j.ratelimiter.RateLimiter r =
            impl.equals("resilience4j")
                ? io.github.resilience4j.ratelimiter.RateLimiter.of("bench", config)
                : new SemaphoreBasedRateLimiter("bench", config);
        yield () -> {
          if (!r.acquirePermission()) throw new InterruptedException("not permitted");
        };
      }
      case "guava" -> {
        com.google.common.util.concurrent.RateLimiter r =
            com.google.common.util.concurrent.RateLimiter.create(rate);
        yield r::acquire;
      }
      case "failsafe" -> {
        dev.failsafe.RateLimiter<Object> r =
            dev.failsafe.RateLimiter.smoothBuilder(rate, Duration.ofSeconds(1))
                .withMaxWaitTime(Duration.ofHours(1))
                .build();
        yield r::acquirePermit;
      }
      default -> throw new IllegalArgumentException("BlockedRate: unknown impl " + impl);
    };
  }

  static String markdown(List<Result> results, int threads, long rate, int seconds) {
    StringBuilder md =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                """
                ## %,d virtual threads blocked on a %,d/s limiter

                Each thread loops on a blocking acquire of one permit; after the warm-up has spent \
                the initial burst, the permits admitted over %d s give the rate. *error* is the \
                admitted rate against the configured one; *CPU per permit* is the process CPU time \
                over the window, less the JIT compiler threads' time, divided by the permits \
                admitted (the cost of waiting: timers, wake-ups, spinning); *pinned* counts \
                `jdk.VirtualThreadPinned` events. Each limiter runs in a JVM of its own \
                (`BlockedRate`). Both Resilience4j limiters count permits in fixed periods of a second: \
                the second's permits come free together at its start, so their waiters wake in one burst \
                per second and the carriers stay busy through it. The other limiters space the permits \
                evenly, a millisecond apart here, and wake one thread per permit, each time on a carrier \
                that was idle; that costs more CPU per permit, and it is what keeps their output free of \
                bursts.

                | limiter | admitted per s | error | CPU per permit | pinned |
                |---|---:|---:|---:|---:|
                """,
                threads,
                rate,
                seconds));
    for (Result r : results) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %,.1f | %+.2f%% | %,.1f µs | %d |%n",
              r.impl(),
              r.rate(),
              (r.rate() - rate) * 100.0 / rate,
              r.cpuNanos() / 1000.0 / Math.max(1, r.admitted()),
              r.pinned()));
    }
    return md.append('\n').toString();
  }
}
