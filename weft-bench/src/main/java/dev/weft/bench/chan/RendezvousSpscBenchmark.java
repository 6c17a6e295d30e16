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

/**
 * Rendezvous, one producer and one consumer: ns per send+receive pair. JDK baselines: {@code
 * SynchronousQueue} put/take, {@code Exchanger}, {@code LinkedTransferQueue} transfer/take.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Timeout(time = 2, timeUnit = TimeUnit.MINUTES)
@State(Scope.Benchmark)
public class RendezvousSpscBenchmark {

  static final int MESSAGES = 100_000;

  @Param({"weft", "jox", "kotlin", "SynchronousQueue", "Exchanger", "LinkedTransferQueue"})
  public String impl;

  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public void sendReceive() throws Exception {
    if (impl.equals("kotlin")) {
      KotlinShapes.rendezvousSpsc(MESSAGES);
    } else {
      Shapes.spsc(Pipe.of(impl, 0), MESSAGES);
    }
  }
}
