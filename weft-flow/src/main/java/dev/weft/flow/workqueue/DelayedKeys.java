package dev.weft.flow.workqueue;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The keys of a {@link WorkQueue} waiting for their ready time: at most one entry per key, ordered
 * by ready time (ties in insertion order). Not thread-safe: the queue's lock guards it.
 *
 * <p>Implementation notes. A {@link TreeSet} ordered by (ready time, sequence) serves as an
 * indexable heap: moving a key's entry earlier is a remove and an insert, both O(log n), and the
 * earliest entry is {@code first()}. {@code byKey} maps each waiting key to its entry in the set.
 * Invariant: {@code byKey.values()} and the set hold exactly the same entries. Times are compared
 * directly (not by subtraction): the queue saturates ready times instead of letting them wrap.
 */
final class DelayedKeys<K> {

  private static final Comparator<Entry<?>> READY_ORDER =
      Comparator.<Entry<?>>comparingLong(e -> e.readyAt).thenComparingLong(e -> e.seq);

  private final TreeSet<Entry<K>> byTime = new TreeSet<>(READY_ORDER);
  private final Map<K, Entry<K>> byKey = new HashMap<>();
  private long seq;

  /**
   * Records that {@code key} becomes ready at {@code readyAt} (clock nanoseconds). If the key is
   * already waiting, the earlier of the two times is kept.
   *
   * @return whether the earliest ready time of all keys became earlier (or the set was empty), in
   *     which case the caller re-arms its timer
   */
  boolean offer(K key, long readyAt) {
    Entry<K> old = byKey.get(key);
    if (old != null) {
      if (readyAt >= old.readyAt) return false; // the earlier time wins
      byTime.remove(old);
    }
    long before = byTime.isEmpty() ? 0 : byTime.first().readyAt;
    boolean wasEmpty = byTime.isEmpty();
    Entry<K> e = new Entry<>(key, readyAt, seq++);
    byTime.add(e);
    byKey.put(key, e);
    return wasEmpty || readyAt < before;
  }

  /** Removes every key ready at or before {@code now}, in ready order, and passes it to {@code sink}. */
  void pollDue(long now, Consumer<K> sink) {
    while (!byTime.isEmpty() && byTime.first().readyAt <= now) {
      Entry<K> e = byTime.pollFirst();
      byKey.remove(e.key);
      sink.accept(e.key);
    }
  }

  /** Whether no key is waiting. */
  boolean isEmpty() {
    return byTime.isEmpty();
  }

  /** The earliest ready time; only when not {@linkplain #isEmpty() empty}. */
  long nextReadyAt() {
    return byTime.first().readyAt;
  }

  /** The number of waiting keys. */
  int size() {
    return byKey.size();
  }

  /** Forgets every waiting key. */
  void clear() {
    byTime.clear();
    byKey.clear();
  }

  private record Entry<K>(K key, long readyAt, long seq) {}
}
