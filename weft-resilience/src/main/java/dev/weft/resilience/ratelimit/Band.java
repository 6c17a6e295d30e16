package dev.weft.resilience.ratelimit;

/**
 * The exact integer arithmetic of one {@link Bandwidth}, anchored at a point in time.
 *
 * <p>Tokens are numbered: token {@code j} is the {@code j}-th to arrive since the anchor, counted
 * from {@code originSlots}. {@link #slotsAt(long)} is how many have arrived by a time; {@link
 * #timeOf(long)} is the first time by which token {@code j} has arrived. The bucket keeps, per
 * band, the number of the last token it has handed out ({@code consumed}); the tokens available
 * are {@code min(capacity, slotsAt(now) - consumed)}, negative while reservations are in debt.
 * This is the virtual-scheduling form of GCRA counted in tokens instead of in nanoseconds, so that
 * rates that do not divide a nanosecond (3 per second) stay exact.
 *
 * <p>With {@code tokens <= nanos} (at most one token per nanosecond) and, for a greedy refill,
 * {@code tokens * nanos < 2^63}, both checked by {@link Bandwidth}, no product below overflows:
 * {@code (e % nanos) * tokens < nanos * tokens}, and {@code (e / nanos) * tokens <= e}; an
 * interval refill needs no product of the two.
 */
final class Band {

  /** Below this, a {@code long} is exact as a {@code double}. */
  private static final long EXACT = 1L << 52;

  final Bandwidth bandwidth;
  final long capacity;
  /** Tokens per {@link #nanos}; for a greedy refill reduced by their gcd. */
  final long tokens;

  final long nanos;
  /** {@code 1.0 / nanos}, for {@link #over}. */
  private final double inverse;

  final boolean greedy;
  /** The clock reading the count starts at. */
  final long originTime;
  /** The number of tokens that had arrived at {@link #originTime}. */
  final long originSlots;

  Band(Bandwidth bandwidth, long originTime, long originSlots) {
    this.bandwidth = bandwidth;
    this.capacity = bandwidth.capacity();
    long p = Bandwidth.periodNanos(bandwidth.refillPeriod());
    this.greedy = bandwidth.refill() == Bandwidth.Refill.GREEDY;
    // Only a continuous refill may be reduced: an interval refill adds its tokens at the end of
    // each whole period, so 8 per minute is not 1 per 7.5 s.
    long g = greedy ? Bandwidth.gcd(bandwidth.refillTokens(), p) : 1;
    this.tokens = bandwidth.refillTokens() / g;
    this.nanos = p / g;
    this.inverse = 1.0 / nanos;
    this.originTime = originTime;
    this.originSlots = originSlots;
  }

  /**
   * The number of tokens arrived by clock reading {@code now}. On the lock-free path of every
   * {@code tryAcquire}, so it divides at most twice, and usually not at all (see {@link #over}).
   */
  long slotsAt(long now) {
    long e = now - originTime;
    if (e <= 0) return originSlots;
    long q = over(e);
    long whole = q * tokens;
    // r * tokens / nanos < tokens; with tokens == 1 it is always 0.
    long part = greedy && tokens != 1 ? over((e - q * nanos) * tokens) : 0;
    return satAdd(originSlots, whole + part);
  }

  /**
   * {@code m / nanos} for {@code m >= 0}. Below 2^52 (52 days of nanoseconds) {@code m} is exact
   * as a double, and {@code m * inverse} is within one of the quotient: the two roundings (of
   * {@code inverse} and of the product) add a relative error of at most 2^-52, that is less than
   * one for a quotient below 2^52. The remainder then says which of the three it is. A multiply
   * instead of a 64-bit division, whose latency is tens of cycles.
   */
  private long over(long m) {
    if (m >= EXACT) return m / nanos;
    long q = (long) (m * inverse);
    long r = m - q * nanos;
    if (r < 0) return q - 1;
    if (r >= nanos) return q + 1;
    return q;
  }

  /** The first clock reading at which {@code slotsAt} is at least {@code j}; saturates. */
  long timeOf(long j) {
    long k = j - originSlots;
    if (k <= 0) return originTime;
    long q = k / tokens;
    long r = k % tokens;
    long after;
    if (greedy) {
      // ceil(k * nanos / tokens) = q * nanos + ceil(r * nanos / tokens)
      after = satAdd(satMul(q, nanos), Math.ceilDiv(r * nanos, tokens));
    } else {
      after = satMul(r == 0 ? q : q + 1, nanos);
    }
    // A saturated distance means "never": it must not be pulled back by a negative origin.
    return after == Long.MAX_VALUE ? Long.MAX_VALUE : satAdd(originTime, after);
  }

  /** How far {@code consumed} is raised at {@code now} so that at most capacity is available. */
  long floor(long now) {
    return slotsAt(now) - capacity;
  }

  static long satAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? (b < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
  }

  /** For non-negative operands. */
  static long satMul(long a, long b) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    return hi != 0 || lo < 0 ? Long.MAX_VALUE : lo;
  }
}
