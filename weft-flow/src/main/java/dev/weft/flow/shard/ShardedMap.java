package dev.weft.flow.shard;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A concurrent map striped over independently locked shards: Go's "sharded map" ({@code []struct{
 * sync.RWMutex; m map[K]V }}), the classic answer to one mutex around a map becoming the hot spot.
 *
 * <p><b>Mental model.</b> The map is {@link #shardCount()} ordinary hash maps, each behind its own
 * read-write lock. A key's shard is picked by a mixed hash of its {@code hashCode}, so operations on
 * keys in different shards never contend; operations on one shard are serialised (reads share).
 * Each single-key operation is atomic, including {@link #compute}, {@link #computeIfAbsent} and
 * {@link #merge}, whose function runs under the shard's lock. A new map is empty.
 *
 * <pre>{@code
 * ShardedMap<String, Long> hits = new ShardedMap<>(64);
 * hits.merge(path, 1L, Long::sum);            // atomic per key
 * Map<String, Long> report = hits.snapshot(); // a consistent copy
 * }</pre>
 *
 * <p><b>Nulls.</b> Keys and values are never {@code null}; passing one throws {@link
 * NullPointerException} naming the argument. Lookups return {@link Optional}. As in {@link
 * java.util.Map}, a remapping function receives {@code null} for an absent value and returns {@code
 * null} to remove the entry.
 *
 * <p><b>Functions</b> given to {@code compute}, {@code computeIfAbsent} and {@code merge} run with
 * the shard write-locked: keep them short, never block in them, and never modify this map from
 * them. A function that modifies a key of its own shard fails fast with {@link
 * IllegalStateException}; one that modifies another shard can deadlock with a thread doing the
 * reverse. If a function throws, the exception propagates and the entry is unchanged.
 *
 * <p><b>Whole-map views.</b> {@link #snapshot()} is atomic: it read-locks every shard (in order) and
 * copies them. {@link #size()}, {@link #forEach} and {@link #clear()} go shard by shard, so with
 * concurrent writers they reflect each shard at a different moment (like {@code ConcurrentHashMap}'s
 * weakly consistent views); {@code forEach} calls its action outside the locks.
 *
 * <p><b>Memory consistency effects:</b> as for {@code ConcurrentHashMap}: a write of a key
 * <i>happens-before</i> any later operation on that key that observes the written value.
 *
 * <p>All methods are thread-safe.
 *
 * @param <K> key type; keys need consistent {@code hashCode}/{@code equals}
 * @param <V> value type
 */
public final class ShardedMap<K, V> {

  /*
   * Implementation notes. shards.length is a power of two, 2^bits. The shard of a key is the top
   * `bits` bits of hashCode * 0x9E3779B9 (Fibonacci hashing): every hash bit influences the top
   * bits, and since HashMap buckets by the low bits, keys of one shard still spread over that
   * shard's buckets. Each Shard's map and size are guarded by the shard's lock; `size` is volatile
   * so that size() can sum without locking.
   */

  /** The most shards a map can have. */
  public static final int MAX_SHARDS = 1 << 16;

  private final Shard<K, V>[] shards;
  private final int shift;

  /** A new empty map with 4 shards per available processor, at least 16, a power of two. */
  public ShardedMap() {
    this(Math.max(16, 4 * Runtime.getRuntime().availableProcessors()));
  }

  /**
   * A new empty map with at least {@code shards} shards: rounded up to a power of two.
   *
   * @param shards the least number of shards; rounded up to a power of two
   * @throws IllegalArgumentException if {@code shards} is not in 1..{@value #MAX_SHARDS}
   */
  public ShardedMap(int shards) {
    if (shards < 1 || shards > MAX_SHARDS) {
      throw new IllegalArgumentException(
          "ShardedMap: shards must be in 1.." + MAX_SHARDS + ", got " + shards);
    }
    int n = Integer.highestOneBit(shards);
    if (n < shards) n <<= 1;
    @SuppressWarnings({"unchecked", "rawtypes"})
    Shard<K, V>[] s = new Shard[n];
    for (int i = 0; i < n; i++) s[i] = new Shard<>();
    this.shards = s;
    this.shift = 32 - Integer.numberOfTrailingZeros(n); // n == 1: shift 32, handled in shardOf
  }

  /**
   * The value for {@code key}, if present.
   *
   * @param key the key
   * @return the value for {@code key}, if present
   */
  public Optional<V> get(K key) {
    Shard<K, V> s = shardOf(key, "key");
    s.lock.readLock().lock();
    try {
      return Optional.ofNullable(s.map.get(key));
    } finally {
      s.lock.readLock().unlock();
    }
  }

  /**
   * The value for {@code key}, or {@code defaultValue} (which may be null) if absent.
   *
   * @param key the key
   * @param defaultValue the value to return when the key is absent
   * @return the value for {@code key}, or {@code defaultValue} (which may be null) if absent
   */
  public V getOrDefault(K key, V defaultValue) {
    Shard<K, V> s = shardOf(key, "key");
    s.lock.readLock().lock();
    try {
      return s.map.getOrDefault(key, defaultValue);
    } finally {
      s.lock.readLock().unlock();
    }
  }

  /**
   * Whether {@code key} is present.
   *
   * @param key the key
   * @return whether {@code key} is present
   */
  public boolean containsKey(K key) {
    Shard<K, V> s = shardOf(key, "key");
    s.lock.readLock().lock();
    try {
      return s.map.containsKey(key);
    } finally {
      s.lock.readLock().unlock();
    }
  }

  /**
   * Maps {@code key} to {@code value}.
   *
   * @param key the key
   * @param value the value
   * @return the previous value, if any
   */
  public Optional<V> put(K key, V value) {
    Shard<K, V> s = shardOf(key, "key");
    Objects.requireNonNull(value, "ShardedMap: value is null");
    writeLock(s);
    try {
      V old = s.map.put(key, value);
      if (old == null) s.adjust(1);
      return Optional.ofNullable(old);
    } finally {
      s.lock.writeLock().unlock();
    }
  }

  /**
   * Maps {@code key} to {@code value} only if it is absent.
   *
   * @param key the key
   * @param value the value
   * @return the value already present (nothing changed), or empty if {@code value} was added
   */
  public Optional<V> putIfAbsent(K key, V value) {
    Shard<K, V> s = shardOf(key, "key");
    Objects.requireNonNull(value, "ShardedMap: value is null");
    writeLock(s);
    try {
      V old = s.map.putIfAbsent(key, value);
      if (old == null) s.adjust(1);
      return Optional.ofNullable(old);
    } finally {
      s.lock.writeLock().unlock();
    }
  }

  /**
   * Removes {@code key}.
   *
   * @param key the key
   * @return the value it had, if it was present
   */
  public Optional<V> remove(K key) {
    Shard<K, V> s = shardOf(key, "key");
    writeLock(s);
    try {
      V old = s.map.remove(key);
      if (old != null) s.adjust(-1);
      return Optional.ofNullable(old);
    } finally {
      s.lock.writeLock().unlock();
    }
  }

  /**
   * Atomically replaces the value of {@code key} by {@code fn(key, current)}, where {@code current}
   * is {@code null} if absent; a {@code null} result removes the entry (or leaves it absent).
   *
   * @param key the key
   * @param fn computes the new value
   * @return the new value, or empty if the key is now absent
   */
  public Optional<V> compute(K key, BiFunction<? super K, ? super V, ? extends V> fn) {
    Shard<K, V> s = shardOf(key, "key");
    Objects.requireNonNull(fn, "ShardedMap: function is null");
    writeLock(s);
    try {
      boolean had = s.map.containsKey(key);
      V v = s.map.compute(key, fn);
      s.adjust((v != null ? 1 : 0) - (had ? 1 : 0));
      return Optional.ofNullable(v);
    } finally {
      s.lock.writeLock().unlock();
    }
  }

  /**
   * Returns the value of {@code key}, first computing and storing {@code fn(key)} if absent (a
   * {@code null} result stores nothing). {@code fn} runs at most once per call.
   *
   * @param key the key
   * @param fn computes the new value
   * @return the present or new value, or empty if absent and {@code fn} returned null
   */
  public Optional<V> computeIfAbsent(K key, Function<? super K, ? extends V> fn) {
    Shard<K, V> s = shardOf(key, "key");
    Objects.requireNonNull(fn, "ShardedMap: function is null");
    s.lock.readLock().lock();
    try {
      V v = s.map.get(key);
      if (v != null) return Optional.of(v); // the common hit, under the shared lock
    } finally {
      s.lock.readLock().unlock();
    }
    writeLock(s);
    try {
      boolean had = s.map.containsKey(key);
      V v = s.map.computeIfAbsent(key, fn);
      if (!had && v != null) s.adjust(1);
      return Optional.ofNullable(v);
    } finally {
      s.lock.writeLock().unlock();
    }
  }

  /**
   * Stores {@code value} if {@code key} is absent, otherwise {@code fn(current, value)}; a {@code
   * null} result removes the entry.
   *
   * @param key the key
   * @param value the value
   * @param fn computes the new value
   * @return the new value, or empty if the entry was removed
   */
  public Optional<V> merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> fn) {
    Shard<K, V> s = shardOf(key, "key");
    Objects.requireNonNull(value, "ShardedMap: value is null");
    Objects.requireNonNull(fn, "ShardedMap: function is null");
    writeLock(s);
    try {
      boolean had = s.map.containsKey(key);
      V v = s.map.merge(key, value, fn);
      s.adjust((v != null ? 1 : 0) - (had ? 1 : 0));
      return Optional.ofNullable(v);
    } finally {
      s.lock.writeLock().unlock();
    }
  }

  /**
   * The number of entries: the sum of the shards' sizes, each read at a different moment.
   *
   * @return the number of entries: the sum of the shards' sizes, each read at a different moment
   */
  public int size() {
    long n = 0;
    for (Shard<K, V> s : shards) n += s.size;
    return (int) Math.min(n, Integer.MAX_VALUE);
  }

  /**
   * Whether {@link #size()} is 0.
   *
   * @return whether {@link #size()} is 0
   */
  public boolean isEmpty() {
    for (Shard<K, V> s : shards) if (s.size != 0) return false;
    return true;
  }

  /** Removes every entry, shard by shard. */
  public void clear() {
    for (Shard<K, V> s : shards) {
      writeLock(s);
      try {
        s.map.clear();
        s.size = 0;
      } finally {
        s.lock.writeLock().unlock();
      }
    }
  }

  /**
   * Calls {@code action} for each entry. Each shard is copied under its read lock and the action
   * runs outside the lock, so it may use this map; entries changed meanwhile may or may not be seen.
   *
   * @param action called with each entry
   */
  public void forEach(BiConsumer<? super K, ? super V> action) {
    Objects.requireNonNull(action, "ShardedMap: action is null");
    for (Shard<K, V> s : shards) {
      List<Map.Entry<K, V>> copy;
      s.lock.readLock().lock();
      try {
        copy = new ArrayList<>(s.map.size());
        for (Map.Entry<K, V> e : s.map.entrySet()) copy.add(Map.entry(e.getKey(), e.getValue()));
      } finally {
        s.lock.readLock().unlock();
      }
      for (Map.Entry<K, V> e : copy) action.accept(e.getKey(), e.getValue());
    }
  }

  /**
   * An unmodifiable copy of the whole map at one moment: every shard is read-locked, in shard
   * order, while it is copied, so no write is half-seen.
   *
   * @return an unmodifiable copy of the whole map at one moment: every shard is read-locked, in
   *     shard order, while it is copied, so no write is half-seen
   */
  public Map<K, V> snapshot() {
    int locked = 0;
    try {
      for (Shard<K, V> s : shards) {
        s.lock.readLock().lock();
        locked++;
      }
      HashMap<K, V> copy = HashMap.newHashMap(size());
      for (Shard<K, V> s : shards) copy.putAll(s.map);
      return Map.copyOf(copy);
    } finally {
      for (int i = 0; i < locked; i++) shards[i].lock.readLock().unlock();
    }
  }

  /**
   * The number of shards (a power of two).
   *
   * @return the number of shards (a power of two)
   */
  public int shardCount() {
    return shards.length;
  }

  @Override
  public String toString() {
    return "ShardedMap[shards=" + shards.length + ", size=" + size() + "]";
  }

  /** The shard index of {@code key} (tests). */
  int shardIndex(Object key) {
    if (shift == 32) return 0;
    return (key.hashCode() * 0x9E3779B9) >>> shift;
  }

  /**
   * Write-locks {@code s}, failing fast if this thread already holds it: that happens only when a
   * compute function uses the map, which would corrupt the shard's HashMap.
   */
  private static void writeLock(Shard<?, ?> s) {
    if (s.lock.isWriteLockedByCurrentThread()) {
      throw new IllegalStateException("ShardedMap: modified from inside a function it was running");
    }
    s.lock.writeLock().lock();
  }

  private Shard<K, V> shardOf(K key, String what) {
    Objects.requireNonNull(key, () -> "ShardedMap: " + what + " is null");
    return shards[shardIndex(key)];
  }

  /** One stripe: a hash map and the lock that guards it. */
  private static final class Shard<K, V> {
    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    final HashMap<K, V> map = new HashMap<>(); // guarded by lock
    volatile int size; // written under the write lock

    /** With the write lock held: the lock makes the read-modify-write atomic. */
    @SuppressWarnings("NonAtomicVolatileUpdate")
    void adjust(int delta) {
      size += delta;
    }
  }
}
