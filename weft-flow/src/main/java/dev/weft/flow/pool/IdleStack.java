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

  /** Pops the most recently pushed idle period, decided or not; null if there is none. */
  Worker.Idle pop() {
    while (true) {
      Worker.Idle h = head;
      if (h == null || HEAD.compareAndSet(this, h, h.next)) return h;
    }
  }

  /** Removes {@code n} if it is on top (its worker left it); otherwise a popper will. */
  void unlinkIfTop(Worker.Idle n) {
    HEAD.compareAndSet(this, n, n.next);
  }
}
