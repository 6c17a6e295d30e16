package dev.weft.flow.shard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Lock-free lookups racing writers that insert, replace, remove (shifting entries back), grow and
 * clear a shard: a lookup never throws, only ever returns a value that was written for its key,
 * and never goes back to an older value of a key than one it already saw.
 */
@Tag("stress")
@Timeout(60)
class OptimisticReadTest {

  private static final int WRITERS = 2;
  private static final int READERS = 2;

  /** A value naming its key and its writer's sequence number. */
  private static long value(int key, long seq) {
    return ((long) key << 32) | seq;
  }

  /** A key whose hash is its id divided by {@code group}: groups of colliding keys. */
  record Key(int id, int group) {
    @Override
    public int hashCode() {
      return id / group;
    }
  }

  @ParameterizedTest
  @CsvSource({"1, 16, 16", "1, 64, 8", "1, 4096, 1", "4, 4096, 4"})
  void lookupsSeeOnlyWrittenValuesInOrderWhileWritersChurn(int shards, int keys, int group)
      throws Exception {
    ShardedMap<Key, Long> m = new ShardedMap<>(shards);
    Key[] ks = new Key[keys];
    for (int k = 0; k < keys; k++) ks[k] = new Key(k, group);
    // announced[k]: the highest sequence number written (or about to be) for key k.
    AtomicLongArray announced = new AtomicLongArray(keys);
    ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      int id = w;
      threads.add(Thread.ofPlatform().start(() -> guard(errors, () -> {
        start.await();
        SplittableRandom rnd = new SplittableRandom(7 + id);
        long seq = 0;
        for (int i = 0; i < 300_000; i++) {
          int k = rnd.nextInt(keys / WRITERS) * WRITERS + id; // each key has one writer
          int op = rnd.nextInt(100);
          if (op < 60) {
            announced.set(k, ++seq);
            m.put(ks[k], value(k, seq));
          } else if (op < 70) {
            long s = ++seq;
            announced.set(k, s);
            m.merge(ks[k], value(k, s), (old, v) -> v);
          } else if (op < 97) {
            m.remove(ks[k]);
          } else if (id == 0 && rnd.nextInt(keys / 16) == 0) {
            m.clear(); // shrinks every shard's table back to its least size
          }
        }
      })));
    }
    for (int r = 0; r < READERS; r++) {
      int id = r;
      threads.add(Thread.ofPlatform().start(() -> guard(errors, () -> {
        start.await();
        SplittableRandom rnd = new SplittableRandom(100 + id);
        long[] lastSeen = new long[keys];
        for (int i = 0; i < 1_000_000; i++) {
          int k = rnd.nextInt(keys);
          Optional<Long> got = m.get(new Key(k, group)); // equal, not identical
          if (got.isEmpty()) continue;
          long v = got.get();
          long seq = v & 0xFFFF_FFFFL;
          if (v >>> 32 != k || seq == 0 || seq > announced.get(k)) {
            throw new AssertionError("key " + k + " read a value never written: " + v);
          }
          if (seq < lastSeen[k]) {
            throw new AssertionError("key " + k + " went back from " + lastSeen[k] + " to " + seq);
          }
          lastSeen[k] = seq;
        }
      })));
    }
    start.countDown();
    for (Thread t : threads) t.join();
    assertThat(errors).isEmpty();
  }

  private static void guard(ConcurrentLinkedQueue<Throwable> errors, Task step) {
    try {
      step.run();
    } catch (Throwable t) {
      errors.add(t);
    }
  }
}
