package dev.weft.chan;

/** FIFO intrusive doubly-linked queue of {@link WaitNode}s; guarded by its channel's lock. */
final class WaitQueue {
  private WaitNode head;
  private WaitNode tail;

  boolean isEmpty() {
    return head == null;
  }

  /** The number of queued nodes, live or not; O(n), for tests. */
  int size() {
    int n = 0;
    for (WaitNode x = head; x != null; x = x.next) n++;
    return n;
  }

  void add(WaitNode n) {
    n.queued = true;
    n.prev = tail;
    n.next = null;
    if (tail == null) head = n;
    else tail.next = n;
    tail = n;
  }

  /** Removes and returns the first node, or {@code null}. */
  WaitNode poll() {
    WaitNode n = head;
    if (n != null) remove(n);
    return n;
  }

  /** Unlinks {@code n} if it is still queued. */
  void remove(WaitNode n) {
    if (!n.queued) return;
    if (n.prev == null) head = n.next;
    else n.prev.next = n.next;
    if (n.next == null) tail = n.prev;
    else n.next.prev = n.prev;
    n.prev = n.next = null;
    n.queued = false;
  }

  /** Removes every node, returning the old head (the list stays linked through {@code next}). */
  WaitNode drain() {
    WaitNode h = head;
    for (WaitNode n = h; n != null; n = n.next) n.queued = false;
    head = tail = null;
    return h;
  }
}
