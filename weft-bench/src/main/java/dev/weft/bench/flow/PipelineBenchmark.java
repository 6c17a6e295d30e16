package dev.weft.bench.flow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
import org.openjdk.jmh.annotations.Timeout;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Two pipeline shapes over 200,000 items, ns per item; {@code java.util.stream} runs the same
 * functions sequentially and in parallel, as the no-pipeline baseline.
 *
 * <ul>
 *   <li>{@link #run}, cheap stages: parse a decimal string, a small computation ({@code
 *       Blackhole.consumeCPU(50)} and a square), then sum in the sink. weft: {@code Pipeline} with
 *       parallelism 1 and buffers of 64 (its stages are fused onto one thread); hand-written: a
 *       virtual thread per stage and {@code ArrayBlockingQueue}s of 64.
 *   <li>{@link #cpuHeavy}, CPU-heavy stages: parse and {@code consumeCPU(HEAVY)}, then {@code
 *       consumeCPU(HEAVY)} and a square, each stage on 2 threads, then sum. weft: two unordered
 *       stages with parallelism 2 and buffers of 64; hand-written: a source thread, 2 + 2 stage
 *       threads and a sink thread joined by {@code ArrayBlockingQueue}s of 64.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Timeout(time = 2, timeUnit = TimeUnit.MINUTES)
@State(Scope.Benchmark)
public class PipelineBenchmark {

  static final int ITEMS = 200_000;
  static final int BUFFER = 64;

  @Param({"weft", "BlockingQueue", "stream", "parallelStream"})
  public String impl;

  private List<String> input;
  private long expected;

  @Setup(Level.Trial)
  public void setUp() {
    String[] items = new String[ITEMS];
    for (int i = 0; i < ITEMS; i++) items[i] = Integer.toString(i);
    input = Arrays.asList(items);
    expected = Arrays.stream(items).mapToLong(PipelineBenchmark::parse).map(x -> x * x).sum();
  }

  static long parse(String s) {
    return Long.parseLong(s);
  }

  static long compute(long x) {
    Blackhole.consumeCPU(50);
    return x * x;
  }

  /** {@code consumeCPU} tokens per heavy stage: a few hundred ns of arithmetic. */
  static final int HEAVY = 250;

  static long heavyParse(String s) {
    Blackhole.consumeCPU(HEAVY);
    return Long.parseLong(s);
  }

  static long heavySquare(long x) {
    Blackhole.consumeCPU(HEAVY);
    return x * x;
  }

  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public long cpuHeavy() throws Exception {
    long sum =
        switch (impl) {
          case "weft" -> WeftPipeline.runHeavy(input, BUFFER);
          case "BlockingQueue" -> heavyBlockingQueues();
          case "stream" ->
              input.stream().mapToLong(PipelineBenchmark::heavyParse).map(PipelineBenchmark::heavySquare).sum();
          case "parallelStream" ->
              input.parallelStream().mapToLong(PipelineBenchmark::heavyParse).map(PipelineBenchmark::heavySquare).sum();
          default -> throw new IllegalArgumentException("PipelineBenchmark: unknown implementation " + impl);
        };
    if (sum != expected) throw new IllegalStateException("PipelineBenchmark: sum " + sum + " != " + expected);
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public long run() throws Exception {
    long sum =
        switch (impl) {
          case "weft" -> WeftPipeline.run(input, BUFFER);
          case "BlockingQueue" -> blockingQueues();
          case "stream" -> input.stream().mapToLong(PipelineBenchmark::parse).map(PipelineBenchmark::compute).sum();
          case "parallelStream" ->
              input.parallelStream().mapToLong(PipelineBenchmark::parse).map(PipelineBenchmark::compute).sum();
          default -> throw new IllegalArgumentException("PipelineBenchmark: unknown implementation " + impl);
        };
    if (sum != expected) throw new IllegalStateException("PipelineBenchmark: sum " + sum + " != " + expected);
    return sum;
  }

  /** The end-of-stream marker, compared by identity. */
  private static final Object END = new Object();

  /** The hand-written pipeline: a thread per stage, bounded queues, an end marker. */
  private long blockingQueues() throws Exception {
    BlockingQueue<Object> parsed = new ArrayBlockingQueue<>(BUFFER);
    BlockingQueue<Object> computed = new ArrayBlockingQueue<>(BUFFER);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long[] sum = new long[1];
    Thread source =
        Thread.ofVirtual()
            .start(
                guard(failure, () -> {
                  for (String s : input) parsed.put(parse(s));
                  parsed.put(END);
                }));
    Thread middle =
        Thread.ofVirtual()
            .start(
                guard(failure, () -> {
                  for (Object x; (x = parsed.take()) != END; ) computed.put(compute((Long) x));
                  computed.put(END);
                }));
    Thread sink =
        Thread.ofVirtual()
            .start(
                guard(failure, () -> {
                  long s = 0;
                  for (Object x; (x = computed.take()) != END; ) s += (Long) x;
                  sum[0] = s;
                }));
    source.join();
    middle.join();
    sink.join();
    if (failure.get() != null) throw new IllegalStateException("PipelineBenchmark: a stage failed", failure.get());
    return sum[0];
  }

  /** The hand-written CPU-heavy pipeline: 2 threads per middle stage, one end marker per thread. */
  private long heavyBlockingQueues() throws Exception {
    BlockingQueue<Object> raw = new ArrayBlockingQueue<>(BUFFER);
    BlockingQueue<Object> parsed = new ArrayBlockingQueue<>(BUFFER);
    BlockingQueue<Object> squared = new ArrayBlockingQueue<>(BUFFER);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long[] sum = new long[1];
    List<Thread> threads = new ArrayList<>();
    threads.add(Thread.ofVirtual().start(guard(failure, () -> {
      for (String s : input) raw.put(s);
      raw.put(END);
      raw.put(END);
    })));
    for (int w = 0; w < 2; w++) {
      threads.add(Thread.ofVirtual().start(guard(failure, () -> {
        for (Object x; (x = raw.take()) != END; ) parsed.put(heavyParse((String) x));
        parsed.put(END);
      })));
      threads.add(Thread.ofVirtual().start(guard(failure, () -> {
        for (Object x; (x = parsed.take()) != END; ) squared.put(heavySquare((Long) x));
        squared.put(END);
      })));
    }
    threads.add(Thread.ofVirtual().start(guard(failure, () -> {
      long s = 0;
      for (int ends = 0; ends < 2; ) {
        Object x = squared.take();
        if (x == END) ends++;
        else s += (Long) x;
      }
      sum[0] = s;
    })));
    for (Thread t : threads) t.join();
    if (failure.get() != null) throw new IllegalStateException("PipelineBenchmark: a stage failed", failure.get());
    return sum[0];
  }

  interface Body {
    void run() throws Exception;
  }

  private static Runnable guard(AtomicReference<Throwable> failure, Body body) {
    return () -> {
      try {
        body.run();
      } catch (Throwable t) {
        failure.compareAndSet(null, t);
      }
    };
  }
}
