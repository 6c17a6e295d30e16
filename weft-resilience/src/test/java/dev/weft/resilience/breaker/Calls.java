package dev.weft.resilience.breaker;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.Context;
import dev.weft.time.FakeClock;
import java.io.IOException;
import java.time.Duration;

/** Test helpers: calls that succeed, fail or take time on a fake clock. */
final class Calls {

  static final Context CTX = Context.background();

  private Calls() {}

  /** A configuration on {@code clock}: a count window of {@code size}, minimum {@code size}. */
  static CircuitBreakerConfig config(FakeClock clock, int size) {
    return CircuitBreakerConfig.defaults()
        .withClock(clock)
        .withCountWindow(size)
        .withMinimumCalls(size);
  }

  static String succeed(CircuitBreaker breaker) throws Exception {
    return breaker.call(CTX, c -> "ok");
  }

  static void fail(CircuitBreaker breaker) {
    assertThatThrownBy(() -> breaker.call(CTX, c -> {
      throw new IOException("down");
    })).isInstanceOf(IOException.class);
  }

  /** A successful call that takes {@code took} on {@code clock}. */
  static void slow(CircuitBreaker breaker, FakeClock clock, Duration took) throws Exception {
    breaker.call(CTX, c -> {
      clock.advance(took);
      return "late";
    });
  }

  static CallNotPermittedException rejected(CircuitBreaker breaker) {
    try {
      breaker.call(CTX, c -> {
        throw new AssertionError("the task ran although the breaker should reject it");
      });
    } catch (CallNotPermittedException e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError("expected a rejection, got " + e, e);
    }
    throw new AssertionError("expected a rejection, the call returned");
  }
}
