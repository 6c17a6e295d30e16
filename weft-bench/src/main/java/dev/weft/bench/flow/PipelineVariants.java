package dev.weft.bench.flow;

import dev.weft.chan.Channel;
import dev.weft.chan.ReceiveResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where the CPU-heavy pipeline of {@link PipelineBenchmark} loses its time: the same two stages
 * ({@code heavyParse}, then {@code heavySquare}, summed) run four ways in one JVM, from the
 * pipeline as built to no hand-off at all, against a parallel stream. Not JMH: rounds of 200,000
 * items, ns per item printed per round, for the record of ADR 0033.
 *
 * <ul>
 *   <li>{@code pipeline}: {@link WeftPipeline#runHeavy}, a source thread, 2 + 2 stage threads and
 *       a sink thread joined by channels of 64;
 *   <li>{@code one-channel}: 2 threads pull from the source under a lock and parse, a channel of
 *       64, 2 threads square and add to the sum under a lock;
 *   <li>{@code fused}: 2 threads each pull under a lock, parse, square and add under a lock: no
 *       channel at all;
 *   <li>{@code parallelStream}: as in the benchmark.
 * </ul>
 *
 * <pre>java -cp benchmarks.jar dev.weft.bench.flow.PipelineVariants [rounds]</pre>
 */
public final class PipelineVariants {

  private PipelineVariants() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    String[] items = new String[PipelineBenchmark.ITEMS];
    for (int i = 0; i < items.length; i++) items[i] = Integer.toString(i);
    List<String> input = Arrays.asList(items);
    long expected =
        input.stream().mapToLong(PipelineBenchmark::parse).map(x -> x * x).sum();
    for (String variant : List.of("pipeline", "one-channel", "fused", "parallelStream")) {
      long[] ns = new long[rounds];
      for (int r = 0; r < rounds; r++) {
        long t0 = System.nanoTime();
        long sum = run(variant, input);
        ns[r] = (System.nanoTime() - t0) / items.length;
        if (sum != expected) {
          throw new IllegalStateException("PipelineVariants: " + variant + " summed " + sum);
        }
      }
      long[] kept = Arrays.copyOfRange(ns, Math.min(4, rounds - 1), rounds); // drop the warm-up
      Arrays.sort(kept);
      System.out.printf(
          Locale.ROOT,
          "%-15s ns per item, rounds %d-%d: %d-%d (median %d)%n",
          variant,
          rounds - kept.length + 1,
          rounds,
          kept[0],
          kept[kept.length - 1],
          kept[kept.length / 2]);
    }
  }

  private static long run(String variant, List<String> input) throws Exception {
    return switch (variant) {
      case "pipeline" -> WeftPipeline.runHeavy(input, PipelineBenchmark.BUFFER);
      case "one-channel" -> oneChannel(input);
      case "fused" -> fused(input);
      case "parallelStream" ->
          input.parallelStream()
              .mapToLong(PipelineBenchmark::heavyParse)
              .map(PipelineBenchmark::heavySquare)
              .sum();
      default -> throw new IllegalArgumentException("PipelineVariants: unknown variant " + variant);
    };
  }

  /** The next item of {@code it} under {@code lock}, or null at the end. */
  private static String next(Iterator<String> it, ReentrantLock lock) {
    lock.lock();
    try {
      return it.hasNext() ? it.next() : null;
    } finally {
      lock.unlock();
    }
  }

  private static void add(long[] sum, long v, ReentrantLock lock) {
    lock.lock();
    try {
      sum[0] += v;
    } finally {
      lock.unlock();
    }
  }

  /** What a pulling thread does with each item. */
  @FunctionalInterface
  private interface ItemStep {
    void accept(String item) throws InterruptedException;
  }

  /** A virtual thread that pulls items from {@code it} under {@code lock} until the end, then runs {@code atEnd}. */
  private static Thread puller(Iterator<String> it, ReentrantLock lock, ItemStep step, Runnable atEnd) {
    return Thread.ofVirtual()
        .start(
            () -> {
              try {
                for (String s; (s = next(it, lock)) != null; ) step.accept(s);
                atEnd.run();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
  }

  private static long oneChannel(List<String> input) throws InterruptedException {
    Channel<Long> mid = Channel.buffered(PipelineBenchmark.BUFFER);
    Iterator<String> it = input.iterator();
    ReentrantLock source = new ReentrantLock();
    ReentrantLock sink = new ReentrantLock();
    long[] sum = new long[1];
    AtomicInteger producers = new AtomicInteger(2);
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      threads.add(
          puller(
              it,
              source,
              s -> mid.send(PipelineBenchmark.heavyParse(s)),
              () -> {
                if (producers.decrementAndGet() == 0) mid.close();
              }));
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      for (ReceiveResult<Long> r; (r = mid.receiveResult()).isValue(); ) {
                        add(sum, PipelineBenchmark.heavySquare(r.value()), sink);
                      }
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }));
    }
    for (Thread t : threads) t.join();
    return sum[0];
  }

  private static long fused(List<String> input) throws InterruptedException {
    Iterator<String> it = input.iterator();
    ReentrantLock source = new ReentrantLock();
    ReentrantLock sink = new ReentrantLock();
    long[] sum = new long[1];
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      ItemStep both =
          s -> {
            Long parsed = PipelineBenchmark.heavyParse(s); // boxed, as between pipeline stages
            add(sum, PipelineBenchmark.heavySquare(parsed), sink);
          };
      threads.add(puller(it, source, both, () -> {}));
    }
    for (Thread t : threads) t.join();
    return sum[0];
  }
}
