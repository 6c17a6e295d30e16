package dev.weft.flow.shard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ShardedMap} under concurrent use: random operations agree with a {@link
 * ConcurrentHashMap} reference model, per-key updates are atomic, and snapshots are atomic across
 * shards.
 */
@Tag("stress")
@Timeout(60)
class ShardedMapConcurrencyTest {

  /** One random operation applied to both maps; the results must agree. */
  private static void randomOp(
      SplittableRandom rnd, ShardedMap<Integer, Integer> m, Map<Integer, Integer> ref, int key) {
    int v = rnd.nextInt(1_000);
    switch (rnd.nextInt(7)) {
      case 0 -> assertThat(m.put(key, v).orElse(null)).isEqualTo(ref.put(key, v));
      case 1 -> assertThat(m.remove(key).orElse(null)).isEqualTo(ref.remove(key));
      case 2 -> assertThat(m.get(key).orElse(null)).isEqualTo(ref.get(key));
      case 3 -> assertThat(m.merge(key, v, Integer::sum).orElse(null))
          .isEqualTo(ref.merge(key, v, Integer::sum));
      case 4 -> assertThat(m.computeIfAbsent(key, k -> v).orElse(null))
          .isEqualTo(ref.computeIfAbsent(key, k -> v));
      case 5 -> {
        boolean remove = v % 3 == 0;
        assertThat(m.compute(key, (k, old) -> remove ? null : (old == null ? v : old + 1)).orElse(null))
            .isEqualTo(ref.compute(key, (k, old) -> remove ? null : (old == null ? v : old + 1)));
      }
      default -> assertThat(m.putIfAbsent(key, v).orElse(null)).isEqualTo(ref.putIfAbsent(key, v));
    }
  }

  @Test
  void randomOperationsAgreeWithAConcurrentHashMapModel() throws Exception {
    ShardedMap<Integer, Integer> m = new ShardedMap<>(8);
    ConcurrentHashMap<Integer, Integer> ref = new ConcurrentHashMap<>();
    int threads = 8;
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      ts.add(Thread.ofVirtual().start(() -> {
        SplittableRandom rnd = new SplittableRandom(1_000 + id);
        // Each thread owns the keys congruent to its id, so the model's answers are exact; the
        // keys of all threads share the shards, so the shard locks are contended.
        for (int i = 0; i < 50_000; i++) randomOp(rnd, m, ref, rnd.nextInt(256) * threads + id);
      }));
    }
    for (Thread t : ts) t.join();
    assertThat(m.snapshot()).isEqualTo(ref);
    assertThat(m.size()).isEqualTo(ref.size());
  }

  @Test
  void concurrentMergesOnSharedKeysLoseNoUpdate() throws Exception {
    ShardedMap<Integer, Long> m = new ShardedMap<>(4);
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int seed = t;
      ts.add(Thread.ofVirtual().start(() -> {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < 20_000; i++) {
          int key = rnd.nextInt(32);
          if (rnd.nextBoolean()) m.merge(key, 1L, Long::sum);
          else m.compute(key, (k, v) -> v == null ? 1L : v + 1);
        }
      }));
    }
    for (Thread t : ts) t.join();
    long total = m.snapshot().values().stream().mapToLong(Long::longValue).sum();
    assertThat(total).isEqualTo(8L * 20_000);
  }

  @Test
  void snapshotsAreAtomicAcrossShards() throws Exception {
    // The writer adds keys 0, 1, 2, ... in order, each in a (likely) different shard. An atomic
    // snapshot always holds a prefix {0..n-1}; one taken shard by shard could miss a key while
    // holding a later one.
    ShardedMap<Integer, Integer> m = new ShardedMap<>(64);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger snapshots = new AtomicInteger();
    java.util.concurrent.CountDownLatch readersStarted = new java.util.concurrent.CountDownLatch(2);
    Thread writer = Thread.ofVirtual().start(() -> {
      try {
        readersStarted.await(); // else the writer may finish before any snapshot is taken
      } catch (InterruptedException e) {
        return;
      }
      for (int i = 0; i < 20_000 && !stop.get(); i++) m.put(i, i);
      stop.set(true);
    });
    List<Thread> readers = new ArrayList<>();
    List<AssertionError> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int r = 0; r < 2; r++) {
      readers.add(Thread.ofVirtual().start(() -> {
        readersStarted.countDown();
        do {
          Map<Integer, Integer> s = m.snapshot();
          for (int i = 0; i < s.size(); i++) {
            if (!s.containsKey(i)) {
              errors.add(new AssertionError("snapshot of " + s.size() + " keys misses " + i));
              stop.set(true);
              return;
            }
          }
          snapshots.incrementAndGet();
          // Virtual threads are not preempted: two readers that never block would keep both
          // carriers of a 2-core machine and starve the writer.
          Thread.yield();
        } while (!stop.get());
      }));
    }
    writer.join();
    for (Thread t : readers) t.join();
    assertThat(errors).isEmpty();
    assertThat(snapshots.get()).isPositive();
  }
}
