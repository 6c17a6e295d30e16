package dev.weft.resilience.ratelimit;

import dev.weft.time.Clock;
import dev.weft.time.Scheduled;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How a waiter in one of this package's waiting lines sleeps until its due time: on a condition of
 * the line's lock, woken by the system clock's timed wait, or, on any other clock, by a timer placed
 * at the due time on that clock. Everything here is guarded by the line's lock, which is held by
 * every caller except those of {@link #signalLocking}.
 */
final class WakeUp {

  private final Condition condition;

  /** The timer placed on a clock other than the system clock, and the reading it was placed at. */
  private Scheduled timer;

  private long timerDue;

  WakeUp(ReentrantLock lock) {
    this.condition = lock.newCondition();
  }

  /**
   * With {@code lock} held: sleeps until signalled or until {@code clock} reaches {@code due},
   * possibly less (the caller looks again in a loop). Returns at once if a timer cannot be placed
   * because the clock has reached {@code due} already.
   */
  void awaitUntil(Clock clock, ReentrantLock lock, long due, long now)
      throws InterruptedException {
    if (clock == Clock.system()) {
      condition.awaitNanos(Band.satAdd(due, -now));
    } else if (arm(clock, lock, due)) {
      condition.await();
    }
  }

  /** With the lock held: sleeps until signalled. */
  void await() throws InterruptedException {
    condition.await();
  }

  /** With the lock held: wakes the waiter to look again. */
  void signal() {
    condition.signal();
  }

  /** Without the lock held (a context's callback): takes it and wakes the waiter to look again. */
  void signalLocking(ReentrantLock lock) {
    lock.lock();
    try {
      condition.signal();
    } finally {
      lock.unlock();
    }
  }

  /** With the lock held, when the wait ends: cancels the timer, if one is placed. */
  void cancelTimer() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }

  /**
   * With the lock held: makes the timer fire at {@code due}, placed by {@link Timers#placeAt}.
   * False when the clock has reached {@code due} already (it may have moved since the caller read
   * it): then no timer is placed, and the caller must look again instead of waiting.
   */
  private boolean arm(Clock clock, ReentrantLock lock, long due) {
    if (timer != null) {
      if (timerDue == due) return true;
      cancelTimer();
    }
    timer = Timers.placeAt(clock, due, () -> fired(lock, due));
    if (timer == null) return false;
    timerDue = due;
    return true;
  }

  private void fired(ReentrantLock lock, long due) {
    lock.lock();
    try {
      if (timer != null && timerDue == due) timer = null;
      condition.signal();
    } finally {
      lock.unlock();
    }
  }
}
