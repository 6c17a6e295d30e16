package dev.weft.context;

import dev.weft.time.Clock;
import dev.weft.time.Scheduled;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A test clock whose time moves only in {@link #advance}: due actions run on the advancing thread,
 * in due order (then in scheduling order), including actions they schedule within the advanced
 * span. {@link #pending()} counts actions neither run nor cancelled. Thread-safe.
 */
final class ManualClock implements Clock {

  private final class Task implements Scheduled {
    final long due;
    final long seq;
    final Runnable action;
    boolean queued = true; // guarded by lock

    Task(long due, long seq, Runnable action) {
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
  }

  private final Instant epoch;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition moved = lock.newCondition();
  private final PriorityQueue<Task> queue =
      new PriorityQueue<>((a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
  private long nanos; // elapsed since epoch; guarded by lock
  private long seq; // guarded by lock

  ManualClock() {
    this(Instant.parse("2030-01-01T00:00:00Z"));
  }

  ManualClock(Instant epoch) {
    this.epoch = epoch;
  }

  @Override
  public long nanoTime() {
    lock.lock();
    try {
      return nanos;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Instant now() {
    return epoch.plusNanos(nanoTime());
  }

  @Override
  public Scheduled schedule(Duration delay, Runnable action) {
    Objects.requireNonNull(delay, "Clock: delay is null");
    Objects.requireNonNull(action, "Clock: action is null");
    lock.lock();
    try {
      Task t = new Task(saturatedAdd(nanos, Math.max(0, saturatedNanos(delay))), seq++, action);
      queue.add(t);
      return t;
    } finally {
      lock.unlock();
    }
  }

  /** Moves time forward by {@code d}, running every action that falls due on the way. */
  void advance(Duration d) {
    if (d.isNegative()) throw new IllegalArgumentException("ManualClock: negative advance " + d);
    long target;
    lock.lock();
    try {
      target = saturatedAdd(nanos, saturatedNanos(d));
    } finally {
      lock.unlock();
    }
    while (true) {
      Task t;
      lock.lock();
      try {
        t = queue.peek();
        if (t == null || t.due > target) {
          nanos = Math.max(nanos, target);
          moved.signalAll();
          return;
        }
        queue.poll();
        t.queued = false;
        nanos = Math.max(nanos, t.due);
        moved.signalAll();
      } finally {
        lock.unlock();
      }
      t.action.run();
    }
  }

  /** Number of scheduled actions that have neither run nor been cancelled. */
  int pending() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    Objects.requireNonNull(duration, "Clock: duration is null");
    if (Thread.interrupted()) throw new InterruptedException();
    lock.lock();
    try {
      long until = saturatedAdd(nanos, saturatedNanos(duration));
      while (nanos < until) moved.await();
    } finally {
      lock.unlock();
    }
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) return b > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    return r;
  }

  @Override
  public String toString() {
    return "ManualClock[" + now() + "]";
  }
}
