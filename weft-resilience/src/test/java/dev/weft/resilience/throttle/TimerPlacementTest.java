package dev.weft.resilience.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.chan.Channel;
import dev.weft.chan.ReceiveChannel;
import dev.weft.chan.ReceiveResult;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.time.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A debouncer's timer fires at the end of the quiet period even when the clock moves between the
 * reading its delay is computed from and the placement of the timer (another thread advancing a
 * fake clock): the timer is placed from a reading taken at the call, and placed again when the
 * clock moved meanwhile.
 */
@Timeout(10)
class TimerPlacementTest {

  private static final Duration QUIET = Duration.ofMillis(100);
  private static final Duration SKEW = Duration.ofMillis(40);

  private final FakeClock fake = new FakeClock();
  private final ClockMovedWhileArming clock = new ClockMovedWhileArming(fake, SKEW);

  @Test
  void aDebouncerCallsWhenTheQuietPeriodEnds() throws Exception {
    Calls<String> calls = new Calls<>();
    try (Debouncer<String> d = Debouncer.create(DebounceConfig.of(QUIET).withClock(clock), calls)) {
      d.submit("a"); // at 0 ms; the clock moves to 40 ms while the timer is placed
      assertThat(fake.nanoTime()).isEqualTo(SKEW.toNanos());
      fake.advance(QUIET.minus(SKEW)); // 100 ms: the quiet period has ended
      d.awaitIdle(Context.background());
      assertThat(calls.values()).containsExactly("a");
    }
  }

  @Test
  void aQuietPeriodThatEndsWhileTheTimerIsPlacedCallsAtOnce() throws Exception {
    // the clock moves past the end of the quiet period under the placement: no timer is left for
    // a next advance to fire, the call is made at once
    ClockMovedWhileArming far = new ClockMovedWhileArming(fake, QUIET.plus(SKEW));
    Calls<String> calls = new Calls<>();
    try (Debouncer<String> d = Debouncer.create(DebounceConfig.of(QUIET).withClock(far), calls)) {
      d.submit("a"); // at 0 ms; the clock moves to 140 ms while the timer is placed
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !calls.values().isEmpty());
      assertThat(calls.values()).containsExactly("a");
      assertThat(fake.pending()).as("no timer is left behind").isZero();
    }
  }

  @Test
  void aDebouncedChannelSendsWhenTheQuietPeriodEnds() throws Exception {
    Channel<String> in = Channel.unbuffered();
    CancelContext ctx = Context.withCancel(Context.background());
    ReceiveChannel<String> out =
        Throttle.debounce(in, DebounceConfig.of(QUIET).withClock(clock), ctx);
    try {
      in.send("a"); // at 0 ms
      clock.awaitMoved(); // the loop read the clock, which moved to 40 ms as it placed its timer
      fake.advance(QUIET.minus(SKEW)); // 100 ms
      ReceiveResult<String> got;
      try (CancelContext patience =
          Context.withTimeout(Context.background(), Duration.ofSeconds(5))) {
        got = out.receiveResult(patience);
      }
      assertThat(got.isValue()).as("sent at 100 ms: %s", got).isTrue();
      assertThat(got.value()).isEqualTo("a");
    } finally {
      ctx.cancel();
      while (!out.receiveResult().isClosed()) {
        // drain until the loop has ended and closed its output
      }
    }
  }
}
