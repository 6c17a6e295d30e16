package dev.weft.sync;

import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.spi.ThreadRegistry;
import dev.weft.task.Task;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Waits for a collection of tasks to finish: Go's {@code sync.WaitGroup}.
 *
 * <p><b>Mental model.</b> A counter of outstanding tasks. {@link #add(int) add(n)} raises it
 * before the work starts, {@link #done()} lowers it by one when a task finishes, and {@link
 * #await()} blocks until it is zero. {@link #go(Task)} does all three for a task run in a new weft
 * virtual thread (Go 1.25's {@code WaitGroup.Go}). A new wait group has a counter of zero; it can
 * be reused once {@code await} has returned.
 *
 * <pre>{@code
 * WaitGroup wg = new WaitGroup();
 * for (String url : urls) {
 *   wg.go(() -> fetch(url));
 * }
 * wg.await();            // every fetch has returned
 * }</pre>
 *
 * <p><b>Ordering.</b> Call {@code add} with a positive delta before starting the work it counts
 * and before {@code await}, never from inside the counted work after the counter may have reached
 * zero. {@code await} returns once the counter is zero at some moment after the call began; a
 * waiter that arrives after a later {@code add} waits for the next time it reaches zero.
 *
 * <p><b>Fairness.</b> All waiters are released together when the counter reaches zero.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread prior to calling {@code done()} (for
 * {@code go}, everything the task did, including its uncaught-exception handling)
 * <i>happen-before</i> actions following the return of an {@code await} that the counter reaching
 * zero released.
 *
 * <p>All methods are thread-safe.
 */
public final class WaitGroup {

  /*
   * Implementation notes. `state` packs a generation (high 32 bits) and the counter (low 32 bits).
   * add/done are one CAS. The CAS that takes the counter to zero also increments the generation;
   * its caller then releases, under `lock`, every waiter registered for that generation or an
   * older one. A waiter reads the state under `lock` before linking itself, so either it sees the
   * new generation (and does not wait) or the releaser, which takes the lock after its CAS, sees
   * it. Waiters are linked in non-decreasing generation order.
   */

  private final AtomicLong state = new AtomicLong();
  private final ReentrantLock lock = new ReentrantLock();
  private final WaitList waiters = new WaitList(); // guarded by lock; weight = generation

  /** A new wait group with a counter of zero. */
  public WaitGroup() {}

  /**
   * Adds {@code delta}, which may be negative, to the counter. If it becomes zero, every thread
   * blocked in {@code await} is released.
   *
   * @param delta the amount to add; may be negative
   * @throws IllegalStateException if the counter would become negative or exceed {@link
   *     Integer#MAX_VALUE}; the counter is unchanged then
   */
  public void add(int delta) {
    for (; ; ) {
      long s = state.get();
      int count = count(s);
      int gen = generation(s);
      long n = (long) count + delta;
      if (n < 0) {
        throw new IllegalStateException(
            "WaitGroup: negative counter (" + count + " + delta " + delta + ")");
      }
      if (n > Integer.MAX_VALUE) {
        throw new IllegalStateException(
            "WaitGroup: counter overflow (" + count + " + delta " + delta + ")");
      }
      boolean zeroed = n == 0 && count != 0;
      long next = zeroed ? pack(gen + 1, 0) : pack(gen, (int) n);
      if (state.compareAndSet(s, next)) {
        if (zeroed) releaseWaiters(gen);
        return;
      }
    }
  }

  /**
   * Decrements the counter by one: {@code add(-1)}.
   *
   * @throws IllegalStateException if the counter is zero
   */
  public void done() {
    add(-1);
  }

  /**
   * Runs {@code task} in a new weft virtual thread, counted by this group: {@code add(1)}, then the
   * task, then {@code done()} in a {@code finally}.
   *
   * <p>Anything the task throws (checked or not) is passed, unwrapped, to the task thread's
   * {@linkplain Thread#getUncaughtExceptionHandler() uncaught-exception handler} (by default the
   * {@linkplain Thread#setDefaultUncaughtExceptionHandler default handler}, else printed to
   * standard error) before the counter is decremented. A wait group only counts; use {@link
   * ErrGroup} to collect failures.
   *
   * @param task the task to run
   * @throws NullPointerException if {@code task} is null
   */
  public void go(Task task) {
    Objects.requireNonNull(task, "WaitGroup: task is null");
    add(1);
    try {
      ThreadRegistry.start("waitgroup", () -> runCounted(task));
    } catch (RuntimeException | Error e) {
      done(); // the thread never started
      throw e;
    }
  }

  private void runCounted(Task task) {
    try {
      task.run();
    } catch (Throwable t) {
      Thread self = Thread.currentThread();
      self.getUncaughtExceptionHandler().uncaughtException(self, t);
    } finally {
      done();
    }
  }

  /**
   * Blocks until the counter is zero. Returns at once if it is zero.
   *
   * <p>Wakes when the counter reaches zero, or on interrupt.
   *
   * @throws InterruptedException if interrupted on entry (even when the counter is zero) or while
   *     waiting
   */
  public void await() throws InterruptedException {
    await0(0, null);
  }

  /**
   * Blocks until the counter is zero or {@code ctx} is done.
   *
   * @param ctx the context; the call gives up when it is done
   * @throws ContextCancelledException if {@code ctx} is done on entry (even when the counter is
   *     zero) or while waiting
   * @throws InterruptedException if interrupted on entry or while waiting
   * @throws NullPointerException if {@code ctx} is null
   */
  public void await(Context ctx) throws InterruptedException {
    Objects.requireNonNull(ctx, "WaitGroup: context is null");
    await0(0, ctx);
  }

  /**
   * Blocks until the counter is zero, at most {@code timeout}. A zero or negative timeout only
   * checks the counter (after the interrupt check).
   *
   * @param timeout how long to wait at most
   * @return {@code true} if the counter reached zero, {@code false} if the timeout elapsed first
   * @throws InterruptedException if interrupted on entry or while waiting
   * @throws NullPointerException if {@code timeout} is null
   */
  public boolean await(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "WaitGroup: timeout is null");
    long nanos = Park.nanos(timeout);
    if (nanos <= 0) {
      if (Thread.interrupted()) throw new InterruptedException();
      return count() == 0;
    }
    return await0(Park.deadline(nanos), null);
  }

  /**
   * The counter now; a snapshot for monitoring and tests.
   *
   * @return the counter now; a snapshot for monitoring and tests
   */
  public int count() {
    return count(state.get());
  }

  @Override
  public String toString() {
    return "WaitGroup[count=" + count() + "]";
  }

  // ---- implementation ----

  private boolean await0(long deadline, Context ctx) throws InterruptedException {
    if (Thread.interrupted()) throw new InterruptedException();
    if (ctx != null && ctx.isDone()) throw Park.cancelled(ctx);
    if (count() == 0) return true;
    ParkWaiter w;
    lock.lock();
    try {
      long s = state.get();
      if (count(s) == 0) return true;
      w = new ParkWaiter(generation(s));
      waiters.add(w);
    } finally {
      lock.unlock();
    }
    return switch (Park.await(this, this::tryCancel, w, deadline, ctx)) {
      case Park.GRANTED -> true;
      case Park.TIMED_OUT -> false;
      default -> throw Park.cancelled(ctx);
    };
  }

  /** Releases the waiters of generation {@code gen} and older (all, unless a later add raced). */
  private void releaseWaiters(int gen) {
    ParkWaiter first = null;
    ParkWaiter last = null;
    lock.lock();
    try {
      for (ParkWaiter w; (w = waiters.peek()) != null && (int) w.weight - gen <= 0; ) {
        waiters.remove(w);
        w.grant();
        if (last == null) first = w;
        else last.next = w;
        last = w;
      }
    } finally {
      lock.unlock();
    }
    while (first != null) {
      ParkWaiter next = first.next;
      first.next = null;
      LockSupport.unpark(first.thread);
      first = next;
    }
  }

  private boolean tryCancel(ParkWaiter w) {
    lock.lock();
    try {
      if (w.state() != ParkWaiter.WAITING) return false;
      waiters.remove(w);
      w.cancel();
      return true;
    } finally {
      lock.unlock();
    }
  }

  private static int count(long s) {
    return (int) s;
  }

  private static int generation(long s) {
    return (int) (s >>> 32);
  }

  private static long pack(int gen, int count) {
    return ((long) gen << 32) | (count & 0xFFFF_FFFFL);
  }
}
