package dev.weft.examples;

import dev.weft.chan.Channel;
import dev.weft.context.AfterFunc;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.sync.WaitGroup;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code Context.afterFunc}: run cleanup when a context is done, without a thread waiting for it.
 *
 * <p>Part 1: a reader is blocked on a "connection" (a channel) that knows nothing about contexts.
 * {@code afterFunc(ctx, conn::close)} bridges the two: when {@code ctx} is cancelled the function
 * runs in its own thread, closes the connection, and the reader's loop ends. This is Go 1.21's
 * {@code context.AfterFunc}, which replaces a goroutine parked on {@code <-ctx.Done()}.
 *
 * <p>Part 2: the operation finished before the context was cancelled, so the cleanup is no longer
 * wanted. {@code stop()} returns {@code true} only if it prevented the call; a later cancel then
 * runs nothing. Calling {@code stop()} after the function started returns {@code false}.
 *
 * <p>What to look for: the cleanup line comes after {@code cancel()} and before the reader stops;
 * in part 2, {@code stop() = true} and the cleanup never runs.
 */
final class AfterFuncExample implements Example {

  @Override
  public String name() {
    return "afterfunc";
  }

  @Override
  public String description() {
    return "Context.afterFunc runs cleanup on cancel; stop() before cancel prevents it";
  }

  @Override
  public String goIdiom() {
    return "Go's `context.AfterFunc(ctx, f)` and its `stop()`";
  }

  @Override
  public void run(PrintStream out) throws InterruptedException {
    // Part 1: cancellation closes a connection that a reader is blocked on.
    Channel<String> conn = Channel.unbuffered();
    CancelContext ctx = Context.withCancel(Context.background());
    AfterFunc cleanup =
        Context.afterFunc(
            ctx,
            () -> {
              out.println("  afterFunc: ctx is done, closing the connection");
              conn.close();
            });
    WaitGroup reader = new WaitGroup();
    reader.go(() -> {
      int n = 0;
      for (String ignored : conn) n++; // blocks until the connection is closed
      out.println("  reader: connection closed after " + n + " messages, stopping");
    });
    conn.send("hello");
    conn.send("world");
    out.println("part 1: cancel()");
    ctx.cancel();
    reader.await();
    out.println("part 1: stop() after the cleanup ran = " + cleanup.stop());

    // Part 2: the work finished first; stop() prevents the cleanup.
    AtomicBoolean ran = new AtomicBoolean();
    try (CancelContext ctx2 = Context.withCancel(Context.background())) {
      AfterFunc unwanted = Context.afterFunc(ctx2, () -> ran.set(true));
      out.println("part 2: work done before cancel; stop() = " + unwanted.stop());
    } // close() cancels ctx2
    out.println("part 2: ctx2 cancelled; the stopped cleanup ran = " + ran.get());
  }
}
