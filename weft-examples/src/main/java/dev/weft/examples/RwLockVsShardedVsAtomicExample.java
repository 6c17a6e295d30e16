package dev.weft.examples;

import dev.weft.flow.shard.ShardedMap;
import dev.weft.sync.ErrGroup;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.locks.StampedLock;

/**
 * One read-mostly workload on 64 counters (90% reads, 10% increments) under six ways of sharing
 * them: one {@link ReentrantLock}, a {@link ReentrantReadWriteLock}, a {@link StampedLock} with
 * optimistic reads, a {@link ConcurrentHashMap}, an array of {@link LongAdder}s and weft-flow's
 * {@link ShardedMap}.
 *
 * <p>Each of 4 virtual threads replays its own seeded sequence of operations, so every variant
 * does exactly the same increments: the final counts must be the same for all six, and equal to a
 * single-threaded replay. A short warm-up round runs first so that the first variant is not
 * measured while the JIT compiles it.
 *
 * <p>What to look for: the counts match on every row. The ops/s column is one short run on a shared
 * machine, so read it as an order of magnitude, not a benchmark (weft-bench has the JMH version).
 * Typically the single lock is slowest, the read-write lock gains little (a read lock still writes
 * its reader count to a shared word), the optimistic {@code StampedLock} read writes nothing, and
 * {@code ConcurrentHashMap} and {@code LongAdder} read without any lock. The Go analogues are
 * {@code sync.Mutex}, {@code sync.RWMutex}, {@code sync.Map} and {@code atomic.Int64}.
 */
final class RwLockVsShardedVsAtomicExample implements Example {

  private static final int KEYS = 64;
  private static final int THREADS = 4;
  private static final int OPS = 200_000; // per thread
  private static final int WARM_UP_OPS = 20_000;
  private static final int WRITE_PERCENT = 10;

  /** The counters under test: read one, increment one, read them all at the end. */
  private interface Counters {
    long get(int key);

    void increment(int key);

    long[] counts();
  }

  @Override
  public String name() {
    return "rwlock-vs-sharded-vs-atomic";
  }

  @Override
  public String description() {
    return "one read-mostly counter workload under a mutex, RW lock, StampedLock, CHM, LongAdder and ShardedMap";
  }

  @Override
  public String goIdiom() {
    return "Go's choice between `sync.Mutex`, `sync.RWMutex`, `sync.Map`, a sharded map and `sync/atomic`";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    long[] expected = replay(OPS);
    for (String variant : variants()) measure(create(variant), WARM_UP_OPS);

    out.println(THREADS + " virtual threads x " + OPS + " ops on " + KEYS + " counters: "
        + (100 - WRITE_PERCENT) + "% reads, " + WRITE_PERCENT + "% increments");
    out.println(String.format("  %-24s %12s %12s  %s", "variant", "ops/s", "increments", "same counts"));
    for (String variant : variants()) {
      Counters counters = create(variant);
      long nanos = measure(counters, OPS);
      long[] counts = counters.counts();
      double opsPerSecond = (double) THREADS * OPS * 1e9 / Math.max(1, nanos);
      out.println(String.format("  %-24s %12s %12d  %s", variant, millions(opsPerSecond),
          Arrays.stream(counts).sum(), Arrays.equals(counts, expected) ? "yes" : "NO"));
    }
    out.println("expected increments: " + Arrays.stream(expected).sum()
        + " (a single-threaded replay of the same operations)");
  }

  private static List<String> variants() {
    return List.of("ReentrantLock", "ReentrantReadWriteLock", "StampedLock (optimistic)",
        "ConcurrentHashMap", "LongAdder[]", "ShardedMap (16 shards)");
  }

  private static String millions(double perSecond) {
    return String.format("%.1f M", perSecond / 1e6);
  }

  /** Runs the workload on {@code counters} with {@link #THREADS} threads; returns the nanoseconds. */
  private static long measure(Counters counters, int ops) throws Exception {
    ErrGroup g = new ErrGroup();
    long start = System.nanoTime();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      g.go(() -> {
        SplittableRandom random = new SplittableRandom(thread);
        long sink = 0;
        for (int i = 0; i < ops; i++) {
          int key = random.nextInt(KEYS);
          if (random.nextInt(100) < WRITE_PERCENT) counters.increment(key);
          else sink += counters.get(key);
        }
        if (sink < 0) throw new IllegalStateException("a counter went negative");
      });
    }
    g.await();
    return System.nanoTime() - start;
  }

  /** The counts that the workload must leave, computed by one thread. */
  private static long[] replay(int ops) {
    long[] counts = new long[KEYS];
    for (int t = 0; t < THREADS; t++) {
      SplittableRandom random = new SplittableRandom(t);
      for (int i = 0; i < ops; i++) {
        int key = random.nextInt(KEYS);
        if (random.nextInt(100) < WRITE_PERCENT) counts[key]++;
      }
    }
    return counts;
  }

  private static Counters create(String variant) {
    return switch (variant) {
      case "ReentrantLock" -> new MutexCounters();
      case "ReentrantReadWriteLock" -> new ReadWriteCounters();
      case "StampedLock (optimistic)" -> new StampedCounters();
      case "ConcurrentHashMap" -> new MapCounters();
      case "LongAdder[]" -> new AdderCounters();
      case "ShardedMap (16 shards)" -> new ShardedCounters();
      default -> throw new IllegalArgumentException("RwLockVsShardedVsAtomicExample: " + variant);
    };
  }

  /** Every read and write takes the one lock: Go's {@code sync.Mutex}. */
  private static final class MutexCounters implements Counters {
    private final ReentrantLock lock = new ReentrantLock();
    private final long[] values = new long[KEYS]; // guarded by lock

    @Override
    public long get(int key) {
      lock.lock();
      try {
        return values[key];
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void increment(int key) {
      lock.lock();
      try {
        values[key]++;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public long[] counts() {
      lock.lock();
      try {
        return values.clone();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Readers share the read lock: Go's {@code sync.RWMutex}. */
  private static final class ReadWriteCounters implements Counters {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final long[] values = new long[KEYS]; // guarded by lock

    @Override
    public long get(int key) {
      lock.readLock().lock();
      try {
        return values[key];
      } finally {
        lock.readLock().unlock();
      }
    }

    @Override
    public void increment(int key) {
      lock.writeLock().lock();
      try {
        values[key]++;
      } finally {
        lock.writeLock().unlock();
      }
    }

    @Override
    public long[] counts() {
      lock.readLock().lock();
      try {
        return values.clone();
      } finally {
        lock.readLock().unlock();
      }
    }
  }

  /**
   * A read takes no lock: it reads a stamp, the value, and checks that no write happened in
   * between; only if one did does it read again under the read lock.
   */
  private static final class StampedCounters implements Counters {
    private final StampedLock lock = new StampedLock();
    private final long[] values = new long[KEYS]; // written under the write lock

    @Override
    public long get(int key) {
      long stamp = lock.tryOptimisticRead();
      long value = values[key];
      if (lock.validate(stamp)) return value;
      stamp = lock.readLock();
      try {
        return values[key];
      } finally {
        lock.unlockRead(stamp);
      }
    }

    @Override
    public void increment(int key) {
      long stamp = lock.writeLock();
      try {
        values[key]++;
      } finally {
        lock.unlockWrite(stamp);
      }
    }

    @Override
    public long[] counts() {
      long stamp = lock.readLock();
      try {
        return values.clone();
      } finally {
        lock.unlockRead(stamp);
      }
    }
  }

  /** Lock-free reads, a per-bin lock for {@code merge}: the closest thing to Go's {@code sync.Map}. */
  private static final class MapCounters implements Counters {
    private final ConcurrentHashMap<Integer, Long> map = new ConcurrentHashMap<>();

    @Override
    public long get(int key) {
      return map.getOrDefault(key, 0L);
    }

    @Override
    public void increment(int key) {
      map.merge(key, 1L, Long::sum);
    }

    @Override
    public long[] counts() {
      long[] counts = new long[KEYS];
      map.forEach((k, v) -> counts[k] = v);
      return counts;
    }
  }

  /** One striped atomic per counter: Go's {@code atomic.Int64}, spread over cells under contention. */
  private static final class AdderCounters implements Counters {
    private final LongAdder[] adders = new LongAdder[KEYS];

    AdderCounters() {
      for (int k = 0; k < KEYS; k++) adders[k] = new LongAdder();
    }

    @Override
    public long get(int key) {
      return adders[key].sum();
    }

    @Override
    public void increment(int key) {
      adders[key].increment();
    }

    @Override
    public long[] counts() {
      return Arrays.stream(adders).mapToLong(LongAdder::sum).toArray();
    }
  }

  /** weft-flow's map of 16 independently locked shards: Go's slice of mutex-guarded maps. */
  private static final class ShardedCounters implements Counters {
    private final ShardedMap<Integer, Long> map = new ShardedMap<>(16);

    @Override
    public long get(int key) {
      return map.getOrDefault(key, 0L);
    }

    @Override
    public void increment(int key) {
      map.merge(key, 1L, Long::sum);
    }

    @Override
    public long[] counts() {
      long[] counts = new long[KEYS];
      map.snapshot().forEach((k, v) -> counts[k] = v);
      return counts;
    }
  }
}
