package dev.weft.bench.resilience;

import dev.weft.resilience.ratelimit.Bandwidth;
import dev.weft.resilience.ratelimit.TokenBucket;
import io.github.bucket4j.Bucket;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Timeout;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One non-blocking {@code tryAcquire} of one permit on a rate limiter shared by the benchmark's
 * threads, at 1 and 2 threads: ns per call. The rate is 10^9 per second with a burst of 10^9 (for
 * Guava, one second's worth; Failsafe's smooth limiter has no burst and spaces permits 1 ns apart),
 * so the calls almost always succeed and the score is the cost of the limiter's bookkeeping and of
 * its contention, not of waiting. The returned booleans go to the blackhole. {@code clock} is a
 * baseline, not a peer: one {@link System#nanoTime()}, which each of these limiters reads per call
 * (an exact limiter cannot decide without the time), so no limiter can score below it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Timeout(time = 2, timeUnit = TimeUnit.MINUTES)
@State(Scope.Benchmark)
public class TryAcquireBenchmark {

  /** Permits per second, and the burst where the limiter has one. */
  static final long RATE = 1_000_000_000L;

  @Param({"clock", "weft", "bucket4j", "resilience4j", "guava", "failsafe"})
  public String impl;

  private BooleanSupplier limiter;

  @Setup(Level.Trial)
  public void setUp() {
    limiter = limiter(impl);
  }

  /** A limiter of {@link #RATE} per second of the given implementation, as its try-acquire call. */
  static BooleanSupplier limiter(String impl) {
    return switch (impl) {
      // Not a limiter: one read of the clock, which every limiter here makes per call. The floor.
      case "clock" -> () -> System.nanoTime() != Long.MIN_VALUE;
      case "weft" -> {
        TokenBucket bucket = TokenBucket.of(Bandwidth.perSecond(RATE));
        yield bucket::tryAcquire;
      }
      case "bucket4j" -> {
        Bucket bucket =
            Bucket.builder()
                .addLimit(l -> l.capacity(RATE).refillGreedy(RATE, Duration.ofSeconds(1)))
                .build();
        yield () -> bucket.tryConsume(1);
      }
      case "resilience4j" -> {
        // RateLimiter.of builds an AtomicRateLimiter; timeout 0 makes acquirePermission non-blocking.
        io.github.resilience4j.ratelimiter.RateLimiter r =
            io.github.resilience4j.ratelimiter.RateLimiter.of(
                "bench",
                RateLimiterConfig.custom()
                    .limitForPeriod((int) RATE)
                    .limitRefreshPeriod(Duration.ofSeconds(1))
                    .timeoutDuration(Duration.ZERO)
                    .build());
        yield r::acquirePermission;
      }
      case "guava" -> {
        com.google.common.util.concurrent.RateLimiter r =
            com.google.common.util.concurrent.RateLimiter.create(RATE);
        yield r::tryAcquire;
      }
      case "failsafe" -> {
        dev.failsafe.RateLimiter<Object> r =
            dev.failsafe.RateLimiter.smoothBuilder(RATE, Duration.ofSeconds(1)).build();
        yield r::tryAcquirePermit;
      }
      default -> throw new IllegalArgumentException("TryAcquireBenchmark: unknown impl " + impl);
    };
  }

  @Benchmark
  @Threads(1)
  public boolean oneThread() {
    return limiter.getAsBoolean();
  }

  @Benchmark
  @Threads(2)
  public boolean twoThreads() {
    return limiter.getAsBoolean();
  }
}
