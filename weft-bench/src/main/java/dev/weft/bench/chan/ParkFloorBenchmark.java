package dev.weft.bench.chan;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
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
 * What one parking hand-off between virtual threads costs: no channel at all, just a token handed
 * from virtual thread to virtual thread with {@code LockSupport.park}/{@code unpark}, in the
 * chained shape ({@code stages} threads in a ring, {@code stages / 2} tokens moving through it;
 * each stage holds at most one token, so a hop waits for room as a capacity-1 channel would).
 * With more threads than carriers the next stage is rarely running when a token arrives, so each
 * hop pays a park and an unpark through the scheduler. A channel pays this for every hop that
 * parks; see ADR 0008. ns per hop. Not part of {@code run-channels.sh}: run it with {@code java
 * -jar benchmarks.jar ParkFloor}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Timeout(time = 2, timeUnit = TimeUnit.MINUTES)
@State(Scope.Benchmark)
public class ParkFloorBenchmark {

  static final int HOPS = 1_000_000;

  @Param({"2", "1000"})
  public int stages;

  @Benchmark
  @OperationsPerInvocation(HOPS)
  public void ring() throws Exception {
    int n = stages;
    AtomicIntegerArray full = new AtomicIntegerArray(n); // 1: stage i holds a token
    AtomicReferenceArray<Thread> threads = new AtomicReferenceArray<>(n);
    int perStage = HOPS / n; // each stage passes this many tokens on
    for (int i = 0; i < n; i += 2) full.set(i, 1); // a token on every other stage
    VirtualThreads parties = new VirtualThreads();
    for (int i = 0; i < n; i++) {
      int me = i;
      int next = (i + 1) % n;
      parties.add(
          () -> {
            threads.set(me, Thread.currentThread());
            for (int k = 0; k < perStage; k++) {
              while (full.get(me) == 0) LockSupport.park(); // wait for a token
              while (full.get(next) == 1) { // wait for room downstream
                wakeIfStarted(threads, next);
                LockSupport.park();
              }
              full.set(me, 0);
              full.set(next, 1);
              wakeIfStarted(threads, next);
              wakeIfStarted(threads, (me + n - 1) % n); // room for the one upstream
            }
          });
    }
    parties.runAll();
  }

  private static void wakeIfStarted(AtomicReferenceArray<Thread> threads, int i) {
    Thread t = threads.get(i);
    if (t != null) LockSupport.unpark(t);
  }
}
