package dev.weft.examples;

import dev.weft.chan.Select;
import dev.weft.chan.Timer;
import dev.weft.context.Context;
import dev.weft.sync.ErrGroup;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;

/**
 * ErrGroup: run tasks together, report the first error, and cancel the others through a shared
 * context (Go's {@code golang.org/x/sync/errgroup}).
 *
 * <p>The classic errgroup program, in Java. Three tasks share {@code g.context()}: task 1 takes
 * 100 ms and ignores the context; task 2 fails after 50 ms; task 3 waits 200 ms in a select that
 * also watches the context:
 *
 * <pre>{@code
 * select { case <-ctx.Done(): return ctx.Err(); case <-time.After(200 * time.Millisecond): }
 * }</pre>
 *
 * Task 2's failure cancels the context at once, with the failure as its cause, so task 3 stops
 * early. Task 1 runs to completion: as in Go, cancellation is a signal that tasks must watch, not
 * an interrupt. {@code awaitError()} waits for all three and returns the first failure.
 *
 * <p>What to look for: task 3 is cancelled (cause: task 2's error) well before its 200 ms, task 1
 * still finishes, and the group's error is task 2's.
 */
final class ErrGroupExample implements Example {

  @Override
  public String name() {
    return "errgroup";
  }

  @Override
  public String description() {
    return "run tasks as a group: the first error cancels the others' shared context";
  }

  @Override
  public String goIdiom() {
    return "Go's `errgroup.WithContext`, `g.Go(f)` and `g.Wait()` from `x/sync/errgroup`";
  }

  @Override
  public void run(PrintStream out) throws InterruptedException {
    ErrGroup g = ErrGroup.withContext(Context.background());
    Context ctx = g.context();

    g.go(() -> {
      out.println("  task 1: starting (ignores the context)");
      Thread.sleep(100);
      out.println("  task 1: done");
    });
    g.go(() -> {
      out.println("  task 2: starting");
      Thread.sleep(50);
      out.println("  task 2: error!");
      throw new IOException("task 2 failed");
    });
    g.go(() -> {
      out.println("  task 3: starting (watches the context)");
      String outcome =
          new Select<String>()
              .onDone(ctx, () -> "cancelled, cause: " + ctx.cause().map(Throwable::getMessage).orElse("?"))
              .onReceive(Timer.after(Duration.ofMillis(200)), t -> "done")
              .select();
      out.println("  task 3: " + outcome);
    });

    Optional<Throwable> err = g.awaitError(); // waits for all three
    out.println("group error: " + err.map(Throwable::toString).orElse("none"));
    out.println("context after await: " + ctx.err().map(e -> e.message()).orElse("not done"));
  }
}
