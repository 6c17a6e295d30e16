package dev.weft.resilience.ratelimit;

import java.math.BigInteger;
import java.util.List;

/**
 * The reference model of a token bucket: a discrete simulation that keeps, per bandwidth, a
 * whole number of tokens, adds the tokens that arrived since the last step (capped at the
 * capacity) and takes a request only if every bandwidth holds enough. Arrivals are computed with
 * {@link BigInteger}, independently of the bucket's overflow-free arithmetic.
 */
final class BucketModel {

  private final List<Bandwidth> bandwidths;
  private final long[] tokens;
  private final long[] arrivedSoFar;
  private long now;

  BucketModel(List<Bandwidth> bandwidths) {
    this.bandwidths = List.copyOf(bandwidths);
    this.tokens = new long[bandwidths.size()];
    this.arrivedSoFar = new long[bandwidths.size()];
    for (int i = 0; i < tokens.length; i++) tokens[i] = bandwidths.get(i).initialTokens();
  }

  /** Tokens arrived in the first {@code t} nanoseconds. */
  static long arrived(Bandwidth b, long t) {
    BigInteger period = BigInteger.valueOf(b.refillPeriod().toNanos());
    BigInteger per = BigInteger.valueOf(b.refillTokens());
    BigInteger time = BigInteger.valueOf(t);
    if (b.refill() == Bandwidth.Refill.GREEDY) return time.multiply(per).divide(period).longValueExact();
    return time.divide(period).multiply(per).longValueExact();
  }

  void advanceTo(long t) {
    now = t;
    for (int i = 0; i < tokens.length; i++) {
      long a = arrived(bandwidths.get(i), t);
      tokens[i] = Math.min(bandwidths.get(i).capacity(), tokens[i] + (a - arrivedSoFar[i]));
      arrivedSoFar[i] = a;
    }
  }

  boolean tryTake(long n) {
    for (long k : tokens) if (k < n) return false;
    for (int i = 0; i < tokens.length; i++) tokens[i] -= n;
    return true;
  }

  /** The least tokens held by any bandwidth. */
  long available() {
    long min = Long.MAX_VALUE;
    for (long k : tokens) min = Math.min(min, k);
    return min;
  }

  /** Nanoseconds until {@code n} would fit every bandwidth, found by stepping through arrivals. */
  long retryAfter(long n) {
    long worst = 0;
    for (int i = 0; i < tokens.length; i++) {
      long need = n - tokens[i];
      if (need <= 0) continue;
      Bandwidth b = bandwidths.get(i);
      long target = arrivedSoFar[i] + need;
      // Smallest t > now with arrived(t) >= target, by binary search.
      long lo = now;
      long hi = now + 1;
      while (arrived(b, hi) < target) hi = now + (hi - now) * 2;
      while (hi - lo > 1) {
        long mid = lo + (hi - lo) / 2;
        if (arrived(b, mid) >= target) hi = mid;
        else lo = mid;
      }
      worst = Math.max(worst, hi - now);
    }
    return worst;
  }
}
