package dev.weft.mapreduce;

/**
 * Where a {@link TextMapper} sends its pairs: {@code String} keys, given as a byte range of the
 * line or as a {@code String}, with {@code long} values combined on emit. A key given as a range
 * is the text {@link Text#substring(int, int)} would decode, but the engine looks it up by its
 * bytes and makes a {@code String} of it only once per distinct key. Valid only during the {@code
 * map} call that received it; not to be kept or shared with other threads.
 */
public interface TextEmitter {

  /**
   * Emits {@code (line.substring(from, to), value)}.
   *
   * @param line the line being mapped
   * @param from the key's first byte, inclusive
   * @param to the key's last byte, exclusive
   * @param value the value
   * @throws IndexOutOfBoundsException if the range is out of the line's bounds
   */
  void emit(Text line, int from, int to, long value);

  /**
   * Emits {@code (line.substring(from, to), 1)}, a count of one.
   *
   * @param line the line being mapped
   * @param from the key's first byte, inclusive
   * @param to the key's last byte, exclusive
   * @throws IndexOutOfBoundsException if the range is out of the line's bounds
   */
  default void emit(Text line, int from, int to) {
    emit(line, from, to, 1L);
  }

  /**
   * Emits {@code (key, value)}.
   *
   * @param key the key, not null, well-formed UTF-16 (no unpaired surrogate)
   * @param value the value
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalArgumentException if {@code key} holds an unpaired surrogate
   */
  void emit(String key, long value);

  /**
   * Emits {@code (key, 1)}, a count of one.
   *
   * @param key the key, not null, well-formed UTF-16
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalArgumentException if {@code key} holds an unpaired surrogate
   */
  default void emit(String key) {
    emit(key, 1L);
  }
}
