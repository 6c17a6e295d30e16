package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The weft-resilience examples run to completion and print the lines that show their policy. */
@Timeout(20)
class ResilienceExamplesTest {

  @Test
  void rateLimit() throws Exception {
    assertThat(ExamplesTest.run("rate-limit"))
        .containsExactly(
            "5 requests per second; fake clock",
            "     time  bucket       gcra         leaky        fixed        sliding log",
            "     0 ms  ok           ok           ok           ok           ok",
            "     0 ms  ok           ok           wait 200     ok           ok",
            "     0 ms  ok           ok           wait 200     ok           ok",
            "     0 ms  wait 200     wait 200     wait 200     ok           ok",
            "     0 ms  wait 200     wait 200     wait 200     ok           ok",
            "   100 ms  wait 100     wait 100     wait 100     wait 900     wait 900",
            "   200 ms  ok           ok           ok           wait 800     wait 800",
            "   300 ms  wait 100     wait 100     wait 100     wait 700     wait 700",
            "   400 ms  ok           ok           ok           wait 600     wait 600",
            "   500 ms  wait 100     wait 100     wait 100     wait 500     wait 500",
            "   600 ms  ok           ok           ok           wait 400     wait 400",
            "  1650 ms  ok           ok           ok           ok           ok",
            "  1650 ms  ok           ok           wait 150     ok           ok",
            "  1650 ms  ok           ok           wait 150     ok           ok",
            "  1650 ms  wait 150     wait 200     wait 150     ok           ok",
            "  2000 ms  ok           ok           ok           ok           ok",
            "  2000 ms  ok           wait 50      wait 200     ok           wait 650",
            "  2000 ms  wait 200     wait 50      wait 200     ok           wait 650",
            "  2000 ms  wait 200     wait 50      wait 200     ok           wait 650");
  }

  @Test
  void circuitBreaker() throws Exception {
    assertThat(ExamplesTest.run("circuit-breaker"))
        .containsExactly(
            "window of 4 calls, trips when half failed, open for 1 s, then 2 trial calls",
            "  GET /items/1: 200",
            "  GET /items/404: 404",
            "the dependency goes down",
            "  GET /items/2: failed: connection refused",
            "  GET /items/3: failed: connection refused",
            "    breaker: CLOSED -> OPEN",
            "  GET /items/4: rejected (OPEN), try again in 1000 ms",
            "  GET /items/5: rejected (OPEN), try again in 1000 ms",
            "1 s later, the dependency is back",
            "  GET /items/6: 200",
            "    breaker: OPEN -> HALF_OPEN",
            "  GET /items/7: 200",
            "    breaker: HALF_OPEN -> CLOSED",
            "  GET /items/8: 200",
            "the dependency saw 7 of 9 calls; state CLOSED");
  }

  @Test
  void retryBudget() throws Exception {
    assertThat(ExamplesTest.run("retry-budget"))
        .containsExactly(
            "part 1: a dependency that fails twice, 4 attempts, back-off 1, 2, 4 ms",
            "  attempt 1: 503 service unavailable",
            "  attempt 2: 503 service unavailable",
            "  attempt 3: ok",
            "  the caller got: ok",
            "part 2: the dependency is down, 20 calls",
            "  without a budget:  20 calls failed; the dependency saw 80 requests"
                + " (60 retries, 0 refused by the budget)",
            "  with a 10% budget: 20 calls failed; the dependency saw 23 requests"
                + " (3 retries, 20 refused by the budget)");
  }

  @Test
  void bulkhead() throws Exception {
    String full = "rejected: Bulkhead 'inventory' is full: 2 concurrent calls, no room within PT0.1S";
    assertThat(ExamplesTest.run("bulkhead"))
        .containsExactly(
            "part 1: 2 permits, 5 callers, maxWait 2 s",
            "  caller 1 runs",
            "  caller 2 runs",
            "  2 running, 3 waiting",
            "  caller 1 done: caller 3 runs",
            "  caller 2 done: caller 4 runs",
            "  caller 3 done: caller 5 runs",
            "part 2: 2 permits, 5 callers, maxWait 100 ms",
            "  caller 1: done",
            "  caller 2: done",
            "  caller 3: " + full,
            "  caller 4: " + full,
            "  caller 5: " + full,
            "  admitted 2, rejected 3");
  }

  @Test
  void debounceThrottle() throws Exception {
    assertThat(ExamplesTest.run("debounce-throttle"))
        .containsExactly(
            "keystrokes 50 ms apart; debounce: 200 ms quiet period; throttle: 200 ms interval",
            "     time  typed       debounce    throttle",
            "     0 ms  'w'                     'w'",
            "    50 ms  'we'",
            "   100 ms  'wef'",
            "   150 ms  'weft'",
            "   200 ms                          'weft'",
            "   350 ms              'weft'",
            "   600 ms  'weft '                 'weft '",
            "   650 ms  'weft g'",
            "   700 ms  'weft go'",
            "   800 ms                          'weft go'",
            "   900 ms              'weft go'");
  }

  @Test
  void resilienceComposition() throws Exception {
    assertThat(ExamplesTest.run("resilience-composition"))
        .containsExactly(
            "Fallback around Policies.of(retry x3, breaker, bulkhead of 2, timeout 50 ms)",
            "  quote AAPL: AAPL 190.00",
            "    the service saw 2 request(s) [hangs, answers]",
            "  quote MSFT: cached price (breaker open)",
            "    the service saw 2 request(s) [fails, fails]",
            "  quote GOOG: cached price (breaker open)",
            "    the service saw 0 request(s) []");
  }
}
