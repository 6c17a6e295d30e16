package dev.weft.resilience.ratelimit;

/**
 * The schedule of a {@link PacedLine}: the state that taking permits moves forward, for the
 * limiters that space permits out instead of keeping a bucket of them ({@link SmoothWarmUp},
 * {@link LeakyBucketQueue}).
 *
 * <p>A request is admitted at the start of its slot and the next request waits until the slot's
 * cost has passed: the cost of a request is paid by the one after it. So {@link #admissionAt} does
 * not depend on {@code n}, and any request is admitted at once when nobody is in line and the
 * previous cost has passed.
 *
 * <p>Not thread-safe: a pace is only used under its line's lock, and the line keeps a {@link
 * #copy()} of the state before every waiting request so that it can replay the line from there
 * when a request leaves it.
 */
abstract class Pace {

  /**
   * The clock reading at which a request for {@code n} permits made at {@code now} would be
   * admitted; at most {@code now} means at once. Does not change the state.
   */
  abstract long admissionAt(int n, long now);

  /**
   * Takes {@code n} permits for a request made at {@code now} and returns its admission time, as
   * {@link #admissionAt} would have.
   */
  abstract long take(int n, long now);

  /**
   * Whether a request for {@code n} permits made at {@code now} is accepted in line; {@code true}
   * unless the pace bounds its queue.
   */
  boolean fits(int n, long now) {
    return true;
  }

  /** An independent copy of this state. */
  abstract Pace copy();
}
