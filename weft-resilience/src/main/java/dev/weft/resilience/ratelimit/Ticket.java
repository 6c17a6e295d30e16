package dev.weft.resilience.ratelimit;

import java.time.Duration;

/**
 * A place in a {@link TokenBucket}'s {@link WaitLine}: a waiting acquirer (with a {@link #wakeUp}
 * condition) or a {@link Reservation} (without). All fields are guarded by the bucket's lock.
 */
final class Ticket implements Reservation {

  final WaitLine owner;
  final int n;
  /** The tokens it took: {@code n} times the bucket's unit. */
  final long cost;
  /** Per band, the number of the last token this ticket takes. */
  long[] ends;

  /** Signalled to make a waiting acquirer look again; null for a reservation. */
  final WakeUp wakeUp;

  Ticket prev;
  Ticket next;
  boolean linked;
  Ticket(WaitLine owner, int n, long cost, long[] ends, WakeUp wakeUp) {
    this.owner = owner;
    this.n = n;
    this.cost = cost;
    this.ends = ends;
    this.wakeUp = wakeUp;
  }

  @Override
  public Duration delay() {
    return owner.delayOf(this);
  }

  @Override
  public boolean cancel() {
    return owner.cancel(this);
  }

  @Override
  public String toString() {
    return "Reservation[permits=" + n + ", delay=" + delay() + "]";
  }
}
