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
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Timeout;
import org.openjdk.jmh.annotations.Warmup;

/** Buffered channel, one producer and one consumer: ns per send+receive pair. JDK: {@code ArrayBlockingQueue}. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Timeout(time = 2, timeUnit = TimeUnit.MINUTES)
@State(Scope.Benchmark)
public class BufferedSpscBenchmark {

  static final int MESSAGES = 100_000;

  @Param({"16", "100"})
  public int capacity;

  @Param({"weft", "jox", "kotlin", "ArrayBlockingQueue"})
  public String impl;

  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public void sendReceive() throws Exception {
    if (impl.equals("kotlin")) {
      KotlinShapes.bufferedSpsc(capacity, MESSAGES);
    } else {
      Shapes.spsc(Pipe.of(impl, capacity), MESSAGES);
    }
  }
}
