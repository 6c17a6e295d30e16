package dev.weft.examples;

import dev.weft.chan.Channel;
import dev.weft.chan.Select;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.SignalContext;
import dev.weft.sync.RestartPolicy;
import dev.weft.sync.RunGroup;
import dev.weft.sync.WaitGroup;
import dev.weft.time.Backoff;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;

/**
 * A supervisor for a service's long-running parts: the first part to exit stops the others, the
 * first error becomes the exit code, and a flaky part is restarted with back-off first.
 *
 * <p>A service runs three actors in a {@link RunGroup}, as a Go service does with {@code
 * oklog/run}: an {@code api} that serves until its context is done, a {@code listener} blocked in a
 * call that ignores contexts (here a channel receive without one; in real life {@code
 * ServerSocket.accept}) together with an interrupt that unblocks it (closing the socket), and a
 * {@code db-watch} that keeps failing to connect. {@code db-watch} is restartable: two restarts
 * with a 20 ms back-off, then its third failure is its exit, and the group stops: the context of
 * {@code api} is cancelled, the interrupt of {@code listener} runs, and {@code run} throws the
 * failure once all three have returned. {@code main} would turn that into exit code 1.
 *
 * <p>Part 2 runs the same group under a {@link SignalContext}, Go's {@code signal.NotifyContext}:
 * SIGINT or SIGTERM would cancel its context and stop the group cleanly, with exit code 0. The
 * example does not send itself a signal (the JVM would then shut down); it cancels a child of that
 * context instead, which stops the group the same way.
 *
 * <p>What to look for: three attempts of {@code db-watch}, then every actor stopped, and exit code
 * 1; in part 2, the same actors stopped by the "signal", and exit code 0.
 */
final class SupervisorExample implements Example {

  @Override
  public String name() {
    return "supervisor";
  }

  @Override
  public String description() {
    return "a run group: the first actor to exit stops the rest; a flaky actor is restarted first";
  }

  @Override
  public String goIdiom() {
    return "Go's `oklog/run` group with `signal.NotifyContext` and a restart loop with back-off";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    out.println("part 1: db-watch keeps failing");
    List<String> attempts = new ArrayList<>();
    Map<String, String> stopped = new ConcurrentHashMap<>();
    RunGroup group = service(Context.background(), stopped, null);
    group.addRestartable(
        "db-watch",
        ctx -> {
          attempts.add("  db-watch: attempt " + (attempts.size() + 1) + ": connection refused");
          throw new IOException("db:5432: connection refused");
        },
        new RestartPolicy(Backoff.constant(Duration.ofMillis(20)), 2));
    int code = exitCode(group, out);
    attempts.forEach(out::println); // one thread wrote them; run() returned after it ended
    new TreeMap<>(stopped).forEach((actor, how) -> out.println("  " + actor + ": " + how));
    out.println("  exit code: " + code);

    out.println("part 2: a signal stops the same service");
    stopped.clear();
    try (SignalContext signals = SignalContext.notifyShutdown(Context.background());
        CancelContext sigterm = Context.withCancel(signals.context())) { // stands in for SIGTERM
      CountDownLatch up = new CountDownLatch(2);
      RunGroup again = service(sigterm, stopped, up);
      WaitGroup signaller = new WaitGroup();
      signaller.go(() -> {
        up.await(); // both actors run
        sigterm.cancel(new IllegalStateException("SIGTERM"));
      });
      code = exitCode(again, out);
      signaller.await();
    }
    new TreeMap<>(stopped).forEach((actor, how) -> out.println("  " + actor + ": " + how));
    out.println("  exit code: " + code);
  }

  /** A group with the api and listener actors; {@code up} counts them down once they run. */
  private static RunGroup service(Context parent, Map<String, String> stopped, CountDownLatch up) {
    RunGroup group = RunGroup.withContext(parent);
    Channel<String> requests = Channel.unbuffered();
    group.add("api", ctx -> {
      if (up != null) up.countDown();
      String why = new Select<String>()
          .onReceive(requests, r -> "served " + r)
          .onDone(ctx, () -> "stopped: " + ctx.cause().orElseThrow().getMessage())
          .select();
      return stopped.put("api", why);
    });
    Channel<String> socket = Channel.unbuffered(); // a socket closed by the interrupt
    group.add(
        "listener",
        ctx -> {
          if (up != null) up.countDown();
          return stopped.put("listener", "accept ended: " + socket.receiveResult()); // no context
        },
        cause -> socket.close());
    return group;
  }

  /** Runs the group and maps its outcome to a process exit code, as {@code main} would. */
  private static int exitCode(RunGroup group, PrintStream out) throws InterruptedException {
    try {
      group.run();
      out.println("  run returned normally");
      return 0;
    } catch (ExecutionException e) {
      out.println("  run failed: " + e.getMessage() + ": " + e.getCause());
      return 1;
    }
  }
}
