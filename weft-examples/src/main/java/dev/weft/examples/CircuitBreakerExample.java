package dev.weft.examples;

import dev.weft.context.Context;
import dev.weft.resilience.breaker.CallNotPermittedException;
import dev.weft.resilience.breaker.CircuitBreaker;
import dev.weft.resilience.breaker.CircuitBreakerConfig;
import dev.weft.time.FakeClock;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A circuit breaker in front of a flaky dependency: it trips, rejects calls without running them,
 * tries the dependency again after a wait, and closes when it has recovered.
 *
 * <p>The breaker counts the last 4 calls and trips when half of them failed; open, it waits 1 s,
 * then lets 2 trial calls through ({@code HALF_OPEN}) and closes if they succeed. A call fails
 * when it throws or when the dependency answers 5xx ({@link
 * CircuitBreakerConfig#withFailedResult}); a 404 is a valid answer about a missing item, not a
 * sign that the dependency is down, so it counts as a success.
 *
 * <p>Open, the breaker rejects a call with {@link CallNotPermittedException} at once, carrying how
 * long until it will try again: the caller fails fast instead of waiting on a dead dependency, and
 * the dependency gets time to recover. There is no timer: the first call after the wait moves the
 * breaker to {@code HALF_OPEN}. Time is a {@link FakeClock}, moved by hand, so the run is instant
 * and the same every time; a listener prints each change of state.
 *
 * <p>What to look for: the 404 does not trip the breaker; the second failure does (2 of 4); the
 * rejected calls never reach the dependency; after the wait two trials close the breaker.
 */
final class CircuitBreakerExample implements Example {

  /** The dependency: answers a status code, or throws while it is down. */
  private static final class Inventory {
    boolean down;
    int calls;

    int get(int item) throws IOException {
      calls++;
      if (down) throw new IOException("connection refused");
      return item == 404 ? 404 : 200;
    }
  }

  @Override
  public String name() {
    return "circuit-breaker";
  }

  @Override
  public String description() {
    return "a breaker trips on a flaky dependency, rejects fast, half-opens after a wait, recovers";
  }

  @Override
  public String goIdiom() {
    return "Go's `sony/gobreaker` (`gobreaker.NewCircuitBreaker`, `cb.Execute`, `ErrOpenState`)";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    FakeClock clock = new FakeClock();
    CircuitBreaker breaker =
        CircuitBreaker.of(
            "inventory",
            CircuitBreakerConfig.defaults()
                .withCountWindow(4)
                .withMinimumCalls(4)
                .withFailureRateThreshold(50)
                .withOpenWait(Duration.ofSeconds(1))
                .withHalfOpenCalls(2)
                .withFailedResult(r -> r instanceof Integer status && status >= 500)
                .withClock(clock));
    Queue<String> changes = new ConcurrentLinkedQueue<>(); // printed after the call's own line
    breaker.addListener(t -> changes.add("    breaker: " + t.from() + " -> " + t.to()));
    Inventory inventory = new Inventory();
    out.println("window of 4 calls, trips when half failed, open for 1 s, then 2 trial calls");

    call(out, breaker, changes, inventory, 1);
    call(out, breaker, changes, inventory, 404);
    out.println("the dependency goes down");
    inventory.down = true;
    for (int item = 2; item <= 5; item++) call(out, breaker, changes, inventory, item);
    out.println("1 s later, the dependency is back");
    clock.advance(Duration.ofSeconds(1));
    inventory.down = false;
    for (int item = 6; item <= 8; item++) call(out, breaker, changes, inventory, item);
    out.println(
        "the dependency saw " + inventory.calls + " of 9 calls; state " + breaker.state());
  }

  private static void call(
      PrintStream out, CircuitBreaker breaker, Queue<String> changes, Inventory inventory, int item)
      throws Exception {
    String request = "  GET /items/" + item + ": ";
    try {
      int status = breaker.call(Context.background(), c -> inventory.get(item));
      out.println(request + status);
    } catch (IOException e) {
      out.println(request + "failed: " + e.getMessage());
    } catch (CallNotPermittedException e) {
      long ms = e.retryAfter().orElseThrow().toMillis();
      out.println(request + "rejected (" + e.state() + "), try again in " + ms + " ms");
    }
    for (String change; (change = changes.poll()) != null; ) out.println(change);
  }
}
