package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The rate-limit-http example limits each client by its header, answers 429 with a Retry-After
 * rounded up to whole seconds, and stops its server.
 */
@Timeout(20)
class RateLimitHttpExampleTest {

  @Test
  void eachClientHasItsOwnLimitAndIsToldWhenToRetry() throws Exception {
    assertThat(ExamplesTest.run("rate-limit-http"))
        .containsExactly(
            "3 requests per 10 s per client, bursts of 3, keyed by X-Client-Id; fake clock",
            "      0 ms  alice  200 ok, remaining 2",
            "      0 ms  alice  200 ok, remaining 1",
            "      0 ms  alice  200 ok, remaining 0",
            "      0 ms  alice  429 too many requests, remaining 0, Retry-After: 4",
            "      0 ms  bob    200 ok, remaining 2",
            "      0 ms  bob    200 ok, remaining 1",
            "   4000 ms  alice  200 ok, remaining 0",
            "   4000 ms  (none) 400 missing X-Client-Id",
            "server stopped; the limiter holds 2 clients");
  }
}
