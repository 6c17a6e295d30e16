package dev.weft.resilience.throttle;

/**
 * Which edges of a burst of events make a {@link Debouncer} call its callback.
 *
 * <p>A <i>burst</i> begins with an event when none is in progress and ends once no event has come
 * for the debouncer's {@code wait}.
 */
public enum Edge {

  /** Only at the end of a burst, with its latest value (the default). */
  TRAILING,

  /** Only at the start of a burst, at once, with its first value; the rest of the burst is ignored. */
  LEADING,

  /**
   * At the start of a burst with its first value and, if more events came after it, at the end
   * with the latest one.
   */
  BOTH;

  boolean leading() {
    return this != TRAILING;
  }

  boolean trailing() {
    return this != LEADING;
  }
}
