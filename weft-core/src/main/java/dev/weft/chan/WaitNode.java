package dev.weft.chan;

/**
 * One waiter's entry in one channel's send or receive queue. Linked fields are guarded by the
 * channel's lock. {@code item} is the value to send (send nodes, set before queueing) or the
 * value handed over (receive nodes, set by the sender before it completes the waiter).
 */
final class WaitNode {
  final ChanWaiter waiter;
  final int clause;
  Object item;
  /** Set before completion when the channel was closed instead of a value moving. */
  boolean closed;

  /**
   * Set before completion when a buffered channel woke this waiter to try again (its buffer gained
   * a value or a free slot, or it was closed) instead of moving a value: see {@link ChannelImpl}.
   */
  boolean retry;

  WaitNode prev;
  WaitNode next;
  boolean queued;

  WaitNode(ChanWaiter waiter, int clause, Object item) {
    this.waiter = waiter;
    this.clause = clause;
    this.item = item;
  }
}
