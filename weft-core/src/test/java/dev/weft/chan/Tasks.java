package dev.weft.chan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts {@link Task}s for one test and, after it, interrupts those still running and checks
 * that they all end, so that a failed test leaves no thread blocked behind it. Register with
 * {@code @RegisterExtension final Tasks tasks = new Tasks();}.
 */
final class Tasks implements AfterEachCallback {
  private final List<Task<?>> started = new CopyOnWriteArrayList<>();
  private final AtomicInteger seq = new AtomicInteger();

  /** Starts {@code body} in a new virtual thread. */
  <T> Task<T> start(Task.Body<T> body) {
    Task<T> t = new Task<>("test-task-" + seq.incrementAndGet(), body);
    started.add(t);
    return t.start();
  }

  /**
   * Starts {@code body}, which returns nothing, in a new platform daemon thread: for a driver
   * that must keep running on time while virtual threads keep every carrier busy.
   */
  Task<Void> runOnPlatformThread(ThrowingRunnable body) {
    Task<Void> t =
        new Task<>(
            Thread.ofPlatform().daemon(true),
            "test-platform-task-" + seq.incrementAndGet(),
            () -> {
              body.run();
              return null;
            });
    started.add(t);
    return t.start();
  }

  /** Starts {@code body}, which returns nothing, in a new virtual thread. */
  Task<Void> run(ThrowingRunnable body) {
    return start(
        () -> {
          body.run();
          return null;
        });
  }

  /** Starts {@code body} and waits until it is parked inside weft. */
  <T> Task<T> startBlocked(Task.Body<T> body) {
    return start(body).awaitParked();
  }

  /** A body that returns nothing. */
  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    // A task may be just returning (its work done); give such tasks a moment before judging.
    long until = System.nanoTime() + GRACE_NANOS;
    for (Task<?> t : started) {
      while (!t.isDone() && System.nanoTime() < until) Thread.onSpinWait();
    }
    List<String> leftover = new ArrayList<>();
    for (Task<?> t : started) {
      if (!t.isDone()) {
        leftover.add(t.thread().getName() + System.lineSeparator() + Parking.stackOf(t.thread()));
        t.interrupt();
      }
    }
    for (Task<?> t : started) t.join();
    started.clear();
    assertThat(leftover).as("tasks still running at the end of the test (now interrupted)").isEmpty();
  }

  private static final long GRACE_NANOS = 1_000_000_000L;
}
