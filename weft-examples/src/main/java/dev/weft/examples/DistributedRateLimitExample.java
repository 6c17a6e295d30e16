package dev.weft.examples;

import dev.weft.redis.RedisConfig;
import dev.weft.redis.RedisConnection;
import dev.weft.redis.RedisRateLimiters;
import dev.weft.resilience.ratelimit.Bandwidth;
import dev.weft.resilience.ratelimit.RateLimiter;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One rate limit shared by two processes through Redis.
 *
 * <p>The example starts a {@code redis-server} of its own on a loopback port, then two worker
 * JVMs. Each worker makes its own {@link RedisRateLimiters#tokenBucket token bucket} named {@code
 * shared-api}: 50 permits per second, at most 10 at once. Because the name is the same, so is the
 * bucket: it lives in Redis, and each decision is one Lua script run there, on Redis's clock. Each
 * worker tries for a permit every 4 ms for 2 s, about 250 tries a second, five times the limit,
 * and counts what it was given in half-second slots.
 *
 * <p>What to look for: per slot the two workers together get about 25 permits (50 per second),
 * the first slot about 10 more (the burst); how they split it varies, the sum does not. Over the
 * run the total stays within the bucket's bound: 10 + 50 per second of the run.
 */
final class DistributedRateLimitExample implements Example {

  static final String NAME = "shared-api";
  static final long RATE = 50;
  static final long BURST = 10;
  static final int SLOTS = 4;
  static final long SLOT_MILLIS = 500;
  static final long TRY_EVERY_MILLIS = 4;

  @Override
  public String name() {
    return "distributed-rate-limit";
  }

  @Override
  public String description() {
    return "two worker processes share one rate limit through Redis, one script per decision";
  }

  @Override
  public String goIdiom() {
    return "go-redis's `redis_rate` (`limiter.Allow(ctx, key, redis_rate.PerSecond(50))`), one"
        + " limit shared by every replica";
  }

  @Override
  public Optional<String> missing() {
    return LocalRedis.missing();
  }

  @Override
  public void run(PrintStream out) throws Exception {
    try (LocalRedis redis = LocalRedis.start()) {
      out.printf(
          "redis-server on 127.0.0.1:%d; limit %d per second, bursts of %d; two workers try every"
              + " %d ms for %d s%n%n",
          redis.port(), RATE, BURST, TRY_EVERY_MILLIS, SLOTS * SLOT_MILLIS / 1000);
      // Both workers start their slots at the same instant, after their JVMs are up.
      long startAt = System.currentTimeMillis() + 1_500;
      List<Process> workers = new ArrayList<>();
      try {
        for (String worker : List.of("A", "B")) workers.add(startWorker(redis.port(), worker, startAt));
        long[][] admitted = new long[2][];
        for (int w = 0; w < 2; w++) admitted[w] = readSlots(workers.get(w), w == 0 ? "A" : "B");
        out.println("slot         worker A  worker B  together");
        long total = 0;
        for (int s = 0; s < SLOTS; s++) {
          long both = admitted[0][s] + admitted[1][s];
          total += both;
          out.printf(
              "%4d-%4d ms %8d  %8d  %8d%n",
              s * SLOT_MILLIS, (s + 1) * SLOT_MILLIS, admitted[0][s], admitted[1][s], both);
        }
        long bound = BURST + RATE * SLOTS * SLOT_MILLIS / 1000;
        out.printf("%nadmitted in all: %d; the bucket's bound for the run: %d + %d/s x %d s = %d%n",
            total, BURST, RATE, SLOTS * SLOT_MILLIS / 1000, bound);
      } finally {
        for (Process p : workers) {
          p.destroyForcibly();
          p.waitFor(10, TimeUnit.SECONDS);
        }
      }
    }
  }

  /** Starts a worker JVM on this JVM's class and module path. */
  private static Process startWorker(int port, String worker, long startAt) throws IOException {
    String java =
        ProcessHandle.current().info().command().orElse(
            System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    String classPath = System.getProperty("java.class.path", "");
    String modulePath = System.getProperty("jdk.module.path", "");
    String path =
        modulePath.isEmpty()
            ? classPath
            : classPath.isEmpty() ? modulePath : classPath + File.pathSeparator + modulePath;
    return new ProcessBuilder(
            java,
            "-cp",
            path,
            Worker.class.getName(),
            Integer.toString(port),
            worker,
            Long.toString(startAt))
        .redirectErrorStream(true)
        .start();
  }

  /** Reads a worker's output: one line {@code slot S admitted N} per slot, then {@code done}. */
  private static long[] readSlots(Process p, String worker) throws IOException, InterruptedException {
    long[] admitted = new long[SLOTS];
    List<String> other = new ArrayList<>();
    boolean done = false;
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        if (line.startsWith("slot ")) {
          String[] f = line.split(" ");
          admitted[Integer.parseInt(f[1])] = Long.parseLong(f[3]);
        } else if (line.equals("done")) {
          done = true;
        } else {
          other.add(line);
        }
      }
    }
    if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0 || !done) {
      throw new IllegalStateException(
          "worker " + worker + " failed (exit " + (p.isAlive() ? "none" : p.exitValue()) + "): "
              + String.join(" | ", other));
    }
    return admitted;
  }

  /** A worker process: its own connection and its own limiter object, the shared bucket. */
  static final class Worker {
    private Worker() {}

    /**
     * Runs one worker.
     *
     * @param args the Redis port, the worker's name, and the epoch millisecond to start at
     * @throws Exception if Redis cannot be reached
     */
    public static void main(String[] args) throws Exception {
      int port = Integer.parseInt(args[0]);
      long startAt = Long.parseLong(args[2]);
      try (RedisConnection redis =
          RedisConnection.open(RedisConfig.defaults().withAddress("127.0.0.1", port)
              .withTimeout(Duration.ofSeconds(1)))) {
        RateLimiter limiter =
            RedisRateLimiters.on(redis)
                .tokenBucket(NAME, Bandwidth.perSecond(RATE).withCapacity(BURST));
        limiter.tryAcquire(1, Duration.ZERO); // connect and load the script before the start
        long[] admitted = new long[SLOTS];
        long now;
        while ((now = System.currentTimeMillis()) < startAt) Thread.sleep(Math.min(10, startAt - now));
        long end = startAt + SLOTS * SLOT_MILLIS;
        while ((now = System.currentTimeMillis()) < end) {
          int slot = (int) ((now - startAt) / SLOT_MILLIS);
          if (limiter.tryAcquire()) admitted[slot]++;
          Thread.sleep(TRY_EVERY_MILLIS);
        }
        for (int s = 0; s < SLOTS; s++) System.out.println("slot " + s + " admitted " + admitted[s]);
        System.out.println("done");
      }
    }
  }
}
