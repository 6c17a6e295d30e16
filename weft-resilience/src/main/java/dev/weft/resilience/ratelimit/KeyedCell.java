package dev.weft.resilience.ratelimit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The state of one key of a {@link KeyedRateLimiter}: the number of the last token the key has
 * taken, on the limiter's shared arrival schedule, in one {@code long} updated by CAS; or one of
 * two markers, both negative (a token number never is).
 *
 * <p>On a 64-bit JVM with compressed pointers a cell is 24 bytes: a 12-byte header, the key
 * reference and the {@code long}.
 *
 * @param <K> the key type
 */
final class KeyedCell<K> {

  /** The cell was evicted: it is no longer, or soon no longer, in the map; use a new one. */
  static final long DEAD = Long.MIN_VALUE;

  /** Acquirers wait for the key: its count lives in the key's {@link KeyedLine} meanwhile. */
  static final long LINED = Long.MIN_VALUE + 1;

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(KeyedCell.class, "state", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The key, so that a sweep over the map's values can remove the cell. */
  final K key;

  @SuppressWarnings("FieldMayBeFinal") // written through STATE
  private volatile long state;

  KeyedCell(K key, long state) {
    this.key = key;
    this.state = state;
  }

  /** The state: a token number (at least 0), {@link #DEAD} or {@link #LINED}. */
  long state() {
    return state;
  }

  boolean compareAndSet(long expected, long next) {
    return STATE.compareAndSet(this, expected, next);
  }

  /** Only while {@link #LINED}, when nothing else writes the state: hands the count back. */
  void release(long consumed) {
    state = consumed;
  }

  @Override
  public String toString() {
    long s = state;
    return "KeyedCell["
        + key
        + ", "
        + (s == DEAD ? "dead" : s == LINED ? "lined" : "consumed=" + s)
        + "]";
  }
}
