package dev.weft.flow.pool;

import dev.weft.task.ContextTask;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.Context;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tasks that block until the gate opens, counting how many started and how many run at once: the
 * test's control over what the pool's workers are doing.
 */
final class Gate {
  private final CountDownLatch open = new CountDownLatch(1);
  private final Semaphore started = new Semaphore(0);
  final AtomicInteger running = new AtomicInteger();
  final AtomicInteger maxRunning = new AtomicInteger();
  final AtomicInteger finished = new AtomicInteger();

  /** A task that waits for the gate (interruptibly) and returns {@code value}. */
  <T> Callable<T> task(T value) {
    return () -> {
      enter();
      try {
        open.await();
        return value;
      } finally {
        leave();
      }
    };
  }

  /** A context task that waits for the gate or its context, whichever first. */
  <T> ContextTask<T> ctxTask(T value) {
    return ctx -> {
      enter();
      try {
        while (!open.await(1, TimeUnit.MILLISECONDS)) ctx.throwIfDone();
        return value;
      } finally {
        leave();
      }
    };
  }

  /** A task that ignores interrupts until the gate opens. */
  <T> Callable<T> stubbornTask(T value) {
    return () -> {
      enter();
      boolean interrupted = false;
      try {
        while (true) {
          try {
            open.await();
            break;
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
        return value;
      } finally {
        leave();
        if (interrupted) Thread.currentThread().interrupt();
      }
    };
  }

  private void enter() {
    int n = running.incrementAndGet();
    maxRunning.accumulateAndGet(n, Math::max);
    started.release();
  }

  private void leave() {
    running.decrementAndGet();
    finished.incrementAndGet();
  }

  /** Waits until {@code n} tasks (in total) have started. */
  void awaitStarted(int n) throws InterruptedException {
    assertThat(started.tryAcquire(n, 10, TimeUnit.SECONDS)).as("%d tasks started", n).isTrue();
    started.release(n);
  }

  /** How many tasks started so far. */
  int startedCount() {
    return started.availablePermits();
  }

  void open() {
    open.countDown();
  }

  static Context bg() {
    return Context.background();
  }
}
