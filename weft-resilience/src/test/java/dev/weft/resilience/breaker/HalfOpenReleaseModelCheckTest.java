package dev.weft.resilience.breaker;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.jetbrains.lincheck.Lincheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A trial permission given back in {@code HALF_OPEN} while another trial is taken and ends is
 * given back in every interleaving Lincheck's model checker explores, so the round can still
 * complete. (Found by {@link HalfOpenLincheckTest}: a release that read the count of trials handed
 * out before the other trial was taken, and the count of ended ones after it ended, took its own
 * trial for ended and was dropped; the breaker then stayed {@code HALF_OPEN}, rejecting every
 * call.) Assertions throw plain {@link AssertionError}s, as Lincheck's tracing needs.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HalfOpenReleaseModelCheckTest {

  @Test
  void aReleaseRacingAnotherTrialGivesItsTrialBack() {
    Lincheck.runConcurrentTest(
        200,
        () -> {
          CircuitBreaker breaker =
              CircuitBreaker.of(
                  "lincheck",
                  CircuitBreakerConfig.defaults()
                      .withClock(new CircuitBreakerLincheckTest.SteppedClock())
                      .withHalfOpenCalls(2));
          breaker.transitionTo(CircuitState.HALF_OPEN);
          check(breaker.tryAcquirePermission(), "the first trial was refused");
          Thread other =
              new Thread(
                  () -> {
                    check(breaker.tryAcquirePermission(), "the second trial was refused");
                    breaker.onError(0, new IOException("down"));
                  });
          other.start();
          breaker.release();
          try {
            other.join();
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
          check(breaker.tryAcquirePermission(), "the released trial was not given back");
          breaker.onSuccess(0);
          check(
              breaker.state() == CircuitState.OPEN,
              "the round did not end: " + breaker.state() + " " + breaker.metrics());
        });
  }

  private static void check(boolean ok, String what) {
    if (!ok) throw new AssertionError(what);
  }
}
