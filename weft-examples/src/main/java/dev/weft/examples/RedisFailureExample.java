package dev.weft.examples;

import dev.weft.redis.RedisConfig;
import dev.weft.redis.RedisConnection;
import dev.weft.redis.RedisFailurePolicy;
import dev.weft.redis.RedisRateLimiters;
import dev.weft.resilience.breaker.CircuitState;
import dev.weft.resilience.ratelimit.Bandwidth;
import dev.weft.resilience.ratelimit.RateLimiter;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;

/**
 * A shared rate limit whose Redis dies in the middle of the run, and comes back.
 *
 * <p>The limiter is a Redis token bucket of 100 permits per second (bursts of 10) with a fallback:
 * while Redis cannot answer within 50 ms, decisions go to a local token bucket holding this
 * process's share, 25 per second (as if four processes shared the limit). The connection's circuit
 * breaker opens after 3 failed calls in a row, so a dead Redis costs a timeout a few times, not on
 * every call; after 300 ms open it lets one trial call through.
 *
 * <p>The caller tries every 2 ms, in three phases of 600 ms: Redis up; Redis killed with {@code
 * kill -9} (no goodbye, the connections just break); Redis started again on the same port (empty:
 * the bucket starts full). Each phase prints what was admitted, the slowest decision and the
 * breaker's state.
 *
 * <p>What to look for: about 70 admitted while Redis is up (a burst of 10 plus 100/s), about 25
 * while it is down (the local share: 10 at once, then 25/s; fewer, the limit got stricter, not
 * looser); no decision slower than the timeout plus a little while Redis is down, once the breaker
 * is open none slower than a local decision; and after the restart the breaker closes by itself
 * and the shared limit is back.
 */
final class RedisFailureExample implements Example {

  private static final Duration PHASE = Duration.ofMillis(600);
  private static final Duration TIMEOUT = Duration.ofMillis(50);

  @Override
  public String name() {
    return "redis-failure";
  }

  @Override
  public String description() {
    return "Redis killed mid-run: a local fallback limit, a circuit breaker, then recovery";
  }

  @Override
  public String goIdiom() {
    return "Go's `if err != nil { return local.Allow() }` around a shared limiter, with a breaker";
  }

  @Override
  public Optional<String> missing() {
    return LocalRedis.missing();
  }

  @Override
  public void run(PrintStream out) throws Exception {
    try (LocalRedis redis = LocalRedis.start()) {
      RedisConfig config =
          RedisConfig.defaults()
              .withAddress("127.0.0.1", redis.port())
              .withTimeout(TIMEOUT)
              .withConnectTimeout(TIMEOUT)
              .withBreaker(RedisConfig.defaultBreaker().withOpenWait(Duration.ofMillis(300)));
      try (RedisConnection connection = RedisConnection.open(config)) {
        RateLimiter local = RateLimiter.perSecond(25);
        RateLimiter limiter =
            RedisRateLimiters.on(connection)
                .withFailurePolicy(RedisFailurePolicy.fallBackTo(local))
                .tokenBucket("checkout", Bandwidth.perSecond(100).withCapacity(10));
        out.println("phase             admitted  tries  slowest decision  breaker after");
        phase(out, "redis up", limiter, connection);
        redis.kill();
        phase(out, "redis killed", limiter, connection);
        redis.restart();
        phase(out, "redis restarted", limiter, connection);
      }
    }
  }

  private static void phase(PrintStream out, String name, RateLimiter limiter, RedisConnection c)
      throws InterruptedException {
    long end = System.nanoTime() + PHASE.toNanos();
    int admitted = 0;
    int tries = 0;
    long slowest = 0;
    while (System.nanoTime() < end) {
      long t0 = System.nanoTime();
      if (limiter.tryAcquire()) admitted++;
      slowest = Math.max(slowest, System.nanoTime() - t0);
      tries++;
      Thread.sleep(2);
    }
    CircuitState state = c.breaker().state();
    out.printf("%-16s %9d %6d %14.1f ms  %s%n", name, admitted, tries, slowest / 1e6, state);
  }
}
