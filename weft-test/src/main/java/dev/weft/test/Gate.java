package dev.weft.test;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A one-shot gate for test code: the calls that {@link #pass()} it wait until the test {@link
 * #open()}s it, and the gate counts how many arrived, how many wait now, the most that waited at
 * once, and how many went through. It is how a test holds a worker, a stage or a subscriber in a
 * known place and releases it when it chooses.
 *
 * <pre>{@code
 * Gate gate = new Gate();
 * pool.submit(gate.task("a"));
 * gate.awaitStarted(1);           // the task runs and waits at the gate
 * ...                             // assert on the pool while it is busy
 * gate.open();
 * }</pre>
 *
 * <p>A new gate is closed; once open it stays open (it cannot be reused). Thread-safe.
 *
 * <p><b>Memory consistency effects:</b> actions before {@link #open()} <i>happen-before</i> a
 * {@link #pass()} returns; a caller's actions before it arrives at the gate happen-before {@link
 * #awaitStarted(int)} returns for that arrival.
 */
public final class Gate {

  private final CountDownLatch open = new CountDownLatch(1);
  private final Semaphore arrived = new Semaphore(0);
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicInteger maxWaiting = new AtomicInteger();
  private final AtomicInteger passed = new AtomicInteger();

  /** A new, closed gate. */
  public Gate() {}

  /** Opens the gate: every waiting and later caller of {@link #pass()} goes through. Idempotent. */
  public void open() {
    open.countDown();
  }

  /**
   * Whether {@link #open()} was called.
   *
   * @return {@code true} once open
   */
  public boolean isOpen() {
    return open.getCount() == 0;
  }

  /**
   * Arrives at the gate and waits until it is open.
   *
   * @throws InterruptedException if interrupted while waiting; it then counts as gone through
   */
  public void pass() throws InterruptedException {
    arrive();
    try {
      open.await();
    } finally {
      leave();
    }
  }

  /**
   * Arrives at the gate and waits until it is open, running {@code check} about every millisecond
   * while it waits: {@code check} ends the wait by throwing (a context's {@code throwIfDone}, say).
   *
   * @param check run while waiting; what it throws is thrown from here
   * @throws Exception what {@code check} threw
   * @throws InterruptedException if interrupted while waiting
   */
  public void pass(ThrowingRunnable check) throws Exception {
    arrive();
    try {
      while (!open.await(1, TimeUnit.MILLISECONDS)) check.run();
    } finally {
      leave();
    }
  }

  /**
   * Arrives at the gate and waits until it is open, ignoring interrupts; the interrupt status is
   * set again on return if one came. For code that must not react to an interrupt.
   */
  public void passUninterruptibly() {
    arrive();
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
    } finally {
      leave();
      if (interrupted) Thread.currentThread().interrupt();
    }
  }

  /**
   * A task that passes the gate (interruptibly) and returns {@code value}.
   *
   * @param <T> the value's type
   * @param value what the task returns
   * @return the task
   */
  public <T> Callable<T> task(T value) {
    return () -> {
      pass();
      return value;
    };
  }

  /**
   * A task that passes the gate {@linkplain #passUninterruptibly() ignoring interrupts} and returns
   * {@code value}.
   *
   * @param <T> the value's type
   * @param value what the task returns
   * @return the task
   */
  public <T> Callable<T> stubbornTask(T value) {
    return () -> {
      passUninterruptibly();
      return value;
    };
  }

  /**
   * Waits until {@code n} callers in total have arrived at the gate.
   *
   * @param n how many arrivals to wait for
   * @throws InterruptedException if interrupted while waiting
   * @throws AssertionError if fewer arrived within {@link Waiting#PATIENCE}
   */
  public void awaitStarted(int n) throws InterruptedException {
    if (!arrived.tryAcquire(n, Waiting.PATIENCE.toNanos(), TimeUnit.NANOSECONDS)) {
      throw new AssertionError(
          n + " callers expected at the gate within " + Waiting.PATIENCE + ", " + started()
              + " came");
    }
    arrived.release(n);
  }

  /**
   * How many callers have arrived at the gate so far.
   *
   * @return the number of arrivals
   */
  public int started() {
    return arrived.availablePermits();
  }

  /**
   * How many callers are at the gate now.
   *
   * @return the number waiting
   */
  public int running() {
    return waiting.get();
  }

  /**
   * The most callers that were at the gate at once.
   *
   * @return the high-water mark
   */
  public int maxRunning() {
    return maxWaiting.get();
  }

  /**
   * How many callers have left the gate (gone through, or given up by interrupt or check).
   *
   * @return the number that left
   */
  public int finished() {
    return passed.get();
  }

  @Override
  public String toString() {
    return "Gate[" + (isOpen() ? "open" : "closed") + ", started=" + started() + ", running="
        + running() + ", finished=" + finished() + "]";
  }

  private void arrive() {
    int n = waiting.incrementAndGet();
    maxWaiting.accumulateAndGet(n, Math::max);
    arrived.release();
  }

  private void leave() {
    waiting.decrementAndGet();
    passed.incrementAndGet();
  }
}
