package dev.weft.examples;

import dev.weft.chan.Channel;
import dev.weft.context.Context;
import dev.weft.resilience.bulkhead.Bulkhead;
import dev.weft.resilience.bulkhead.BulkheadConfig;
import dev.weft.resilience.bulkhead.BulkheadFullException;
import dev.weft.sync.WaitGroup;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A bulkhead: at most 2 calls to a slow dependency at once; the other callers wait their turn in
 * arrival order, or give up after {@code maxWait}.
 *
 * <p>A dependency that slows down holds every thread that calls it. A {@link Bulkhead} caps how
 * many callers it can hold, so that the rest of the program keeps working (the bulkheads of a
 * ship keep one leak from sinking it). Five callers arrive one after the other; each holds its
 * permit until the main thread lets it finish.
 *
 * <p>Part 1: with a generous {@code maxWait}, callers 3, 4 and 5 queue, and each freed permit goes
 * to the caller that has waited longest (FIFO). Part 2: with {@code maxWait} of 100 ms and the
 * first two callers holding on, callers 3, 4 and 5 are rejected with {@link
 * BulkheadFullException} without ever reaching the dependency.
 *
 * <p>What to look for: in part 1 callers are admitted in the order they arrived, never more than 2
 * at once; in part 2, three rejections.
 */
final class BulkheadExample implements Example {

  private static final int CALLERS = 5;

  @Override
  public String name() {
    return "bulkhead";
  }

  @Override
  public String description() {
    return "at most 2 calls at once: the other callers wait in FIFO order or are rejected";
  }

  @Override
  public String goIdiom() {
    return "Go's semaphore channel `sem := make(chan struct{}, 2)` with a `select` and `time.After`";
  }

  @Override
  public void run(PrintStream out) throws InterruptedException {
    out.println("part 1: 2 permits, 5 callers, maxWait 2 s");
    Bulkhead patient =
        new Bulkhead(
            BulkheadConfig.defaults()
                .withName("inventory")
                .withMaxConcurrentCalls(2)
                .withMaxWait(Duration.ofSeconds(2)));
    Channel<String> admitted = Channel.buffered(CALLERS);
    List<CountDownLatch> finish = new ArrayList<>();
    String[] outcomes = new String[CALLERS + 1];
    WaitGroup callers = new WaitGroup();
    for (int n = 1; n <= CALLERS; n++) {
      CountDownLatch mine = new CountDownLatch(1);
      finish.add(mine);
      start(callers, patient, n, admitted, mine, outcomes);
      if (n <= 2) out.println("  " + admitted.receive()); // runs at once
      else awaitWaiting(patient, n - 2); // queued behind the others
    }
    out.println("  2 running, " + patient.waiting() + " waiting");
    for (int n = 1; n <= CALLERS; n++) {
      finish.get(n - 1).countDown();
      if (n + 2 <= CALLERS) out.println("  caller " + n + " done: " + admitted.receive());
    }
    callers.await();

    out.println("part 2: 2 permits, 5 callers, maxWait 100 ms");
    Bulkhead impatient = new Bulkhead(patient.config().withMaxWait(Duration.ofMillis(100)));
    CountDownLatch hold = new CountDownLatch(1);
    for (int n = 1; n <= CALLERS; n++) {
      start(callers, impatient, n, admitted, hold, outcomes);
      if (n <= 2) admitted.receive();
    }
    while (impatient.rejected() < CALLERS - 2) Thread.sleep(1); // the three give up
    hold.countDown();
    callers.await();
    for (int n = 1; n <= CALLERS; n++) out.println("  caller " + n + ": " + outcomes[n]);
    out.println("  admitted " + impatient.admitted() + ", rejected " + impatient.rejected());
  }

  /** Starts caller {@code n}: it reports its admission, then holds its permit until released. */
  private static void start(
      WaitGroup callers,
      Bulkhead bulkhead,
      int n,
      Channel<String> admitted,
      CountDownLatch finish,
      String[] outcomes) {
    callers.go(
        () -> {
          try {
            outcomes[n] =
                bulkhead.call(
                    Context.background(),
                    c -> {
                      admitted.send("caller " + n + " runs");
                      finish.await(); // the slow dependency
                      return "done";
                    });
          } catch (BulkheadFullException e) {
            outcomes[n] = "rejected: " + e.getMessage();
          }
        });
  }

  /** Waits until {@code n} callers are queued (a monitoring snapshot, polled). */
  private static void awaitWaiting(Bulkhead bulkhead, int n) throws InterruptedException {
    while (bulkhead.waiting() < n) Thread.sleep(1);
  }
}
