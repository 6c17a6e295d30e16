package dev.weft.mapreduce;

import java.io.Serializable;
import java.util.List;

/**
 * The reduce function of a job: turns all intermediate values of one key into the output value.
 * With a {@link Combiner}, {@code values} holds exactly one value, the combination of every value
 * emitted for the key; without one, it holds every emitted value, in no particular order. Called
 * once per key, from several threads at once for different keys. An exception fails the job,
 * naming the key.
 *
 * @param <K> the key type
 * @param <V> the intermediate value type
 * @param <O> the output value type
 */
@FunctionalInterface
public interface Reducer<K, V, O> extends Serializable {

  /**
   * Reduces the values of one key.
   *
   * @param key the key
   * @param values its values, not empty; owned by the call
   * @return the output value, not null
   * @throws Exception to fail the job
   */
  O reduce(K key, List<V> values) throws Exception;
}
