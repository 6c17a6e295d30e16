package dev.weft.examples;

import dev.weft.sync.ErrGroup;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * False sharing: two threads that never touch each other's counter still slow each other down
 * when the two counters sit in the same cache line.
 *
 * <p>A CPU core caches memory in lines of 64 bytes (128 on some chips) and must own a line to
 * write it. Two counters 8 bytes apart share a line, so every write by one core takes the line
 * away from the other: the line ping-pongs between the cores although no value is shared. Put 16
 * longs (128 bytes) between the counters and each core keeps its own line.
 *
 * <p>Each of 2 threads increments its own slot of one {@link AtomicLongArray} with opaque reads
 * and writes (every access really happens, but without a fence, so the cost measured is the cache
 * line, not the fence): first slots 0 and 1, then slots 0 and 16. Best of 3 rounds each.
 *
 * <p>Java code cannot use the JDK's {@code @Contended} annotation (it is internal to the JDK), so
 * padding is done by hand: array slots spaced out, as here, or a class with seven unused {@code
 * long} fields on each side of the hot one (the JIT keeps field order within a class, not across
 * a class hierarchy, which is why libraries pad through superclasses). Go does the same with
 * {@code _ [56]byte} fields or {@code cpu.CacheLinePad}. Pad only what a measurement shows is
 * contended: padding costs memory and cache space.
 *
 * <p>What to look for: both layouts count the same; the adjacent one is slower. The slowdown
 * printed needs both threads on two cores at the same time: on a busy machine it can come out near
 * 1x.
 */
final class FalseSharingExample implements Example {

  private static final int INCREMENTS = 5_000_000;
  private static final int ROUNDS = 3;
  private static final int PAD = 16; // longs: 128 bytes, two 64-byte lines or one 128-byte line

  @Override
  public String name() {
    return "false-sharing";
  }

  @Override
  public String description() {
    return "two threads on adjacent counters slow each other down; padding the counters apart fixes it";
  }

  @Override
  public String goIdiom() {
    return "Go's cache-line padding, `_ [56]byte` or `cpu.CacheLinePad` between hot fields";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    long adjacent = Long.MAX_VALUE;
    long padded = Long.MAX_VALUE;
    for (int round = 0; round < ROUNDS; round++) {
      adjacent = Math.min(adjacent, measure(1, out, round == ROUNDS - 1));
      padded = Math.min(padded, measure(PAD, out, round == ROUNDS - 1));
    }
    out.println("2 threads, " + INCREMENTS + " increments each, best of " + ROUNDS + " rounds:");
    out.println(String.format("  adjacent slots [0] and [1] (same cache line): %6d ms", adjacent / 1_000_000));
    out.println(String.format("  padded slots [0] and [%d] (%d bytes apart):  %6d ms",
        PAD, PAD * 8, padded / 1_000_000));
    out.println(String.format("  slowdown from false sharing: %.1fx", (double) adjacent / Math.max(1, padded)));
    out.println("  (measured on this machine now; it needs both threads running on two cores at once)");
  }

  /** Two threads increment slots 0 and {@code distance}; returns the nanoseconds taken. */
  private static long measure(int distance, PrintStream out, boolean report) throws Exception {
    AtomicLongArray slots = new AtomicLongArray(2 * PAD + 1);
    ErrGroup g = new ErrGroup();
    long start = System.nanoTime();
    for (int slot : new int[] {0, distance}) {
      g.go(() -> {
        for (int i = 0; i < INCREMENTS; i++) slots.setOpaque(slot, slots.getOpaque(slot) + 1);
      });
    }
    g.await();
    long nanos = System.nanoTime() - start;
    if (report) {
      out.println("slots [0] and [" + distance + "] counted " + slots.get(0) + " and " + slots.get(distance));
    }
    return nanos;
  }
}
