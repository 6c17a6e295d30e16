package dev.weft.examples;

import dev.weft.context.Context;
import dev.weft.context.Trace;
import dev.weft.flow.pipeline.Pipeline;
import dev.weft.flow.pipeline.StageOptions;
import dev.weft.flow.pool.TaskHandle;
import dev.weft.flow.pool.WorkerPool;
import dev.weft.sync.ErrGroup;
import java.io.PrintStream;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One trace ID per request, carried on the request's context into every thread that works for it
 * (an error group's tasks, a worker pool's tasks, a pipeline's stages) and into every log line.
 *
 * <p>In Go, middleware puts a request ID on the context ({@code context.WithValue}) and every
 * function that takes the context can read it and log it. weft does the same: {@link
 * Trace#withId} puts the ID on a context, and every weft component hands its tasks a context
 * derived from the one it was given, so the ID reaches them without a {@code ThreadLocal} (which a
 * pooled thread would carry over to the next request) or a {@code ScopedValue} (a preview API in
 * Java 21). {@link Trace#logger} wraps a {@code System.Logger} so that each line starts with
 * {@code [trace=<id>]}.
 *
 * <p>Two requests run at the same time, each through an {@link ErrGroup} (two lookups), a shared
 * {@link WorkerPool} (pricing) and a {@link Pipeline} (rendering, two threads). Every log line is
 * collected, and printed sorted, since the threads write them in any order.
 *
 * <p>What to look for: every line of request {@code req-a1} carries its ID, every line of {@code
 * req-b2} carries the other, whichever thread wrote it.
 */
final class TraceContextExample implements Example {

  @Override
  public String name() {
    return "trace-context";
  }

  @Override
  public String description() {
    return "a request's trace ID flows through a group, a pool and a pipeline into every log line";
  }

  @Override
  public String goIdiom() {
    return "Go's request ID on `context.WithValue`, read by every goroutine and logger that gets `ctx`";
  }

  /** A System.Logger that collects its lines; stands in for the application's logging. */
  private static final class Collecting implements System.Logger {
    final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();

    @Override
    public String getName() {
      return "app";
    }

    @Override
    public boolean isLoggable(Level level) {
      return level.getSeverity() >= Level.INFO.getSeverity();
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
      if (isLoggable(level)) lines.add(msg);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      if (isLoggable(level)) lines.add(params == null ? format : MessageFormat.format(format, params));
    }
  }

  @Override
  public void run(PrintStream out) throws Exception {
    Collecting app = new Collecting();
    try (WorkerPool pool = WorkerPool.create(4)) {
      ErrGroup requests = new ErrGroup();
      for (String id : List.of("req-a1", "req-b2")) {
        Context ctx = Trace.withId(Context.background(), id); // what middleware does per request
        requests.go(() -> handle(ctx, pool, app));
      }
      requests.await();
    }
    List<String> sorted = new ArrayList<>(app.lines);
    sorted.sort(null);
    out.println(sorted.size() + " log lines from 2 requests, sorted:");
    sorted.forEach(l -> out.println("  " + l));
  }

  /** One request: lookups in a group, pricing on the pool, rendering in a pipeline. */
  private static void handle(Context ctx, WorkerPool pool, System.Logger app) throws Exception {
    System.Logger log = Trace.logger(app, ctx);
    log.log(System.Logger.Level.INFO, "request accepted");

    ErrGroup lookups = ErrGroup.withContext(ctx);
    for (String what : List.of("user", "cart")) {
      lookups.go(() -> Trace.logger(app, lookups.context()).log(System.Logger.Level.INFO, "errgroup: fetched {0}", what));
    }
    lookups.await();

    List<TaskHandle<Integer>> prices = new ArrayList<>();
    for (int item = 1; item <= 2; item++) {
      int n = item;
      prices.add(pool.submit(ctx, taskCtx -> {
        Trace.logger(app, taskCtx).log(System.Logger.Level.INFO, "pool: priced item {0}", n);
        return n * 10;
      }));
    }
    int total = 0;
    for (TaskHandle<Integer> p : prices) total += p.await();

    Pipeline.from(List.of("header", "lines"))
        .mapWithContext("render", (stageCtx, part) -> {
          Trace.logger(app, stageCtx).log(System.Logger.Level.INFO, "pipeline: rendered {0}", part);
          return part;
        }, StageOptions.parallel(2))
        .toList()
        .run(ctx);
    log.log(System.Logger.Level.INFO, "request done, total {0}", total);
  }
}
