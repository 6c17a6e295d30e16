package dev.weft.examples;

import dev.weft.chan.Channel;
import dev.weft.chan.ReceiveResult;
import dev.weft.sync.ErrGroup;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;

/**
 * Throughput against latency: one producer-consumer pair tuned four ways, by the consumer's batch
 * size and the channel's buffer size, with the items per second and the latency percentiles of
 * each.
 *
 * <p>Each batch the consumer handles costs one round trip of 500 µs (a flush to disk, a write to
 * the network: the consumer waits, the CPU is free) and 1 µs of work per item. The consumer
 * receives one item, blocking, then takes whatever else is already buffered, up to its batch size,
 * without waiting for more. The producer sends 800 items as fast as the channel takes them,
 * stamped with the time they were sent; an item's latency runs from its send to the end of the
 * batch that handled it.
 *
 * <p>What to look for: batching spreads the round trip over many items, so throughput rises with
 * the batch size. The producer keeps the buffer full, so an item waits behind a whole buffer of
 * others: a buffer much larger than the batch (the third row) adds latency and no throughput
 * (Little's law: items waiting = throughput x time waiting). Size the batch for the throughput
 * needed and the buffer for the latency allowed. The table is one run on this machine: read its
 * trend, not its figures.
 */
final class ThroughputVsLatencyExample implements Example {

  private static final int ITEMS = 800;
  private static final Duration PER_BATCH = Duration.ofNanos(500_000);
  private static final long PER_ITEM_NANOS = 1_000;
  private static final int[][] SETTINGS = {{1, 1}, {16, 16}, {16, 256}, {128, 128}}; // batch, buffer

  private record Item(int seq, long sentAt) {}

  @Override
  public String name() {
    return "throughput-vs-latency";
  }

  @Override
  public String description() {
    return "one producer-consumer tuned by batch and buffer size: items/s against p50 and p99 latency";
  }

  @Override
  public String goIdiom() {
    return "Go's buffered channel between a producer and a batching consumer, sized for throughput or latency";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    out.println(ITEMS + " items; each batch waits " + PER_BATCH.toNanos() / 1000 + " us for its round trip, plus "
        + PER_ITEM_NANOS / 1000 + " us of work per item");
    out.println(String.format("  %5s %6s %10s %9s %9s  %s", "batch", "buffer", "items/s", "p50 ms", "p99 ms",
        "delivered in order"));
    trial(16, 16, 400); // warm-up: lets the JIT compile the loops before anything is measured
    for (int[] setting : SETTINGS) out.println(trial(setting[0], setting[1], ITEMS));
  }

  /** Runs {@code items} through a channel of {@code buffer}, consumed in batches; returns the row. */
  private static String trial(int batch, int buffer, int items) throws Exception {
    long[] latencies = new long[items];
    int[] delivered = new int[1];
    boolean[] inOrder = {true};
    Channel<Item> ch = Channel.buffered(buffer);
    ErrGroup g = new ErrGroup();
    long start = System.nanoTime();
    g.go(() -> {
      for (int i = 0; i < items; i++) ch.send(new Item(i, System.nanoTime()));
      ch.close();
    });
    g.go(() -> {
      Item[] taken = new Item[batch];
      while (true) {
        ReceiveResult<Item> first = ch.receiveResult();
        if (!first.isValue()) return; // closed and drained
        int n = 0;
        taken[n++] = first.value();
        while (n < batch) {
          ReceiveResult<Item> more = ch.tryReceive();
          if (!more.isValue()) break; // nothing buffered now: do not wait for a full batch
          taken[n++] = more.value();
        }
        Thread.sleep(PER_BATCH); // the round trip: the consumer waits, the CPU is free
        spin(n * PER_ITEM_NANOS);
        long done = System.nanoTime();
        for (int i = 0; i < n; i++) {
          Item item = taken[i];
          if (item.seq() != delivered[0]) inOrder[0] = false;
          latencies[delivered[0]++] = done - item.sentAt();
        }
      }
    });
    g.await(); // happens-after the consumer's writes
    long nanos = System.nanoTime() - start;
    Arrays.sort(latencies, 0, delivered[0]);
    return String.format("  %5d %6d %10d %9.2f %9.2f  %d%s", batch, buffer, items * 1_000_000_000L / nanos,
        percentile(latencies, delivered[0], 50), percentile(latencies, delivered[0], 99), delivered[0],
        inOrder[0] ? ", in order" : ", OUT OF ORDER");
  }

  /** The {@code p}th percentile of the first {@code n} sorted values, in milliseconds. */
  private static double percentile(long[] sorted, int n, int p) {
    if (n == 0) return Double.NaN;
    int index = Math.min(n - 1, (int) Math.ceil(p / 100.0 * n) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }

  /** Keeps the CPU busy for {@code nanos}: the cost of processing, without sleeping. */
  private static void spin(long nanos) {
    long end = System.nanoTime() + nanos;
    while (System.nanoTime() < end) Thread.onSpinWait();
  }
}
