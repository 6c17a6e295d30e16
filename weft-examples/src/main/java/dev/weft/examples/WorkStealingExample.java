package dev.weft.examples;

import dev.weft.chan.Channel;
import dev.weft.sync.ErrGroup;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;

/**
 * Work stealing: each worker keeps its own deque of tasks and an idle worker steals from the
 * others, against the simple design where every worker takes from one shared queue.
 *
 * <p>The job counts the primes below 500,000 by trial division, which costs more for larger
 * numbers, so equal ranges are unequal work. Two ways of spreading it over 4 workers:
 *
 * <ul>
 *   <li>A {@link ForkJoinPool} and a {@link RecursiveTask} that halves its range until it is 5,000
 *       numbers long, forks one half and computes the other. A worker pushes and pops forked
 *       tasks at one end of its own deque without contention; a worker with an empty deque takes
 *       the oldest, largest task from the other end of someone else's. {@link
 *       ForkJoinPool#getStealCount()} counts those steals. Go's scheduler does the same with its
 *       per-P run queues: an idle P steals half of another P's goroutines.
 *   <li>The same 100 ranges put up front into one buffered channel that 4 virtual threads
 *       receive from: every take goes through the channel's one lock, and the work is shared out
 *       one range at a time, which balances it too, at the cost of that contention.
 * </ul>
 *
 * <p>What to look for: both count the same primes; the pool reports its steals, the channel how
 * many ranges each worker took. With coarse, unequal tasks and no stealing, one worker would be
 * left with the slow end while the others idle.
 */
final class WorkStealingExample implements Example {

  private static final int LIMIT = 500_000;
  private static final int LEAF = 5_000;
  private static final int WORKERS = 4;

  @Override
  public String name() {
    return "work-stealing";
  }

  @Override
  public String description() {
    return "a ForkJoinPool whose idle workers steal from the others' deques, against one shared queue";
  }

  @Override
  public String goIdiom() {
    return "Go's scheduler, where an idle P steals half the run queue of another P";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    out.println("count the primes below " + LIMIT + " on " + WORKERS + " workers, in ranges of " + LEAF);

    long start = System.nanoTime();
    int primes;
    long steals;
    try (ForkJoinPool pool = new ForkJoinPool(WORKERS)) {
      primes = pool.invoke(new CountPrimes(0, LIMIT));
      steals = pool.getStealCount();
    }
    long forkJoinMs = (System.nanoTime() - start) / 1_000_000;
    out.println("  ForkJoinPool, a deque per worker: " + primes + " primes, " + steals
        + " tasks stolen, " + forkJoinMs + " ms");

    start = System.nanoTime();
    int ranges = LIMIT / LEAF;
    Channel<Integer> queue = Channel.buffered(ranges);
    for (int from = 0; from < LIMIT; from += LEAF) queue.send(from);
    queue.close();
    int[] found = new int[WORKERS];
    int[] taken = new int[WORKERS];
    ErrGroup g = new ErrGroup();
    for (int w = 0; w < WORKERS; w++) {
      int me = w;
      g.go(() -> {
        for (int from : queue) {
          found[me] += countPrimes(from, from + LEAF);
          taken[me]++;
        }
      });
    }
    g.await(); // happens-after every worker's writes to found and taken
    long sharedMs = (System.nanoTime() - start) / 1_000_000;
    out.println("  one shared channel of " + ranges + " ranges: " + Arrays.stream(found).sum()
        + " primes, ranges per worker " + Arrays.toString(taken) + ", " + sharedMs + " ms");
    out.println("  (times are one run on this machine; steals vary from run to run)");
  }

  /** Counts the primes in {@code [from, to)}: halves the range, forks one half, computes the other. */
  private static final class CountPrimes extends RecursiveTask<Integer> {
    private static final long serialVersionUID = 1L;

    private final int from;
    private final int to;

    CountPrimes(int from, int to) {
      this.from = from;
      this.to = to;
    }

    @Override
    protected Integer compute() {
      if (to - from <= LEAF) return countPrimes(from, to);
      int mid = (from + to) >>> 1;
      CountPrimes left = new CountPrimes(from, mid);
      left.fork(); // onto this worker's deque: another worker may steal it
      int right = new CountPrimes(mid, to).compute();
      return right + left.join();
    }
  }

  private static int countPrimes(int from, int to) {
    int count = 0;
    for (int n = Math.max(2, from); n < to; n++) {
      if (isPrime(n)) count++;
    }
    return count;
  }

  private static boolean isPrime(int n) {
    if (n % 2 == 0) return n == 2;
    for (int d = 3; (long) d * d <= n; d += 2) {
      if (n % d == 0) return false;
    }
    return true;
  }
}
