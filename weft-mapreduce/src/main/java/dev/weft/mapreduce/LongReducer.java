package dev.weft.mapreduce;

import java.io.Serializable;

/**
 * The reduce function of a job built with a {@link LongMapper}: turns the combined {@code long} of
 * one key into the output value. Called once per key, from several threads at once for different
 * keys. An exception fails the job, naming the key.
 *
 * @param <K> the key type
 * @param <O> the output value type
 */
@FunctionalInterface
public interface LongReducer<K, O> extends Serializable {

  /**
   * Reduces the combined value of one key.
   *
   * @param key the key
   * @param value the combination of every value emitted for the key
   * @return the output value, not null
   * @throws Exception to fail the job
   */
  O reduce(K key, long value) throws Exception;
}
