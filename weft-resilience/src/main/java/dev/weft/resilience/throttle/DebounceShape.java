package dev.weft.resilience.throttle;

/**
 * The debounce rule: see {@link Debouncer} for the contract.
 *
 * <p>Invariants: {@code pending != null} only while {@code active} and only for an edge with a
 * trailing call; {@code anchor} is the start of the burst or the time of the last call made
 * inside it, and a steady stream gets a call at {@code anchor + maxWait}.
 *
 * @param <T> the type of the events
 */
final class DebounceShape<T> implements Shape<T> {

  private final long wait;
  private final long maxWait; // NONE when there is no maximum
  private final boolean leading;
  private final boolean trailing;
  private boolean active; // a burst is in progress
  private long lastEvent; // time of the latest event of the burst
  private long anchor;
  private T pending;

  DebounceShape(DebounceConfig config) {
    this.wait = Shape.nanos(config.quietPeriod());
    this.maxWait = config.maxWait().map(Shape::nanos).orElse(NONE);
    this.leading = config.edge().leading();
    this.trailing = config.edge().trailing();
  }

  @Override
  public T onEvent(T value, long now) {
    if (!active) {
      active = true;
      anchor = now;
      lastEvent = now;
      if (leading) return value;
      pending = value;
      return null;
    }
    lastEvent = now;
    if (trailing) {
      pending = value;
      return null;
    }
    // Leading only: the maximum wait makes a long burst count as a new one for its next event.
    if (maxWait != NONE && now >= Shape.plus(anchor, maxWait)) {
      anchor = now;
      return value;
    }
    return null;
  }

  @Override
  public long due() {
    if (!active) return NONE;
    long d = Shape.plus(lastEvent, wait);
    if (pending != null && maxWait != NONE) d = Math.min(d, Shape.plus(anchor, maxWait));
    return d;
  }

  @Override
  public T onDue(long now) {
    if (!active) return null;
    if (now >= Shape.plus(lastEvent, wait)) { // quiet for long enough: the burst ends
      active = false;
      T v = pending;
      pending = null;
      return v;
    }
    if (pending != null && maxWait != NONE && now >= Shape.plus(anchor, maxWait)) {
      anchor = now;
      T v = pending;
      pending = null;
      return v;
    }
    return null;
  }

  @Override
  public T flush(long now) {
    T v = pending;
    if (v == null) return null;
    pending = null;
    active = false;
    return v;
  }

  @Override
  public boolean cancel() {
    boolean had = pending != null;
    pending = null;
    active = false;
    return had;
  }

  @Override
  public boolean hasPending() {
    return pending != null;
  }
}
