package dev.weft.chan;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A thread blocked in a channel operation or a {@link Select}: Go's {@code sudog} owner. It has
 * one {@link WaitNode} in the queue of each channel it waits on; exactly one party decides its
 * fate, by a CAS on {@link #state}: a counterpart completes it through one of its nodes, or the
 * waiter itself cancels (interrupt, timeout, context).
 */
final class ChanWaiter {
  /** {@link #state} after the waiter cancelled itself. */
  static final Object CANCELLED = new Object();

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(ChanWaiter.class, "state", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final Thread thread;

  /** {@code null} while waiting; then the {@link WaitNode} it completed through, or CANCELLED. */
  @SuppressWarnings("unused") // accessed through STATE
  private volatile Object state;

  ChanWaiter(Thread thread) {
    this.thread = thread;
  }

  /** Completes this waiter through {@code node}; fields of node written before are published. */
  boolean tryComplete(WaitNode node) {
    return STATE.compareAndSet(this, null, node);
  }

  /** Cancels this waiter; {@code false} if it was completed first. */
  boolean tryCancel() {
    return STATE.compareAndSet(this, null, CANCELLED);
  }

  /**
   * Makes a decided waiter wait again, for reuse by its own thread. Only called by that thread,
   * while it holds the lock of the channel it is about to queue on (which publishes the reset).
   */
  void reset() {
    STATE.set(this, null);
  }

  Object state() {
    return state;
  }
}
