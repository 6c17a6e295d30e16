package dev.weft.test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Waits for a condition or a thread state in a test, without sleeping for a guessed time: the
 * condition is polled every 100 microseconds until it holds, and the wait fails with an {@link
 * AssertionError} after {@link #PATIENCE}, so a broken test fails instead of hanging (its
 * {@code @Timeout}, if shorter, fails it first).
 *
 * <p>"Parked in weft" is how a test knows that a blocking call has reached its wait: the thread is
 * {@code WAITING} or {@code TIMED_WAITING} with a {@code dev.weft} frame on its stack and is not
 * merely queued for a lock (a thread contending for a channel's lock is also {@code WAITING}, but
 * has not yet registered as a waiter). Frames of the helpers themselves ({@link Async}, {@link
 * AsyncScope}, {@link Gate}, this class) do not count.
 *
 * <p>All methods are static and thread-safe.
 */
public final class Waiting {

  /** How long a helper of this package waits for a thread or a condition before failing: 20 s. */
  public static final Duration PATIENCE = Duration.ofSeconds(20);

  private static final long POLL_NANOS = 100_000;

  private Waiting() {}

  /**
   * Returns once {@code condition} holds; polls it from the calling thread.
   *
   * @param condition what to wait for
   * @throws AssertionError if it does not hold within {@link #PATIENCE}, or if the calling thread
   *     is interrupted while waiting (its interrupt status is then set again)
   * @throws NullPointerException if {@code condition} is null
   */
  public static void until(BooleanSupplier condition) {
    until("condition", condition);
  }

  /**
   * Like {@link #until(BooleanSupplier)}, naming what it waits for in the failure message.
   *
   * @param what a description for the failure message
   * @param condition what to wait for
   * @throws AssertionError if it does not hold within {@link #PATIENCE}, or on interrupt
   * @throws NullPointerException if an argument is null
   */
  public static void until(String what, BooleanSupplier condition) {
    Objects.requireNonNull(what, "Waiting: what is null");
    Objects.requireNonNull(condition, "Waiting: condition is null");
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (Thread.currentThread().isInterrupted()) {
        throw new AssertionError("interrupted while waiting for " + what);
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(what + " did not hold within " + PATIENCE);
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  /**
   * Returns once {@code t} is {@code WAITING} or {@code TIMED_WAITING}, whatever it waits in.
   *
   * @param t the thread
   * @throws AssertionError if {@code t} terminates instead, or after {@link #PATIENCE}
   * @throws NullPointerException if {@code t} is null
   */
  public static void untilWaiting(Thread t) {
    Objects.requireNonNull(t, "Waiting: thread is null");
    until(
        t + " waiting",
        () -> {
          Thread.State s = t.getState();
          if (s == Thread.State.TERMINATED) throw new AssertionError(t + " ended instead of waiting");
          return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
        });
  }

  /**
   * Whether {@code t} is parked in weft code now (see the class documentation).
   *
   * @param t the thread
   * @return {@code true} if it is waiting with a {@code dev.weft} frame, not queued for a lock
   */
  public static boolean isParkedInWeft(Thread t) {
    if (!isWaiting(t)) return false;
    boolean inWeft = false;
    for (StackTraceElement e : t.getStackTrace()) {
      String c = e.getClassName();
      if (c.startsWith("java.util.concurrent.locks.AbstractQueuedSynchronizer")
          || c.startsWith("java.util.concurrent.locks.ReentrantLock")) {
        return false;
      }
      if (c.startsWith("dev.weft.") && !isHelper(c)) {
        inWeft = true;
        break;
      }
    }
    return inWeft && isWaiting(t); // still waiting after the stack was taken
  }

  /**
   * The stack of {@code t}, one {@code "\tat frame"} per line, for failure messages.
   *
   * @param t the thread
   * @return its current stack
   */
  public static String stackOf(Thread t) {
    return Arrays.stream(t.getStackTrace())
        .map(e -> "\tat " + e)
        .collect(Collectors.joining(System.lineSeparator()));
  }

  private static final List<String> HELPERS =
      Stream.of(Async.class, AsyncScope.class, Gate.class, Waiting.class).map(Class::getName).toList();

  private static boolean isHelper(String className) {
    for (String h : HELPERS) {
      if (className.equals(h) || className.startsWith(h + "$")) return true;
    }
    return false;
  }

  private static boolean isWaiting(Thread t) {
    Thread.State s = t.getState();
    return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
  }
}
