package dev.weft.flow.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One worker of a {@link PoolEngine}: a weft virtual thread of a root pool, or, for a sub-pool, a
 * {@link DrainJob} running on a worker of the parent.
 */
final class Worker {
  Job first; // the job it was started for; written before the start, taken by the worker
  Job pending; // worker-only: a hand-off that raced with the worker's own poll, run next
  volatile Thread thread; // set by the worker before it can go idle
  volatile Idle idle; // the node of its current (or last) idle period, null before the first
  volatile long idleSince; // clock.nanoTime() when that period began; written before idle
  volatile PoolTask<?> current; // the user task it is about to run or running (read by a halt)
  final AtomicBoolean timerArmed = new AtomicBoolean(); // an expiry timer is pending

  Worker(Job first) {
    this.first = first;
  }

  /**
   * One idle period of a worker: a node of the engine's idle stack. Whoever sets {@link #item}
   * first (one CAS from null) decides how the period ends: a submitter's job, a wake-up to look
   * again ({@link #WAKE}), an expiry ({@link #RETIRE}), or the worker leaving on its own ({@link
   * #LEFT}). A node is pushed once and never reused, so the stack has no ABA problem; nodes
   * decided by someone other than a popper stay in the stack until a popper discards them.
   */
  static final class Idle {
    static final Object WAKE = new Object();
    static final Object RETIRE = new Object();
    static final Object LEFT = new Object();

    private static final VarHandle ITEM;

    static {
      try {
        ITEM = MethodHandles.lookup().findVarHandle(Idle.class, "item", Object.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    final Worker worker;
    Idle next; // written before the push, then fixed
    volatile Object item;

    Idle(Worker worker) {
      this.worker = worker;
    }

    /** Decides this idle period with {@code x}; false if it was already decided. */
    boolean claim(Object x) {
      return ITEM.compareAndSet(this, null, x);
    }
  }
}
