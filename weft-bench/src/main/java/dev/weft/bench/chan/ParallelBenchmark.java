package dev.weft.bench.chan;

import dev.weft.bench.kotlin.KotlinShapes;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Timeout;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * {@code channels} independent channels, each with its own producer and consumer, all at once: ns
 * per send+receive pair. An invocation moves {@code pairs} pairs ({@value #PAIRS} by default)
 * whatever the number of channels. Thread or coroutine start-up is inside the timed region, as in
 * jox's and Kotlin's published suites, and is why the batch is large. JDK: {@code
 * SynchronousQueue} at capacity 0, {@code ArrayBlockingQueue} above.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Timeout(time = 5, timeUnit = TimeUnit.MINUTES)
@State(Scope.Benchmark)
public class ParallelBenchmark {

  /** The default batch; {@code -p pairs=N} must come with {@code -opi N} (checked in setup). */
  static final int PAIRS = 10_000_000;

  /** Send+receive pairs per invocation; a quick run lowers it together with JMH's {@code -opi}. */
  @Param({"10000000"})
  public int pairs;

  @Param({"10000"})
  public int channels;

  @Param({"0", "16", "100"})
  public int capacity;

  @Param({"weft", "jox", "kotlin", "jdk"})
  public String impl;

  @Setup
  public void check(BenchmarkParams params) {
    Shapes.checkBatch("ParallelBenchmark", pairs, "channels", channels, params);
  }


  @Benchmark
  @OperationsPerInvocation(PAIRS)
  public void parallel() throws Exception {
    int elements = pairs / channels;
    if (impl.equals("kotlin")) {
      KotlinShapes.parallel(channels, capacity, elements);
    } else {
      Shapes.parallel(impl, capacity, channels, elements);
    }
  }
}
