package dev.weft.flow.shard;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A concurrent map striped over independently locked shards: Go's "sharded map" ({@code []struct{
 * sync.RWMutex; m map[K]V }}), the classic answer to one mutex around a map becoming the hot spot.
 *
 * <p><b>Mental model.</b> The map is {@link #shardCount()} hash tables, each behind its own lock.
 * A key's shard is picked by a mixed hash of its {@code hashCode}, so operations on keys in
 * different shards never contend. Lookups take no lock: they read the shard optimistically and
 * check that no write overlapped them (else they repeat under the shard's read lock). Writes to
 * one shard are serialised. Each single-key operation is atomic, including {@link #compute},
 * {@link #computeIfAbsent} and {@link #merge}, whose function runs under the shard's lock. A new
 * map is empty.
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
 * <p><b>Compared with {@link java.util.concurrent.ConcurrentHashMap}.</b> For a plain concurrent
 * map, {@code ConcurrentHashMap} is the faster choice: on 2 cores, with two threads doing 90%
 * lookups and 10% {@code merge}, it took 39 ns per operation where this map took 71 (the full
 * benchmark run of 2026-12-07, {@code weft-bench/results/flow.md}; short runs gave 29 against 36
 * to 39). Lookups here take no lock either, but a write to a shard makes the other cores reload
 * that shard's lock and table, where {@code ConcurrentHashMap} writes one node. Choose this map for
 * what that one does not offer: an atomic {@link #snapshot()} of every key, and functions that run
 * under a lock you can reason about (the key's shard) and may read the map. ADR 0023 has the
 * measurements.
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
   * bits. Within its shard a key's slot is taken from the next bits down, so keys of one shard
   * still spread over its table. Each Shard is an open-addressing table behind a StampedLock with
   * optimistic lookups; see Shard for its invariants and why an optimistic read is safe.
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
    for (int i = 0; i < n; i++) s[i] = new Shard<>(Integer.numberOfTrailingZeros(n));
    this.shards = s;
    this.shift = 32 - Integer.numberOfTrailingZeros(n); // n == 1: shift 32, see shardIndexOf
  }

  /**
   * The value for {@code key}, if present.
   *
   * @param key the key
   * @return the value for {@code key}, if present
   */
  public Optional<V> get(K key) {
    int h = mix(key);
    return Optional.ofNullable(shardAt(h).get(key, h));
  }

  /**
   * The value for {@code key}, or {@code defaultValue} (which may be null) if absent.
   *
   * @param key the key
   * @param defaultValue the value to return when the key is absent
   * @return the value for {@code key}, or {@code defaultValue} (which may be null) if absent
   */
  public V getOrDefault(K key, V defaultValue) {
    int h = mix(key);
    V v = shardAt(h).get(key, h);
    return v != null ? v : defaultValue;
  }

  /**
   * Whether {@code key} is present.
   *
   * @param key the key
   * @return whether {@code key} is present
   */
  public boolean containsKey(K key) {
    int h = mix(key);
    return shardAt(h).get(key, h) != null;
  }

  /**
   * Maps {@code key} to {@code value}.
   *
   * @param key the key
   * @param value the value
   * @return the previous value, if any
   */
  public Optional<V> put(K key, V value) {
    return store(key, value, true);
  }

  /**
   * Maps {@code key} to {@code value} only if it is absent.
   *
   * @param key the key
   * @param value the value
   * @return the value already present (nothing changed), or empty if {@code value} was added
   */
  public Optional<V> putIfAbsent(K key, V value) {
    return store(key, value, false);
  }

  private Optional<V> store(K key, V value, boolean replace) {
    int h = mix(key);
    Objects.requireNonNull(value, "ShardedMap: value is null");
    Shard<K, V> s = shardAt(h);
    s.lockForWrite();
    try {
      int slot = s.find(key, h);
      if (slot < 0) {
        s.insert(-1 - slot, key, value);
        return Optional.empty();
      }
      V old = s.valueAt(slot);
      if (replace) s.setValue(slot, value);
      return Optional.of(old);
    } finally {
      s.releaseWrite();
    }
  }

  /**
   * Removes {@code key}.
   *
   * @param key the key
   * @return the value it had, if it was present
   */
  public Optional<V> remove(K key) {
    int h = mix(key);
    Shard<K, V> s = shardAt(h);
    s.lockForWrite();
    try {
      int slot = s.find(key, h);
      if (slot < 0) return Optional.empty();
      V old = s.valueAt(slot);
      s.removeAt(slot);
      return Optional.of(old);
    } finally {
      s.releaseWrite();
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
    int h = mix(key);
    Objects.requireNonNull(fn, "ShardedMap: function is null");
    Shard<K, V> s = shardAt(h);
    s.lockForWrite();
    try {
      int slot = s.find(key, h);
      V v = fn.apply(key, slot < 0 ? null : s.valueAt(slot));
      return Optional.ofNullable(settle(s, slot, key, v));
    } finally {
      s.releaseWrite();
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
    int h = mix(key);
    Objects.requireNonNull(fn, "ShardedMap: function is null");
    Shard<K, V> s = shardAt(h);
    V present = s.get(key, h); // the common hit, without the write lock
    if (present != null) return Optional.of(present);
    s.lockForWrite();
    try {
      int slot = s.find(key, h);
      if (slot >= 0) return Optional.of(s.valueAt(slot));
      V v = fn.apply(key);
      if (v != null) s.insert(-1 - slot, key, v);
      return Optional.ofNullable(v);
    } finally {
      s.releaseWrite();
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
    int h = mix(key);
    Objects.requireNonNull(value, "ShardedMap: value is null");
    Objects.requireNonNull(fn, "ShardedMap: function is null");
    Shard<K, V> s = shardAt(h);
    s.lockForWrite();
    try {
      int slot = s.find(key, h);
      V v = slot < 0 ? value : fn.apply(s.valueAt(slot), value);
      return Optional.ofNullable(settle(s, slot, key, v));
    } finally {
      s.releaseWrite();
    }
  }

  /**
   * With {@code s} write-locked: makes {@code v} the value of {@code key}, whose {@link Shard#find}
   * result is {@code slot}; a null {@code v} removes the key. Returns {@code v}.
   */
  private static <K, V> V settle(Shard<K, V> s, int slot, K key, V v) {
    if (v == null) {
      if (slot >= 0) s.removeAt(slot);
    } else if (slot >= 0) {
      s.setValue(slot, v);
    } else {
      s.insert(-1 - slot, key, v);
    }
    return v;
  }

  /**
   * The number of entries: the sum of the shards' sizes, each read at a different moment.
   *
   * @return the number of entries: the sum of the shards' sizes, each read at a different moment
   */
  public int size() {
    long n = 0;
    for (Shard<K, V> s : shards) n += s.size();
    return (int) Math.min(n, Integer.MAX_VALUE);
  }

  /**
   * Whether {@link #size()} is 0.
   *
   * @return whether {@link #size()} is 0
   */
  public boolean isEmpty() {
    for (Shard<K, V> s : shards) if (s.size() != 0) return false;
    return true;
  }

  /**
   * Removes every entry, shard by shard.
   *
   * @throws IllegalStateException if called from a compute function of this map
   */
  public void clear() {
    for (Shard<K, V> s : shards) {
      s.lockForWrite();
      try {
        s.clear();
      } finally {
        s.releaseWrite();
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
      List<Map.Entry<K, V>> copy = new ArrayList<>();
      long stamp = s.readLockUnlessOwned();
      try {
        s.forEachLocked((k, v) -> copy.add(Map.entry(k, v)));
      } finally {
        s.releaseRead(stamp);
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
    long[] stamps = new long[shards.length];
    int locked = 0;
    try {
      for (Shard<K, V> s : shards) stamps[locked++] = s.readLockUnlessOwned();
      HashMap<K, V> copy = HashMap.newHashMap(size());
      for (Shard<K, V> s : shards) s.copyInto(copy);
      return Map.copyOf(copy);
    } finally {
      for (int i = 0; i < locked; i++) shards[i].releaseRead(stamps[i]);
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
    return shardIndexOf(Shard.mix(key));
  }

  private int shardIndexOf(int mixed) {
    return shift == 32 ? 0 : mixed >>> shift;
  }

  private Shard<K, V> shardAt(int mixed) {
    return shards[shardIndexOf(mixed)];
  }

  private static int mix(Object key) {
    if (key == null) throw new NullPointerException("ShardedMap: key is null");
    return Shard.mix(key);
  }
}
