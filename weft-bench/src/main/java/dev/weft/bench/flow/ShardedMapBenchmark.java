package dev.weft.bench.flow;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * A shared map under two threads, 10,000 keys, 90% reads and 10% {@code merge} (a counter
 * increment): ns per operation per thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Timeout(time = 2, timeUnit = TimeUnit.MINUTES)
@Threads(2)
@State(Scope.Benchmark)
public class ShardedMapBenchmark {

  static final int KEYS = 10_000;

  @Param({"weft", "ConcurrentHashMap"})
  public String impl;

  private Maps.Counter map;
  private Integer[] keys;

  @Setup(Level.Trial)
  public void setUp() {
    map = Maps.of(impl);
    keys = new Integer[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = i;
      map.increment(keys[i]);
    }
  }

  /** Each thread's random stream. */
  @State(Scope.Thread)
  public static class Cursor {
    SplittableRandom random = new SplittableRandom(42);
  }

  @Benchmark
  public long readMostly(Cursor c) {
    int r = c.random.nextInt(KEYS * 10);
    Integer key = keys[r % KEYS];
    if (r < KEYS) {
      map.increment(key);
      return r;
    }
    return map.get(key);
  }
}
