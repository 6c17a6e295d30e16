package dev.weft.examples;

import dev.weft.chan.Channel;
import dev.weft.sync.WaitGroup;
import java.io.PrintStream;
import java.util.List;

/**
 * Fork-join: start independent pieces of work in parallel, then wait for all of them at one join
 * point before using their results.
 *
 * <p>Part 1 joins with a {@link WaitGroup}, as in Go:
 *
 * <pre>{@code
 * var wg sync.WaitGroup
 * for _, t := range tasks { wg.Go(func() { work(t) }) }
 * wg.Wait()
 * }</pre>
 *
 * Five CI test suites run at once; each writes only its own slot of {@code results}, and {@code
 * await()} returning happens-after everything the tasks did, so the main thread reads the array
 * without a lock. Without the join, main would read half-filled results (a data race) or return
 * while tasks still run (a leak).
 *
 * <p>Part 2 joins with a channel: four workers each send one partial sum of squares, and the main
 * thread receives exactly four values. The channel is both the join and the way results come back.
 *
 * <p>What to look for: the wall time of part 1 is about the longest suite, not the sum of all
 * five; the total of part 2 matches the closed formula.
 */
final class ForkJoinExample implements Example {

  record Suite(String name, int millis) {}

  private static final List<Suite> SUITES =
      List.of(
          new Suite("api", 120),
          new Suite("core", 150),
          new Suite("db", 90),
          new Suite("ui", 60),
          new Suite("e2e", 140));

  @Override
  public String name() {
    return "fork-join";
  }

  @Override
  public String description() {
    return "fork tasks in parallel, join at a barrier: WaitGroup, or one channel receive per task";
  }

  @Override
  public String goIdiom() {
    return "Go's `sync.WaitGroup`: `wg.Go(f)` for each task, then `wg.Wait()`";
  }

  @Override
  public void run(PrintStream out) throws InterruptedException {
    // Part 1: join with a WaitGroup.
    int total = SUITES.stream().mapToInt(Suite::millis).sum();
    out.println("fork: " + SUITES.size() + " test suites, " + total + " ms of work in all");
    String[] results = new String[SUITES.size()]; // slot i is written by task i only
    long start = System.nanoTime();
    WaitGroup wg = new WaitGroup();
    for (int i = 0; i < SUITES.size(); i++) {
      int slot = i;
      Suite suite = SUITES.get(i);
      wg.go(() -> {
        Thread.sleep(suite.millis()); // run the suite
        results[slot] = String.format("suite %-4s passed in %d ms", suite.name(), suite.millis());
      });
    }
    wg.await(); // the join point: every slot is written and visible after this
    long wall = (System.nanoTime() - start) / 1_000_000;
    for (String r : results) out.println("  " + r);
    out.println("join: all " + results.length + " done after " + (wall < total ? "less than " + total
        + " ms (in parallel)" : wall + " ms (the machine is busy)"));

    // Part 2: join with a channel, one receive per task.
    int n = 1_000_000;
    int workers = 4;
    Channel<Long> partials = Channel.buffered(workers);
    WaitGroup senders = new WaitGroup();
    for (int w = 0; w < workers; w++) {
      long from = (long) w * n / workers + 1;
      long to = (long) (w + 1) * n / workers;
      senders.go(() -> {
        long sum = 0;
        for (long k = from; k <= to; k++) sum += k * k;
        partials.send(sum);
      });
    }
    long sum = 0;
    for (int w = 0; w < workers; w++) sum += partials.receive(); // join: one value per worker
    senders.await();
    long expected = (long) n * (n + 1) * (2L * n + 1) / 6;
    out.println("fork: sum of squares 1.." + n + " in " + workers + " chunks");
    out.println("join: received " + workers + " partial sums, total " + sum
        + (sum == expected ? " = n(n+1)(2n+1)/6" : " != " + expected + " (wrong!)"));
  }
}
