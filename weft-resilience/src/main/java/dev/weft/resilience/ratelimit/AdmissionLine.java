package dev.weft.resilience.ratelimit;

import dev.weft.context.AfterFunc;
import dev.weft.context.Context;
import dev.weft.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link RateLimiter} operations of a window limiter over its {@link Admissions}: argument
 * checks, the lock-free path where the counting has one, and the FIFO line of waiters and
 * reservations with its give-back and re-timing.
 */
final class AdmissionLine {

  /*
   * Implementation notes. A waiter or a reservation is an admission recorded at a future time: the
   * earliest clock reading at which the counting would admit it after everything recorded before
   * it (Admissions.admitLocked). Its Ticket holds that time (`due`); the waiter sleeps until the
   * clock reaches it, and a reservation is used once it has passed. Records are made in
   * non-decreasing time, so a later request is never placed before an earlier one (FIFO) and
   * tryAcquire fails while anyone is in line: its earliest time is then in the future.
   *
   * Giving back: a waiter that gives up (interrupt, context done) or a reservation cancelled
   * before its time is removed with Admissions.removeLocked, which places every later ticket again
   * from now, as if the removed one had never come; their waiters are woken to re-time their
   * waits. Placing again only moves a ticket earlier: every counting here admits no later when a
   * record is removed.
   *
   * Protection: `lock` guards the list (`head`, `tail`, `waiting`) and every Ticket's fields, and
   * is held by every call into Admissions.admitLocked/removeLocked. Invariants, whenever the lock
   * is free: tickets are in arrival order with non-decreasing `due`; a linked waiter's ticket
   * stays linked until its waiter leaves; a ticket whose due time has come is admitted and is
   * never removed from the counting (a grant wins races with an interrupt or a done context).
   * Reservation tickets are pruned from the head once due.
   *
   * Waiting on a clock other than the system clock uses a timer scheduled on that clock; the
   * delay is computed from a reading taken at the call and checked after it (see arm).
   */

  /** The reservation returned when the permits were available at once. */
  static final Reservation USED =
      new Reservation() {
        @Override
        public Duration delay() {
          return Duration.ZERO;
        }

        @Override
        public boolean cancel() {
          return false;
        }

        @Override
        public String toString() {
          return "Reservation[used]";
        }
      };

  private final String type;
  private final long limit;
  private final Clock clock;
  private final Admissions counts;
  private final ReentrantLock lock = new ReentrantLock();

  private Ticket head; // guarded by lock
  private Ticket tail; // guarded by lock
  private int waiting; // guarded by lock; tickets in line

  AdmissionLine(String type, long limit, Clock clock, Admissions counts) {
    this.type = type;
    this.limit = limit;
    this.clock = clock;
    this.counts = counts;
  }

  // ---- RateLimiter ----

  boolean tryAcquire(int n) {
    check(n);
    return tryAcquireChecked(n);
  }

  private boolean tryAcquireChecked(int n) {
    int r = counts.tryTake(n, clock);
    if (r != Admissions.LOCKED) return r == Admissions.TAKEN;
    lock.lock();
    try {
      return counts.admitLocked(n, clock.nanoTime(), 0, null) == 0;
    } finally {
      lock.unlock();
    }
  }

  Decision decide(int n) {
    check(n);
    long wait = counts.decideFast(n, clock);
    if (wait < 0) {
      lock.lock();
      try {
        wait = counts.admitLocked(n, clock.nanoTime(), 0, null);
      } finally {
        lock.unlock();
      }
    }
    return wait == 0 ? Decision.admitted() : new Decision.Limited(Duration.ofNanos(wait));
  }

  void acquire(int n) throws InterruptedException {
    check(n);
    if (Thread.interrupted()) throw new InterruptedException();
    if (tryAcquireChecked(n)) return;
    await(n, Long.MAX_VALUE, null);
  }

  void acquire(int n, Context ctx) throws InterruptedException {
    if (ctx == null) throw new NullPointerException(type + ": context is null");
    check(n);
    if (Thread.interrupted()) throw new InterruptedException();
    ctx.throwIfDone();
    if (tryAcquireChecked(n)) return;
    await(n, Long.MAX_VALUE, ctx);
  }

  boolean tryAcquire(int n, Duration timeout) throws InterruptedException {
    if (timeout == null) throw new NullPointerException(type + ": timeout is null");
    check(n);
    if (Thread.interrupted()) throw new InterruptedException();
    if (tryAcquireChecked(n)) return true;
    if (timeout.isNegative() || timeout.isZero()) return false;
    return await(n, Bandwidth.periodNanos(timeout), null);
  }

  Reservation reserve(int n) {
    check(n);
    if (tryAcquireChecked(n)) return USED;
    lock.lock();
    try {
      long now = clock.nanoTime();
      pruneLocked(now);
      Ticket t = new Ticket(this, n, null);
      if (counts.admitLocked(n, now, Long.MAX_VALUE, t) == 0) return USED;
      append(t);
      return t;
    } finally {
      lock.unlock();
    }
  }

  /** The number of waiters and reservations whose time has not come. */
  int queued() {
    lock.lock();
    try {
      pruneLocked(clock.nanoTime());
      return waiting;
    } finally {
      lock.unlock();
    }
  }

  /** Checks a number of permits. */
  void check(int n) {
    if (n <= 0) throw new IllegalArgumentException(type + ": n must be > 0, was " + n);
    if (n > limit) {
      throw new IllegalArgumentException(
          type + ": n must be at most the limit " + limit + " (it could never succeed), was " + n);
    }
  }

  /** The largest limit a window limiter accepts. */
  static final long MAX_LIMIT = 1_000_000_000L;

  /** Checks a limit against {@link #MAX_LIMIT}. */
  static long checkLimit(String type, long limit) {
    if (limit <= 0 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          type + ": limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
    }
    return limit;
  }

  /** Checks a window and returns its length in ns: from 1 ns to {@code Long.MAX_VALUE - 1} ns. */
  static long windowNanos(String type, Duration window) {
    if (window == null) throw new NullPointerException(type + ": window is null");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException(type + ": window must be positive, was " + window);
    }
    long nanos = Bandwidth.periodNanos(window);
    if (nanos == 0) {
      throw new IllegalArgumentException(type + ": window must be at least 1 ns, was " + window);
    }
    if (nanos == Long.MAX_VALUE) {
      throw new IllegalArgumentException(
          type
              + ": window must be at most "
              + Duration.ofNanos(Long.MAX_VALUE - 1)
              + ", was "
              + window);
    }
    return nanos;
  }

  /** The clock, checked. */
  static Clock checkClock(String type, Clock clock) {
    if (clock == null) throw new NullPointerException(type + ": clock is null");
    return clock;
  }

  // ---- the line ----

  /**
   * Waits for {@code n} permits at most {@code maxWait} ns (Long.MAX_VALUE: no limit), or until
   * {@code ctx} (may be null) is done. The caller checked the arguments, the interrupt and ctx.
   */
  private boolean await(int n, long maxWait, Context ctx) throws InterruptedException {
    AfterFunc watch = null;
    lock.lock();
    try {
      long now = clock.nanoTime();
      pruneLocked(now);
      Ticket t = new Ticket(this, n, new WakeUp(lock));
      long wait = counts.admitLocked(n, now, maxWait, t);
      if (wait > maxWait) return false;
      if (wait == 0) return true;
      append(t);
      if (ctx != null) watch = Context.afterFunc(ctx, () -> t.wakeUp.signalLocking(lock));
      try {
        while (true) {
          now = clock.nanoTime();
          if (now >= t.due) {
            unlink(t);
            return true;
          }
          if (ctx != null && ctx.isDone()) {
            if (!giveBackLocked(t, now)) { // its time came meanwhile
              unlink(t);
              return true;
            }
            ctx.throwIfDone();
          }
          t.wakeUp.awaitUntil(clock, lock, t.due, now);
        }
      } catch (InterruptedException e) {
        long now2 = clock.nanoTime();
        if (now2 >= t.due || !giveBackLocked(t, now2)) {
          unlink(t);
          Thread.currentThread().interrupt();
          return true;
        }
        throw e;
      } finally {
        t.wakeUp.cancelTimer();
      }
    } finally {
      lock.unlock();
      if (watch != null) watch.stop();
    }
  }

  /**
   * With the lock held: removes {@code t} (not due at {@code now}) from the counting and the
   * line, re-times every later ticket and wakes the waiters among them. Returns {@code false},
   * changing nothing, if {@code t} was due after all.
   */
  private boolean giveBackLocked(Ticket t, long now) {
    if (!counts.removeLocked(t, now)) return false;
    for (Ticket u = t.next; u != null; u = u.next) {
      if (u.wakeUp != null) u.wakeUp.signal();
    }
    unlink(t);
    return true;
  }

  Duration delayOf(Ticket t) {
    lock.lock();
    try {
      if (!t.linked) return Duration.ZERO;
      long now = clock.nanoTime();
      if (now >= t.due) {
        pruneLocked(now);
        return Duration.ZERO;
      }
      return Duration.ofNanos(t.due - now);
    } finally {
      lock.unlock();
    }
  }

  boolean cancel(Ticket t) {
    lock.lock();
    try {
      if (!t.linked) return false;
      long now = clock.nanoTime();
      if (now >= t.due || !giveBackLocked(t, now)) {
        pruneLocked(now);
        return false;
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** With the lock held: drops reservations at the head of the line whose time has come. */
  private void pruneLocked(long now) {
    while (head != null && head.wakeUp == null && now >= head.due) unlink(head);
  }

  private void append(Ticket t) {
    t.prev = tail;
    if (tail == null) head = t;
    else tail.next = t;
    tail = t;
    t.linked = true;
    waiting++;
  }

  private void unlink(Ticket t) {
    if (!t.linked) return;
    if (t.prev == null) head = t.next;
    else t.prev.next = t.next;
    if (t.next == null) tail = t.prev;
    else t.next.prev = t.prev;
    t.prev = null;
    t.next = null;
    t.linked = false;
    waiting--;
  }

  /**
   * A place in the line: a waiting acquirer (with a {@link #wakeUp}) or a {@link
   * Reservation} (without). All fields but the final ones are guarded by the line's lock.
   */
  static final class Ticket implements Reservation {
    final AdmissionLine owner;
    final int n;
    /** Signalled to make a waiting acquirer look again; null for a reservation. */
    final WakeUp wakeUp;

    /** The clock reading at which the permits are admitted. */
    long due;

    /** The counting's mark before this ticket's record: what it needs to remove the record. */
    long before;

    /** The counting's mark after this ticket's record, where it needs one. */
    long after;

    Ticket prev;
    Ticket next;
    boolean linked;
    Ticket(AdmissionLine owner, int n, WakeUp wakeUp) {
      this.owner = owner;
      this.n = n;
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
}
