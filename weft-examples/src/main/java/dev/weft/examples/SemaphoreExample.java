package dev.weft.examples;

import dev.weft.chan.Channel;
import dev.weft.sync.Semaphore;
import dev.weft.task.Task;
import dev.weft.sync.WaitGroup;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Semaphore: limit how many tasks use a resource at once; weighted, strictly first-in first-out.
 *
 * <p>Part 1 runs ten tasks under a limit of three, twice: with Go's buffered channel of
 * tokens ({@code sem <- struct{}{}} to acquire, {@code <-sem} to release), and with {@link
 * Semaphore}, Go's {@code x/sync/semaphore.Weighted}. Both keep at most three tasks running.
 *
 * <p>Part 2 is what only the weighted semaphore does. Ten "MiB" of memory; a running job holds
 * six. A big job asks for eight and waits; a small job asks for three, which would fit in the four
 * free MiB, but it queues behind the big one: permits go strictly in arrival order, so a stream of
 * small jobs can never starve a big one. For the same reason {@code tryAcquire} fails while anyone
 * waits.
 *
 * <p>What to look for: {@code at most 3 at once} twice; the small job waits although it would fit,
 * and the big job is served first.
 */
final class SemaphoreExample implements Example {

  private static final int TASKS = 10;
  private static final int LIMIT = 3;

  @Override
  public String name() {
    return "semaphore";
  }

  @Override
  public String description() {
    return "limit concurrency: a channel of tokens, then a weighted FIFO Semaphore";
  }

  @Override
  public String goIdiom() {
    return "Go's buffered channel of tokens and `x/sync/semaphore.Weighted`";
  }

  @Override
  public void run(PrintStream out) throws InterruptedException {
    Channel<Boolean> tokens = Channel.buffered(LIMIT);
    out.println("channel of " + LIMIT + " tokens: " + limited(() -> tokens.send(true), tokens::receive));
    Semaphore sem = new Semaphore(LIMIT);
    out.println("Semaphore(" + LIMIT + "):        " + limited(() -> sem.acquire(1), () -> sem.release(1)));

    Semaphore memory = new Semaphore(10);
    memory.acquire(6);
    out.println("weighted: a running job holds 6 of 10 MiB");
    Channel<String> log = Channel.buffered(2);
    WaitGroup jobs = new WaitGroup();
    jobs.go(() -> job(memory, "big", 8, log));
    awaitQueue(memory, 1);
    jobs.go(() -> job(memory, "small", 3, log));
    awaitQueue(memory, 2);
    out.println("  queue: big (8) then small (3); free: " + memory.available() + " MiB");
    out.println("  tryAcquire(1) while others wait: " + memory.tryAcquire(1));
    memory.release(2);
    Thread.sleep(20);
    out.println("  released 2, free 6: still waiting: " + memory.queueLength()
        + " (small would fit, but big is first)");
    memory.release(4);
    out.println("  released 4, free 10:");
    out.println("    " + log.receive());
    out.println("    " + log.receive());
    jobs.await();
  }

  /** Runs TASKS tasks, each between acquire and release; says how many ran at most at once. */
  private static String limited(Task acquire, Task release) throws InterruptedException {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    WaitGroup wg = new WaitGroup();
    for (int i = 0; i < TASKS; i++) {
      wg.go(() -> {
        acquire.run();
        try {
          most.accumulateAndGet(running.incrementAndGet(), Math::max);
          Thread.sleep(20);
          running.decrementAndGet();
        } finally {
          release.run();
        }
      });
    }
    wg.await();
    return TASKS + " tasks, at most " + most.get() + " at once";
  }

  private static void job(Semaphore memory, String name, int mib, Channel<String> log)
      throws InterruptedException {
    memory.acquire(mib);
    try {
      log.send(name + " job got " + mib + " MiB");
      Thread.sleep(20); // work
    } finally {
      memory.release(mib);
    }
  }

  /** Waits until {@code n} acquirers are queued (a monitoring snapshot, polled). */
  private static void awaitQueue(Semaphore s, int n) throws InterruptedException {
    while (s.queueLength() < n) Thread.sleep(1);
  }
}
