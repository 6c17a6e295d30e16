package dev.weft.context;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

/** Waits until a thread is parked, so that a test acts on a waiter and not on a thread starting. */
final class Awaiting {
  private Awaiting() {}

  /** Returns once {@code t} is in WAITING or TIMED_WAITING. */
  static void untilWaiting(Thread t) {
    await()
        .pollInterval(Duration.ofMillis(1))
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              Thread.State s = t.getState();
              return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
            });
  }
}
