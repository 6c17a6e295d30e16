package dev.weft.flow.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A blocking call run in its own virtual thread, with its outcome captured for assertions. Shared
 * by weft-flow's test packages.
 */
public final class Async<T> {

  /** A blocking call that returns nothing. */
  public interface Action {
    void run() throws Exception;
  }

  public final Thread thread;
  // Not a CompletableFuture: it would turn a ContextCancelledException (a CancellationException)
  // into the future's own cancellation.
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

  public static <T> Async<T> call(Callable<T> call) {
    return new Async<>(call);
  }

  public static Async<Void> run(Action action) {
    return new Async<>(
        () -> {
          action.run();
          return null;
        });
  }

  /**
   * Waits until the thread is parked in weft code (waiting, with a {@code dev.weft} frame on its
   * stack and not queued for a lock), which is where every blocking call under test waits.
   */
  public Async<T> awaitParked() {
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(1))
        .until(() -> isParkedInWeft(thread) || isDone());
    if (isDone()) throw new AssertionError("finished instead of blocking: " + describe());
    return this;
  }

  public static boolean isParkedInWeft(Thread t) {
    Thread.State s = t.getState();
    if (s != Thread.State.WAITING && s != Thread.State.TIMED_WAITING) return false;
    boolean inWeft = false;
    for (StackTraceElement e : t.getStackTrace()) {
      String c = e.getClassName();
      if (c.startsWith("java.util.concurrent.locks.AbstractQueuedSynchronizer")
          || c.startsWith("java.util.concurrent.locks.ReentrantLock")) {
        return false;
      }
      if (c.startsWith("dev.weft.") && !c.startsWith("dev.weft.flow.testing.Async")) {
        inWeft = true;
        break;
      }
    }
    return inWeft && t.getState() == s;
  }

  /** Waits until the thread is parked inside {@code synchronizer} (the blocker it parks on). */
  @SuppressWarnings("ReferenceEquality") // the blocker is the synchronizer object itself
  public Async<T> awaitParkedOn(Object synchronizer) {
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(1))
        .until(() -> LockSupport.getBlocker(thread) == synchronizer || isDone());
    if (isDone()) throw new AssertionError("finished instead of blocking: " + describe());
    return this;
  }

  /** Waits until {@code blocked} holds (the call registered its wait), failing if it finished. */
  public Async<T> awaitBlocked(BooleanSupplier blocked) {
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(1))
        .until(() -> blocked.getAsBoolean() || isDone());
    if (isDone() && !blocked.getAsBoolean()) {
      throw new AssertionError("finished instead of blocking: " + describe());
    }
    return this;
  }

  public boolean isDone() {
    return finished.getCount() == 0;
  }

  private void join(long millis) throws InterruptedException, TimeoutException {
    if (!finished.await(millis, TimeUnit.MILLISECONDS)) {
      throw new TimeoutException("still running after " + millis + " ms");
    }
  }

  /** The returned value; fails if the call threw. */
  public T get() throws Exception {
    join(10_000);
    if (thrown != null) throw new AssertionError("call threw", thrown);
    return value;
  }

  /** What the call threw; fails if it returned. */
  public Throwable failure() throws Exception {
    join(10_000);
    if (thrown == null) throw new AssertionError("call returned " + value + " instead of throwing");
    return thrown;
  }

  /** Asserts the call is still blocked after a short grace period. */
  public void assertStillBlocked() throws Exception {
    if (finished.await(50, TimeUnit.MILLISECONDS)) {
      throw new AssertionError("call finished but should still block: " + describe());
    }
  }

  private String describe() {
    return thrown != null ? "threw " + thrown : "returned " + value;
  }
}
