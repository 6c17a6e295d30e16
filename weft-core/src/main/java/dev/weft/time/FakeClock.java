package dev.weft.time;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Clock} that moves only when told to, so that tests of time-dependent code are
 * deterministic and never sleep.
 *
 * <p><b>Mental model.</b> A new clock reads {@link #DEFAULT_START} (or the instant given to {@link
 * #FakeClock(Instant)}) and {@link #nanoTime()} {@code 0}. Nothing happens until a test calls
 * {@link #advance(Duration)} or {@link #set(Instant)}: then time moves forward and every scheduled
 * action and sleeper that has become due runs, synchronously on the advancing thread, in due
 * order (ties in the order they were scheduled). While an action runs, the clock reads exactly
 * that action's due time, so an action that schedules another one (a ticker re-arming itself)
 * schedules it relative to its own due time; if the new action falls within the same advance, it
 * runs too. When the advance returns, the clock reads the target time.
 *
 * <pre>{@code
 * FakeClock clock = new FakeClock();
 * try (Ticker ticker = Ticker.start(clock, Duration.ofSeconds(1))) {
 *   clock.advance(Duration.ofSeconds(1));
 *   assertThat(ticker.channel().receive()).isEqualTo(FakeClock.DEFAULT_START.plusSeconds(1));
 * }
 * }</pre>
 *
 * <p><b>Synchronising with the code under test.</b> A test often has to wait until another thread
 * has registered its sleep or timer before advancing, or the advance would happen "too early".
 * {@link #awaitPending(int)} blocks until at least that many actions and sleepers are pending
 * (like clockwork's {@code BlockUntil}).
 *
 * <p><b>Zero and negative delays.</b> {@link #schedule} never runs an action on the calling
 * thread (the {@link Clock} contract): an action with a zero or negative delay is due at once and
 * runs on the next advance, {@code advance(Duration.ZERO)} included.
 *
 * <p><b>Failing actions.</b> An action that throws does not stop the advance: the remaining due
 * actions still run and time still reaches the target; then the advance rethrows the first
 * failure with later ones {@linkplain Throwable#addSuppressed suppressed}.
 *
 * <p><b>Concurrency.</b> All methods are thread-safe. Advances are serialised: a second advancing
 * thread waits until the first one has run its actions. Actions run without the clock's state
 * lock, so they may schedule, cancel and read the clock; they must not wait for another thread
 * that is itself advancing this clock. Time is kept in nanoseconds from the start and saturates
 * about 292 years later.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread before {@link #schedule} or {@link
 * #sleep} <i>happen-before</i> the scheduled action runs or, respectively, an {@link
 * #awaitPending} that counted the registration returns. Actions in a thread before {@link
 * #advance}/{@link #set} happen-before the actions it runs and the return of the sleepers it
 * wakes.
 */
public final class FakeClock implements Clock {

  /*
   * Implementation notes. One state lock guards the queue, the sequence counter and the writes of
   * `nanos`; `nanos` is volatile so that nanoTime()/now() read it without locking. Sleepers are
   * queue entries without an action, woken under the lock by setting `woken` and signalling
   * `changed`. Invariant: every queued entry has `due >= nanos` (entries are queued at
   * `nanos + max(0, delay)` and an advance removes every entry due at or before its target before
   * moving `nanos` there). A separate `advancing` lock serialises advances so that due order
   * holds across advancing threads; it is never taken by schedule/cancel/sleep, so an action that
   * blocks on a lock held by a thread inside schedule or cancel cannot deadlock with the clock.
   */

  /** The instant a clock made by {@link #FakeClock()} starts at: {@code 2000-01-01T00:00:00Z}. */
  public static final Instant DEFAULT_START = Instant.parse("2000-01-01T00:00:00Z");

  private static final Comparator<Entry> DUE_ORDER =
      Comparator.<Entry>comparingLong(e -> e.due).thenComparingLong(e -> e.seq);

  private final Instant start;
  private final ReentrantLock lock = new ReentrantLock();
  /** Signalled when an entry is queued and when sleepers are woken. */
  private final Condition changed = lock.newCondition();
  /** Serialises advance() and set(); held while their actions run. */
  private final ReentrantLock advancing = new ReentrantLock();
  private final TreeSet<Entry> queue = new TreeSet<>(DUE_ORDER); // guarded by lock
  private long seq; // guarded by lock
  private volatile long nanos; // written under lock; nanoseconds since start

  /** A new clock at {@link #DEFAULT_START}, {@code nanoTime() == 0}, nothing scheduled. */
  public FakeClock() {
    this(DEFAULT_START);
  }

  /**
   * A new clock at {@code start}, {@code nanoTime() == 0}, nothing scheduled.
   *
   * @param start the time the clock starts at
   * @throws NullPointerException if {@code start} is null
   */
  public FakeClock(Instant start) {
    this.start = Objects.requireNonNull(start, "FakeClock: start is null");
  }

  /** Nanoseconds advanced since this clock was created; starts at 0. */
  @Override
  public long nanoTime() {
    return nanos;
  }

  /** The start instant plus the time advanced so far. */
  @Override
  public Instant now() {
    return start.plusNanos(nanos);
  }

  /**
   * Schedules {@code action} to run on the thread that advances this clock to {@code now() +
   * delay} or beyond. A zero or negative delay makes it due now: it runs on the next advance.
   *
   * @return a handle whose {@link Scheduled#cancel()} removes the action unless it has started
   * @throws NullPointerException if an argument is null
   */
  @Override
  public Scheduled schedule(Duration delay, Runnable action) {
    Objects.requireNonNull(delay, "FakeClock: delay is null");
    Objects.requireNonNull(action, "FakeClock: action is null");
    long d = Math.max(0, SystemClock.saturatedNanos(delay));
    lock.lock();
    try {
      Entry e = new Entry(saturatedAdd(nanos, d), seq++, action);
      enqueue(e);
      return e;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Schedules {@code action} to run on the thread that advances this clock to {@code at} or
   * beyond, placed against the clock's time in one step, so that an advance by another thread
   * cannot make it late. An instant that has passed makes it due now: it runs on the next advance.
   *
   * @return a handle whose {@link Scheduled#cancel()} removes the action unless it has started
   * @throws NullPointerException if an argument is null
   */
  @Override
  public Scheduled scheduleAt(Instant at, Runnable action) {
    Objects.requireNonNull(at, "FakeClock: at is null");
    Objects.requireNonNull(action, "FakeClock: action is null");
    lock.lock();
    try {
      long d = Math.max(0, SystemClock.saturatedNanos(Duration.between(now(), at)));
      Entry e = new Entry(saturatedAdd(nanos, d), seq++, action);
      enqueue(e);
      return e;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Blocks until another thread has advanced this clock by at least {@code duration} from now.
   * A zero or negative duration returns at once (after the interrupt check). While blocked, the
   * caller counts as one {@linkplain #pending() pending} sleeper.
   *
   * <p>If the thread is interrupted while waiting and has not been woken, the sleeper is removed
   * and {@link InterruptedException} is thrown; if it was woken at the same moment, the wake-up
   * wins: the method returns normally with the interrupt status set.
   *
   * @throws InterruptedException if interrupted on entry or while waiting
   * @throws NullPointerException if {@code duration} is null
   */
  @Override
  public void sleep(Duration duration) throws InterruptedException {
    Objects.requireNonNull(duration, "FakeClock: duration is null");
    if (Thread.interrupted()) throw new InterruptedException();
    long d = SystemClock.saturatedNanos(duration);
    if (d <= 0) return;
    lock.lock();
    try {
      Entry e = new Entry(saturatedAdd(nanos, d), seq++, null);
      enqueue(e);
      try {
        while (!e.woken) changed.await();
      } catch (InterruptedException ie) {
        if (e.woken) {
          Thread.currentThread().interrupt();
          return;
        }
        queue.remove(e);
        throw ie;
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Moves time forward by {@code duration} and runs, on this thread, every action and wakes every
   * sleeper that becomes due, in due order (ties in scheduling order), including those scheduled
   * by the actions themselves while they fall within the advance. A zero duration runs what is
   * due now. Waits first for any advance in progress on another thread.
   *
   * @param duration how far to move the clock; not negative
   * @throws IllegalArgumentException if {@code duration} is negative
   * @throws NullPointerException if {@code duration} is null
   * @throws RuntimeException the first exception thrown by an action, after all due actions ran
   */
  public void advance(Duration duration) {
    Objects.requireNonNull(duration, "FakeClock: duration is null");
    if (duration.isNegative()) {
      throw new IllegalArgumentException(
          "FakeClock: cannot advance by a negative duration, was " + duration);
    }
    long d = SystemClock.saturatedNanos(duration);
    advancing.lock();
    try {
      runUntil(saturatedAdd(nanos, d));
    } finally {
      advancing.unlock();
    }
  }

  /**
   * Moves time forward to {@code instant}, running what becomes due as {@link #advance} does.
   * Setting the current instant runs what is due now.
   *
   * @param instant the new time; not before the current one
   * @throws IllegalArgumentException if {@code instant} is before {@link #now()}
   * @throws NullPointerException if {@code instant} is null
   * @throws RuntimeException the first exception thrown by an action, after all due actions ran
   */
  public void set(Instant instant) {
    Objects.requireNonNull(instant, "FakeClock: instant is null");
    advancing.lock();
    try {
      Instant now = now();
      if (instant.isBefore(now)) {
        throw new IllegalArgumentException(
            "FakeClock: cannot move backwards from " + now + " to " + instant);
      }
      runUntil(saturatedAdd(nanos, SystemClock.saturatedNanos(Duration.between(now, instant))));
    } finally {
      advancing.unlock();
    }
  }

  /**
   * The number of scheduled actions that have not started or been cancelled, plus sleepers.
   *
   * @return the number of scheduled actions that have not started or been cancelled, plus sleepers
   */
  public int pending() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * How long until the earliest pending action or sleeper is due ({@link Duration#ZERO} if one is
   * due now); empty when nothing is pending. Handy with randomised delays: {@code
   * clock.advance(clock.untilNext().orElseThrow())}.
   *
   * @return how long until the earliest pending action or sleeper is due ({@link Duration#ZERO} if
   *     one is due now); empty when nothing is pending
   */
  public Optional<Duration> untilNext() {
    lock.lock();
    try {
      return queue.isEmpty()
          ? Optional.empty()
          : Optional.of(Duration.ofNanos(queue.first().due - nanos));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Blocks until at least {@code n} actions and sleepers are {@linkplain #pending() pending}, so
   * that a test can let other threads register their timers or sleeps before it advances.
   * Returns at once if there are already that many.
   *
   * @param n how many pending timers and sleepers to wait for
   * @throws IllegalArgumentException if {@code n} is negative
   * @throws InterruptedException if interrupted on entry or while waiting
   */
  public void awaitPending(int n) throws InterruptedException {
    checkCount(n);
    if (Thread.interrupted()) throw new InterruptedException();
    lock.lock();
    try {
      while (queue.size() < n) changed.await();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Like {@link #awaitPending(int)}, waiting at most {@code timeout} of real (system) time.
   *
   * @param n how many pending timers and sleepers to wait for
   * @param timeout how long to wait at most
   * @return {@code true} if at least {@code n} were pending before the timeout elapsed
   * @throws IllegalArgumentException if {@code n} is negative
   * @throws InterruptedException if interrupted on entry or while waiting
   * @throws NullPointerException if {@code timeout} is null
   */
  public boolean awaitPending(int n, Duration timeout) throws InterruptedException {
    checkCount(n);
    Objects.requireNonNull(timeout, "FakeClock: timeout is null");
    if (Thread.interrupted()) throw new InterruptedException();
    long left = SystemClock.saturatedNanos(timeout);
    lock.lock();
    try {
      while (queue.size() < n) {
        if (left <= 0) return false;
        left = changed.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "FakeClock[now=" + now() + ", nanoTime=" + nanos + ", pending=" + pending() + "]";
  }

  // ---- implementation ----

  /** With the lock held. */
  private void enqueue(Entry e) {
    queue.add(e);
    e.queued = true;
    changed.signalAll();
  }

  /** With {@code advancing} held: runs everything due at or before {@code target}. */
  @SuppressWarnings("ReferenceEquality") // identity: a throwable cannot suppress itself
  private void runUntil(long target) {
    Throwable first = null;
    while (true) {
      Runnable action;
      lock.lock();
      try {
        Entry e = queue.isEmpty() ? null : queue.first();
        if (e == null || e.due > target) {
          if (target > nanos) nanos = target;
          break;
        }
        queue.pollFirst();
        e.queued = false;
        if (e.due > nanos) nanos = e.due;
        if (e.action == null) {
          e.woken = true;
          changed.signalAll();
          continue;
        }
        action = e.action;
      } finally {
        lock.unlock();
      }
      try {
        action.run();
      } catch (RuntimeException | Error x) {
        if (first == null) first = x;
        else if (first != x) first.addSuppressed(x);
      }
    }
    if (first instanceof RuntimeException re) throw re;
    if (first instanceof Error err) throw err;
  }

  private static void checkCount(int n) {
    if (n < 0) throw new IllegalArgumentException("FakeClock: n must be >= 0, was " + n);
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    // Overflow iff both operands have the sign opposite to the result's.
    return ((a ^ r) & (b ^ r)) < 0 ? (b < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
  }

  /** A scheduled action, or a sleeper when {@code action} is null. */
  private final class Entry implements Scheduled {
    final long due;
    final long seq;
    final Runnable action;
    boolean queued; // guarded by lock
    boolean woken; // guarded by lock; sleepers only

    Entry(long due, long seq, Runnable action) {
      this.due = due;
      this.seq = seq;
      this.action = action;
    }

    @Override
    public boolean cancel() {
      lock.lock();
      try {
        if (!queued) return false;
        queued = false;
        queue.remove(this);
        return true;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public String toString() {
      return (action == null ? "sleeper" : "action") + " due at nanoTime " + due;
    }
  }
}
