package dev.weft.resilience.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.Context;
import dev.weft.time.FakeClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Under a steady stream that never pauses for the wait, a maximum wait still makes a call at least
 * that often; without one, only the end of the stream makes a call.
 */
@Timeout(10)
class DebouncerMaxWaitTest {

  private final FakeClock clock = new FakeClock();
  private final Calls<Integer> calls = new Calls<>();

  /** Submits the time in ms every 50 ms from 0 to 950 ms, then lets 200 ms pass. */
  private List<Integer> steadyStream(DebounceConfig config) throws Exception {
    try (Debouncer<Integer> d = Debouncer.create(config.withClock(clock), calls)) {
      for (int t = 0; t < 1000; t += 50) {
        d.submit(t);
        clock.advance(Duration.ofMillis(50));
        d.awaitIdle(Context.background());
      }
      clock.advance(Duration.ofMillis(200));
      d.awaitIdle(Context.background());
    }
    return calls.values();
  }

  private static DebounceConfig config(Edge edge) {
    return DebounceConfig.of(Duration.ofMillis(100))
        .withEdge(edge)
        .withMaxWait(Duration.ofMillis(300));
  }

  @Test
  void trailingCallsEveryMaxWaitWithTheLatestValueAndOnceAtTheEnd() throws Exception {
    // Calls at 300, 600, 900 ms (the latest value then was submitted 50 ms before) and at 1050 ms.
    assertThat(steadyStream(config(Edge.TRAILING))).containsExactly(250, 550, 850, 950);
  }

  @Test
  void leadingTreatsTheFirstEventAfterMaxWaitAsANewBurst() throws Exception {
    assertThat(steadyStream(config(Edge.LEADING))).containsExactly(0, 300, 600, 900);
  }

  @Test
  void bothCallsAtTheStartEveryMaxWaitAndAtTheEnd() throws Exception {
    assertThat(steadyStream(config(Edge.BOTH))).containsExactly(0, 250, 550, 850, 950);
  }

  @Test
  void withoutMaxWaitASteadyStreamMakesOneCallWhenItStops() throws Exception {
    assertThat(steadyStream(DebounceConfig.of(Duration.ofMillis(100)))).containsExactly(950);
  }

  @Test
  void maxWaitEqualToWaitStillWaitsForQuietWhenEventsStop() throws Exception {
    DebounceConfig c =
        DebounceConfig.of(Duration.ofMillis(100)).withMaxWait(Duration.ofMillis(100));
    assertThat(steadyStream(c)).containsExactly(50, 150, 250, 350, 450, 550, 650, 750, 850, 950);
  }
}
