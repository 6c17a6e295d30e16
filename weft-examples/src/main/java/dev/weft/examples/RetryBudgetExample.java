package dev.weft.examples;

import dev.weft.context.Context;
import dev.weft.resilience.retry.Retry;
import dev.weft.resilience.retry.RetryBudget;
import dev.weft.resilience.retry.RetryConfig;
import dev.weft.time.Backoff;
import dev.weft.time.Clock;
import dev.weft.time.Jitter;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Retries with back-off, and a retry budget that keeps them from multiplying an outage.
 *
 * <p>Part 1: a {@link Retry} runs a call again after a transient failure, waiting a growing delay
 * (1, 2, 4 ms here; seconds in production) between attempts, at most 4 attempts. A dependency
 * that fails twice and then answers is hidden from the caller.
 *
 * <p>Part 2: the dependency is down for good and 20 calls arrive. Each of them would be sent 4
 * times: retries quadruple the load on a service that is already failing, which is how a small
 * outage becomes a long one. A {@link RetryBudget} allows retries only as a share of the calls
 * (here 10 %, plus the one token a new budget starts with); once it is spent a failing call
 * returns its failure at once, so the load stays close to one request per call.
 *
 * <p>What to look for: part 1 succeeds on attempt 3; in part 2 the dependency sees 80 requests
 * without a budget and 23 with it, and the budget's refusals are counted.
 */
final class RetryBudgetExample implements Example {

  private static final int CALLS = 20;

  /** A dependency that fails its first {@code failures} requests, then answers. */
  private static final class Dependency {
    final int failures;
    int requests;

    Dependency(int failures) {
      this.failures = failures;
    }

    String get() throws IOException {
      requests++;
      if (requests <= failures) throw new IOException("503 service unavailable");
      return "ok";
    }
  }

  @Override
  public String name() {
    return "retry-budget";
  }

  @Override
  public String description() {
    return "retries with exponential back-off; a retry budget stops retries multiplying an outage";
  }

  @Override
  public String goIdiom() {
    return "a Go retry loop with back-off (`cenkalti/backoff`) and gRPC's retry throttling budget";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    RetryConfig config =
        RetryConfig.defaults()
            .withBackoff(
                Backoff.exponential(Duration.ofMillis(1), Duration.ofMillis(4))
                    .withJitter(Jitter.NONE))
            .withMaxAttempts(4);

    out.println("part 1: a dependency that fails twice, 4 attempts, back-off 1, 2, 4 ms");
    Dependency flaky = new Dependency(2);
    String answer =
        new Retry(config)
            .call(
                Context.background(),
                c -> {
                  String attempt = "  attempt " + (flaky.requests + 1) + ": ";
                  try {
                    String reply = flaky.get();
                    out.println(attempt + reply);
                    return reply;
                  } catch (IOException e) {
                    out.println(attempt + e.getMessage());
                    throw e;
                  }
                });
    out.println("  the caller got: " + answer);

    out.println("part 2: the dependency is down, " + CALLS + " calls");
    outage(out, "without a budget:", new Retry(config));
    RetryBudget budget = new RetryBudget(0.1, 0, 10, Clock.system());
    outage(out, "with a 10% budget:", new Retry(config.withBudget(budget)));
  }

  private static void outage(PrintStream out, String label, Retry retry) {
    Dependency down = new Dependency(Integer.MAX_VALUE);
    int failed = 0;
    for (int i = 0; i < CALLS; i++) {
      try {
        retry.call(Context.background(), c -> down.get());
      } catch (Exception e) {
        failed++;
      }
    }
    Retry.Metrics m = retry.metrics();
    out.println(
        String.format(
            "  %-18s %d calls failed; the dependency saw %d requests"
                + " (%d retries, %d refused by the budget)",
            label, failed, down.requests, m.retries(), m.budgetExhausted()));
  }
}
