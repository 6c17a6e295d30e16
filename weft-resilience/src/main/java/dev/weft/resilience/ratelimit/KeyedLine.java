package dev.weft.resilience.ratelimit;

import dev.weft.context.AfterFunc;
import dev.weft.context.Context;
import dev.weft.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The acquirers waiting for one key of a {@link KeyedRateLimiter}, in arrival order. It exists
 * only while someone waits: the first waiter creates it, the last one to leave removes it.
 *
 * @param <K> the key type
 */
final class KeyedLine<K> {

  /*
   * Implementation notes. A line takes the key's count out of its cell for as long as anyone
   * waits: the first waiter CASes the cell from its count to LINED and keeps the count in
   * `consumed`; the last waiter to leave writes it back and removes the line from the limiter's
   * map of lines. While the cell reads LINED, the lock-free path refuses (so nobody passes the
   * waiters: first come, first served) and eviction skips the key, so `consumed` has one writer:
   * the head of the line, under `lock`.
   *
   * Waiters take nothing until their turn: only the head waits on the clock, until its permits
   * have arrived, then takes them and leaves, and the next waiter becomes head. A waiter that gives
   * up (interrupt, done context) has taken nothing, so the key is left exactly as if it had never
   * come, and nobody behind it needs re-timing. Since nothing but the head changes `consumed`, the
   * head's due time never moves while it waits. The schedule is the same as if every waiter had
   * taken its tokens on arrival and gone into debt: the head takes its tokens at the moment the
   * last of them arrives.
   *
   * Invariants, whenever `lock` is free: `closed` iff the line was removed from the map (or is
   * about to be, under the lock); an open line has at least one waiter, except between its
   * creation and its first waiter's arrival; `cell` reads LINED while the line has waiters;
   * `pending` is the sum of the waiters' permits. Every field is guarded by `lock`.
   */

  private final KeyedRateLimiter<K> owner;
  private final K key;
  private final Band band;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();

  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>(); // guarded by lock
  private KeyedCell<K> cell; // guarded by lock; set by the first waiter
  private long consumed; // guarded by lock; the key's count while it is lined
  private long pending; // guarded by lock; the permits the waiters ask for
  private boolean closed; // guarded by lock

  KeyedLine(KeyedRateLimiter<K> owner, K key, Band band, Clock clock) {
    this.owner = owner;
    this.key = key;
    this.band = band;
    this.clock = clock;
  }

  /** An acquirer waiting in line; its fields are guarded by the line's lock. */
  private static final class Waiter {
    final int n;
    final WakeUp wakeUp;

    Waiter(int n, WakeUp wakeUp) {
      this.n = n;
      this.wakeUp = wakeUp;
    }
  }

  /**
   * Waits in line for {@code n} permits until they are taken (true), or returns false at once when
   * the line was closed before this call joined it (the caller looks the key up again).
   */
  boolean await(int n, Context ctx) throws InterruptedException {
    AfterFunc watch = null;
    lock.lock();
    try {
      if (closed) return false;
      if (waiters.isEmpty()) adopt();
      Waiter w = new Waiter(n, new WakeUp(lock));
      waiters.addLast(w);
      pending += n;
      watch = Context.afterFunc(ctx, () -> w.wakeUp.signalLocking(lock));
      try {
        while (true) {
          if (waiters.peekFirst() == w) {
            long now = clock.nanoTime();
            if (takeIfArrived(w, now)) return true;
            if (ctx.isDone()) {
              leave(w);
              ctx.throwIfDone();
            }
            long due = band.timeOf(nextFor(w.n, now));
            w.wakeUp.awaitUntil(clock, lock, due, now);
          } else {
            if (ctx.isDone()) {
              leave(w);
              ctx.throwIfDone();
            }
            w.wakeUp.await();
          }
        }
      } catch (InterruptedException e) {
        // Permits that have arrived for the head are not undone by an interrupt.
        if (waiters.peekFirst() == w && takeIfArrived(w, clock.nanoTime())) {
          Thread.currentThread().interrupt();
          return true;
        }
        leave(w);
        throw e;
      } finally {
        w.wakeUp.cancelTimer();
      }
    } finally {
      lock.unlock();
      if (watch != null) watch.stop();
    }
  }

  /**
   * How long until {@code n} more permits would be available after every waiter has had its
   * turn, or -1 when the line is closed (the caller looks the key up again).
   */
  long delay(int n, long now) {
    lock.lock();
    try {
      if (closed) return -1;
      long wait = Band.satAdd(band.timeOf(nextFor(Band.satAdd(pending, n), now)), -now);
      return Math.max(1, wait);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The permits available now, negative by what the waiters still need; or {@link Long#MIN_VALUE}
   * when the line is closed.
   */
  long available(long now) {
    lock.lock();
    try {
      if (closed) return Long.MIN_VALUE;
      return Math.min(band.capacity, band.slotsAt(now) - nextFor(pending, now));
    } finally {
      lock.unlock();
    }
  }

  /** The number of waiters, or -1 when the line is closed. */
  int size() {
    lock.lock();
    try {
      return closed ? -1 : waiters.size();
    } finally {
      lock.unlock();
    }
  }

  // ---- with the lock held ----

  /** The count after {@code n} more permits were taken at {@code now}. */
  private long nextFor(long n, long now) {
    return Band.satAdd(Math.max(consumed, band.floor(now)), n);
  }

  private boolean takeIfArrived(Waiter w, long now) {
    long next = nextFor(w.n, now);
    if (next > band.slotsAt(now)) return false;
    consumed = next;
    leave(w);
    return true;
  }

  /** The first waiter takes the key's count out of its cell, creating the cell if needed. */
  private void adopt() {
    while (true) {
      KeyedCell<K> c = owner.cellOf(key, clock.nanoTime());
      long s = c.state();
      if (s == KeyedCell.DEAD) {
        owner.unmap(c);
        continue;
      }
      if (s == KeyedCell.LINED) {
        throw new IllegalStateException("KeyedRateLimiter: key " + key + " has two lines");
      }
      if (c.compareAndSet(s, KeyedCell.LINED)) {
        cell = c;
        consumed = s;
        return;
      }
    }
  }

  /** Removes {@code w}; the next waiter becomes head, or the line closes when it was the last. */
  private void leave(Waiter w) {
    boolean wasHead = waiters.peekFirst() == w;
    waiters.remove(w);
    pending -= w.n;
    if (waiters.isEmpty()) {
      closed = true;
      cell.release(consumed);
      owner.unline(key, this);
    } else if (wasHead) {
      waiters.getFirst().wakeUp.signal();
    }
  }

  @Override
  public String toString() {
    return "KeyedLine[" + key + "]";
  }
}
