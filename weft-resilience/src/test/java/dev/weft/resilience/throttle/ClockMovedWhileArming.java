package dev.weft.resilience.throttle;

import dev.weft.time.Clock;
import dev.weft.time.FakeClock;
import dev.weft.time.Scheduled;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

/**
 * A {@link FakeClock} seen through a hook: the first time a timer shorter than a day is placed,
 * the clock is advanced by {@code skew} just before the placement, as if another thread had
 * advanced it between the caller's reading and its call. A caller that computed the delay from
 * its earlier reading then places the timer {@code skew} too late.
 */
final class ClockMovedWhileArming implements Clock {

  private final FakeClock clock;
  private final Duration skew;
  private final CountDownLatch moved = new CountDownLatch(1);

  ClockMovedWhileArming(FakeClock clock, Duration skew) {
    this.clock = clock;
    this.skew = skew;
  }

  /** Waits until the clock has been moved under a placement. */
  void awaitMoved() throws InterruptedException {
    moved.await();
  }

  @Override
  public long nanoTime() {
    return clock.nanoTime();
  }

  @Override
  public Instant now() {
    return clock.now();
  }

  @Override
  public Scheduled schedule(Duration delay, Runnable action) {
    if (moved.getCount() > 0 && delay.compareTo(Duration.ofDays(1)) < 0) {
      clock.advance(skew);
      moved.countDown();
    }
    return clock.schedule(delay, action);
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    clock.sleep(duration);
  }
}
