package dev.weft.flow.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The open-addressing table inside each shard: growth, removal that shifts colliding entries back
 * (with wrap-around), and clearing keep {@link ShardedMap} equal to a {@link HashMap} model, for
 * well-spread and for badly colliding hashes.
 */
class ShardTableTest {

  /** A key whose hash is its id modulo {@code buckets}: few buckets, long collision runs. */
  record Colliding(int id, int buckets) {
    @Override
    public int hashCode() {
      return id % buckets;
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 64, Integer.MAX_VALUE})
  void randomOperationsAgreeWithAHashMapModel(int buckets) {
    for (int shards : new int[] {1, 4}) {
      ShardedMap<Colliding, Integer> m = new ShardedMap<>(shards);
      Map<Colliding, Integer> ref = new HashMap<>();
      SplittableRandom rnd = new SplittableRandom(buckets * 31L + shards);
      int keys = buckets == 1 ? 100 : 3_000; // one bucket: every probe walks the whole run
      for (int i = 0; i < 40_000; i++) {
        Colliding k = new Colliding(rnd.nextInt(keys), buckets);
        int v = rnd.nextInt(100);
        switch (rnd.nextInt(6)) {
          case 0, 1 -> assertThat(m.put(k, v).orElse(null)).isEqualTo(ref.put(k, v));
          case 2 -> assertThat(m.remove(k).orElse(null)).isEqualTo(ref.remove(k));
          case 3 -> assertThat(m.merge(k, v, (a, b) -> a + b > 150 ? null : a + b).orElse(null))
              .isEqualTo(ref.merge(k, v, (a, b) -> a + b > 150 ? null : a + b));
          case 4 -> assertThat(m.get(k).orElse(null)).isEqualTo(ref.get(k));
          default -> {
            if (rnd.nextInt(2_000) == 0) {
              m.clear();
              ref.clear();
            }
            assertThat(m.containsKey(k)).isEqualTo(ref.containsKey(k));
          }
        }
      }
      assertThat(m.snapshot()).isEqualTo(ref);
      assertThat(m.size()).isEqualTo(ref.size());
      for (Colliding k : ref.keySet()) assertThat(m.get(k)).contains(ref.get(k));
    }
  }

  @Test
  void growingToManyEntriesAndRemovingThemAllLeavesAnEmptyMap() {
    ShardedMap<Integer, Integer> m = new ShardedMap<>(2);
    for (int i = 0; i < 100_000; i++) m.put(i, -i);
    assertThat(m.size()).isEqualTo(100_000);
    for (int i = 0; i < 100_000; i++) assertThat(m.getOrDefault(i, 1)).isEqualTo(-i);
    for (int i = 0; i < 100_000; i += 2) assertThat(m.remove(i)).contains(-i);
    for (int i = 0; i < 100_000; i++) assertThat(m.containsKey(i)).isEqualTo(i % 2 == 1);
    for (int i = 1; i < 100_000; i += 2) m.remove(i);
    assertThat(m.isEmpty()).isTrue();
    assertThat(m.snapshot()).isEmpty();
  }

  @Test
  void aKeysOwnExceptionFromEqualsReachesTheCaller() {
    record Touchy(int id) {
      @Override
      public boolean equals(Object o) {
        if (o instanceof Touchy t && t.id != id) throw new UnsupportedOperationException("touchy");
        return o instanceof Touchy t && t.id == id;
      }

      @Override
      public int hashCode() {
        return 0;
      }
    }
    ShardedMap<Touchy, Integer> m = new ShardedMap<>(1);
    m.put(new Touchy(1), 1);
    assertThat(m.get(new Touchy(1))).contains(1);
    assertThatThrownBy(() -> m.get(new Touchy(2))).hasMessage("touchy");
    assertThatThrownBy(() -> m.put(new Touchy(2), 2)).hasMessage("touchy");
    assertThat(m.size()).isEqualTo(1);
  }

  @Test
  @Timeout(10)
  void aFunctionMayReadItsOwnShardWholeAndInPart() {
    ShardedMap<String, Integer> m = new ShardedMap<>(1);
    m.put("a", 1);
    m.put("b", 2);
    Map<String, Integer> seen = new HashMap<>();
    assertThat(m.compute("a", (k, v) -> {
      seen.putAll(m.snapshot());
      m.forEach(seen::put);
      return v + m.getOrDefault("b", 0) + (m.containsKey("zz") ? 100 : 0);
    })).contains(3);
    assertThat(seen).isEqualTo(Map.of("a", 1, "b", 2));
    assertThatThrownBy(() -> m.compute("a", (k, v) -> {
      m.clear();
      return v;
    })).hasMessage("ShardedMap: modified from inside a function it was running");
    assertThat(m.snapshot()).isEqualTo(Map.of("a", 3, "b", 2));
  }
}
