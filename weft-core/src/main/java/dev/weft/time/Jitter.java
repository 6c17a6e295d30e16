package dev.weft.time;

/**
 * How a {@link Backoff} randomises its delays, following Marc Brooker's "Exponential Backoff And
 * Jitter" (AWS Architecture Blog, 2015). Randomising spreads the retries of many clients that
 * failed together, so that they do not come back together and fail again.
 *
 * <p>In the formulas, {@code b(n) = min(max, initial * multiplier^n)} is the un-randomised delay
 * before retry {@code n} (0-based), {@code rand[lo, hi]} is a uniformly random whole number of
 * nanoseconds with {@code lo <= rand <= hi}, and divisions round down to whole nanoseconds.
 */
public enum Jitter {

  /** No randomness: {@code d(n) = b(n)}. */
  NONE,

  /**
   * "Full jitter": {@code d(n) = rand[0, b(n)]}. The article's recommendation: the least total
   * work for the clients and the server, at the cost of sometimes retrying at once.
   */
  FULL,

  /**
   * "Equal jitter": {@code d(n) = (b(n) - b(n)/2) + rand[0, b(n)/2]}, so {@code b(n)/2 <= d(n) <=
   * b(n)}: keeps at least half of the back-off.
   */
  EQUAL,

  /**
   * "Decorrelated jitter": {@code d(0) = min(max, rand[initial, 3 * initial])} and {@code d(n) =
   * min(max, rand[initial, 3 * d(n-1)])}. Each delay depends on the previous one, not on {@code
   * n}; the multiplier is not used. Only a {@link Backoff.Sequence} can compute it, so {@link
   * Backoff#delay(int)} rejects it.
   */
  DECORRELATED
}
