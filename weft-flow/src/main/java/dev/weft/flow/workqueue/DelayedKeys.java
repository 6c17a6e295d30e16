package dev.weft.flow.workqueue;

import dev.weft.time.Clock;
import dev.weft.time.Scheduled;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The keys of a {@link WorkQueue} waiting for their ready time, and the one clock timer that adds
 * them when they are due. Guarded by the queue's lock: every method is called with it held, and the
 * timer action takes it.
 *
 * <p>Implementation notes. A {@link TreeSet} ordered by (ready time, sequence) serves as an
 * indexable heap: moving a key's entry earlier is a remove and an insert, both O(log n), and the
 * earliest entry is {@code first()}. {@code byKey} maps each waiting key to its entry. Invariants:
 * {@code byKey.values()} and the set hold the same entries; while not stopped and not empty,
 * exactly one timer is armed, for {@code timerAt} <= the earliest ready time; a timer superseded by
 * an earlier one is cancelled, and if it fires anyway its stale token makes it do nothing. Times
 * are clock nanoseconds, saturated instead of wrapping, and compared directly. The clock is called
 * with the lock held; clocks never hold their own locks while running an action (which takes ours),
 * so this cannot deadlock.
 */
final class DelayedKeys<K> {


  private final Clock clock;
  private final ReentrantLock lock;
  private final Consumer<K> sink;
  private final TreeSet<Entry<K>> byTime = new TreeSet<>();
  private final Map<K, Entry<K>> byKey = new HashMap<>();
  private long seq;
  private Scheduled timer; // null when none armed
  private long timerAt; // clock nanos the armed timer fires at
  private long timerToken; // identifies the armed timer's action
  private boolean stopped;

  /**
   * @param sink called with the lock held for each key that becomes due, in ready order
   */
  DelayedKeys(Clock clock, ReentrantLock lock, Consumer<K> sink) {
    this.clock = clock;
    this.lock = lock;
    this.sink = sink;
  }

  /**
   * Records that {@code key} becomes ready {@code delayNanos} (> 0) from now. If the key is already
   * waiting, the earlier of the two times is kept. Ignored once stopped.
   */
  void offer(K key, long delayNanos) {
    if (stopped) return;
    long readyAt = saturatedAdd(clock.nanoTime(), delayNanos);
    Entry<K> old = byKey.get(key);
    if (old != null) {
      if (readyAt >= old.readyAt) return; // the earlier time wins
      byTime.remove(old);
    }
    Entry<K> e = new Entry<>(key, readyAt, seq++);
    byTime.add(e);
    byKey.put(key, e);
    arm();
  }

  /** Forgets every waiting key and disarms the timer, for good. */
  void stop() {
    stopped = true;
    byTime.clear();
    byKey.clear();
    disarm();
  }

  /** The number of waiting keys. */
  int size() {
    return byKey.size();
  }

  /** Makes the armed timer fire at the earliest ready time. */
  private void arm() {
    if (byTime.isEmpty()) {
      disarm();
      return;
    }
    long at = byTime.first().readyAt;
    if (timer != null && timerAt <= at) return;
    disarm();
    long token = ++timerToken;
    timerAt = at;
    long delay = Math.max(0, at - clock.nanoTime());
    timer = clock.schedule(Duration.ofNanos(delay), () -> fire(token));
  }

  private void disarm() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }

  /** The timer action: passes the due keys to the sink and re-arms for the next one. */
  private void fire(long token) {
    lock.lock();
    try {
      if (token != timerToken || timer == null) return; // superseded or disarmed meanwhile
      timer = null;
      long now = clock.nanoTime();
      while (!byTime.isEmpty() && byTime.first().readyAt <= now) {
        Entry<K> e = byTime.pollFirst();
        byKey.remove(e.key);
        sink.accept(e.key);
      }
      arm();
    } finally {
      lock.unlock();
    }
  }


  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? (b < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
  }

  /** Ordered by ready time, then by insertion. */
  private record Entry<K>(K key, long readyAt, long seq) implements Comparable<Entry<K>> {
    @Override
    public int compareTo(Entry<K> o) {
      int c = Long.compare(readyAt, o.readyAt);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }
}
