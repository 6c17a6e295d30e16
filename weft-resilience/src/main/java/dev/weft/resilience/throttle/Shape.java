package dev.weft.resilience.throttle;

import java.time.Duration;

/**
 * The timing rule of a debouncer or throttler as a plain state machine over clock readings, with
 * no threads, locks or timers: {@link Engine} (the callback forms) drives it under a lock, {@link
 * ShapeLoop} (the channel forms) from its one thread. Not thread-safe.
 *
 * <p>Times are {@link dev.weft.time.Clock#nanoTime()} readings. A method that returns a value asks
 * the caller to deliver it (call the callback, send it on); {@code null} means nothing to deliver.
 *
 * @param <T> the type of the events
 */
interface Shape<T> {

  /** What {@link #due()} returns when no timer is needed. */
  long NONE = Long.MIN_VALUE;

  /**
   * An event arrived at {@code now}.
   *
   * @return the value to deliver at once, or null
   */
  T onEvent(T value, long now);

  /**
   * When {@link #onDue} should next be called, or {@link #NONE}. Only events, {@link #onDue},
   * {@link #flush} and {@link #cancel} change it.
   */
  long due();

  /**
   * The timer for {@link #due()} went off at {@code now}; a timer armed for an earlier due time
   * may call this early, which changes nothing.
   *
   * @return the value to deliver now, or null
   */
  T onDue(long now);

  /**
   * Takes the pending trailing value, if any, to deliver now, as if its time had come.
   *
   * @return the value to deliver now, or null if none was pending (then nothing changed)
   */
  T flush(long now);

  /**
   * Drops the pending trailing value, if any.
   *
   * @return whether one was dropped
   */
  boolean cancel();

  /** Whether a trailing value is pending. */
  boolean hasPending();

  /** {@code d} in nanoseconds, saturated to the {@code long} range instead of overflowing. */
  static long nanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /** {@code t + d} for {@code d >= 0}, saturated at {@link Long#MAX_VALUE}. */
  static long plus(long t, long d) {
    long r = t + d;
    return r < t ? Long.MAX_VALUE : r;
  }

  /** How long from {@code now} until {@code due}, never negative, saturated. */
  static long until(long due, long now) {
    if (due <= now) return 0;
    long r = due - now;
    return r < 0 ? Long.MAX_VALUE : r;
  }
}
