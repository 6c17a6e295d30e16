package dev.weft.flow.pool;

import dev.weft.context.Context;
import dev.weft.spi.ContextHooks;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The submitters of a {@link PoolEngine} that wait for room in a full pool.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li><b>State:</b> {@code blocked}, the number of submitters waiting, and the condition they
 *       wait on. Both are guarded by the pool lock ({@link PoolLifecycle#lock}, shared so that a
 *       stop's state change and its wake-up of submitters are one step); {@code blocked} is also
 *       volatile, so the task path reads it without the lock.
 *   <li><b>No lost wake-up.</b> A submitter counts itself in {@code blocked} (under the lock) and
 *       tries once more before it waits; whoever makes room (a dequeue, a worker going idle or
 *       exiting) reads {@code blocked} after making it and signals. So either the submitter's
 *       retry sees the room, or the room-maker sees the count and its signal finds the submitter
 *       waiting (the lock orders the two).
 *   <li><b>A signal is not wasted:</b> a submitter that gives up (interrupt, context) while there
 *       is room passes its signal on ({@link #passOn}), since it may have consumed the one meant
 *       for another.
 *   <li>The task path costs one volatile read of {@code blocked}, and nothing at all while no
 *       submitter waits.
 * </ul>
 */
final class SubmitterGate {

  private final PoolEngine engine;
  private final ReentrantLock lock;
  private final Condition notFull;
  private volatile int blocked; // submitters waiting for room; written under the lock

  SubmitterGate(PoolEngine engine, ReentrantLock lock) {
    this.engine = engine;
    this.lock = lock;
    this.notFull = lock.newCondition();
  }

  /** Whether a submitter waits (a racy read, to skip the lock on the task path). */
  boolean anyBlocked() {
    return blocked > 0;
  }

  /**
   * The slow path of a blocking submit: waits under the lock until {@code t} is placed, the pool
   * stops, {@code waitCtx} (may be null) is done, or the thread is interrupted. Starts the worker
   * that carries {@code t}, if one was made for it.
   */
  @SuppressWarnings("NonAtomicVolatileUpdate") // blocked is written only under the lock
  Admission awaitRoom(PoolTask<?> t, Context waitCtx, int maxBlocked)
      throws InterruptedException {
    ContextHooks.Registration reg = waitCtx != null ? ContextHooks.onDone(waitCtx, this::signalAll) : null;
    Placement placed = null;
    Admission result;
    try {
      lock.lock();
      boolean counted = false;
      try {
        while (true) {
          if (!engine.life.isRunning()) {
            result = Admission.STOPPED;
            break;
          }
          if (waitCtx != null && waitCtx.isDone()) { // gave up: not accepted late
            passOn();
            throw ContextHooks.cancelled(waitCtx);
          }
          Placement r = engine.tryPlace(t, false);
          if (r == Placement.Done.STOPPED) {
            result = Admission.STOPPED;
            break;
          }
          if (r != Placement.Done.FULL) {
            placed = r;
            result = Admission.ACCEPTED;
            break;
          }
          if (!counted) { // count ourselves, then look once more before waiting
            if (blocked >= maxBlocked) {
              result = Admission.TOO_MANY_BLOCKED_SUBMITTERS;
              break;
            }
            blocked++;
            counted = true;
            continue;
          }
          try {
            notFull.await();
          } catch (InterruptedException e) {
            passOn();
            throw e;
          }
        }
      } finally {
        if (counted) blocked--;
        lock.unlock();
      }
    } finally {
      if (reg != null) reg.remove();
    }
    if (placed instanceof Worker w) engine.start(w);
    return result;
  }

  /** Room was made: wakes one waiting submitter, if any (call after making the room). */
  void signalIfBlocked() {
    if (blocked > 0) signal();
  }

  private void signal() {
    lock.lock();
    try {
      notFull.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Wakes every waiting submitter (a stop, a resize, a done wait context). */
  void signalAll() {
    lock.lock();
    try {
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** With the lock held, by a submitter giving up: hands on a wake-up it may have consumed. */
  private void passOn() {
    if (engine.mayHaveRoom()) notFull.signal();
  }
}
