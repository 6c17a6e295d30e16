package dev.weft.bench.sync;

import dev.weft.sync.Pool;
import java.nio.ByteBuffer;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of borrowing a buffer: {@code Pool} get, use, put against allocating a new buffer each
 * time (the JDK baseline the pool has to beat), for a small (256 B) and a large (64 KiB) heap
 * buffer, from one thread and from four. "Use" writes one long at each end, so a fresh buffer's
 * zeroing is paid as it would be in real code. ns per borrow; run with {@code -prof gc} to see
 * {@code gc.alloc.rate.norm}, which the pool should bring to zero.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Timeout(time = 2, timeUnit = TimeUnit.MINUTES)
@State(Scope.Benchmark)
public class PoolBenchmark {

  @Param({"256", "65536"})
  public int size;

  private Pool<ByteBuffer> pool;

  @Setup(Level.Trial)
  public void setUp() {
    int n = size;
    pool = Pool.create(() -> ByteBuffer.allocate(n), ByteBuffer::clear);
  }

  private static long use(ByteBuffer b) {
    b.putLong(0, 42L);
    b.putLong(b.capacity() - Long.BYTES, 7L);
    return b.getLong(0) + b.getLong(b.capacity() - Long.BYTES);
  }

  /** weft: get from the pool, use, put back. */
  @Benchmark
  public void pool(Blackhole bh) {
    ByteBuffer b = pool.get();
    bh.consume(use(b));
    pool.put(b);
  }

  /** JDK baseline: a new buffer per use, left to the garbage collector. */
  @Benchmark
  public void allocate(Blackhole bh) {
    ByteBuffer b = ByteBuffer.allocate(size);
    bh.consume(use(b));
    bh.consume(b);
  }

  /** weft from four threads at once: stripes keep them apart. */
  @Benchmark
  @Threads(4)
  public void poolContended(Blackhole bh) {
    pool(bh);
  }

  /** JDK baseline from four threads at once. */
  @Benchmark
  @Threads(4)
  public void allocateContended(Blackhole bh) {
    allocate(bh);
  }
}
