package dev.weft.flow.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link ShardedMap} single-threaded: Map semantics of each operation (with Optional results),
 * shard counts rounded to powers of two, keys spread over shards, nulls and bad sizes rejected.
 */
class ShardedMapTest {

  @ParameterizedTest
  @CsvSource({"1,1", "2,2", "3,4", "16,16", "17,32", "65536,65536"})
  void shardCountIsRoundedUpToAPowerOfTwo(int asked, int expected) {
    assertThat(new ShardedMap<String, String>(asked).shardCount()).isEqualTo(expected);
  }

  @Test
  void theDefaultHasAtLeastSixteenShards() {
    int n = new ShardedMap<String, String>().shardCount();
    assertThat(n).isGreaterThanOrEqualTo(16);
    assertThat(Integer.bitCount(n)).isEqualTo(1);
  }

  @Test
  void putGetRemoveAndSize() {
    ShardedMap<String, Integer> m = new ShardedMap<>(4);
    assertThat(m.isEmpty()).isTrue();
    assertThat(m.put("a", 1)).isEmpty();
    assertThat(m.put("a", 2)).contains(1);
    assertThat(m.putIfAbsent("a", 3)).contains(2);
    assertThat(m.putIfAbsent("b", 3)).isEmpty();
    assertThat(m.get("a")).contains(2);
    assertThat(m.get("zz")).isEmpty();
    assertThat(m.getOrDefault("zz", 9)).isEqualTo(9);
    assertThat(m.containsKey("b")).isTrue();
    assertThat(m.size()).isEqualTo(2);
    assertThat(m.remove("a")).contains(2);
    assertThat(m.remove("a")).isEmpty();
    assertThat(m.size()).isEqualTo(1);
    m.clear();
    assertThat(m.isEmpty()).isTrue();
    assertThat(m).hasToString("ShardedMap[shards=4, size=0]");
  }

  @Test
  void computeMergeAndComputeIfAbsentFollowMapSemantics() {
    ShardedMap<String, Integer> m = new ShardedMap<>(4);
    assertThat(m.compute("k", (k, v) -> v == null ? 1 : v + 1)).contains(1);
    assertThat(m.compute("k", (k, v) -> v == null ? 1 : v + 1)).contains(2);
    assertThat(m.compute("k", (k, v) -> null)).isEmpty();
    assertThat(m.containsKey("k")).isFalse();
    assertThat(m.compute("absent", (k, v) -> null)).isEmpty();
    assertThat(m.size()).isZero();

    assertThat(m.merge("n", 5, Integer::sum)).contains(5);
    assertThat(m.merge("n", 5, Integer::sum)).contains(10);
    assertThat(m.merge("n", 5, (a, b) -> null)).isEmpty();
    assertThat(m.size()).isZero();

    int[] calls = {0};
    assertThat(m.computeIfAbsent("x", k -> {
      calls[0]++;
      return 7;
    })).contains(7);
    assertThat(m.computeIfAbsent("x", k -> {
      calls[0]++;
      return 8;
    })).contains(7);
    assertThat(calls[0]).isEqualTo(1);
    assertThat(m.computeIfAbsent("y", k -> null)).isEmpty();
    assertThat(m.size()).isEqualTo(1);
  }

  @Test
  void aThrowingFunctionLeavesTheEntryUnchanged() {
    ShardedMap<String, Integer> m = new ShardedMap<>(2);
    m.put("k", 1);
    assertThatThrownBy(() -> m.compute("k", (k, v) -> {
      throw new IllegalStateException("nope");
    })).hasMessage("nope");
    assertThat(m.get("k")).contains(1);
    assertThat(m.size()).isEqualTo(1);
  }

  @Test
  void aFunctionThatModifiesItsOwnShardFailsFastAndChangesNothing() {
    ShardedMap<String, Integer> m = new ShardedMap<>(1); // one shard: every key shares it
    m.put("a", 1);
    assertThatThrownBy(() -> m.compute("a", (k, v) -> {
      m.put("b", 2);
      return v + 1;
    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("ShardedMap: modified from inside a function it was running");
    assertThatThrownBy(() -> m.merge("a", 1, (x, y) -> m.remove("a").orElse(0)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(m.computeIfAbsent("c", k -> m.get("a").orElseThrow() + 10)).contains(11); // reads ok
    assertThat(m.snapshot()).isEqualTo(java.util.Map.of("a", 1, "c", 11));
  }

  @Test
  void snapshotAndForEachSeeEveryEntry() {
    ShardedMap<Integer, Integer> m = new ShardedMap<>(8);
    Map<Integer, Integer> expected = new HashMap<>();
    for (int i = 0; i < 1_000; i++) {
      m.put(i, i * i);
      expected.put(i, i * i);
    }
    assertThat(m.snapshot()).isEqualTo(expected);
    Map<Integer, Integer> seen = new HashMap<>();
    m.forEach((k, v) -> {
      seen.put(k, v);
      m.get(k); // the action runs outside the shard locks, so it may use the map
    });
    assertThat(seen).isEqualTo(expected);
    assertThatThrownBy(() -> m.snapshot().put(1, 1)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void keysSpreadOverAllShardsEvenWithSequentialHashes() {
    ShardedMap<Integer, Integer> m = new ShardedMap<>(16);
    int[] perShard = new int[16];
    for (int i = 0; i < 16_000; i++) perShard[m.shardIndex(i)]++;
    for (int c : perShard) assertThat(c).isBetween(500, 1_500);
  }

  @Test
  void nullsAndBadShardCountsAreRejectedWithClearMessages() {
    ShardedMap<String, Integer> m = new ShardedMap<>(2);
    assertThatThrownBy(() -> m.get(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("ShardedMap: key is null");
    assertThatThrownBy(() -> m.put(null, 1)).hasMessage("ShardedMap: key is null");
    assertThatThrownBy(() -> m.put("k", null)).hasMessage("ShardedMap: value is null");
    assertThatThrownBy(() -> m.putIfAbsent("k", null)).hasMessage("ShardedMap: value is null");
    assertThatThrownBy(() -> m.merge("k", null, Integer::sum)).hasMessage("ShardedMap: value is null");
    assertThatThrownBy(() -> m.merge("k", 1, null)).hasMessage("ShardedMap: function is null");
    assertThatThrownBy(() -> m.compute("k", null)).hasMessage("ShardedMap: function is null");
    assertThatThrownBy(() -> m.computeIfAbsent("k", null)).hasMessage("ShardedMap: function is null");
    assertThatThrownBy(() -> m.forEach(null)).hasMessage("ShardedMap: action is null");
    assertThatThrownBy(() -> new ShardedMap<String, String>(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ShardedMap: shards must be in 1..65536, got 0");
    assertThatThrownBy(() -> new ShardedMap<String, String>(65537))
        .hasMessage("ShardedMap: shards must be in 1..65536, got 65537");
    assertThat(m.isEmpty()).isTrue();
    assertThat(m.get("k")).isEqualTo(Optional.empty());
  }
}
