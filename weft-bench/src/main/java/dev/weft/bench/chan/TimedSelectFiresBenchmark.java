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
 * Timed {@code select} whose timeout fires: one receive clause on a rendezvous channel nobody sends
 * to, and a timeout of {@code timeoutMicros}. ns per select, the wait included: the score minus
 * the timeout is how late the timeout fired plus the cost of the select. See {@link TimedSelects}
 * for each implementation's call.
 *
 * <p>100 µs shows sub-millisecond timeouts, which not every peer can express (jox sleeps {@code
 * timeout.toMillis()}, so 100 µs fires at once; Kotlin rounds up to 1 ms); 1 ms is the common
 * ground.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Timeout(time = 2, timeUnit = TimeUnit.MINUTES)
@State(Scope.Benchmark)
public class TimedSelectFiresBenchmark {

  static final int SELECTS = 100;

  @Param({"100", "1000"})
  public int timeoutMicros;

  @Param({"weft", "jox", "kotlin", "SynchronousQueue"})
  public String impl;

  /** Returns the number of timeouts (all selects). */
  @Benchmark
  @OperationsPerInvocation(SELECTS)
  public int timeoutFires() throws Exception {
    return TimedSelects.run(impl, SELECTS, Duration.ofNanos(timeoutMicros * 1_000L), false);
  }
}
