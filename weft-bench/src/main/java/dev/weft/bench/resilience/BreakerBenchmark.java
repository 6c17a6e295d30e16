package dev.weft.bench.resilience;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.weft.context.Context;
import dev.weft.resilience.breaker.CircuitBreaker;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
 * A closed circuit breaker, shared by 2 threads, around a call that returns a field: ns per call.
 * The score is what admitting the call and recording its success costs; {@code direct} is the same
 * call with no breaker. Each breaker keeps its default configuration, so the calls never trip it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Timeout(time = 2, timeUnit = TimeUnit.MINUTES)
@Threads(2)
@State(Scope.Benchmark)
public class BreakerBenchmark {

  @Param({"direct", "weft", "resilience4j", "failsafe"})
  public String impl;

  /** What the guarded call returns. */
  public Integer value = 42;

  private Guarded call;

  /** The guarded call, as one implementation makes it. */
  @FunctionalInterface
  interface Guarded {
    Object call() throws Exception;
  }

  @Setup(Level.Trial)
  public void setUp() {
    call =
        switch (impl) {
          case "direct" -> this::value;
          case "weft" -> {
            CircuitBreaker cb = CircuitBreaker.of("bench");
            Context ctx = Context.background();
            yield () -> cb.call(ctx, c -> value);
          }
          case "resilience4j" -> {
            Supplier<Integer> s =
                io.github.resilience4j.circuitbreaker.CircuitBreaker.decorateSupplier(
                    io.github.resilience4j.circuitbreaker.CircuitBreaker.ofDefaults("bench"),
                    this::value);
            yield s::get;
          }
          case "failsafe" -> {
            FailsafeExecutor<Object> exec =
                Failsafe.with(dev.failsafe.CircuitBreaker.ofDefaults());
            yield () -> exec.get(this::value);
          }
          default -> throw new IllegalArgumentException("BreakerBenchmark: unknown impl " + impl);
        };
  }

  private Integer value() {
    return value;
  }

  @Benchmark
  public Object call() throws Exception {
    return call.call();
  }
}
