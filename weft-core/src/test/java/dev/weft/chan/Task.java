package dev.weft.chan;

import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One operation run in its own virtual thread, with its outcome (value or exception) and the
 * thread's interrupt status at the end captured for assertions. Start tasks through {@link Tasks}
 * so that none outlives its test.
 */
final class Task<T> {

  /** What a task runs. */
  @FunctionalInterface
  interface Body<T> {
    T call() throws Exception;
  }

  /** How long a test waits for a task to block or to finish before failing. */
  static final Duration PATIENCE = Duration.ofSeconds(20);

  private final Thread thread;
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile T value;
  private volatile Throwable failure;
  private volatile boolean interruptedAtEnd;

  Task(String name, Body<T> body) {
    this(Thread.ofVirtual(), name, body);
  }

  Task(Thread.Builder builder, String name, Body<T> body) {
    this.thread =
        builder
            .name(name)
            .unstarted(
                () -> {
                  try {
                    value = body.call();
                  } catch (Throwable t) {
                    failure = t;
                  } finally {
                    interruptedAtEnd = Thread.currentThread().isInterrupted();
                    finished.countDown();
                  }
                });
  }

  Task<T> start() {
    thread.start();
    return this;
  }

  Thread thread() {
    return thread;
  }

  boolean isDone() {
    return finished.getCount() == 0;
  }

  void interrupt() {
    thread.interrupt();
  }

  /**
   * Waits until the task's thread is parked inside weft (blocked in a channel operation, a select,
   * or a context wait), not merely contending for a lock. Fails if the task finishes instead.
   */
  Task<T> awaitParked() {
    await("task " + thread.getName() + " parked in weft")
        .atMost(PATIENCE)
        .pollInSameThread()
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(1))
        .until(
            () -> {
              if (isDone()) {
                fail("task %s finished instead of blocking: %s", thread.getName(), describe());
              }
              return Parking.isParkedInWeft(thread);
            });
    return this;
  }

  /** Waits for the task to finish; fails after {@link #PATIENCE}. */
  Task<T> join() {
    return join(PATIENCE);
  }

  /** Waits for the task to finish; fails after {@code patience}. */
  Task<T> join(Duration patience) {
    try {
      if (!finished.await(patience.toMillis(), TimeUnit.MILLISECONDS)) {
        fail("task %s did not finish; stack:%n%s", thread.getName(), Parking.stackOf(thread));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while joining " + thread.getName(), e);
    }
    return this;
  }

  /** The value the task returned; fails if it threw. */
  T value() {
    join();
    Throwable f = failure;
    if (f != null) throw new AssertionError("task " + thread.getName() + " failed", f);
    return value;
  }

  /** What the task threw; fails if it returned normally. */
  Throwable failure() {
    join();
    Throwable f = failure;
    if (f == null) fail("task %s returned %s instead of throwing", thread.getName(), value);
    return f;
  }

  /** What the task threw, or {@code null} if it returned normally. */
  Throwable thrown() {
    join();
    return failure;
  }

  /** Whether the task's thread was interrupted when its body ended. */
  boolean interruptedAtEnd() {
    join();
    return interruptedAtEnd;
  }

  private String describe() {
    return failure != null ? "threw " + failure : "returned " + value;
  }
}
