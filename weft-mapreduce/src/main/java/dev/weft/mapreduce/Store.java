package dev.weft.mapreduce;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongBinaryOperator;

/**
 * Where one worker's emits go: the three containers of {@link Container}. The hash store is the
 * worker's own; the shared store is one object that every worker's adapter writes to.
 */
abstract class Store {

  /** Thrown out of an emit when the container itself fails (a spill, the budget): not a map failure. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  abstract void add(Object key, Object value);

  abstract void addLong(Object key, long value);

  /** The worker's own table, for partitioning and merging; null for the dense and shared stores. */
  Entries entries() {
    return null;
  }

  /** Writes a full table to disk as a sorted run; the store then clears it. */
  interface Spiller {
    void spill(Entries table) throws IOException, JobFailedException;
  }

  /** A worker's own hash table, spilled as a sorted run when its estimate passes the budget. */
  static final class Hash extends Store {
    final KeyTable table;
    private final Agg agg; // null for the long shape
    private final LongCombiner longs;
    private final long budget;
    private final int initialCapacity;
    private final Spiller spiller;
    private long bytes;

    Hash(boolean longShape, Agg agg, LongCombiner longs, int expectedKeys, long budget, Spiller spiller) {
      this.table = new KeyTable(longShape, expectedKeys);
      this.agg = agg;
      this.longs = longs;
      this.budget = budget;
      this.initialCapacity = table.capacity();
      this.spiller = spiller;
    }

    @Override
    void add(Object key, Object value) {
      int h = Hashing.spread(key.hashCode());
      int f = table.find(key, h);
      if (f >= 0) {
        Object before = table.values[f];
        Object after = agg.add(before, value);
        table.values[f] = after;
        bytes += agg.growth(before, after, value);
      } else {
        int s = table.insert(f, key, h);
        Object acc = agg.first(value);
        table.values[s] = acc;
        bytes += Sizes.TABLE_SLOT + Sizes.of(key) + Sizes.of(acc);
      }
      if (bytes > budget) spill();
    }

    @Override
    void addLong(Object key, long value) {
      int h = Hashing.spread(key.hashCode());
      int f = table.find(key, h);
      if (f >= 0) {
        table.longValues[f] = longs.combine(table.longValues[f], value);
      } else {
        int s = table.insert(f, key, h);
        table.longValues[s] = value;
        bytes += Sizes.TABLE_SLOT + Sizes.of(key);
        if (bytes > budget) spill();
      }
    }

    @Override
    Entries entries() {
      return table;
    }

    private void spill() {
      spillTable(spiller, table);
      table.clear(initialCapacity);
      bytes = 0;
    }
  }

  private static void spillTable(Spiller spiller, Entries table) {
    try {
      spiller.spill(table);
    } catch (IOException | JobFailedException e) {
      throw new Failure("MapReduceJob: spilling a sorted run failed: " + e.getMessage(), e);
    }
  }

  /**
   * A worker's own {@link TextTable}: the text path, {@code String} keys looked up by their UTF-8
   * bytes, {@code long} values. Spilled like {@link Hash}.
   *
   * <p>Keys are {@linkplain #stage staged}, up to 16 from as many lines as share a buffer, and
   * added in a batch ({@link #flush}): the batch first reads the home slot of every staged key, loads that do not depend on each other,
   * so that their cache misses overlap instead of coming one after the other. On a table larger
   * than the caches this about halves the time of a lookup.
   */
  static final class Text extends Store {
    private static final int BATCH = 16;
    final TextTable table;
    private final int[] stagedFrom = new int[BATCH];
    private final int[] stagedTo = new int[BATCH];
    private final int[] stagedHash = new int[BATCH];
    private final long[] stagedValue = new long[BATCH];
    private byte[] stagedBytes;
    private int staged;
    private long touched; // the sum of the batch's early loads, kept so that they are not removed
    private final LongCombiner longs;
    private final long budget;
    private final int initialCapacity;
    private final Spiller spiller;
    private long bytes;

    Text(LongCombiner longs, int expectedKeys, long budget, Spiller spiller) {
      this.table = new TextTable(expectedKeys);
      this.longs = longs;
      this.budget = budget;
      this.initialCapacity = table.capacity();
      this.spiller = spiller;
    }

    /**
     * Adds {@code value} to the key {@code a[from, to)} (valid UTF-8, spread hash {@code hash}) by
     * the next {@link #flush()}, which must come before {@code a} changes.
     */
    void stage(byte[] a, int from, int to, int hash, long value) {
      if (staged == BATCH || (staged > 0 && a != stagedBytes)) flush();
      stagedBytes = a;
      stagedFrom[staged] = from;
      stagedTo[staged] = to;
      stagedHash[staged] = hash;
      stagedValue[staged] = value;
      staged++;
    }

    /** Adds the staged keys. */
    void flush() {
      int n = staged;
      if (n == 0) return;
      staged = 0;
      long[] slots = table.slots;
      int mask = table.capacity() - 1;
      long sum = 0;
      for (int k = 0; k < n; k++) sum += slots[2 * (stagedHash[k] & mask)];
      touched += sum;
      byte[] a = stagedBytes;
      stagedBytes = null;
      for (int k = 0; k < n; k++) addBytes(a, stagedFrom[k], stagedTo[k], stagedHash[k], stagedValue[k]);
    }

    /** Adds {@code value} to the key {@code a[from, to)}, valid UTF-8 whose spread hash is {@code hash}. */
    void addBytes(byte[] a, int from, int to, int hash, long value) {
      TextTable t = table;
      int f = t.find(a, from, to, hash);
      if (f >= 0) {
        t.slots[2 * f + 1] = longs.combine(t.slots[2 * f + 1], value);
        return;
      }
      int need = TextTable.footprint(to - from);
      if (need > TextTable.ARENA_LIMIT - t.top) {
        if (t.size == 0) {
          throw new Failure("MapReduceJob: a key of " + (to - from) + " bytes does not fit a table", null);
        }
        spill();
        f = t.find(a, from, to, hash);
      }
      t.insert(f, a, from, to, hash, value);
      bytes += Sizes.TEXT_SLOT + need;
      if (bytes > budget) spill();
    }

    /** A key given as a string: looked up by its UTF-8 bytes. */
    @Override
    void addLong(Object key, long value) {
      String s = (String) key;
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      addBytes(b, 0, b.length, Hashing.spread(s.hashCode()), value);
    }

    @Override
    void add(Object key, Object value) {
      throw new IllegalStateException("Store: the text store holds long values only");
    }

    @Override
    Entries entries() {
      return table;
    }

    private void spill() {
      spillTable(spiller, table);
      table.clear(initialCapacity);
      bytes = 0;
    }
  }

  /** A worker's own array for {@code Integer} keys in {@code [0, size)}. */
  static final class Dense extends Store {
    final long[] longValues; // long shape
    final boolean[] seen; // long shape: which keys were emitted
    final Object[] values; // object shape
    private final Agg agg;
    private final LongCombiner longs;

    Dense(boolean longShape, Agg agg, LongCombiner longs, int size) {
      this.agg = agg;
      this.longs = longs;
      this.longValues = longShape ? new long[size] : null;
      this.seen = longShape ? new boolean[size] : null;
      this.values = longShape ? null : new Object[size];
    }

    private int index(Object key) {
      int size = seen != null ? seen.length : values.length;
      if (key instanceof Integer i && i >= 0 && i < size) return i;
      throw new IllegalArgumentException(
          "Container: dense key " + key + " is not an Integer in [0, " + size + ")");
    }

    @Override
    void add(Object key, Object value) {
      int i = index(key);
      Object acc = values[i];
      values[i] = acc == null ? agg.first(value) : agg.add(acc, value);
    }

    @Override
    void addLong(Object key, long value) {
      int i = index(key);
      if (seen[i]) {
        longValues[i] = longs.combine(longValues[i], value);
      } else {
        seen[i] = true;
        longValues[i] = value;
      }
    }
  }

  /** One table per partition, shared by every worker; does not spill. */
  static final class Shared extends Store {
    final ConcurrentHashMap<Object, Object>[] maps;
    private final Partitioner<Object> partitioner;
    private final Agg agg;
    private final LongBinaryOperator longs;
    private final long budget;
    private final LongAdder bytes = new LongAdder();

    @SuppressWarnings({"unchecked", "rawtypes"})
    Shared(int partitions, Partitioner<?> partitioner, Agg agg, LongCombiner longs, int expectedKeys, long budget) {
      this.maps = new ConcurrentHashMap[partitions];
      for (int i = 0; i < partitions; i++) {
        maps[i] = new ConcurrentHashMap<>(Math.max(16, expectedKeys / partitions));
      }
      this.partitioner = (Partitioner<Object>) partitioner;
      this.agg = agg;
      this.longs = longs == null ? null : longs::combine;
      this.budget = budget;
    }

    private ConcurrentHashMap<Object, Object> map(Object key) {
      int p = partitioner.partition(key, maps.length);
      if (p < 0 || p >= maps.length) {
        throw new Failure(
            "MapReduceJob: partitioner put key '" + key + "' in partition " + p
                + ", outside [0, " + maps.length + ")", null);
      }
      return maps[p];
    }

    private void grew(long n) {
      bytes.add(n);
      if (bytes.sum() > budget) {
        throw new Failure(
            "Container: the shared table outgrew the memory budget of " + budget
                + " bytes; use Container.hash(), which spills", null);
      }
    }

    @Override
    void add(Object key, Object value) {
      long[] growth = new long[1];
      map(key).compute(key, (k, acc) -> {
        if (acc == null) {
          Object a = agg.first(value);
          growth[0] = Sizes.TABLE_SLOT + Sizes.of(k) + Sizes.of(a);
          return a;
        }
        Object a = agg.add(acc, value);
        growth[0] = agg.growth(acc, a, value);
        return a;
      });
      if (growth[0] != 0) grew(growth[0]);
    }

    @Override
    void addLong(Object key, long value) {
      ConcurrentHashMap<Object, Object> m = map(key);
      AtomicLong cell = (AtomicLong) m.get(key);
      if (cell == null) {
        Object prev = m.putIfAbsent(key, new AtomicLong(value));
        if (prev == null) {
          grew(Sizes.TABLE_SLOT + 48 + Sizes.of(key));
          return;
        }
        cell = (AtomicLong) prev;
      }
      cell.accumulateAndGet(value, longs);
    }

  }

  static Object requireKey(Object key) {
    return Objects.requireNonNull(key, "Emitter: key is null");
  }
}
