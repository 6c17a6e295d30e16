package dev.weft.resilience.ratelimit;

import dev.weft.time.Clock;
import dev.weft.time.Scheduled;
import java.time.Duration;

/** Timers placed at a clock reading, shared by the waiting lines of this package. */
final class Timers {

  private Timers() {}

  /**
   * Schedules {@code action} for when {@code clock.nanoTime()} reaches {@code due}.
   *
   * <p>{@link Clock#schedule} takes a delay, not a time. The delay is computed from a reading taken
   * just before scheduling, and the reading is taken again after: if another thread advanced the
   * clock in between (a fake clock moved by a test), the action may have been placed later than
   * {@code due}, so it is cancelled and placed again. A reading from earlier, such as the top of a
   * wait loop, is not enough: the clock can move between it and the call, and the waiter then
   * sleeps past its turn.
   *
   * <p>Returns null, placing nothing, when the clock has reached {@code due} already: a timer with
   * no delay left would only run on the clock's next move (a fake clock runs due actions when it
   * is advanced), which may never come, so the caller must act now instead of waiting for it.
   */
  static Scheduled placeAt(Clock clock, long due, Runnable action) {
    while (true) {
      long now = clock.nanoTime();
      if (now >= due) return null;
      Scheduled timer = clock.schedule(Duration.ofNanos(Band.satAdd(due, -now)), action);
      if (clock.nanoTime() == now) return timer;
      timer.cancel(); // the clock moved while the timer was placed: place it again
    }
  }
}
