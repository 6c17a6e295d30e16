package dev.weft.examples;

import dev.weft.sync.Once;
import dev.weft.sync.OnceValue;
import dev.weft.sync.WaitGroup;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Once: lazy initialization that runs exactly once however many threads ask, and what happens when
 * it fails (Go's {@code sync.Once} and Go 1.21's {@code sync.OnceValue}).
 *
 * <p>Part 1: six request handlers start together and all need the configuration. {@code
 * Once.value(load)} makes a {@code OnceValue}: the first {@code get()} calls {@code load}, the
 * handlers that arrive while it runs wait for it, and later calls return the same object at once.
 * One load, whatever the timing.
 *
 * <p>Part 2: a {@code OnceValue} whose function fails remembers the failure, as Go's {@code
 * OnceValue} re-panics on every call: every {@code get()} throws an {@code ExecutionException}
 * with the same cause, and the function is not called again. To try again, make a new {@code
 * OnceValue}.
 *
 * <p>Part 3: a plain {@code Once} follows Go's {@code sync.Once}: an action that throws still counts
 * as done. Only the caller that ran it sees the failure; the next {@code run} returns at once and
 * runs nothing. That is the trap {@code OnceValue} and {@code OnceFunc} avoid.
 *
 * <p>What to look for: "loads: 1" for six handlers; the same exception object on every failed
 * {@code get}, with one connection attempt; the second {@code run} of the failed {@code Once} runs
 * nothing.
 */
final class OnceExample implements Example {

  private static final int HANDLERS = 6;

  record Config(String region, int replicas) {}

  @Override
  public String name() {
    return "once";
  }

  @Override
  public String description() {
    return "lazy initialization run exactly once by many threads; a failure remembered for every caller";
  }

  @Override
  public String goIdiom() {
    return "Go's `sync.Once.Do` and Go 1.21's `sync.OnceValue`";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    // Part 1: many threads, one load.
    AtomicInteger loads = new AtomicInteger();
    OnceValue<Config> config =
        Once.value(
            () -> {
              loads.incrementAndGet();
              Thread.sleep(20); // a slow file or a remote store: handlers arrive meanwhile
              return new Config("eu-west", 3);
            });
    out.println("part 1: " + HANDLERS + " handlers ask for the config at once");
    String[] seen = new String[HANDLERS];
    WaitGroup handlers = new WaitGroup();
    for (int h = 0; h < HANDLERS; h++) {
      int me = h;
      handlers.go(() -> seen[me] = "handler " + (me + 1) + " got " + config.get());
    }
    handlers.await(); // happens-after every handler's write to seen
    for (String s : seen) out.println("  " + s);
    out.println("  loads: " + loads.get());

    // Part 2: a failure is remembered.
    out.println("part 2: Once.value remembers a failure");
    AtomicInteger attempts = new AtomicInteger();
    OnceValue<String> db = Once.value(() -> connect(attempts, false));
    Throwable first = null;
    for (int i = 1; i <= 3; i++) {
      try {
        db.get();
      } catch (ExecutionException e) {
        if (first == null) first = e.getCause();
        out.println("  get " + i + ": failed: " + e.getCause()
            + (i > 1 ? " (same exception: " + (e.getCause() == first) + ")" : ""));
      }
    }
    out.println("  connection attempts: " + attempts.get());
    OnceValue<String> retry = Once.value(() -> connect(attempts, true));
    out.println("  a new OnceValue tries again: " + retry.get() + " (attempts: " + attempts.get() + ")");

    // Part 3: plain Once, Go's rule: a failed action is done.
    out.println("part 3: plain Once: a failed action still counts as done");
    Once init = new Once();
    Map<String, Integer> registry = new ConcurrentHashMap<>();
    try {
      init.run(() -> {
        registry.put("metrics", 1);
        throw new IllegalStateException("port 9090 in use");
      });
    } catch (ExecutionException e) {
      out.println("  run 1: failed: " + e.getCause());
    }
    init.run(() -> registry.put("metrics", 2));
    out.println("  run 2: returned at once, action not run (done: " + init.isDone()
        + ", registry " + registry + ")");
  }

  private static String connect(AtomicInteger attempts, boolean up) throws IOException {
    attempts.incrementAndGet();
    if (!up) throw new IOException("db:5432: connection refused");
    return "connected to db:5432";
  }
}
