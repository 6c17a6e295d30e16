package dev.weft.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts {@link Async} calls for one test and, after it, interrupts those still running and checks
 * that they all end, so that a failed test leaves no thread blocked behind it and a test that
 * forgot a call fails. Register it as a field:
 *
 * <pre>{@code
 * @RegisterExtension final AsyncScope tasks = new AsyncScope();
 * ...
 * Async<Integer> receiver = tasks.start(ch::receive).awaitParked();
 * }</pre>
 *
 * <p>After each test, a call still running gets a grace period of one second to end (it may be
 * just returning); then every call still running is named in the failure, with its stack, and
 * interrupted, and the scope waits for it to end. Thread-safe: calls may be started from any
 * thread.
 */
public final class AsyncScope implements AfterEachCallback {

  private static final long GRACE_NANOS = 1_000_000_000L;

  private final List<Async<?>> started = new CopyOnWriteArrayList<>();
  private final AtomicInteger seq = new AtomicInteger();

  /** A new scope with no calls. */
  public AsyncScope() {}

  /**
   * Starts {@code body} on a new virtual thread named {@code "test-task-N"}.
   *
   * @param <T> what the call returns
   * @param body the call
   * @return the running call
   */
  public <T> Async<T> start(Callable<T> body) {
    return track(Async.start(Thread.ofVirtual(), "test-task-" + seq.incrementAndGet(), body));
  }

  /**
   * Starts {@code body}, which returns nothing, on a new virtual thread.
   *
   * @param body the call
   * @return the running call
   */
  public Async<Void> run(ThrowingRunnable body) {
    return start(voidCall(body));
  }

  /**
   * Starts {@code body} and waits until it is parked in weft ({@link Async#awaitParked()}).
   *
   * @param <T> what the call returns
   * @param body the call
   * @return the call, parked
   * @throws AssertionError if it ends instead of parking
   */
  public <T> Async<T> startBlocked(Callable<T> body) {
    return start(body).awaitParked();
  }

  /**
   * Starts {@code body}, which returns nothing, on a new platform daemon thread: for a driver that
   * must keep running on time while virtual threads keep every carrier busy.
   *
   * @param body the call
   * @return the running call
   */
  public Async<Void> runOnPlatformThread(ThrowingRunnable body) {
    return track(
        Async.start(
            Thread.ofPlatform().daemon(true),
            "test-platform-task-" + seq.incrementAndGet(),
            voidCall(body)));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    // A call may be just returning (its work done); give such calls a moment before judging.
    long until = System.nanoTime() + GRACE_NANOS;
    for (Async<?> a : started) {
      while (!a.isDone() && System.nanoTime() < until) Thread.onSpinWait();
    }
    List<String> leftover = new ArrayList<>();
    for (Async<?> a : started) {
      if (!a.isDone()) {
        leftover.add(a.thread().getName() + System.lineSeparator() + Waiting.stackOf(a.thread()));
        a.interrupt();
      }
    }
    for (Async<?> a : started) a.join();
    started.clear();
    if (!leftover.isEmpty()) {
      throw new AssertionError(
          "calls still running at the end of the test (now interrupted): " + leftover);
    }
  }

  private <T> Async<T> track(Async<T> a) {
    started.add(a);
    return a;
  }

  private static Callable<Void> voidCall(ThrowingRunnable body) {
    Objects.requireNonNull(body, "AsyncScope: body is null");
    return () -> {
      body.run();
      return null;
    };
  }
}
