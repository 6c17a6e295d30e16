package dev.weft.bench.chan;

import java.time.Duration;
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
 * Timed {@code select} whose timeout does not fire: one receive clause on a rendezvous channel that
 * a producer keeps ready, and a 1 s timeout. ns per select: the cost of arming and disarming a
 * timeout on top of a rendezvous. See {@link TimedSelects} for each implementation's call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Timeout(time = 2, timeUnit = TimeUnit.MINUTES)
@State(Scope.Benchmark)
public class TimedSelectReadyBenchmark {

  static final int SELECTS = 100_000;
  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  @Param({"weft", "jox", "kotlin", "SynchronousQueue"})
  public String impl;

  /** Returns the number of timeouts (none, unless the machine stalls for a second). */
  @Benchmark
  @OperationsPerInvocation(SELECTS)
  public int timeoutReady() throws Exception {
    return TimedSelects.run(impl, SELECTS, TIMEOUT, true);
  }
}
