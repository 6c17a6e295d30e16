package dev.weft.examples;

import dev.weft.chan.Channel;
import dev.weft.sync.WaitGroup;
import dev.weft.test.LeakDetector;
import dev.weft.test.LeakOptions;
import dev.weft.test.LeakedThreadsError;
import dev.weft.test.LiveThread;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Leak detection: find a thread that blocks forever, see where it is stuck, fix it, check again.
 *
 * <p>The bug: a worker ranges over {@code jobs} ({@code for (String job : jobs)}, Go's {@code for
 * job := range jobs}), the producer sends its two jobs and forgets {@code jobs.close()}. The loop
 * never ends: the worker waits for a value nobody will send. In Go the symptom is {@code
 * runtime.NumGoroutine()} creeping up; here it is a weft thread that never finishes.
 *
 * <p>{@link LeakDetector} (weft-test, Go's goleak for virtual threads) lists the weft threads still
 * alive, after a short grace period for threads that are just ending. {@code ignoreCurrent()}
 * takes a baseline first, so only threads started by this example count. The report shows each
 * leaked thread's name, state and stack: the frame in this file says which line is stuck.
 *
 * <p>The fix is the producer's {@code jobs.close()}: the worker's loop ends, and the check passes.
 * weft's own tests run every test class under this detector (its JUnit extension).
 *
 * <p>What to look for: one leaked {@code weft-waitgroup-*} thread, WAITING, stuck in the worker's
 * loop; after the close, {@code no leaked threads}.
 */
final class LeakDetectionExample implements Example {

  @Override
  public String name() {
    return "leak-detection";
  }

  @Override
  public String description() {
    return "a thread blocked forever on a channel, reported by LeakDetector, fixed by close()";
  }

  @Override
  public String goIdiom() {
    return "Go's `goleak.VerifyNone(t)` (go.uber.org/goleak) "
        + "finding a goroutine stuck in `range jobs`";
  }

  @Override
  public void run(PrintStream out) throws InterruptedException {
    LeakOptions options = LeakOptions.defaults().ignoreCurrent().withMaxWait(Duration.ofMillis(300));

    Channel<String> jobs = Channel.unbuffered();
    AtomicInteger handled = new AtomicInteger();
    WaitGroup worker = new WaitGroup();
    worker.go(() -> {
      for (String ignored : jobs) { // ends only when jobs is closed: the line the report points at
        handled.incrementAndGet();
      }
    });
    jobs.send("job 1");
    jobs.send("job 2");
    out.println("producer sent 2 jobs and forgot to close the channel");

    check(out, options);

    out.println("fix: jobs.close()");
    jobs.close();
    worker.await();
    out.println("the worker's loop ended after " + handled.get() + " jobs");
    check(out, options);
  }

  private static void check(PrintStream out, LeakOptions options) {
    try {
      LeakDetector.verifyNone(options);
      out.println("leak detector: no leaked threads");
    } catch (LeakedThreadsError e) {
      out.println("leak detector: " + e.leaks().size() + " leaked thread(s)");
      for (LiveThread t : e.leaks()) {
        String name = t.name().replaceAll("-\\d+$", "-N");
        out.println("  " + name + " (" + (t.virtual() ? "virtual, " : "") + t.state() + ")");
        out.println("    waiting in " + t.topFunction());
        t.stack().stream()
            .filter(f -> f.getClassName().startsWith(LeakDetectionExample.class.getName()))
            .findFirst()
            .ifPresent(f -> out.println("    stuck at " + f.getFileName() + ":" + f.getLineNumber()));
      }
    }
  }
}
