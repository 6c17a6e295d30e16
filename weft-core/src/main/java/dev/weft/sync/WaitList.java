package dev.weft.sync;

/** A FIFO intrusive doubly-linked list of {@link ParkWaiter}s; guarded by its owner's lock. */
final class WaitList {
  private ParkWaiter head;
  private ParkWaiter tail;
  private int size;

  boolean isEmpty() {
    return head == null;
  }

  int size() {
    return size;
  }

  /** The oldest waiter, or {@code null}. */
  ParkWaiter peek() {
    return head;
  }

  void add(ParkWaiter w) {
    w.prev = tail;
    w.next = null;
    if (tail == null) head = w;
    else tail.next = w;
    tail = w;
    size++;
  }

  /** Unlinks {@code w}, which must be in this list (that is, still {@link ParkWaiter#WAITING}). */
  void remove(ParkWaiter w) {
    if (w.prev == null) head = w.next;
    else w.prev.next = w.next;
    if (w.next == null) tail = w.prev;
    else w.next.prev = w.prev;
    w.prev = w.next = null;
    size--;
  }
}
