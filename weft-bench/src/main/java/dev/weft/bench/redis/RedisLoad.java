package dev.weft.bench.redis;

import dev.weft.bench.redis.Deciders.Decider;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisMonitor;

/**
 * Decisions of a distributed rate limiter against one local Redis: many virtual-thread clients
 * decide for one permit each in a loop, on one hot key or spread over many keys, and the program
 * measures decisions per second, latency percentiles per decision, the commands Redis executed per
 * decision (from its own {@code INFO commandstats}, reset after the warm-up, split into the
 * clients' commands and the scripts' calls by a {@code MONITOR} sample) and the bytes the
 * client allocates per decision (on one platform thread, after the timed run).
 *
 * <p>One implementation and one shape per JVM, so that one library's threads and JIT profile do not
 * weigh on the next. Appends one tab-separated line to {@code --out}; {@code run-redis.sh} turns
 * the lines into {@code results/redis.md}.
 *
 * <pre>java -cp benchmarks.jar dev.weft.bench.redis.RedisLoad --port P --impl weft
 *     [--keys 1] [--clients 64] [--warmup 3] [--seconds 5] [--out FILE]</pre>
 */
public final class RedisLoad {

  private RedisLoad() {}

  /** One run's figures. */
  record Result(
      String impl,
      int keys,
      int clients,
      long decisions,
      long admitted,
      double seconds,
      long[] sortedLatencies,
      Map<String, Long> commands,
      double clientShare,
      double allocatedPerDecision) {

    double rate() {
      return decisions / seconds;
    }

    long percentile(double p) {
      if (sortedLatencies.length == 0) return 0;
      int i = (int) Math.min(sortedLatencies.length - 1, Math.ceil(p * sortedLatencies.length) - 1);
      return sortedLatencies[Math.max(0, i)];
    }

    /** Commands the clients sent, per decision: the executed ones less those scripts ran. */
    double roundTrips() {
      long executed = commands.values().stream().mapToLong(Long::longValue).sum();
      return executed * clientShare / decisions;
    }

    String line() {
      StringBuilder cmds = new StringBuilder();
      commands.forEach((k, v) -> cmds.append(cmds.length() == 0 ? "" : ",").append(k).append('=').append(v));
      return String.join(
          "\t",
          impl,
          Integer.toString(keys),
          Integer.toString(clients),
          String.format(Locale.ROOT, "%.0f", rate()),
          Long.toString(percentile(0.50)),
          Long.toString(percentile(0.99)),
          Long.toString(percentile(0.999)),
          String.format(Locale.ROOT, "%.3f", roundTrips()),
          String.format(Locale.ROOT, "%.0f", allocatedPerDecision),
          Long.toString(decisions),
          Long.toString(admitted),
          cmds.toString());
    }
  }

  public static void main(String[] args) throws Exception {
    int port = -1;
    String impl = "weft";
    int keys = 1;
    int clients = 64;
    double warmup = 3;
    double seconds = 5;
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--impl" -> impl = args[++i];
        case "--keys" -> keys = Integer.parseInt(args[++i]);
        case "--clients" -> clients = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Double.parseDouble(args[++i]);
        case "--seconds" -> seconds = Double.parseDouble(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("RedisLoad: unknown argument " + args[i]);
      }
    }
    if (port <= 0) throw new IllegalArgumentException("RedisLoad: --port is required");
    Result r = run(impl, port, keys, clients, warmup, seconds);
    String line = r.line();
    System.out.println(line);
    if (out != null) {
      Files.writeString(
          out,
          line + "\n",
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    }
  }

  static Result run(String impl, int port, int keys, int clients, double warmup, double seconds)
      throws Exception {
    try (Jedis admin = new Jedis("127.0.0.1", port)) {
      admin.flushAll();
      try (Decider decider = Deciders.open(impl, port, keys, clients)) {
        drive(decider, keys, clients, warmup, false);
        admin.configResetStat();
        long[][] latencies = new long[clients][];
        long[] counts = drive(decider, keys, clients, seconds, true, latencies);
        Map<String, Long> commands = commandStats(admin.info("commandstats"));
        double share = clientShare(decider, port, keys, clients, Math.min(1.0, seconds));
        long allocated = allocationPerDecision(decider, keys, 20_000);
        long total = 0;
        int n = 0;
        for (long[] l : latencies) n += l.length;
        long[] all = new long[n];
        int at = 0;
        for (long[] l : latencies) {
          System.arraycopy(l, 0, all, at, l.length);
          at += l.length;
        }
        Arrays.sort(all);
        total = counts[0];
        return new Result(
            impl, keys, clients, total, counts[1], counts[2] / 1e9, all, commands, share,
            (double) allocated / 20_000);
      }
    }
  }

  private static long[] drive(Decider d, int keys, int clients, double seconds, boolean record)
      throws InterruptedException {
    return drive(d, keys, clients, seconds, record, new long[clients][]);
  }

  /** Runs the clients for {@code seconds}; returns {decisions, admitted, elapsed ns}. */
  private static long[] drive(
      Decider d, int keys, int clients, double seconds, boolean record, long[][] latencies)
      throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    long[] decisions = new long[clients];
    long[] admitted = new long[clients];
    List<Thread> threads = new ArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int c = 0; c < clients; c++) {
      int me = c;
      threads.add(
          Thread.ofVirtual()
              .name("redis-client-" + c)
              .unstarted(
                  () -> {
                    SplittableRandom random = new SplittableRandom(me * 7919L + 17);
                    long[] lat = new long[record ? 1 << 14 : 0];
                    long done = 0;
                    long ok = 0;
                    try {
                      while (!stop.get()) {
                        int key = keys == 1 ? 0 : random.nextInt(keys);
                        long t0 = System.nanoTime();
                        if (d.tryAcquire(key)) ok++;
                        long t = System.nanoTime() - t0;
                        if (record) {
                          if (done == lat.length) lat = Arrays.copyOf(lat, lat.length * 2);
                          lat[(int) done] = t;
                        }
                        done++;
                      }
                    } catch (Throwable e) {
                      failure.compareAndSet(null, e);
                    }
                    decisions[me] = done;
                    admitted[me] = ok;
                    latencies[me] = Arrays.copyOf(lat, record ? (int) done : 0);
                  }));
    }
    long start = System.nanoTime();
    threads.forEach(Thread::start);
    Thread.sleep((long) (seconds * 1000));
    stop.set(true);
    for (Thread t : threads) t.join();
    long elapsed = System.nanoTime() - start;
    if (failure.get() != null) {
      throw new IllegalStateException("RedisLoad: a client failed", failure.get());
    }
    return new long[] {
      Arrays.stream(decisions).sum(), Arrays.stream(admitted).sum(), elapsed
    };
  }

  /** Calls per command from {@code INFO commandstats}, without the harness's own INFO/CONFIG. */
  static Map<String, Long> commandStats(String info) {
    Map<String, Long> calls = new TreeMap<>();
    for (String line : info.split("\r?\n")) {
      if (!line.startsWith("cmdstat_")) continue;
      String name = line.substring("cmdstat_".length(), line.indexOf(':'));
      if (name.equals("info") || name.startsWith("config")) continue;
      int c = line.indexOf("calls=") + "calls=".length();
      int end = line.indexOf(',', c);
      calls.put(name, Long.parseLong(line.substring(c, end)));
    }
    return calls;
  }

  /**
   * The share of executed commands that clients sent, as Redis itself reports them: {@code MONITOR}
   * prints each command with its origin, {@code [db lua]} for the calls a script made and {@code
   * [db address]} for a client's. {@code INFO commandstats} counts both alike, so the timed run's
   * counts are split by this share, taken over a short sample under the same load afterwards
   * (MONITOR slows the server, so it is not on during the timed run).
   */
  private static double clientShare(Decider d, int port, int keys, int clients, double seconds)
      throws Exception {
    AtomicLong fromClients = new AtomicLong();
    AtomicLong fromScripts = new AtomicLong();
    Jedis monitor = new Jedis("127.0.0.1", port);
    Thread reader =
        Thread.ofPlatform()
            .name("redis-monitor")
            .start(
                () -> {
                  try {
                    monitor.monitor(
                        new JedisMonitor() {
                          @Override
                          public void onCommand(String command) {
                            int open = command.indexOf('[');
                            int close = command.indexOf(']', open);
                            if (open < 0 || close < 0) return;
                            String origin = command.substring(open + 1, close);
                            if (origin.endsWith(" lua")) fromScripts.incrementAndGet();
                            else fromClients.incrementAndGet();
                          }
                        });
                  } catch (RuntimeException closed) {
                    // the connection was closed to end the sample
                  }
                });
    Thread.sleep(200); // MONITOR is on once its reply came; a short margin is enough here
    drive(d, keys, clients, seconds, false);
    monitor.getConnection().close();
    reader.join(5_000);
    long c = fromClients.get();
    long n = fromScripts.get();
    return c + n == 0 ? 1.0 : (double) c / (c + n);
  }

  /** Bytes the calling platform thread allocates per decision, over {@code n} decisions. */
  private static long allocationPerDecision(Decider d, int keys, int n) throws Exception {
    com.sun.management.ThreadMXBean bean =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int i = 0; i < n / 4; i++) d.tryAcquire(i % keys);
    long before = bean.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < n; i++) d.tryAcquire(i % keys);
    return bean.getCurrentThreadAllocatedBytes() - before;
  }
}
