package dev.weft.flow.workqueue;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A blocking call run in its own virtual thread, with its outcome captured for assertions. */
final class Async<T> {

  /** A blocking call that returns nothing. */
  interface Action {
    void run() throws Exception;
  }

  final Thread thread;
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile T value;
  private volatile Throwable thrown;

  private Async(Callable<T> call) {
    thread =
        Thread.ofVirtual()
            .name("test-async")
            .start(
                () -> {
                  try {
                    value = call.call();
                  } catch (Throwable t) {
                    thrown = t;
                  } finally {
                    finished.countDown();
                  }
                });
  }

  static <T> Async<T> call(Callable<T> call) {
    return new Async<>(call);
  }

  static Async<Void> run(Action action) {
    return new Async<>(
        () -> {
          action.run();
          return null;
        });
  }

  /** Waits until {@code blocked} holds (the call registered its wait), failing if it finished. */
  Async<T> awaitBlocked(BooleanSupplier blocked) {
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(1))
        .until(() -> blocked.getAsBoolean() || isDone());
    if (isDone() && !blocked.getAsBoolean()) {
      throw new AssertionError("finished instead of blocking: " + describe());
    }
    return this;
  }

  boolean isDone() {
    return finished.getCount() == 0;
  }

  /** The returned value; fails if the call threw or did not finish within 10 s. */
  T get() throws Exception {
    join();
    if (thrown != null) throw new AssertionError("call threw instead of returning", thrown);
    return value;
  }

  /** What the call threw; fails if it returned. */
  Throwable failure() throws Exception {
    join();
    if (thrown == null) throw new AssertionError("call returned " + value + " instead of throwing");
    return thrown;
  }

  /** Asserts the call is still blocked after a short grace period. */
  void assertStillBlocked() throws Exception {
    if (finished.await(50, TimeUnit.MILLISECONDS)) {
      throw new AssertionError("call finished but should still block: " + describe());
    }
  }

  private void join() throws InterruptedException {
    if (!finished.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("still running after 10 s");
    }
  }

  private String describe() {
    return thrown != null ? "threw " + thrown : "returned " + value;
  }
}
