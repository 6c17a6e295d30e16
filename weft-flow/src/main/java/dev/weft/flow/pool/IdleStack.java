package dev.weft.flow.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The idle workers of a pool: a lock-free (Treiber) stack of one-shot idle periods ({@link
 * Worker.Idle}), the most recently idle on top, so the coldest workers are the ones that expire.
 * A node is pushed once and never reused, so a CAS on the head cannot suffer ABA. Nodes decided by
 * someone other than a popper (a wake-up, an expiry, the worker leaving) stay until a popper
 * discards them, or until their own worker unlinks them while they are still on top.
 */
final class IdleStack {
  private static final VarHandle HEAD;

  static {
    try {
      HEAD = MethodHandles.lookup().findVarHandle(IdleStack.class, "head", Worker.Idle.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private volatile Worker.Idle head;

  /** Whether no idle period, decided or not, is on the stack. */
  boolean isEmpty() {
    return head == null;
  }

  void push(Worker.Idle n) {
    while (true) {
      Worker.Idle h = head;
      n.next = h;
      if (HEAD.compareAndSet(this, h, n)) return;
    }
  }

  /** What {@link #popDeciding} returns when the decided worker's thread was still running. */
  static final Worker.Idle SEEN = new Worker.Idle(null);

  /**
   * Pops idle periods, discarding decided ones, until one is decided with {@code item}. Returns
   * null if there was none, {@link #SEEN} if its worker's thread was still running (it will see
   * the decision), or the node itself if its worker has no thread: the caller must start one.
   */
  Worker.Idle popDeciding(Object item) {
    while (true) {
      Worker.Idle h = head;
      if (h == null) return null;
      if (HEAD.compareAndSet(this, h, h.next)) {
        int r = h.decide(item);
        if (r == Worker.Idle.RESUME) return h;
        if (r == Worker.Idle.SEEN) return SEEN;
      }
    }
  }

  /** Removes {@code n} if it is on top (its worker left it); otherwise a popper will. */
  void unlinkIfTop(Worker.Idle n) {
    HEAD.compareAndSet(this, n, n.next);
  }
}
