package dev.weft.bench.chan;

import dev.weft.bench.kotlin.KotlinTryOps;
import dev.weft.chan.Channel;
import dev.weft.chan.ReceiveResult;
import java.util.concurrent.ArrayBlockingQueue;
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
import org.openjdk.jmh.annotations.Setup;

/**
 * Non-blocking operations on one thread: {@code trySend} then {@code tryReceive} on a buffered
 * channel of capacity {@value #CAPACITY} that is empty before each pair, so both succeed: ns per
 * pair. JDK: {@code ArrayBlockingQueue} offer/poll. jox 1.0.1 has no {@code trySend}/{@code
 * tryReceive}: its row uses {@code select} with a default clause, which is how a jox user writes them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Timeout(time = 2, timeUnit = TimeUnit.MINUTES)
@State(Scope.Benchmark)
public class TryOpsBenchmark {

  static final int CAPACITY = 16;
  static final int PAIRS = 1_000_000;
  private static final Object EMPTY = new Object();

  @Param({"weft", "jox", "kotlin", "ArrayBlockingQueue"})
  public String impl;

  // The channel lives in the state, not in the benchmark method, so that escape analysis cannot
  // dissolve it.
  private Channel<Object> weft;
  private com.softwaremill.jox.Channel<Object> jox;
  private KotlinTryOps kotlin;
  private ArrayBlockingQueue<Object> queue;

  @Setup
  public void setUp() {
    switch (impl) {
      case "weft" -> weft = Channel.buffered(CAPACITY);
      case "jox" -> jox = com.softwaremill.jox.Channel.newBufferedChannel(CAPACITY);
      case "kotlin" -> kotlin = new KotlinTryOps(CAPACITY);
      case "ArrayBlockingQueue" -> queue = new ArrayBlockingQueue<>(CAPACITY);
      default -> throw new IllegalArgumentException("TryOpsBenchmark: unknown implementation " + impl);
    }
  }

  /** Returns how many values came back (all of them), so the loop has a consumed result. */
  @Benchmark
  @OperationsPerInvocation(PAIRS)
  public int trySendTryReceive() throws InterruptedException {
    return switch (impl) {
      case "weft" -> weft();
      case "jox" -> jox();
      case "kotlin" -> kotlin.run(PAIRS);
      default -> queue();
    };
  }

  private int weft() {
    Channel<Object> ch = weft;
    int received = 0;
    for (int i = 0; i < PAIRS; i++) {
      ch.trySend(Pipe.MESSAGE);
      if (ch.tryReceive() instanceof ReceiveResult.Value<Object>) received++;
    }
    return received;
  }

  @SuppressWarnings("ReferenceEquality") // EMPTY is an identity marker
  private int jox() throws InterruptedException {
    com.softwaremill.jox.Channel<Object> ch = jox;
    int received = 0;
    for (int i = 0; i < PAIRS; i++) {
      com.softwaremill.jox.Select.select(
          ch.sendClause(Pipe.MESSAGE), com.softwaremill.jox.Select.defaultClause(EMPTY));
      Object v =
          com.softwaremill.jox.Select.select(
              ch.receiveClause(), com.softwaremill.jox.Select.defaultClause(EMPTY));
      if (v != EMPTY) received++;
    }
    return received;
  }

  private int queue() {
    ArrayBlockingQueue<Object> q = queue;
    int received = 0;
    for (int i = 0; i < PAIRS; i++) {
      q.offer(Pipe.MESSAGE);
      if (q.poll() != null) received++;
    }
    return received;
  }
}
