package dev.weft.time;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The system clock, {@link Clock#system()}. Delayed actions run on one shared daemon platform
 * thread named {@code "weft-timer"}, started on first use. It belongs to weft, not to the code
 * that scheduled an action, so it is not in the registry the leak detector reads (this package
 * uses no other weft package); a thread-dump leak check ignores it by its name. Actions must not
 * block; a failing action is reported to the thread's uncaught-exception handler and does not
 * stop the timer.
 */
final class SystemClock implements Clock {

  static final SystemClock INSTANCE = new SystemClock();

  private static final class Holder {
    static final ScheduledThreadPoolExecutor TIMER = newTimer();

    private static ScheduledThreadPoolExecutor newTimer() {
      var stpe =
          new ScheduledThreadPoolExecutor(
              1, r -> Thread.ofPlatform().name("weft-timer").daemon(true).unstarted(r));
      stpe.setRemoveOnCancelPolicy(true);
      stpe.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
      return stpe;
    }
  }

  private SystemClock() {}

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Instant now() {
    return Instant.now();
  }

  @Override
  public Scheduled schedule(Duration delay, Runnable action) {
    Objects.requireNonNull(delay, "Clock: delay is null");
    Objects.requireNonNull(action, "Clock: action is null");
    long nanos = saturatedNanos(delay);
    ScheduledFuture<?> f =
        Holder.TIMER.schedule(
            () -> {
              try {
                action.run();
              } catch (RuntimeException | Error e) {
                Thread t = Thread.currentThread();
                t.getUncaughtExceptionHandler().uncaughtException(t, e);
              }
            },
            Math.max(0, nanos),
            TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    Objects.requireNonNull(duration, "Clock: duration is null");
    if (Thread.interrupted()) throw new InterruptedException();
    long nanos = saturatedNanos(duration);
    if (nanos > 0) TimeUnit.NANOSECONDS.sleep(nanos);
  }

  /**
   * {@code d} in nanoseconds, saturated to the {@code long} range instead of overflowing. Shared
   * by this package's clocks and back-off; other packages keep their own copy of these lines.
   */
  static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  @Override
  public String toString() {
    return "Clock.system()";
  }
}
