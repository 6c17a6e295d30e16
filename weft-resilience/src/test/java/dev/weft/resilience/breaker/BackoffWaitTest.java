package dev.weft.resilience.breaker;

import static dev.weft.resilience.breaker.Calls.fail;
import static dev.weft.resilience.breaker.Calls.rejected;
import static dev.weft.resilience.breaker.Calls.succeed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.time.Backoff;
import dev.weft.time.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** With a back-off, each consecutive re-open waits longer, and closing starts over. */
class BackoffWaitTest {

  private final FakeClock clock = new FakeClock();
  private final CircuitBreaker breaker =
      CircuitBreaker.of(
          "backoff",
          Calls.config(clock, 1)
              .withHalfOpenCalls(1)
              .withOpenWait(Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(5))));

  /** Lets the open wait pass and fails the single trial. */
  private void failTrialAfter(Duration wait) {
    clock.advance(wait);
    fail(breaker);
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void theWaitGrowsWithEachReopenUpToTheCap() {
    fail(breaker);
    assertThat(rejected(breaker).retryAfter()).contains(Duration.ofSeconds(1));
    failTrialAfter(Duration.ofSeconds(1));
    assertThat(rejected(breaker).retryAfter()).contains(Duration.ofSeconds(2));
    failTrialAfter(Duration.ofSeconds(2));
    assertThat(rejected(breaker).retryAfter()).contains(Duration.ofSeconds(4));
    failTrialAfter(Duration.ofSeconds(4));
    assertThat(rejected(breaker).retryAfter()).contains(Duration.ofSeconds(5));
    failTrialAfter(Duration.ofSeconds(5));
    assertThat(rejected(breaker).retryAfter()).contains(Duration.ofSeconds(5));
  }

  @Test
  void closingResetsTheWait() throws Exception {
    fail(breaker);
    failTrialAfter(Duration.ofSeconds(1));
    failTrialAfter(Duration.ofSeconds(2));
    clock.advance(Duration.ofSeconds(4));
    succeed(breaker); // the trial succeeds: closed
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    fail(breaker);
    assertThat(rejected(breaker).retryAfter()).contains(Duration.ofSeconds(1));
  }

  @Test
  void aWaitNotYetOverKeepsRejecting() {
    fail(breaker);
    failTrialAfter(Duration.ofSeconds(1)); // now waits 2 s
    clock.advance(Duration.ofMillis(1999));
    assertThat(rejected(breaker).retryAfter()).contains(Duration.ofMillis(1));
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
  }
}
