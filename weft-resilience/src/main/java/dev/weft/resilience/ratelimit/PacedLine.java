package dev.weft.resilience.ratelimit;

import dev.weft.context.AfterFunc;
import dev.weft.context.Context;
import dev.weft.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The state and FIFO line of a limiter that spaces permits out ({@link SmoothWarmUp}, {@link
 * LeakyBucketQueue}): a {@link Pace} and the requests waiting for their admission time, with the
 * give-back and re-timing that keep the line exact.
 */
final class PacedLine {

  /*
   * Implementation notes. One lock guards everything: `pace`, the doubly linked list of Waiters
   * (`head`, `tail`, `waiting`) and every Waiter's fields. A pace holds two or three numbers (a
   * warm-up pace couples its stored permits with its next free time), so there is no single word
   * to CAS; an uncontended ReentrantLock costs one CAS and allocates nothing, so tryAcquire and an
   * admitted decide still allocate nothing.
   *
   * Waiting: a request that must wait takes its permits from the pace at once (so the requests
   * after it wait for its cost), appends a Waiter holding the state before it (`pre`), its arrival
   * time and its admission time (`due`), and waits on its own WakeUp until `due`: with the
   * system clock by awaitNanos, with any other clock by a timer scheduled on that clock.
   *
   * Invariants, whenever the lock is free: waiters are in arrival order, arrivals and dues never
   * decrease along the list; `waiting` is their number; `pace` is the state reached by taking,
   * from `head.pre`, every waiter's permits at its arrival, in order. Between a waiter's arrival
   * and its due time nothing else moves the pace: a request is admitted at once only when its
   * admission time has come, which is after every due time in line. A waiter whose due time has
   * come is admitted (`granted`): its permits are never given back, so a grant wins races with an
   * interrupt, a done context or a cancel.
   *
   * Giving back (a waiter that gives up, a reservation cancelled before its time) therefore
   * replays the line: from the leaver's `pre`, every later waiter takes its permits again at its
   * own arrival time, which leaves the pace, and every due time, exactly as if the leaver had
   * never come; the waiters whose due time moved are woken. A rate change is a new base: the
   * pace before the first waiter not yet due is carried over to the new rate at that moment, and
   * every waiter after it takes its permits again at that moment, in order.
   */

  /** What {@link #await} returns. */
  static final int ADMITTED = 0;

  static final int TIMED_OUT = 1;
  static final int FULL = 2;

  private final ReentrantLock lock = new ReentrantLock();
  private final Clock clock;

  private Pace pace; // guarded by lock
  private Waiter head; // guarded by lock
  private Waiter tail; // guarded by lock
  private int waiting; // guarded by lock

  PacedLine(Clock clock, Pace pace) {
    this.clock = clock;
    this.pace = pace;
  }

  /** Takes {@code n} permits if they are admitted now. */
  boolean tryTake(int n) {
    lock.lock();
    try {
      long now = clock.nanoTime();
      if (pace.admissionAt(n, now) > now) return false;
      pace.take(n, now);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Takes {@code n} permits and returns 0 if they are admitted now, else the wait in ns. */
  long decide(int n) {
    lock.lock();
    try {
      long now = clock.nanoTime();
      long at = pace.admissionAt(n, now);
      if (at > now) return Band.satAdd(at, -now);
      pace.take(n, now);
      return 0;
    } finally {
      lock.unlock();
    }
  }

  /** Turns the state to carry over at a clock reading into the state at a new rate. */
  interface Rebase {
    Pace apply(Pace before, long now);
  }

  /**
   * Changes the rate now: {@code f} gets a copy of the state before the first waiter not yet due
   * (or the current state when none waits) and returns the state at the new rate, from which every
   * waiter not yet due takes its permits again now, in order. Wakes the waiters to re-time their
   * waits.
   */
  void rebase(Rebase f) {
    lock.lock();
    try {
      long now = clock.nanoTime();
      pruneLocked(now);
      Pace p = f.apply((head != null ? head.pre : pace).copy(), now);
      for (Waiter u = head; u != null; u = u.next) {
        u.arrival = now;
        u.pre = p.copy();
        u.due = p.take(u.n, now);
        if (u.wakeUp != null) u.wakeUp.signal();
      }
      pace = p;
    } finally {
      lock.unlock();
    }
  }

  /** Reads the state under the lock, for accessors. */
  <T> T read(Function<Pace, T> f) {
    lock.lock();
    try {
      return f.apply(pace);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Reserves {@code n} permits: null when they were admitted at once (and taken), {@link
   * #REJECTED} when the pace does not accept them in line, else the waiter now in line.
   */
  Waiter reserve(int n) {
    lock.lock();
    try {
      long now = clock.nanoTime();
      long at = pace.admissionAt(n, now);
      if (at <= now) {
        pace.take(n, now);
        return null;
      }
      if (!pace.fits(n, now)) return REJECTED;
      Waiter w = new Waiter(this, n, now, pace.copy(), null);
      w.due = pace.take(n, now);
      append(w);
      return w;
    } finally {
      lock.unlock();
    }
  }

  /** The result of {@link #reserve} when the request was not accepted. */
  static final Waiter REJECTED = new Waiter(null, 0, 0, null, null);

  /**
   * Waits for {@code n} permits at most {@code maxWait} ns (Long.MAX_VALUE: no limit), or until
   * {@code ctx} (may be null) is done. Returns {@link #ADMITTED}, {@link #TIMED_OUT} (nothing
   * taken) or {@link #FULL} (not accepted in line, nothing taken). The caller checked the
   * arguments, the interrupt and ctx.
   */
  int await(int n, long maxWait, Context ctx) throws InterruptedException {
    Waiter w;
    AfterFunc watch = null;
    lock.lock();
    try {
      long now = clock.nanoTime();
      long at = pace.admissionAt(n, now);
      if (at <= now) {
        pace.take(n, now);
        return ADMITTED;
      }
      if (!pace.fits(n, now)) return FULL;
      if (Band.satAdd(at, -now) > maxWait) return TIMED_OUT;
      long deadline = maxWait == Long.MAX_VALUE ? Long.MAX_VALUE : Band.satAdd(now, maxWait);
      w = new Waiter(this, n, now, pace.copy(), new WakeUp(lock));
      w.due = pace.take(n, now);
      append(w);
      if (ctx != null) {
        Waiter v = w;
        watch = Context.afterFunc(ctx, () -> v.wakeUp.signalLocking(lock));
      }
      try {
        while (true) {
          if (w.granted) return ADMITTED;
          now = clock.nanoTime();
          if (now >= w.due) {
            unlink(w);
            return ADMITTED;
          }
          if (ctx != null && ctx.isDone()) {
            giveBackLocked(w);
            ctx.throwIfDone();
          }
          if (w.due > deadline) {
            giveBackLocked(w);
            return TIMED_OUT;
          }
          w.wakeUp.awaitUntil(clock, lock, w.due, now);
        }
      } catch (InterruptedException e) {
        if (w.granted || clock.nanoTime() >= w.due) {
          unlink(w);
          Thread.currentThread().interrupt();
          return ADMITTED;
        }
        giveBackLocked(w);
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
   * With the lock held: removes {@code w} (not due) and replays the waiters after it from the
   * state before it, each at its own arrival, waking those that wait.
   */
  private void giveBackLocked(Waiter w) {
    Pace p = w.pre;
    for (Waiter u = w.next; u != null; u = u.next) {
      u.pre = p.copy();
      u.due = p.take(u.n, u.arrival);
      if (u.wakeUp != null) u.wakeUp.signal();
    }
    pace = p;
    unlink(w);
  }

  /** For {@link Waiter#delay()}. */
  Duration delayOf(Waiter w) {
    lock.lock();
    try {
      if (!w.linked) return Duration.ZERO;
      long now = clock.nanoTime();
      if (now >= w.due) {
        pruneLocked(now);
        return Duration.ZERO;
      }
      return Duration.ofNanos(w.due - now);
    } finally {
      lock.unlock();
    }
  }

  /** For {@link Waiter#cancel()}. */
  boolean cancel(Waiter w) {
    lock.lock();
    try {
      if (!w.linked) return false;
      long now = clock.nanoTime();
      if (now >= w.due) {
        pruneLocked(now);
        return false;
      }
      giveBackLocked(w);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** The number of requests in line whose admission time has not come. */
  int queued() {
    lock.lock();
    try {
      pruneLocked(clock.nanoTime());
      return waiting;
    } finally {
      lock.unlock();
    }
  }

  /** With the lock held: admits the waiters at the head of the line whose time has come. */
  private void pruneLocked(long now) {
    while (head != null && now >= head.due) {
      Waiter w = head;
      w.granted = true;
      unlink(w);
      if (w.wakeUp != null) w.wakeUp.signal();
    }
  }

  private void append(Waiter w) {
    w.prev = tail;
    if (tail == null) head = w;
    else tail.next = w;
    tail = w;
    w.linked = true;
    waiting++;
  }

  private void unlink(Waiter w) {
    if (!w.linked) return;
    if (w.prev == null) head = w.next;
    else w.prev.next = w.next;
    if (w.next == null) tail = w.prev;
    else w.next.prev = w.prev;
    w.prev = null;
    w.next = null;
    w.linked = false;
    waiting--;
  }

  /**
   * A place in a {@link PacedLine}: a waiting acquirer (with a {@link #wakeUp}) or a
   * {@link Reservation} (without). All fields but the final ones are guarded by the line's lock.
   */
  static final class Waiter implements Reservation {
    final PacedLine owner;
    final int n;
    /** Signalled to make a waiting acquirer look again; null for a reservation. */
    final WakeUp wakeUp;

    /** The clock reading at which it took its permits. */
    long arrival;
    /** The state before it took them. */
    Pace pre;
    /** The clock reading at which it is admitted. */
    long due;

    Waiter prev;
    Waiter next;
    boolean linked;
    /** Admitted by the line (its time came) while the acquirer had not yet woken. */
    boolean granted;
    Waiter(PacedLine owner, int n, long arrival, Pace pre, WakeUp wakeUp) {
      this.owner = owner;
      this.n = n;
      this.arrival = arrival;
      this.pre = pre;
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
