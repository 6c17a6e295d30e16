package dev.weft.test;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * One blocking call run on its own thread, with its outcome (value or exception) and the thread's
 * interrupt status at the end captured for assertions: how a test starts a call that should block,
 * waits until it has reached its wait, acts on it (interrupt, cancel, close, send) and checks how
 * it ended.
 *
 * <pre>{@code
 * Async<String> taker = Async.call(() -> queue.take()).awaitParked();
 * taker.interrupt();
 * assertThat(taker.failure()).isInstanceOf(InterruptedException.class);
 * }</pre>
 *
 * <p>{@link #call} and {@link #run} start a virtual thread named {@code "test-async"}; an {@link
 * AsyncScope} starts them too and, after each test, makes sure none is left running. Every wait of
 * this class fails with an {@link AssertionError} after {@link Waiting#PATIENCE} rather than
 * hanging; none of them throws a checked exception.
 *
 * <p><b>Memory consistency effects:</b> everything the call did <i>happens-before</i> {@link
 * #join()} (and every method that joins: {@link #get()}, {@link #failure()}, {@link #thrown()},
 * {@link #interruptedAtEnd()}) returns, and before {@link #isDone()} returns {@code true}.
 *
 * @param <T> what the call returns
 */
public final class Async<T> {

  private final Thread thread;
  // Not a CompletableFuture: it would turn a cancellation exception thrown by the call into the
  // future's own cancellation.
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile T value;
  private volatile Throwable failure;
  private volatile boolean interruptedAtEnd;

  private Async(Thread.Builder builder, String name, Callable<T> body) {
    Objects.requireNonNull(body, "Async: body is null");
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

  /** Creates and starts; for {@link AsyncScope}. */
  static <T> Async<T> start(Thread.Builder builder, String name, Callable<T> body) {
    Async<T> a = new Async<>(builder, name, body);
    a.thread.start();
    return a;
  }

  /**
   * Starts {@code body} on a new virtual thread.
   *
   * @param <T> what the call returns
   * @param body the call
   * @return the running call
   * @throws NullPointerException if {@code body} is null
   */
  public static <T> Async<T> call(Callable<T> body) {
    return start(Thread.ofVirtual(), "test-async", body);
  }

  /**
   * Starts {@code body}, which returns nothing, on a new virtual thread.
   *
   * @param body the call
   * @return the running call; its value is {@code null}
   * @throws NullPointerException if {@code body} is null
   */
  public static Async<Void> run(ThrowingRunnable body) {
    Objects.requireNonNull(body, "Async: body is null");
    return call(
        () -> {
          body.run();
          return null;
        });
  }

  /**
   * The thread the call runs on.
   *
   * @return the thread
   */
  public Thread thread() {
    return thread;
  }

  /** Interrupts the call's thread. */
  public void interrupt() {
    thread.interrupt();
  }

  /**
   * Whether the call has returned or thrown.
   *
   * @return {@code true} once it ended
   */
  public boolean isDone() {
    return finished.getCount() == 0;
  }

  /**
   * Waits until the call is parked inside weft ({@link Waiting#isParkedInWeft}), not merely
   * contending for a lock.
   *
   * @return this
   * @throws AssertionError if the call ends instead, or after {@link Waiting#PATIENCE}
   */
  public Async<T> awaitParked() {
    return awaitUntil("parked in weft", () -> Waiting.isParkedInWeft(thread));
  }

  /**
   * Waits until the call's thread is parked on {@code synchronizer} (the blocker object it passed
   * to {@link LockSupport#park(Object)}).
   *
   * @param synchronizer the object the call parks on
   * @return this
   * @throws AssertionError if the call ends instead, or after {@link Waiting#PATIENCE}
   */
  @SuppressWarnings("ReferenceEquality") // the blocker is the synchronizer object itself
  public Async<T> awaitParkedOn(Object synchronizer) {
    return awaitUntil(
        "parked on " + synchronizer, () -> LockSupport.getBlocker(thread) == synchronizer);
  }

  /**
   * Waits until {@code blocked} holds (typically: the object under test counts the call among its
   * waiters). A call that ended with {@code blocked} true passes.
   *
   * @param blocked the sign that the call registered its wait
   * @return this
   * @throws AssertionError if the call ends while {@code blocked} is false, or after {@link
   *     Waiting#PATIENCE}
   */
  public Async<T> awaitBlocked(BooleanSupplier blocked) {
    Objects.requireNonNull(blocked, "Async: blocked is null");
    Waiting.until(thread.getName() + " blocked", () -> blocked.getAsBoolean() || isDone());
    if (isDone() && !blocked.getAsBoolean()) {
      throw new AssertionError(thread.getName() + " finished instead of blocking: " + describe());
    }
    return this;
  }

  /**
   * Waits until the call's thread is {@code WAITING} or {@code TIMED_WAITING}, wherever it waits.
   *
   * @return this
   * @throws AssertionError if the call ends instead, or after {@link Waiting#PATIENCE}
   */
  public Async<T> awaitWaiting() {
    return awaitUntil(
        "waiting",
        () -> {
          Thread.State s = thread.getState();
          return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
        });
  }

  /**
   * Waits for the call to end.
   *
   * @return this
   * @throws AssertionError if it does not end within {@link Waiting#PATIENCE}, or if the waiting
   *     thread is interrupted (its interrupt status is then set again)
   */
  public Async<T> join() {
    return join(Waiting.PATIENCE);
  }

  /**
   * Waits for the call to end, at most {@code patience}.
   *
   * @param patience how long to wait
   * @return this
   * @throws AssertionError if it does not end in time (the message holds its stack), or if the
   *     waiting thread is interrupted (its interrupt status is then set again)
   */
  public Async<T> join(Duration patience) {
    try {
      if (!finished.await(patience.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new AssertionError(
            thread.getName() + " did not finish within " + patience + "; stack:"
                + System.lineSeparator() + Waiting.stackOf(thread));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while joining " + thread.getName(), e);
    }
    return this;
  }

  /**
   * The value the call returned, once it ended.
   *
   * @return the value ({@code null} for {@link #run})
   * @throws AssertionError if the call threw (with what it threw as the cause), or as {@link
   *     #join()}
   */
  public T get() {
    join();
    Throwable f = failure;
    if (f != null) throw new AssertionError(thread.getName() + " threw", f);
    return value;
  }

  /**
   * What the call threw, once it ended.
   *
   * @return the exception or error
   * @throws AssertionError if the call returned normally, or as {@link #join()}
   */
  public Throwable failure() {
    join();
    Throwable f = failure;
    if (f == null) {
      throw new AssertionError(thread.getName() + " returned " + value + " instead of throwing");
    }
    return f;
  }

  /**
   * What the call threw, or {@code null} if it returned normally, once it ended.
   *
   * @return the exception or error, or {@code null}
   * @throws AssertionError as {@link #join()}
   */
  public Throwable thrown() {
    join();
    return failure;
  }

  /**
   * Whether the call's thread had its interrupt status set when the call ended.
   *
   * @return the interrupt status at the end
   * @throws AssertionError as {@link #join()}
   */
  public boolean interruptedAtEnd() {
    join();
    return interruptedAtEnd;
  }

  /**
   * Asserts that the call has not ended after a short grace period (50 ms): a check that something
   * did <i>not</i> wake it, which no finite wait can prove, so it is a smoke test, not a proof.
   *
   * @throws AssertionError if the call ended, or if the waiting thread is interrupted
   */
  public void assertStillBlocked() {
    try {
      if (finished.await(50, TimeUnit.MILLISECONDS)) {
        throw new AssertionError(
            thread.getName() + " finished but should still block: " + describe());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while watching " + thread.getName(), e);
    }
  }

  @Override
  public String toString() {
    return "Async[" + thread.getName() + (isDone() ? ", " + describe() + "]" : ", running]");
  }

  private Async<T> awaitUntil(String what, BooleanSupplier state) {
    Waiting.until(
        thread.getName() + " " + what,
        () -> {
          if (isDone()) {
            throw new AssertionError(
                thread.getName() + " finished instead of blocking: " + describe());
          }
          return state.getAsBoolean();
        });
    return this;
  }

  private String describe() {
    return failure != null ? "threw " + failure : "returned " + value;
  }
}
