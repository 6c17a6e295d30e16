package dev.weft.redis;

import dev.weft.resilience.ratelimit.Bandwidth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Hammers one limiter from several virtual threads for a while and records the server time of
 * every admission; also runs as {@code main} in a second JVM, printing those times.
 */
final class Hammer {

  /** The limits under test: 20 per 200 ms (a burst of 20 and one every 10 ms for the rate ones). */
  static final long LIMIT = 20;

  static final Duration WINDOW = Duration.ofMillis(200);

  private Hammer() {}

  static RedisLimiter limiter(RedisConnection conn, String kind, String name) {
    RedisRateLimiters f = RedisRateLimiters.on(conn).withFailurePolicy(RedisFailurePolicy.failClosed());
    return (RedisLimiter)
        switch (kind) {
          case "TOKEN_BUCKET" -> f.tokenBucket(name, Bandwidth.of(LIMIT, WINDOW));
          case "GCRA" -> f.gcra(name, LIMIT, WINDOW, LIMIT - 1);
          case "FIXED_WINDOW" -> f.fixedWindow(name, LIMIT, WINDOW);
          case "SLIDING_WINDOW_COUNTER" -> f.slidingWindowCounter(name, LIMIT, WINDOW);
          case "SLIDING_LOG" -> f.slidingLog(name, LIMIT, WINDOW);
          default -> throw new IllegalArgumentException("Hammer: unknown kind " + kind);
        };
  }

  /** Runs {@code threads} threads asking for one permit each until {@code duration} has passed. */
  static List<Long> run(RedisLimiter limiter, int threads, Duration duration)
      throws InterruptedException {
    ConcurrentLinkedQueue<Long> admitted = new ConcurrentLinkedQueue<>();
    long end = System.nanoTime() + duration.toNanos();
    List<Thread> all = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      all.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (System.nanoTime() - end < 0) {
                      RedisLimiter.Reply r = limiter.attempt(1, 0);
                      if (r.admitted()) admitted.add(r.serverMicros());
                    }
                  }));
    }
    for (Thread t : all) t.join();
    return new ArrayList<>(admitted);
  }

  /** args: port, kind, name, threads, duration in ms. Prints READY, then one time per line. */
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    RedisConfig config =
        RedisConfig.defaults().withAddress("127.0.0.1", port).withTimeout(Duration.ofSeconds(2));
    try (RedisConnection conn = RedisConnection.open(config)) {
      RedisLimiter limiter = limiter(conn, args[1], args[2]);
      limiter.attempt(1, 0); // warm up: connect and load the script before the race starts
      System.out.println("READY");
      System.out.flush();
      List<Long> times = run(limiter, Integer.parseInt(args[3]), Duration.ofMillis(Long.parseLong(args[4])));
      StringBuilder out = new StringBuilder();
      for (long t : times) out.append(t).append('\n');
      System.out.print(out);
      System.out.println("DONE");
    }
  }
}
