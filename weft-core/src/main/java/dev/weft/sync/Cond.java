package dev.weft.sync;

import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A condition variable: threads wait, with a lock held, for a state that other threads change under
 * the same lock and announce with {@link #signal()} or {@link #broadcast()}. Go's {@code sync.Cond}.
 *
 * <p><b>Mental model.</b> A queue of waiting threads tied to a {@link Lock} that guards some state.
 * {@link #await()} atomically releases the lock and joins the queue; {@code signal} wakes the
 * longest-waiting thread, {@code broadcast} wakes them all; a woken thread takes the lock again
 * before {@code await} returns. Nothing is remembered: a signal with nobody waiting is lost, which
 * is why the waiter checks the state, under the lock, before and after each wait. A new cond has no
 * waiters; it can be used for as long as its lock is.
 *
 * <pre>{@code
 * lock.lock();
 * try {
 *   while (queue.isEmpty()) {
 *     notEmpty.await(ctx);          // releases the lock while waiting
 *   }
 *   return queue.removeFirst();
 * } finally {
 *   lock.unlock();
 * }
 * // producer: lock; queue.addLast(x); notEmpty.signal(); unlock
 * }</pre>
 *
 * <p><b>Wait in a loop.</b> A woken thread must check the state again: another thread may have
 * taken the lock first and changed it, a broadcast wakes threads whose condition does not hold, and
 * {@code await} may return without a signal (a spurious wake-up; this implementation has none
 * today, but code that relies on that is wrong).
 *
 * <p><b>The lock.</b> Every form of {@code await} must be called with the lock held by the calling
 * thread, and returns (normally or by throwing) with it held again. For a {@link ReentrantLock} or
 * the write lock of a {@link ReentrantReadWriteLock} this is checked ({@link IllegalStateException}
 * otherwise), and a lock held several times is released completely while waiting and then taken
 * the same number of times; for other locks it is the caller's duty, and the lock is released once.
 * The lock is taken back uninterruptibly, as by {@code Condition.await}. {@code signal} and {@code
 * broadcast} may be called with or without the lock, as in Go; calling them while holding it, after
 * changing the state, is the usual way and the one that needs no further thought.
 *
 * <p><b>Interruption and cancellation.</b> {@link #await()} is interruptible, {@link
 * #await(Context)} also gives up when its context is done, {@link #await(Duration)} when its time
 * is up. An interrupt or a done context is checked on entry (the lock is then not released). A
 * waiter that gives up consumes no signal: a {@code signal} goes to a thread that is still waiting.
 * A signal that races with an interrupt, a timeout or the context wins: {@code await} returns
 * normally (after an interrupt, with the interrupt status set).
 *
 * <p><b>When not to use a cond.</b> Go's own documentation steers away from {@code sync.Cond}, and
 * so does this one. To tell every waiter that something happened once (ready, stopped, changed),
 * close a channel: late arrivals see it too, and the wait can sit in a {@code Select} next to a
 * timeout or a context (see the {@code cond-signal} example, which closes and replaces a channel on
 * every change). To wait for a number of tasks to finish, use a {@link WaitGroup}. To hand values
 * from producers to consumers, use a buffered {@code Channel}. A cond fits when the condition is an
 * arbitrary predicate over state already guarded by a lock, with several kinds of waiters.
 *
 * <p><b>Fairness.</b> {@code signal} wakes waiters in the order they began to wait. A woken waiter
 * then competes for the lock like any other thread, with the lock's own fairness.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread prior to {@code signal} or {@code
 * broadcast} <i>happen-before</i> actions following the return of an {@code await} that it woke.
 * Beyond that, the lock gives the usual edges: everything done under the lock before it is
 * released happens-before what the next holder does, including a woken waiter.
 *
 * <p>All methods are thread-safe.
 */
public final class Cond {

  /*
   * Implementation notes. The waiters are ParkWaiters on a FIFO WaitList guarded by an internal
   * lock, not by the user's lock (signal may be called without it). A waiter links itself while it
   * still holds the user's lock, then releases it: a thread that changes the state must take the
   * user's lock, so its signal comes after the link and cannot be missed (Go's notifyList takes a
   * ticket for the same reason). Parking goes through Park.await: a waiter that gives up unlinks
   * itself under the internal lock, so a signal never lands on a waiter that is leaving.
   */

  private final Lock lock;
  private final ReentrantLock waitersLock = new ReentrantLock();
  private final WaitList waiters = new WaitList(); // guarded by waitersLock

  /**
   * A new cond over {@code lock}, with no waiters (Go's {@code sync.NewCond}).
   *
   * @param lock the lock that guards the state waited for
   * @throws NullPointerException if {@code lock} is null
   */
  public Cond(Lock lock) {
    this.lock = Objects.requireNonNull(lock, "Cond: lock is null");
  }

  /**
   * The lock this cond releases while waiting (Go's {@code c.L}).
   *
   * @return the lock
   */
  public Lock lock() {
    return lock;
  }

  /**
   * Releases the lock, waits until signalled, and takes the lock again.
   *
   * <p>Wakes on {@link #signal()} (if this is the longest waiter), on {@link #broadcast()}, or on
   * interrupt; spurious wake-ups are allowed, so call it in a loop that checks the state.
   *
   * @throws InterruptedException if interrupted on entry (the lock is not released) or while
   *     waiting (the lock is taken again first)
   * @throws IllegalStateException if the lock is a {@link ReentrantLock} or a {@link
   *     ReentrantReadWriteLock.WriteLock} not held by the calling thread
   */
  public void await() throws InterruptedException {
    await0(0, null);
  }

  /**
   * Like {@link #await()}, but also gives up when {@code ctx} is done.
   *
   * @param ctx the context; the call gives up when it is done
   * @throws ContextCancelledException if {@code ctx} is done on entry (the lock is not released) or
   *     while waiting (the lock is taken again first)
   * @throws InterruptedException as for {@link #await()}
   * @throws IllegalStateException as for {@link #await()}
   * @throws NullPointerException if {@code ctx} is null
   */
  public void await(Context ctx) throws InterruptedException {
    Objects.requireNonNull(ctx, "Cond: context is null");
    await0(0, ctx);
  }

  /**
   * Like {@link #await()}, but waits at most {@code timeout}. A zero or negative timeout returns
   * {@code false} at once, after the interrupt and lock checks, without releasing the lock.
   *
   * @param timeout how long to wait at most
   * @return {@code false} if the timeout elapsed before a signal, {@code true} otherwise
   * @throws InterruptedException as for {@link #await()}
   * @throws IllegalStateException as for {@link #await()}
   * @throws NullPointerException if {@code timeout} is null
   */
  public boolean await(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "Cond: timeout is null");
    long nanos = Park.nanos(timeout);
    if (nanos <= 0) {
      checkHeld();
      if (Thread.interrupted()) throw new InterruptedException();
      return false;
    }
    return await0(Park.deadline(nanos), null);
  }

  /**
   * Wakes the thread that has waited longest, if any. Never blocks; need not hold the lock.
   */
  public void signal() {
    ParkWaiter w;
    waitersLock.lock();
    try {
      w = waiters.peek();
      if (w == null) return;
      waiters.remove(w);
      w.grant();
    } finally {
      waitersLock.unlock();
    }
    LockSupport.unpark(w.thread);
  }

  /** Wakes every waiting thread. Never blocks; need not hold the lock. */
  public void broadcast() {
    ParkWaiter granted = null;
    waitersLock.lock();
    try {
      for (ParkWaiter w; (w = waiters.peek()) != null; ) {
        waiters.remove(w);
        w.grant();
        w.next = granted;
        granted = w;
      }
    } finally {
      waitersLock.unlock();
    }
    while (granted != null) {
      ParkWaiter next = granted.next;
      granted.next = null;
      LockSupport.unpark(granted.thread);
      granted = next;
    }
  }

  /**
   * The number of threads waiting now; a snapshot for monitoring and tests.
   *
   * @return the number of threads waiting now
   */
  public int waiting() {
    waitersLock.lock();
    try {
      return waiters.size();
    } finally {
      waitersLock.unlock();
    }
  }

  @Override
  public String toString() {
    return "Cond[waiting=" + waiting() + "]";
  }

  // ---- implementation ----

  /** Returns true when signalled, false on timeout; throws on interrupt and cancellation. */
  private boolean await0(long deadline, Context ctx) throws InterruptedException {
    checkHeld();
    if (Thread.interrupted()) throw new InterruptedException();
    if (ctx != null && ctx.isDone()) throw Park.cancelled(ctx);
    ParkWaiter w = new ParkWaiter(0);
    waitersLock.lock();
    try {
      waiters.add(w);
    } finally {
      waitersLock.unlock();
    }
    int holds;
    try {
      holds = release();
    } catch (RuntimeException | Error e) { // a lock this class cannot check, not held after all
      tryCancel(w);
      throw e;
    }
    int r;
    try {
      r = Park.await(this, this::tryCancel, w, deadline, ctx);
    } finally {
      reacquire(holds);
    }
    if (r == Park.CANCELLED) throw Park.cancelled(ctx);
    return r == Park.GRANTED;
  }

  /** Releases the lock completely; returns how many times it was held. */
  private int release() {
    int holds = holdCount();
    for (int i = 0; i < holds; i++) lock.unlock();
    return holds;
  }

  private void reacquire(int holds) {
    for (int i = 0; i < holds; i++) lock.lock();
  }

  /** How many times the calling thread holds the lock: exact where checkable, else 1. */
  private int holdCount() {
    return switch (lock) {
      case ReentrantLock l -> l.getHoldCount();
      case ReentrantReadWriteLock.WriteLock l -> l.getHoldCount();
      default -> 1;
    };
  }

  private void checkHeld() {
    boolean held =
        switch (lock) {
          case ReentrantLock l -> l.isHeldByCurrentThread();
          case ReentrantReadWriteLock.WriteLock l -> l.isHeldByCurrentThread();
          default -> true; // not checkable
        };
    if (!held) throw new IllegalStateException("Cond: await called without holding the lock");
  }

  /** {@link Park.Owner#tryCancel}: a waiter giving up. */
  private boolean tryCancel(ParkWaiter w) {
    waitersLock.lock();
    try {
      if (w.state() != ParkWaiter.WAITING) return false;
      waiters.remove(w);
      w.cancel();
      return true;
    } finally {
      waitersLock.unlock();
    }
  }
}
