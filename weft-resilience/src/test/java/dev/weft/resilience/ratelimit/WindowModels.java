package dev.weft.resilience.ratelimit;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Brute-force models of the window limiters for single-threaded traces: each keeps every
 * admission and answers whether {@code n} permits fit at a time by counting them again.
 */
final class WindowModels {

  private WindowModels() {}

  /** A limiter's admission rule over the admissions recorded so far. */
  interface Model {
    /** Whether {@code n} permits fit at time {@code t} (at or after every admission). */
    boolean admits(int n, long t);

    /** Records an admission of {@code n} at {@code t}. */
    void record(int n, long t);

    /** The earliest time at or after {@code now} at which {@code n} fit, found by search. */
    long earliest(int n, long now);
  }

  /** At most {@code limit} per aligned window {@code [k × window, (k + 1) × window)}. */
  static Model fixed(long limit, long window) {
    return new Model() {
      final TreeMap<Long, Long> perWindow = new TreeMap<>();

      @Override
      public boolean admits(int n, long t) {
        return perWindow.getOrDefault(Math.floorDiv(t, window), 0L) + n <= limit;
      }

      @Override
      public void record(int n, long t) {
        perWindow.merge(Math.floorDiv(t, window), (long) n, Long::sum);
      }

      @Override
      public long earliest(int n, long now) {
        return admits(n, now) ? now : (Math.floorDiv(now, window) + 1) * window;
      }
    };
  }

  /** At most {@code limit} in {@code (t - window, t]} for every t: the exact sliding log. */
  static Model log(long limit, long window) {
    return new Model() {
      final List<long[]> log = new ArrayList<>();

      @Override
      public boolean admits(int n, long t) {
        long sum = n;
        for (long[] e : log) if (e[0] > t - window) sum += e[1];
        return sum <= limit;
      }

      @Override
      public void record(int n, long t) {
        log.add(new long[] {t, n});
      }

      @Override
      public long earliest(int n, long now) {
        long best = Long.MAX_VALUE;
        if (admits(n, now)) return now;
        for (long[] e : log) {
          long c = e[0] + window;
          if (c > now && c < best && admits(n, c)) best = c;
        }
        return best;
      }
    };
  }

  /**
   * The two-counter estimate: admits iff {@code previous × (window - e) / window + current + n <=
   * limit} in exact rational arithmetic, at offset {@code e} into the current aligned window.
   */
  static Model counter(long limit, long window) {
    return new Model() {
      final TreeMap<Long, Long> perWindow = new TreeMap<>();

      @Override
      public boolean admits(int n, long t) {
        long k = Math.floorDiv(t, window);
        long e = t - k * window;
        BigInteger p = BigInteger.valueOf(perWindow.getOrDefault(k - 1, 0L));
        BigInteger c = BigInteger.valueOf(perWindow.getOrDefault(k, 0L) + n);
        BigInteger w = BigInteger.valueOf(window);
        BigInteger lhs = p.multiply(BigInteger.valueOf(window - e)).add(c.multiply(w));
        return lhs.compareTo(BigInteger.valueOf(limit).multiply(w)) <= 0;
      }

      @Override
      public void record(int n, long t) {
        perWindow.merge(Math.floorDiv(t, window), (long) n, Long::sum);
      }

      @Override
      public long earliest(int n, long now) {
        // admits is monotone in t from now on (see SlidingWindowCounter's notes): bisect.
        long lo = now;
        long hi = now;
        long step = 1;
        while (!admits(n, hi)) {
          lo = hi;
          hi = now + step;
          step *= 2;
        }
        if (hi == now) return now;
        while (hi - lo > 1) {
          long mid = lo + (hi - lo) / 2;
          if (admits(n, mid)) hi = mid;
          else lo = mid;
        }
        return hi;
      }
    };
  }

  /** The model of a kind. */
  static Model of(Windows kind, long limit, long window) {
    return switch (kind) {
      case FIXED -> fixed(limit, window);
      case LOG -> log(limit, window);
      case COUNTER -> counter(limit, window);
    };
  }

  /**
   * The most permits in any half-open interval {@code [s, s + window)} of a trace of admissions
   * {@code {time, permits}} in time order: the exact sliding-log count, as an oracle.
   */
  static long maxInAnyWindow(List<long[]> admitted, long window) {
    long best = 0;
    long sum = 0;
    int j = 0;
    for (int i = 0; i < admitted.size(); i++) {
      sum += admitted.get(i)[1];
      while (admitted.get(j)[0] <= admitted.get(i)[0] - window) sum -= admitted.get(j++)[1];
      best = Math.max(best, sum);
    }
    return best;
  }
}
