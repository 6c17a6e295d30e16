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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Many producers and many consumers on one channel: {@value #PRODUCERS} producers and {@value
 * #CONSUMERS} consumers ({@value #PRODUCERS} + {@value #CONSUMERS} virtual threads or coroutines),
 * each doing {@code Blackhole.consumeCPU(}{@value #WORK_TOKENS}{@code )} per operation (producers
 * before each send, consumers after each receive): ns per send+receive pair, work included. JDK:
 * {@code SynchronousQueue} at capacity 0, {@code ArrayBlockingQueue} above.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Timeout(time = 2, timeUnit = TimeUnit.MINUTES)
@State(Scope.Benchmark)
public class MpmcBenchmark {

  static final int PRODUCERS = 500;
  static final int CONSUMERS = 500;
  static final int MESSAGES = 200_000;
  static final int WORK_TOKENS = 100;

  @Param({"16"})
  public int capacity;

  @Param({"weft", "jox", "kotlin", "jdk"})
  public String impl;

  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public void mpmc() throws Exception {
    Runnable work = () -> Blackhole.consumeCPU(WORK_TOKENS);
    if (impl.equals("kotlin")) {
      KotlinShapes.mpmc(PRODUCERS, CONSUMERS, capacity, MESSAGES, work);
    } else {
      Shapes.mpmc(Pipe.of(impl, capacity), PRODUCERS, CONSUMERS, MESSAGES, work);
    }
  }
}
