package dev.weft.bench.flow;

import java.util.concurrent.ConcurrentHashMap;

/** The maps compared by {@link ShardedMapBenchmark}, as counters. */
final class Maps {

  private Maps() {}

  /** A concurrent map of counters. */
  interface Counter {
    void increment(Integer key);

    long get(Integer key);
  }

  static Counter of(String impl) {
    return switch (impl) {
      case "weft" -> WeftMap.counter();
      case "ConcurrentHashMap" -> new Chm();
      default -> throw new IllegalArgumentException("Maps: unknown implementation " + impl);
    };
  }

  private static final class Chm implements Counter {
    private final ConcurrentHashMap<Integer, Long> map = new ConcurrentHashMap<>();

    @Override
    public void increment(Integer key) {
      map.merge(key, 1L, Long::sum);
    }

    @Override
    public long get(Integer key) {
      Long v = map.get(key);
      return v == null ? 0 : v;
    }
  }
}
