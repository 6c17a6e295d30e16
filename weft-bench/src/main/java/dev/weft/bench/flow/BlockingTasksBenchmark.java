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
 * Blocking tasks: 100,000 tasks that each sleep 10 ms, at concurrency 10,000 (so at least 100 ms
 * per batch): ns per task. The floor is 1,000 ns per task (100,000 x 10 ms / 10,000); what is
 * above it is the executor's overhead. {@code ThreadPoolExecutor} gets 10,000 platform threads,
 * started before the measurement.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Timeout(time = 2, timeUnit = TimeUnit.MINUTES)
@State(Scope.Benchmark)
public class BlockingTasksBenchmark {

  static final int TASKS = 100_000;
  static final int CONCURRENCY = 10_000;

  @Param({"weft", "virtualPerTask", "ThreadPoolExecutor"})
  public String impl;

  private Executors.Bounded executor;

  @Setup(Level.Trial)
  public void setUp() {
    executor = Executors.of(impl, CONCURRENCY, TASKS);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    executor.close();
  }

  @Benchmark
  @OperationsPerInvocation(TASKS)
  public long run() throws Exception {
    return executor.runAll(TASKS, Tasks::sleep10ms);
  }
}
