package dev.weft.examples;

import dev.weft.chan.Channel;
import dev.weft.chan.Select;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextError;
import dev.weft.sync.WaitGroup;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One deadline for many tasks: a single {@code Context.withTimeout} shared by every worker.
 *
 * <p>Four workers get the same context and a job of some number of 20 ms steps. Each step waits
 * in a {@link Select} on either the context being done or the step's time passing, Go's
 *
 * <pre>{@code
 * select { case <-ctx.Done(): return ctx.Err(); case <-time.After(step): }
 * }</pre>
 *
 * <p>When the deadline passes, {@code ctx.done()} is closed and every worker still waiting sees it
 * at once, whatever it was doing: the short jobs have finished, the long ones stop with {@code
 * context deadline exceeded}. The try-with-resources block is Go's {@code defer cancel()}: it
 * releases the context's timer if everything finishes early.
 *
 * <p>What to look for: workers 1 and 2 finish, workers 3 and 4 stop at the deadline, and all
 * four have returned shortly after it.
 */
final class ContextTimeoutExample implements Example {

  private static final Duration TIMEOUT = Duration.ofMillis(400);
  private static final Duration STEP = Duration.ofMillis(20);
  private static final int[] STEPS = {2, 5, 1_000, 5_000};

  @Override
  public String name() {
    return "context-timeout";
  }

  @Override
  public String description() {
    return "one deadline for many tasks: workers sharing Context.withTimeout stop together";
  }

  @Override
  public String goIdiom() {
    return "Go's `context.WithTimeout` and "
        + "`select { case <-ctx.Done(): ... case <-time.After(d): }`";
  }

  @Override
  public void run(PrintStream out) throws InterruptedException {
    Channel<String> reports = Channel.buffered(STEPS.length);
    long start = System.nanoTime();
    try (CancelContext ctx = Context.withTimeout(Context.background(), TIMEOUT)) {
      out.println("deadline in " + TIMEOUT.toMillis() + " ms for " + STEPS.length + " workers");
      WaitGroup workers = new WaitGroup();
      for (int w = 0; w < STEPS.length; w++) {
        int id = w + 1;
        int steps = STEPS[w];
        workers.go(() -> reports.send("worker " + id + " (" + steps + " steps): " + work(ctx, steps)));
      }
      workers.await();
      long elapsed = (System.nanoTime() - start) / 1_000_000;
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < STEPS.length; i++) lines.add(reports.receive());
      lines.stream().sorted().forEach(l -> out.println("  " + l));
      out.println("all workers returned after ~" + elapsed / 50 * 50 + " ms; ctx.err() = "
          + ctx.err().map(ContextError::message).orElse("none"));
    }
  }

  /** Does {@code steps} steps of work unless the context is done first. */
  private static String work(Context ctx, int steps) throws InterruptedException {
    Select<Boolean> step = new Select<Boolean>().onDone(ctx, () -> false).onTimeout(STEP, () -> true);
    for (int i = 0; i < steps; i++) {
      if (!step.select()) {
        return "stopped after " + i + " steps: " + ctx.err().orElseThrow().message();
      }
    }
    return "finished";
  }
}
