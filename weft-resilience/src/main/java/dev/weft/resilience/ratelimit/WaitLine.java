package dev.weft.resilience.ratelimit;

import dev.weft.context.AfterFunc;
import dev.weft.context.Context;
import dev.weft.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The FIFO line of a {@link TokenBucket}: acquirers waiting for their tokens and reservations
 * whose time has not come, with the re-timing and give-back that keep it exact.
 */
final class WaitLine {

  /*
   * Implementation notes. Owns the doubly linked list of Tickets (`head`, `tail`, `waiting`) and
   * every Ticket's links, ends and timer. All of it is guarded by the bucket's `lock`, which this
   * class shares with TokenBucket and TokenCounts. reserve, await, delayOf and cancel take it, as
   * do the callbacks of a context and of a fake-clock timer; every other method runs with it held.
   *
   * Waiting: an acquirer that must wait commits its tokens in the TokenCounts, appends a Ticket
   * and waits on its own WakeUp until its due time: with the system clock by awaitNanos, with
   * any other clock by a timer scheduled on that clock. Invariants, whenever the lock is free:
   * tickets are in arrival order; `waiting` is their number; their ends grow along the list in
   * every band (so due times never decrease along it); and while a ticket is not due, the band
   * that keeps it waiting has not refilled past it, so every later ticket took the tokens just
   * after it. That makes giving back exact with one band: subtract n from the counts and from the
   * ends of every later ticket, and wake those that wait. (With several bands, a band in which the
   * ticket was already covered may have been capped since; the give-back then over-credits it,
   * within its capacity.) A ticket whose due time has come is admitted; its tokens are never given
   * back (a grant wins races with an interrupt or a done context). Reservation tickets are pruned
   * from the head once due. When the bands change in number, every ticket's ends become its debt
   * beyond the old bands' arrivals, in every new band, the same carry-over as the counts'.
   */

  private final ReentrantLock lock;
  private final Clock clock;
  private final TokenCounts counts;

  private Ticket head; // guarded by lock
  private Ticket tail; // guarded by lock
  private int waiting; // guarded by lock; tickets in line

  WaitLine(ReentrantLock lock, Clock clock, TokenCounts counts) {
    this.lock = lock;
    this.clock = clock;
    this.counts = counts;
  }

  /**
   * Reserves {@code n} permits: null when they were available at once (and taken), else the
   * ticket now in line.
   */
  Ticket reserve(int n) {
    lock.lock();
    try {
      long now = clock.nanoTime();
      pruneLocked(now);
      TokenCounts.Setup st = counts.setup();
      long[] ends = new long[st.bands.length];
      if (counts.reserveLocked(n, now, Long.MAX_VALUE, ends) == 0) return null;
      Ticket t = new Ticket(this, n, n * st.unit, ends, null);
      append(t);
      return t;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits for {@code n} permits at most {@code maxWait} ns (Long.MAX_VALUE: no limit), or until
   * {@code ctx} (may be null) is done. The caller checked the arguments, the interrupt and ctx.
   */
  boolean await(int n, long maxWait, Context ctx) throws InterruptedException {
    Ticket t;
    AfterFunc watch = null;
    lock.lock();
    try {
      long now = clock.nanoTime();
      TokenCounts.Setup st = counts.checkPermits(n);
      pruneLocked(now);
      long[] ends = new long[st.bands.length];
      long wait = counts.reserveLocked(n, now, maxWait, ends);
      if (wait > maxWait) return false;
      if (wait == 0) return true;
      long deadline = maxWait == Long.MAX_VALUE ? Long.MAX_VALUE : Band.satAdd(now, maxWait);
      t = new Ticket(this, n, n * st.unit, ends, new WakeUp(lock));
      append(t);
      if (ctx != null) {
        Ticket w = t;
        watch = Context.afterFunc(ctx, () -> w.wakeUp.signalLocking(lock));
      }
      try {
        while (true) {
          now = clock.nanoTime();
          long due = counts.dueLocked(t.ends);
          if (now >= due) {
            unlink(t);
            return true;
          }
          if (ctx != null && ctx.isDone()) {
            giveBackLocked(t);
            ctx.throwIfDone();
          }
          if (due > deadline) {
            giveBackLocked(t);
            return false;
          }
          t.wakeUp.awaitUntil(clock, lock, due, now);
        }
      } catch (InterruptedException e) {
        if (clock.nanoTime() >= counts.dueLocked(t.ends)) {
          unlink(t);
          Thread.currentThread().interrupt();
          return true;
        }
        giveBackLocked(t);
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
   * With the lock held: gives {@code t}'s tokens back (it is not due), moves every later ticket
   * forward by as much and wakes the waiters among them.
   */
  private void giveBackLocked(Ticket t) {
    long n = t.cost;
    counts.giveBackLocked(n);
    for (Ticket u = t.next; u != null; u = u.next) {
      for (int i = 0; i < u.ends.length; i++) u.ends[i] -= n;
      if (u.wakeUp != null) u.wakeUp.signal();
    }
    unlink(t);
  }

  /** For {@link Ticket#delay()}. */
  Duration delayOf(Ticket t) {
    lock.lock();
    try {
      if (!t.linked) return Duration.ZERO;
      long now = clock.nanoTime();
      long wait = Band.satAdd(counts.dueLocked(t.ends), -now);
      if (wait <= 0) {
        pruneLocked(now);
        return Duration.ZERO;
      }
      return Duration.ofNanos(wait);
    } finally {
      lock.unlock();
    }
  }

  /** For {@link Ticket#cancel()}. */
  boolean cancel(Ticket t) {
    lock.lock();
    try {
      if (!t.linked) return false;
      long now = clock.nanoTime();
      if (now >= counts.dueLocked(t.ends)) {
        pruneLocked(now);
        return false;
      }
      giveBackLocked(t);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * With the lock held, after the bands changed in number from {@code old} to {@code bands}: sets
   * every ticket's ends to its debt beyond what {@code old} had delivered at {@code now}.
   */
  void retimeLocked(TokenCounts.Setup old, int bands, long now) {
    for (Ticket t = head; t != null; t = t.next) {
      long[] ends = new long[bands];
      Arrays.fill(ends, old.debtAt(t.ends, now));
      t.ends = ends;
    }
  }

  /** With the lock held: wakes every waiter to re-time its wait. */
  void wakeAllLocked() {
    for (Ticket t = head; t != null; t = t.next) {
      if (t.wakeUp != null) t.wakeUp.signal();
    }
  }

  /** With the lock held: the number of tickets in line, after pruning those due at {@code now}. */
  int queuedLocked(long now) {
    pruneLocked(now);
    return waiting;
  }

  /** With the lock held: drops reservations at the head of the line whose time has come. */
  private void pruneLocked(long now) {
    while (head != null && head.wakeUp == null && now >= counts.dueLocked(head.ends)) {
      unlink(head);
    }
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
}
