package dev.weft.bench.chan;

import dev.weft.bench.kotlin.KotlinShapes;
import dev.weft.chan.Channel;
import dev.weft.chan.Select;
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
 * A consumer receives through {@code select} over 1 or 2 rendezvous channels, each fed by its own
 * producer: ns per received value. weft reuses one {@code Select} across the loop (its documented
 * for-select idiom); jox builds its clauses per call (its only form). No JDK counterpart.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Timeout(time = 2, timeUnit = TimeUnit.MINUTES)
@State(Scope.Benchmark)
public class SelectBenchmark {

  static final int MESSAGES = 100_000;

  @Param({"1", "2"})
  public int clauses;

  @Param({"weft", "jox", "kotlin"})
  public String impl;

  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public void select() throws Exception {
    switch (impl) {
      case "weft" -> weft();
      case "jox" -> jox();
      case "kotlin" -> KotlinShapes.select(clauses, MESSAGES);
      default -> throw new IllegalArgumentException("SelectBenchmark: unknown implementation " + impl);
    }
  }

  private void weft() throws Exception {
    Channel<Object> ch1 = Channel.unbuffered();
    Channel<Object> ch2 = Channel.unbuffered();
    VirtualThreads threads = new VirtualThreads();
    threads.add(() -> produce(ch1, MESSAGES / clauses));
    if (clauses == 2) threads.add(() -> produce(ch2, MESSAGES / 2));
    threads.add(
        () -> {
          Select<Object> select = new Select<>().onReceive(ch1, v -> v);
          if (clauses == 2) select.onReceive(ch2, v -> v);
          for (int i = 0; i < MESSAGES; i++) select.select();
        });
    threads.runAll();
  }

  private static void produce(Channel<Object> ch, int messages) throws InterruptedException {
    for (int i = 0; i < messages; i++) ch.send(Pipe.MESSAGE);
  }

  private void jox() throws Exception {
    com.softwaremill.jox.Channel<Object> ch1 = com.softwaremill.jox.Channel.newRendezvousChannel();
    com.softwaremill.jox.Channel<Object> ch2 = com.softwaremill.jox.Channel.newRendezvousChannel();
    VirtualThreads threads = new VirtualThreads();
    threads.add(() -> produce(ch1, MESSAGES / clauses));
    if (clauses == 2) threads.add(() -> produce(ch2, MESSAGES / 2));
    threads.add(
        () -> {
          if (clauses == 1) {
            for (int i = 0; i < MESSAGES; i++) com.softwaremill.jox.Select.select(ch1.receiveClause());
          } else {
            for (int i = 0; i < MESSAGES; i++) {
              com.softwaremill.jox.Select.select(ch1.receiveClause(), ch2.receiveClause());
            }
          }
        });
    threads.runAll();
  }

  private static void produce(com.softwaremill.jox.Channel<Object> ch, int messages)
      throws InterruptedException {
    for (int i = 0; i < messages; i++) ch.send(Pipe.MESSAGE);
  }
}
