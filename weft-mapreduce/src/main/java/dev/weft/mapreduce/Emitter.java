package dev.weft.mapreduce;

/**
 * Where a {@link Mapper} sends its intermediate pairs. The engine gives each worker its own
 * emitter; it is valid only during the {@code map} call that received it and must not be kept or
 * shared with other threads.
 *
 * @param <K> the intermediate key type
 * @param <V> the intermediate value type
 */
public interface Emitter<K, V> {

  /**
   * Emits one pair. With a {@link Combiner} the value is combined at once with what this worker
   * holds for the key; without one it is kept beside the others. The engine owns the key and the
   * value from now on: do not change them (a combiner may change the value).
   *
   * @param key the key, not null
   * @param value the value, not null
   * @throws NullPointerException if {@code key} or {@code value} is null
   */
  void emit(K key, V value);
}
