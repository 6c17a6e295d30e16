package dev.weft.bench.flow;

import dev.weft.flow.shard.ShardedMap;

/** weft's {@link ShardedMap} as a counter map for {@link ShardedMapBenchmark}. */
final class WeftMap implements Maps.Counter {
  private final ShardedMap<Integer, Long> map = new ShardedMap<>();

  static Maps.Counter counter() {
    return new WeftMap();
  }

  @Override
  public void increment(Integer key) {
    map.merge(key, 1L, Long::sum);
  }

  @Override
  public long get(Integer key) {
    return map.getOrDefault(key, 0L);
  }
}
