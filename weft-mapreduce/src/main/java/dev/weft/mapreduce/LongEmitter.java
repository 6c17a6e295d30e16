package dev.weft.mapreduce;

/**
 * Where a {@link LongMapper} sends its intermediate pairs: a key and a {@code long}, combined on
 * emit without boxing (the word-count path). Valid only during the {@code map} call that received
 * it; not to be kept or shared with other threads.
 *
 * @param <K> the intermediate key type
 */
public interface LongEmitter<K> {

  /**
   * Emits {@code (key, value)}: the value is combined at once with what this worker holds for the
   * key, by the job's long combiner (a sum unless the job says otherwise).
   *
   * @param key the key, not null
   * @param value the value
   * @throws NullPointerException if {@code key} is null
   */
  void emit(K key, long value);

  /**
   * Emits {@code (key, 1)}, a count of one.
   *
   * @param key the key, not null
   * @throws NullPointerException if {@code key} is null
   */
  default void emit(K key) {
    emit(key, 1L);
  }
}
