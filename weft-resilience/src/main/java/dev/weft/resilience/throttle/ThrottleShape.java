package dev.weft.resilience.throttle;

/**
 * The throttle rule: see {@link Throttler} for the contract.
 *
 * <p>Invariants: while {@code active}, the last call was made at {@code windowEnd - interval} and
 * no other call is made before {@code windowEnd} (except by {@link #flush}); {@code pending !=
 * null} only while {@code active} and only with the trailing call.
 *
 * @param <T> the type of the events
 */
final class ThrottleShape<T> implements Shape<T> {

  private final long interval;
  private final boolean trailing;
  private boolean active; // an interval is running
  private long windowEnd;
  private T pending;

  ThrottleShape(ThrottleConfig config) {
    this.interval = Shape.nanos(config.interval());
    this.trailing = config.trailing();
  }

  @Override
  public T onEvent(T value, long now) {
    // The second condition covers an interval whose end has come but whose timer has not run yet.
    if (!active || (now >= windowEnd && pending == null)) {
      active = true;
      windowEnd = Shape.plus(now, interval);
      return value;
    }
    if (trailing) pending = value;
    return null;
  }

  @Override
  public long due() {
    return active ? windowEnd : NONE;
  }

  @Override
  public T onDue(long now) {
    if (!active || now < windowEnd) return null;
    T v = pending;
    if (v == null) {
      active = false;
      return null;
    }
    pending = null; // the trailing call opens the next interval
    windowEnd = Shape.plus(now, interval);
    return v;
  }

  @Override
  public T flush(long now) {
    T v = pending;
    if (v == null) return null;
    pending = null;
    windowEnd = Shape.plus(now, interval);
    return v;
  }

  @Override
  public boolean cancel() {
    boolean had = pending != null;
    pending = null; // the interval runs on: the next call still waits for its end
    return had;
  }

  @Override
  public boolean hasPending() {
    return pending != null;
  }
}
