package dev.weft.flow.pipeline;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Test helpers: a one-shot gate and a bounded spin-wait for conditions on running pipelines. */
final class Gate {

  private final CountDownLatch open = new CountDownLatch(1);

  void open() {
    open.countDown();
  }

  void pass() throws InterruptedException {
    open.await();
  }

  /** Waits until {@code condition} holds (the test's {@code @Timeout} bounds the wait). */
  static void awaitTrue(BooleanSupplier condition) {
    while (!condition.getAsBoolean()) LockSupport.parkNanos(200_000);
  }

  /** Waits until {@code t} is parked or sleeping. */
  static void awaitBlocked(Thread t) {
    awaitTrue(() -> t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING);
  }
}
