package dev.weft.resilience.ratelimit;

import java.time.Duration;

/**
 * Permits taken from a {@link RateLimiter} ahead of time by {@link RateLimiter#reserve(int)}: they
 * may be used once {@link #delay()} has passed, and {@link #cancel()} gives them back if the
 * caller decides not to wait (Go's {@code x/time/rate.Reservation}).
 *
 * <pre>{@code
 * Reservation r = limiter.reserve(1);
 * if (r.delay().compareTo(maxWait) > 0) {
 *   r.cancel();                       // give the permit back; later callers are not charged for it
 *   return tooBusy();
 * }
 * clock.sleep(r.delay());
 * send();
 * }</pre>
 *
 * <p>Until its time has come, a reservation holds a place in the limiter's queue, behind the
 * reservations and waiting acquirers that came before it and ahead of those that came after. A
 * reservation whose time has come is used up: cancelling it does nothing.
 *
 * <p>Thread-safe.
 */
public interface Reservation {

  /**
   * How long from now until the reserved permits may be used; {@link Duration#ZERO} once that time
   * has come. The delay follows the limiter: it shrinks when an earlier reservation is cancelled
   * and changes when the limiter's rate is changed.
   *
   * @return how long from now until the reserved permits may be used
   */
  Duration delay();

  /**
   * Gives the permits back if their time has not come yet, leaving the limiter as if this
   * reservation had never been made: the reservations and waiters behind it move forward by its
   * permits. Does nothing if the time has come or the reservation was already cancelled.
   *
   * @return {@code true} if this call gave the permits back
   */
  boolean cancel();
}
