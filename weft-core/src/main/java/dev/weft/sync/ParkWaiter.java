package dev.weft.sync;

/**
 * A thread parked in one of this package's synchronizers, as a node of that synchronizer's {@link
 * WaitList}.
 *
 * <p>Its fate is decided exactly once, under the owning synchronizer's lock: the owner grants it
 * (unlinks it, then sets {@link #GRANTED}), or the waiter itself gives up (unlinks itself, then
 * sets {@link #CANCELLED}). So a waiter is {@link #WAITING} exactly while it is linked. The parked
 * thread reads {@link #state} without the lock; the volatile write publishes whatever the owner
 * wrote before granting.
 */
final class ParkWaiter {
  static final int WAITING = 0;
  static final int GRANTED = 1;
  static final int CANCELLED = 2;

  final Thread thread;

  /** What the waiter asks for: permits (Semaphore) or the generation it waits on (WaitGroup). */
  final long weight;

  // Guarded by the owner's lock.
  ParkWaiter prev;
  ParkWaiter next;

  /** Written under the owner's lock; read without it by the waiting thread. */
  private volatile int state;

  ParkWaiter(long weight) {
    this.thread = Thread.currentThread();
    this.weight = weight;
  }

  int state() {
    return state;
  }

  /** With the owner's lock held, after unlinking. */
  void grant() {
    state = GRANTED;
  }

  /** With the owner's lock held, after unlinking. */
  void cancel() {
    state = CANCELLED;
  }
}
