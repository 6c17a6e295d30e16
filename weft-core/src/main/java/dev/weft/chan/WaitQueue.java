package dev.weft.chan;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * FIFO intrusive doubly-linked queue of {@link WaitNode}s; guarded by its channel's lock.
 *
 * <p>It also keeps a {@link #waiting()} count that threads without the lock may read: the queued
 * nodes plus the waiters {@linkplain #register() registered} but not queued yet. A buffered
 * channel's lock-free operations read it after they change the buffer, to learn whether somebody
 * may be waiting for that change (see {@link ChannelImpl}).
 */
final class WaitQueue {
  private static final VarHandle WAITING;

  static {
    try {
      WAITING = MethodHandles.lookup().findVarHandle(WaitQueue.class, "waiting", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private WaitNode head;
  private WaitNode tail;

  /**
   * A buffered channel woke one of this queue's waiters to look again, and it has not looked yet
   * (see {@code ChannelImpl.wakeOneLocked}). Guarded by the channel's lock.
   */
  boolean woken;
  // Written under the lock: with a volatile store by register() (which must be ordered before the
  // registering thread's look at the buffer), with release stores when it drops.
  @SuppressWarnings("unused") // accessed through WAITING
  private int waiting;

  /**
   * Whether {@link #waiting()} is kept: only a buffered channel reads it, and a rendezvous channel
   * spares its operations the fence of {@link #register()}.
   */
  private final boolean counting;

  /** A queue that keeps {@link #waiting()} if {@code counting}; otherwise it stays 0. */
  WaitQueue(boolean counting) {
    this.counting = counting;
  }

  /** The number of queued nodes, live or not; O(n), for tests. */
  int size() {
    int n = 0;
    for (WaitNode x = head; x != null; x = x.next) n++;
    return n;
  }

  /**
   * Queued nodes plus registered waiters; read without the lock. Zero means that nobody was waiting
   * or about to wait when it was read.
   */
  int waiting() {
    return (int) WAITING.getVolatile(this);
  }

  /**
   * Announces a waiter that will look at the buffer and then either {@link #add} its node or
   * {@link #unregister()}. The volatile store orders the announcement before that look.
   */
  void register() {
    if (counting) WAITING.setVolatile(this, (int) WAITING.get(this) + 1);
  }

  /** Withdraws a {@link #register()} whose waiter did not queue a node. */
  void unregister() {
    dropWaiting(1);
  }

  private void dropWaiting(int n) {
    if (counting) WAITING.setRelease(this, (int) WAITING.get(this) - n);
  }

  /** Queues a node; its waiter {@linkplain #register() registered} first. */
  void add(WaitNode n) {
    n.queued = true;
    n.prev = tail;
    n.next = null;
    if (tail == null) head = n;
    else tail.next = n;
    tail = n;
  }

  /** Queues a node first; its waiter {@linkplain #register() registered} first. */
  void addFirst(WaitNode n) {
    n.queued = true;
    n.prev = null;
    n.next = head;
    if (head == null) tail = n;
    else head.prev = n;
    head = n;
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
    dropWaiting(1);
  }

  /** Removes every node, returning the old head (the list stays linked through {@code next}). */
  WaitNode drain() {
    WaitNode h = head;
    int n = 0;
    for (WaitNode x = h; x != null; x = x.next) {
      x.queued = false;
      n++;
    }
    head = tail = null;
    if (n != 0) dropWaiting(n);
    return h;
  }
}
