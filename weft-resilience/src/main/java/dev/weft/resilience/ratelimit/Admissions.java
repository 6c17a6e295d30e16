package dev.weft.resilience.ratelimit;

import dev.weft.time.Clock;

/**
 * The counting of a window limiter ({@link FixedWindow}, {@link SlidingLog}, {@link
 * SlidingWindowCounter}) behind its {@link AdmissionLine}: where the next admission may be placed
 * in time, given every admission already recorded, including those recorded at a future time for
 * the waiters and reservations in line.
 *
 * <p>Methods named {@code ...Locked} run with the line's lock held. Records are placed in
 * non-decreasing time, in the order they are made, so the tickets in line (whose times lie in the
 * future) are always the most recent records, in line order.
 */
interface Admissions {

  /** What {@link #tryTake} returns. */
  int TAKEN = 1;

  int REFUSED = 0;
  int LOCKED = -1;

  /**
   * Without the lock: takes {@code n} permits if they fit at a reading of {@code clock}, returning
   * {@link #TAKEN} or {@link #REFUSED}; or {@link #LOCKED} when this counting has no lock-free
   * path and the caller must use {@link #admitLocked}. The decision rests on the last reading it
   * took.
   */
  default int tryTake(int n, Clock clock) {
    return LOCKED;
  }

  /**
   * Without the lock, as {@link #tryTake}: 0 when taken, the wait in ns (positive) when the
   * permits do not fit now, or -1 when the caller must use {@link #admitLocked}.
   */
  default long decideFast(int n, Clock clock) {
    return -1;
  }

  /**
   * With the lock held: the wait in ns from {@code now} until {@code n} permits fit after every
   * record, 0 if they fit now. Records them if the wait is at most {@code maxWait}, then sets the
   * due time and marks of {@code ticket} if it is not null; a positive wait is recorded only with
   * a ticket.
   */
  long admitLocked(int n, long now, long maxWait, AdmissionLine.Ticket ticket);

  /**
   * With the lock held: removes the record of {@code t}, which is in line and not due at {@code
   * now}, and places every later ticket again, in line order, from {@code now} on, updating their
   * due times and marks (they move earlier or stay). Returns {@code false}, changing nothing, if
   * {@code t} turned out to be due after all (the clock moved on while a lock-free caller raced).
   */
  boolean removeLocked(AdmissionLine.Ticket t, long now);
}
