package dev.weft.resilience.breaker;

import java.io.IOException;
import java.time.Duration;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The trial round of a {@code HALF_OPEN} {@link CircuitBreaker}, driven through the manual API
 * ({@code tryAcquirePermission}, {@code onSuccess}, {@code onError}, {@code release}) from every
 * thread, is linearizable with respect to its own sequential run: trial permissions are handed out
 * at most two at a time, an outcome or a release counts for one outstanding trial at most, and the
 * round ends exactly once.
 *
 * <p>The breaker starts {@code HALF_OPEN} with two trials; closed, it cannot trip again within a
 * scenario (a window of 100), and opened, it stays open (a wait of a day), so every change of
 * state comes from the trial round.
 */
public class HalfOpenLincheckTest {

  private final CircuitBreaker breaker =
      CircuitBreaker.of(
          "lincheck",
          CircuitBreakerConfig.defaults()
              .withClock(new CircuitBreakerLincheckTest.SteppedClock())
              .withCountWindow(100)
              .withHalfOpenCalls(2)
              .withOpenWait(Duration.ofDays(1)));

  /** Lincheck creates one instance per scenario. */
  public HalfOpenLincheckTest() {
    breaker.transitionTo(CircuitState.HALF_OPEN);
  }

  @Operation
  public boolean tryAcquirePermission() {
    return breaker.tryAcquirePermission();
  }

  @Operation
  public void onSuccess() {
    breaker.onSuccess(0);
  }

  @Operation
  public void onError() {
    breaker.onError(0, new IOException("down"));
  }

  @Operation
  public void release() {
    breaker.release();
  }

  @Operation
  public CircuitState state() {
    return breaker.state();
  }

  @Test
  @Timeout(60)
  void modelChecking() {
    new ModelCheckingOptions()
        .iterations(20)
        .invocationsPerIteration(200)
        .threads(2)
        .actorsPerThread(3)
        .actorsBefore(2)
        .actorsAfter(2)
        .check(HalfOpenLincheckTest.class);
  }

  @Test
  @Timeout(60)
  void stress() {
    new StressOptions()
        .iterations(20)
        .invocationsPerIteration(200)
        .threads(3)
        .actorsPerThread(3)
        .actorsBefore(2)
        .actorsAfter(2)
        .check(HalfOpenLincheckTest.class);
  }
}
