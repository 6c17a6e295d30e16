package dev.weft.mapreduce;

import java.io.Serializable;

/**
 * Combines two intermediate values of the same key into one, on every emit, when partitions are
 * merged, and when spill runs are merged. It must be associative and commutative: the engine
 * combines in no particular order. It may return one of its arguments after changing it (a set
 * that absorbs the other), since each value it receives is owned by the engine.
 *
 * @param <V> the intermediate value type
 */
@FunctionalInterface
public interface Combiner<V> extends Serializable {

  /**
   * Combines two values.
   *
   * @param a a value for some key
   * @param b another value for the same key
   * @return the combination, not null
   */
  V combine(V a, V b);
}
