package dev.weft.examples;

import dev.weft.chan.Channel;
import dev.weft.flow.pool.StopReport;
import dev.weft.flow.pool.SubmitResult;
import dev.weft.flow.pool.TaskHandle;
import dev.weft.flow.pool.WorkerPool;
import dev.weft.sync.ErrGroup;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Graceful shutdown: on SIGTERM, stop taking work, let in-flight work finish within a deadline,
 * and cancel only what is still running when the deadline passes.
 *
 * <p>The classic Go answer closes the jobs channel and waits on a {@code WaitGroup}; the modern Go
 * version wires {@code signal.NotifyContext(ctx, syscall.SIGTERM)} to the pool's stop. Here a
 * {@code sun.misc.Signal} handler (the JDK's only hook for catching a signal; module {@code
 * jdk.unsupported}) turns SIGTERM into a message on a channel, and the example raises SIGTERM
 * itself with {@code Signal.raise}, so the tour really exercises the handler. The main thread waits
 * for that message, then calls {@link WorkerPool#stop(Duration)}: new requests are rejected at
 * once, the six in-flight requests finish, and the report is clean. The previous SIGTERM handler
 * (the JVM's shutdown) is put back afterwards. On a JVM where signals cannot be handled (run with
 * {@code -Xrs}) the example says so and sends the same message on the channel itself.
 *
 * <p>Part 2 shows the deadline: a request that takes 10 s is interrupted when a 200 ms drain
 * deadline passes, and the {@link StopReport} names it.
 *
 * <p>What to look for: {@code received SIGTERM}, a rejected request after it, 6 of 6 completed;
 * then one request interrupted at the deadline.
 */
final class GracefulShutdownExample implements Example {

  @Override
  public String name() {
    return "graceful-shutdown";
  }

  @Override
  public String description() {
    return "SIGTERM stops intake and drains in-flight work within a deadline";
  }

  @Override
  public String goIdiom() {
    return "Go's `signal.NotifyContext(ctx, syscall.SIGTERM)` "
        + "with a drain deadline, like `http.Server.Shutdown`";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    drainOnSigterm(out);
    deadline(out);
  }

  private static void drainOnSigterm(PrintStream out) throws Exception {
    Channel<String> shutdown = Channel.buffered(1);
    AtomicInteger completed = new AtomicInteger();
    WorkerPool pool = WorkerPool.create(3);
    Signal term = new Signal("TERM");
    SignalHandler previous = null;
    boolean handled;
    try {
      previous = Signal.handle(term, s -> shutdown.trySend("SIG" + s.getName()));
      handled = true;
    } catch (IllegalArgumentException e) { // signals reserved (-Xrs) or unsupported here
      out.println("(cannot handle SIGTERM here: " + e.getMessage() + "; using a trigger channel)");
      handled = false;
    }
    try {
      List<TaskHandle<Integer>> inFlight = new ArrayList<>();
      for (int i = 1; i <= 6; i++) {
        int id = i;
        inFlight.add(pool.submit(() -> {
          Thread.sleep(Duration.ofMillis(100)); // handling the request
          completed.incrementAndGet();
          return id;
        }));
      }
      out.println("serving: 6 requests in flight on 3 workers");
      if (handled) Signal.raise(term);
      else shutdown.send("SIGTERM");
      out.println("received " + shutdown.receive() + ": stop intake, drain with a 2 s deadline");
      AtomicReference<StopReport> report = new AtomicReference<>();
      ErrGroup stopper = new ErrGroup();
      stopper.go(() -> report.set(pool.stop(Duration.ofSeconds(2))));
      while (!pool.isStopped()) Thread.onSpinWait(); // the stop has begun
      SubmitResult<Integer> late = pool.trySubmit(() -> 0);
      out.println("  a new request during the drain: "
          + (late instanceof SubmitResult.Rejected<Integer> rej ? "rejected (" + rej.reason() + ")" : "accepted?"));
      stopper.await();
      StopReport r = report.get();
      out.println("  drained: " + completed.get() + " of " + inFlight.size() + " requests completed, "
          + r.interruptedRunning().size() + " interrupted, " + r.cancelledQueued().size() + " cancelled");
    } finally {
      if (handled) Signal.handle(term, previous);
      pool.close();
    }
  }

  private static void deadline(PrintStream out) throws Exception {
    out.println("a request that outlives the drain deadline:");
    WorkerPool pool = WorkerPool.create(2);
    TaskHandle<String> quick = pool.submit(() -> "quick");
    TaskHandle<String> stuck = pool.submit(() -> {
      Thread.sleep(Duration.ofSeconds(10));
      return "stuck";
    });
    quick.await();
    StopReport report = pool.stop(Duration.ofMillis(200));
    out.println("  stop(200 ms): interrupted " + report.interruptedRunning().size()
        + " running request(s); stuck request: " + stuck.state());
  }
}
