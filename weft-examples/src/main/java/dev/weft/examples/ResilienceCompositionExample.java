package dev.weft.examples;

import dev.weft.context.Context;
import dev.weft.resilience.Policies;
import dev.weft.resilience.Policy;
import dev.weft.resilience.breaker.CallNotPermittedException;
import dev.weft.resilience.breaker.CircuitBreaker;
import dev.weft.resilience.breaker.CircuitBreakerConfig;
import dev.weft.resilience.bulkhead.Bulkhead;
import dev.weft.resilience.bulkhead.BulkheadConfig;
import dev.weft.resilience.retry.Retry;
import dev.weft.resilience.retry.RetryConfig;
import dev.weft.resilience.timeout.Fallback;
import dev.weft.resilience.timeout.Timeout;
import dev.weft.resilience.timeout.TimeoutExceededException;
import dev.weft.time.Backoff;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Policies composed around one flaky call: {@code Policies.of(retry, breaker, bulkhead, timeout)},
 * with a {@link Fallback} outside them all.
 *
 * <p>Read the composition from the outside in: the retry runs everything below it again after a
 * failure (3 attempts); the breaker counts every attempt and, open, rejects them cheaply; the
 * bulkhead lets at most 2 attempts run at once; the timeout bounds each attempt to 50 ms, by
 * cancelling its context. The fallback sees only the failure left after all of that and answers
 * with the last known price.
 *
 * <p>The price service misbehaves on cue: the first request hangs until the timeout interrupts it,
 * the second answers, then it fails for good. Quote 1 times out once and succeeds on the retry.
 * Quote 2 fails twice, which trips the breaker (3 failures among its last 4 calls), so its third
 * attempt is rejected and the fallback answers. Quote 3 never reaches the service: the breaker
 * rejects every attempt at once.
 *
 * <p>What to look for: the service sees 4 requests for 3 quotes; every quote gets an answer.
 */
final class ResilienceCompositionExample implements Example {

  /** The price service: request 1 hangs, request 2 answers, the rest fail. */
  private static final class PriceService {
    final List<String> log = new ArrayList<>();

    String fetch(String symbol) throws IOException, InterruptedException {
      int n = log.size() + 1;
      if (n == 1) {
        log.add("hangs");
        Thread.sleep(Duration.ofSeconds(10)); // the timeout interrupts it
      }
      if (n == 2) {
        log.add("answers");
        return symbol + " 190.00";
      }
      log.add("fails");
      throw new IOException("503 service unavailable");
    }
  }

  @Override
  public String name() {
    return "resilience-composition";
  }

  @Override
  public String description() {
    return "retry, circuit breaker, bulkhead and timeout composed around a flaky call, fallback last";
  }

  @Override
  public String goIdiom() {
    return "Go's `failsafe-go` (`failsafe.With(retryPolicy, breaker, bulkhead, timeout).Get`)";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    Policy guarded =
        Policies.of(
            new Retry(
                RetryConfig.defaults()
                    .withBackoff(Backoff.constant(Duration.ofMillis(1)))
                    .withMaxAttempts(3)),
            CircuitBreaker.of(
                "prices",
                CircuitBreakerConfig.defaults()
                    .withCountWindow(4)
                    .withMinimumCalls(4)
                    .withFailureRateThreshold(50)
                    .withOpenWait(Duration.ofSeconds(30))),
            new Bulkhead(BulkheadConfig.defaults().withName("prices").withMaxConcurrentCalls(2)),
            Timeout.of("prices", Duration.ofMillis(50)));
    Fallback<String> lastKnown = Fallback.of(e -> "cached price (" + reason(e) + ")");
    PriceService service = new PriceService();
    out.println("Fallback around Policies.of(retry x3, breaker, bulkhead of 2, timeout 50 ms)");
    for (String symbol : List.of("AAPL", "MSFT", "GOOG")) {
      int before = service.log.size();
      String quote =
          lastKnown.call(
              Context.background(), c -> guarded.call(c, c2 -> service.fetch(symbol)));
      List<String> requests = service.log.subList(before, service.log.size());
      out.println("  quote " + symbol + ": " + quote);
      out.println("    the service saw " + requests.size() + " request(s) " + requests);
    }
  }

  private static String reason(Throwable e) {
    if (e instanceof CallNotPermittedException) return "breaker open";
    if (e instanceof TimeoutExceededException) return "timed out";
    return e.getMessage();
  }
}
