package dev.weft.flow.shard;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.concurrent.locks.StampedLock;
import java.util.function.BiConsumer;

/**
 * One stripe of a {@link ShardedMap}: an open-addressing hash table that is its own {@link
 * StampedLock}. Lookups read optimistically; every change runs under the write lock.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
@SuppressWarnings("serial") // never serialised; extends the lock to share its object (notes)
final class Shard<K, V> extends StampedLock {

  /*
   * Implementation notes.
   *
   * Table: one Object[] of 2 * capacity references, key at 2i and its value at 2i + 1 (a key and
   * its value share a cache line). capacity is a power of two, at least MIN_CAPACITY; collisions
   * probe linearly; removal shifts the entries that follow back (no tombstones), so a probe stops
   * at the first empty slot. The table grows to keep the load at most 1/2. A key's home slot is
   * the top bits of its spread: the hash bits ShardedMap did not use to pick the shard.
   *
   * Invariants (with the write lock free): every slot is empty (key and value null) or holds a
   * key and a non-null value; each key sits in the run of occupied slots that starts at or before
   * its home slot and reaches it without crossing an empty slot; size is the number of keys.
   *
   * Reads: a lookup takes an optimistic stamp, reads `table` with acquire and probes it with
   * plain reads, then validates the stamp. A writer may be changing the table meanwhile: the
   * probe then sees a mix of states, but it can neither fail nor loop (indices are masked by the
   * length of the array it holds, and it probes at most capacity slots), and a failed validation
   * discards whatever it found. Only a value read between a stamp and its successful validation
   * is returned, so a lookup returns a value that was mapped at that moment. A lookup that fails
   * validation, or throws before it could validate (a key's equals seeing a mix of states),
   * repeats under the read lock. The thread that holds the write lock (a compute function reading
   * its own shard) reads directly: the table cannot change under it.
   *
   * The shard is its own StampedLock (a subclass, never serialised) so that the lock word, the
   * table reference and `owner` live in one object, mostly one cache line: a write then makes a
   * reading core reload one line rather than three (a separate lock object and a separate shard
   * object each dirtied by the write). ADR 0023 has the numbers.
   *
   * `owner` is the thread holding the write lock, null otherwise; it is written under the write
   * lock and read by threads asking whether they hold it (a thread sees its own writes, and a
   * stale value never names the reading thread).
   */

  private static final int MIN_CAPACITY = 8;
  private static final int MAX_CAPACITY = 1 << 29; // 2 * capacity references still fit an array
  private static final VarHandle TABLE;

  static {
    try {
      TABLE = MethodHandles.lookup().findVarHandle(Shard.class, "table", Object[].class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final int shardBits; // hash bits used to pick the shard; the spread drops them

  @SuppressWarnings("unused") // read and written through TABLE; replaced under the write lock
  private Object[] table = new Object[2 * MIN_CAPACITY];

  private volatile int size; // written under the write lock
  private transient Thread owner; // the write lock's holder; written under it

  Shard(int shardBits) {
    this.shardBits = shardBits;
  }

  /** The bits of a key's mixed hash below the shard's bits, moved to the top. */
  private int spread(int mixed) {
    return mixed << shardBits;
  }

  /** The number of keys; read without locking. */
  int size() {
    return size;
  }

  // ---------------------------------------------------------------------------------- reading

  /** The value of {@code key}, or null: optimistically, else under the read lock. */
  @SuppressWarnings("unchecked")
  V get(Object key, int mixed) {
    int spread = spread(mixed);
    long stamp = tryOptimisticRead();
    if (stamp != 0L) {
      try {
        Object v = probe((Object[]) TABLE.getAcquire(this), key, spread);
        if (validate(stamp)) return (V) v;
      } catch (RuntimeException e) {
        if (validate(stamp)) throw e; // not a torn read: the key's own failure
      }
    }
    if (owner == Thread.currentThread()) return (V) probe(table(), key, spread);
    stamp = readLock();
    try {
      return (V) probe(table(), key, spread);
    } finally {
      unlockRead(stamp);
    }
  }

  /**
   * The value stored for {@code key} in {@code t}, or null. Safe on a table being changed: it
   * stays inside {@code t} and stops after visiting every slot once.
   */
  private static Object probe(Object[] t, Object key, int spread) {
    int mask = (t.length >>> 1) - 1;
    int i = home(spread, mask);
    for (int n = 0; n <= mask; n++, i = (i + 1) & mask) {
      Object k = t[2 * i];
      if (k == null) return null;
      if (k == key || key.equals(k)) return t[2 * i + 1];
    }
    return null;
  }

  private static int home(int spread, int mask) {
    return spread >>> Integer.numberOfLeadingZeros(mask); // mask >= 7: a shift of 29 or less
  }

  private Object[] table() {
    return (Object[]) TABLE.getAcquire(this);
  }

  /** Read-locks this shard unless the calling thread holds its write lock; 0 then. */
  long readLockUnlessOwned() {
    return owner == Thread.currentThread() ? 0L : readLock();
  }

  /** Undoes {@link #readLockUnlessOwned()}. */
  void releaseRead(long stamp) {
    if (stamp != 0L) unlockRead(stamp);
  }

  /** With the read (or write) lock held: copies every entry into {@code into}. */
  void copyInto(Map<K, V> into) {
    forEachLocked(into::put);
  }

  /** With the read (or write) lock held: calls {@code action} with every entry. */
  @SuppressWarnings("unchecked")
  void forEachLocked(BiConsumer<K, V> action) {
    Object[] t = table();
    for (int i = 0; i < t.length; i += 2) {
      Object k = t[i];
      if (k != null) action.accept((K) k, (V) t[i + 1]);
    }
  }

  // ---------------------------------------------------------------------------------- writing

  /**
   * Write-locks this shard, failing fast if this thread already holds it: that happens only when
   * a compute function modifies its own shard, which would change the table under the function.
   */
  void lockForWrite() {
    Thread me = Thread.currentThread();
    if (owner == me) {
      throw new IllegalStateException("ShardedMap: modified from inside a function it was running");
    }
    writeLock();
    owner = me;
  }

  /** Releases the write lock taken by {@link #lockForWrite()}. */
  void releaseWrite() {
    owner = null;
    tryUnlockWrite();
  }

  /** With the write lock held: the slot of {@code key}, or {@code -1 - (the empty slot to use)}. */
  int find(Object key, int mixed) {
    int spread = spread(mixed);
    Object[] t = table();
    int mask = (t.length >>> 1) - 1;
    for (int i = home(spread, mask); ; i = (i + 1) & mask) {
      Object k = t[2 * i];
      if (k == null) return -1 - i;
      if (k == key || key.equals(k)) return i;
    }
  }

  /** With the write lock held: the value in the occupied {@code slot}. */
  @SuppressWarnings("unchecked")
  V valueAt(int slot) {
    return (V) table()[2 * slot + 1];
  }

  /** With the write lock held: replaces the value in the occupied {@code slot}. */
  void setValue(int slot, V value) {
    table()[2 * slot + 1] = value;
  }

  /**
   * With the write lock held: stores a new entry in the empty {@code slot} that {@link #find}
   * named for {@code key}, growing the table if that leaves it more than half full.
   */
  void insert(int slot, K key, V value) {
    Object[] t = table();
    int capacity = t.length >>> 1;
    if (size + 1 >= capacity) {
      throw new IllegalStateException("ShardedMap: a shard cannot hold more than " + (capacity - 1));
    }
    t[2 * slot] = key;
    t[2 * slot + 1] = value;
    adjustSize(1);
    if (2 * size > capacity && capacity < MAX_CAPACITY) grow(t);
  }

  /** With the write lock held: empties the occupied {@code slot}, shifting its run back. */
  void removeAt(int slot) {
    Object[] t = table();
    int mask = (t.length >>> 1) - 1;
    int hole = slot;
    for (int j = (hole + 1) & mask; ; j = (j + 1) & mask) {
      Object k = t[2 * j];
      if (k == null) break;
      int home = home(spread(mix(k)), mask);
      // The entry at j may fill the hole if the hole lies on its probe path, home .. j.
      if (((j - home) & mask) >= ((j - hole) & mask)) {
        t[2 * hole] = k;
        t[2 * hole + 1] = t[2 * j + 1];
        hole = j;
      }
    }
    t[2 * hole] = null;
    t[2 * hole + 1] = null;
    adjustSize(-1);
  }

  /** With the write lock held: removes every entry, returning to the smallest table. */
  void clear() {
    TABLE.setRelease(this, new Object[2 * MIN_CAPACITY]);
    size = 0;
  }

  private void grow(Object[] old) {
    Object[] t = new Object[2 * old.length];
    int mask = (t.length >>> 1) - 1;
    for (int j = 0; j < old.length; j += 2) {
      Object k = old[j];
      if (k == null) continue;
      int i = home(spread(mix(k)), mask);
      while (t[2 * i] != null) i = (i + 1) & mask;
      t[2 * i] = k;
      t[2 * i + 1] = old[j + 1];
    }
    TABLE.setRelease(this, t); // readers holding the old table fail validation
  }

  /** The hash ShardedMap mixes for {@code key}; its top bits picked this shard. */
  static int mix(Object key) {
    return key.hashCode() * 0x9E3779B9;
  }

  /** With the write lock held: the lock makes the read-modify-write atomic. */
  @SuppressWarnings("NonAtomicVolatileUpdate")
  private void adjustSize(int delta) {
    size += delta;
  }
}
