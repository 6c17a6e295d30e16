package dev.weft.bench.flow;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Timeout;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-task overhead: one thread submits 1,000,000 tiny tasks (each adds to a counter) to an
 * executor whose concurrency is the number of processors, then waits until all ran: ns per task.
 * The executor is made once per trial, so worker start-up is not in the score.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Timeout(time = 2, timeUnit = TimeUnit.MINUTES)
@State(Scope.Benchmark)
public class TinyTasksBenchmark {

  static final int TASKS = 1_000_000;

  @Param({"weft", "ThreadPoolExecutor", "ForkJoinPool", "virtualPerTask"})
  public String impl;

  private Executors.Bounded executor;

  @Setup(Level.Trial)
  public void setUp() {
    executor = Executors.of(impl, Runtime.getRuntime().availableProcessors(), TASKS);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    executor.close();
  }

  @Benchmark
  @OperationsPerInvocation(TASKS)
  public long run() throws Exception {
    return executor.runAll(TASKS, Tasks::tiny);
  }
}
